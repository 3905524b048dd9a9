/**
 * The generated section of docs/performance.md (also what `npm run bench` prints): the
 * machine, the evaluation figures per fleet size, how they grow, where the time goes, and
 * `npm test` when it was measured. Pure: every figure comes in as an argument.
 */
import { CATEGORIES, Category } from "./profile";
import { FleetFigures, formatTable, Growth, mebibytes, ProcessRun, seconds, Span } from "./report";
import type { Machine } from "./processes";

/** Everything one bench run measured. */
export interface BenchResults {
  machine: Machine;
  runs: number;
  /** How peak memory was measured. */
  memorySource: "gnu-time" | "child";
  fleets: FleetFigures[];
  growth?: Growth;
  /** CPU time per category, by fleet size (one profiled run each), when profiled. */
  profiles: Map<number, Record<Category, number>>;
  /** `npm test` runs (median figures), when measured. */
  tests?: ProcessRun & { runs: number };
  /** Fleets that could not be built, with the reason. */
  skipped: string[];
}

const percent = (part: number, whole: number) => `${whole > 0 ? Math.round((part / whole) * 100) : 0}%`;

function machineLines({ machine, runs, memorySource }: BenchResults): string[] {
  const memory =
    memorySource === "gnu-time"
      ? "the maximum resident set size GNU time reports (`/usr/bin/time -f %M`)"
      : "the maximum resident set size the child reports on exit (`process.resourceUsage().maxRSS`)";
  return [
    `- CPU: ${machine.cpu}, ${machine.cpus} ${machine.cpus === 1 ? "core" : "cores"}`,
    `- Memory: ${machine.memoryGiB} GiB`,
    `- OS: ${machine.os}`,
    `- Node.js: ${machine.node}`,
    `- Measured: ${machine.date}, commit ${machine.commit}`,
    `- Load average at the start (1, 5, 15 minutes): ${machine.loadAverage.join(", ")}` +
      (Math.max(...machine.loadAverage) > machine.cpus ? ": other work competed for the cores" : ""),
    `- Each time is the median of ${runs} run${runs === 1 ? "" : "s"} of the whole process; peak memory is ${memory}, median of the runs.`,
  ];
}

function evaluationTable(fleets: readonly FleetFigures[]): string {
  return formatTable(
    ["Cells", "Stacks", "Resources", "Time", "CPU time", "Time per cell", "CPU per cell", "Peak memory"],
    fleets.map((f) => [
      String(f.cells),
      String(f.stacks),
      String(f.resources),
      seconds(f.process.wallMs),
      seconds(f.process.cpuMs),
      seconds(f.perCell.wallMs),
      seconds(f.perCell.cpuMs),
      mebibytes(f.peakKb),
    ]),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
}

const both = (span: Span, format: (ms: number) => string) => `${format(span.wallMs)} (CPU ${format(span.cpuMs)})`;
const ratio = (value: number) => value.toFixed(2);

function growthLines(growth: Growth | undefined, fleets: readonly FleetFigures[]): string[] {
  if (!growth) return ["Growth needs at least two fleet sizes."];
  const small = fleets.find((f) => f.cells === growth.from)!;
  const large = fleets.find((f) => f.cells === growth.to)!;
  const verdict = (value: number) => (value <= 1 ? "no worse than linear" : "worse than linear");
  return [
    `From ${growth.from} to ${growth.to} cells:`,
    "",
    `- time per cell ${both(small.perCell, seconds)} → ${both(large.perCell, seconds)}: growth ratio ` +
      `**${ratio(growth.perCellRatio.wallMs)}** (CPU ${ratio(growth.perCellRatio.cpuMs)}), ${verdict(growth.perCellRatio.wallMs)} ` +
      `(below 1, the fixed cost of starting and loading still outweighs the cells);`,
    `- each added cell costs ${both(growth.marginal, seconds)} of the whole process;`,
    `- a secondary cell stack evaluates in ${both(small.secondaryStack, seconds)} in the ${growth.from}-cell fleet and ` +
      `${both(large.secondaryStack, seconds)} in the ${growth.to}-cell one: ratio ${ratio(growth.secondaryStackRatio.wallMs)} ` +
      `(CPU ${ratio(growth.secondaryStackRatio.cpuMs)}; about 1 when a cell's cost does not depend on how many cells there are).`,
  ];
}

function phaseTable(fleets: readonly FleetFigures[], clock: keyof Span): string {
  return formatTable(
    [
      "Cells",
      "Start-up",
      "Loading modules",
      "Evaluating stacks",
      "Checks and text",
      "Primary stack",
      "A secondary stack",
      "Edge stack",
    ],
    fleets.map((f) => [
      String(f.cells),
      ...[f.startup, f.load, f.evaluate, f.report, f.primaryStack, f.secondaryStack, f.edgeStack].map((span) =>
        seconds(span[clock]),
      ),
    ]),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
}

function profileLines(profiles: Map<number, Record<Category, number>>): string[] {
  const sizes = [...profiles.keys()].sort((a, b) => a - b);
  if (sizes.length === 0) return ["Not profiled in this run (`--no-profile`)."];
  const totals = new Map(sizes.map((n) => [n, CATEGORIES.reduce((sum, c) => sum + profiles.get(n)![c], 0)]));
  const used = CATEGORIES.filter((c) => sizes.some((n) => profiles.get(n)![c] >= 5));
  const table = formatTable(
    ["Time in", ...sizes.map((n) => `${n} cells`)],
    [
      ...used.map((c) => [
        c,
        ...sizes.map((n) => `${seconds(profiles.get(n)![c])} (${percent(profiles.get(n)![c], totals.get(n)!)})`),
      ]),
      ["total profiled", ...sizes.map((n) => seconds(totals.get(n)!))],
    ],
    sizes.map((_, i) => i + 1),
  );
  const largest = sizes.at(-1)!;
  const ranked = [...used]
    .filter((c) => c !== "idle (waiting)")
    .sort((a, b) => profiles.get(largest)![b] - profiles.get(largest)![a])
    .slice(0, 3)
    .map((c) => `${c} (${percent(profiles.get(largest)![c], totals.get(largest)!)})`);
  return [table, "", `With ${largest} cells the most time goes to ${ranked.join(", then ")}.`];
}

/** The generated section's Markdown. */
export function benchSection(results: BenchResults): string {
  const tests = results.tests
    ? `\`node scripts/run-checks.js\` (type check, ESLint, Prettier and every spec, side by side): ` +
      `${seconds(results.tests.wallMs)}, median of ${results.tests.runs} run${results.tests.runs === 1 ? "" : "s"}; ` +
      `peak memory ${mebibytes(results.tests.peakKb)} (the largest single process).`
    : "Not measured in this run: `npm run bench -- --with-tests` adds it (about a minute per run).";
  return [
    "### Machine",
    "",
    ...machineLines(results),
    "",
    "### Offline evaluation of every stack",
    "",
    evaluationTable(results.fleets),
    "",
    ...growthLines(results.growth, results.fleets),
    ...(results.skipped.length > 0 ? ["", ...results.skipped.map((s) => `Not measured: ${s}.`)] : []),
    "",
    "### Where the time goes",
    "",
    "Phases inside the process (medians), wall clock:",
    "",
    phaseTable(results.fleets, "wallMs"),
    "",
    "The same phases in CPU time (user and system, all of the process's threads):",
    "",
    phaseTable(results.fleets, "cpuMs"),
    "",
    "A CPU profile (`node --cpu-prof`, one extra run per fleet size): the time its samples spent in each kind of code. " +
      "Samples are taken on the wall clock, so on a busy machine they include time spent waiting for a core: compare the shares.",
    "",
    ...profileLines(results.profiles),
    "",
    "### npm test",
    "",
    tests,
  ].join("\n");
}
