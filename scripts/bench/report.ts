/**
 * The pure half of `npm run bench`: what a timed child reports, medians, the figures a fleet
 * of N cells gives (time per cell, the growth ratio), Markdown tables, and the generated
 * section of docs/performance.md between its markers. No clocks and no processes here.
 */

/** Time spent on something: wall clock and the process's CPU (user and system), in milliseconds. */
export interface Span {
  wallMs: number;
  cpuMs: number;
}

/** One stack's evaluation inside a child. */
export interface StackTiming extends Span {
  stack: string;
  /** The primary cell is evaluated first (and pays for warming up the JIT); the edge last. */
  kind: "primary" | "secondary" | "edge";
  resources: number;
}

/** What the evaluation child prints: spans measured inside the process. */
export interface ChildReport {
  /** From the start of the process to the child's first line: node and ts-node starting. */
  startup: Span;
  /** Loading the program's modules (ts-node compiles the project's TypeScript here). */
  load: Span;
  /** Evaluating every stack under the mock cloud, in deploy order. */
  evaluate: Span;
  /** The plan's checks (fleet, AWS input rules) and its text, on the cached evaluation. */
  report: Span;
  stacks: StackTiming[];
  /** CPU time of the whole process, to its exit. */
  cpuMs: number;
  /** process.resourceUsage().maxRSS: the child's own peak resident memory, in KiB. */
  maxRssKb: number;
}

/** One timed run of a whole process. */
export interface ProcessRun {
  wallMs: number;
  /** Peak resident memory in KiB, or undefined when it could not be measured. */
  peakKb?: number;
}

/** One timed run of the evaluation child. */
export interface EvaluationRun extends ProcessRun {
  child: ChildReport;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians over the runs of one fleet size. */
export interface FleetFigures {
  cells: number;
  stacks: number;
  resources: number;
  runs: number;
  /** The whole process: wall clock (measured around it) and CPU (reported by it). */
  process: Span;
  /** The whole process's time divided by the number of cells. */
  perCell: Span;
  peakKb?: number;
  startup: Span;
  load: Span;
  evaluate: Span;
  report: Span;
  /** The primary cell stack's evaluation. */
  primaryStack: Span;
  /** One secondary cell stack's evaluation, the mean over the fleet's secondary cells. */
  secondaryStack: Span;
  /** The edge stack's evaluation. */
  edgeStack: Span;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1);

/** The figures of `runs` of a fleet of `cells` cells. */
export function fleetFigures(cells: number, runs: readonly EvaluationRun[]): FleetFigures {
  if (runs.length === 0) throw new Error(`no runs for the fleet of ${cells} cells`);
  const span = (pick: (run: EvaluationRun) => Span): Span => ({
    wallMs: median(runs.map((run) => pick(run).wallMs)),
    cpuMs: median(runs.map((run) => pick(run).cpuMs)),
  });
  const stacksOf = (run: EvaluationRun, kind: StackTiming["kind"]): Span => {
    const stacks = run.child.stacks.filter((s) => s.kind === kind);
    return { wallMs: mean(stacks.map((s) => s.wallMs)), cpuMs: mean(stacks.map((s) => s.cpuMs)) };
  };
  const whole = span((run) => ({ wallMs: run.wallMs, cpuMs: run.child.cpuMs }));
  const peaks = runs.map((run) => run.peakKb).filter((kb): kb is number => kb !== undefined);
  return {
    cells,
    stacks: runs[0].child.stacks.length,
    resources: runs[0].child.stacks.reduce((sum, s) => sum + s.resources, 0),
    runs: runs.length,
    process: whole,
    perCell: { wallMs: whole.wallMs / cells, cpuMs: whole.cpuMs / cells },
    peakKb: peaks.length > 0 ? median(peaks) : undefined,
    startup: span((run) => run.child.startup),
    load: span((run) => run.child.load),
    evaluate: span((run) => run.child.evaluate),
    report: span((run) => run.child.report),
    primaryStack: span((run) => stacksOf(run, "primary")),
    secondaryStack: span((run) => stacksOf(run, "secondary")),
    edgeStack: span((run) => stacksOf(run, "edge")),
  };
}

/** How the cost grows from the smallest fleet to the largest. */
export interface Growth {
  from: number;
  to: number;
  /** Time per cell of the largest fleet over that of the smallest: at most 1 is linear or better. */
  perCellRatio: Span;
  /** The whole process's time each added cell costs. */
  marginal: Span;
  /** One secondary cell stack's evaluation time in the largest fleet over that in the smallest: about 1 when a cell's cost does not depend on the fleet's size. */
  secondaryStackRatio: Span;
}

/** The growth between the smallest and the largest fleet, or undefined with fewer than two sizes. */
export function growth(figures: readonly FleetFigures[]): Growth | undefined {
  const sorted = [...figures].sort((a, b) => a.cells - b.cells);
  const [small, large] = [sorted[0], sorted.at(-1)];
  if (!small || !large || small.cells === large.cells) return undefined;
  const ratio = (a: Span, b: Span): Span => ({ wallMs: a.wallMs / b.wallMs, cpuMs: a.cpuMs / b.cpuMs });
  const added = large.cells - small.cells;
  return {
    from: small.cells,
    to: large.cells,
    perCellRatio: ratio(large.perCell, small.perCell),
    marginal: {
      wallMs: (large.process.wallMs - small.process.wallMs) / added,
      cpuMs: (large.process.cpuMs - small.process.cpuMs) / added,
    },
    secondaryStackRatio: ratio(large.secondaryStack, small.secondaryStack),
  };
}

/** Seconds with two decimals. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** Mebibytes from KiB, or "n/a". */
export const mebibytes = (kb: number | undefined) => (kb === undefined ? "n/a" : `${Math.round(kb / 1024)} MiB`);

/**
 * A Markdown table with every column padded to its widest cell (the layout Prettier keeps),
 * readable as plain text too. `right` lists the columns aligned right (numbers).
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], right: number[] = []) {
  for (const row of rows) {
    if (row.length !== headers.length) throw new Error(`a row has ${row.length} cells for ${headers.length} headers`);
  }
  const widths = headers.map((h, i) => Math.max(3, h.length, ...rows.map((row) => row[i].length)));
  const pad = (text: string, i: number) => (right.includes(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = widths.map((w, i) => (right.includes(i) ? `${"-".repeat(w - 1)}:` : "-".repeat(w)));
  return [line(headers), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** The markers around the generated section of docs/performance.md. */
export const SECTION_START = "<!-- npm run bench: generated section, start -->";
export const SECTION_END = "<!-- npm run bench: generated section, end -->";

/**
 * The document with `section` between the markers; text outside them is kept as written.
 * Without markers, the section is appended at the end.
 */
export function replaceGeneratedSection(document: string, section: string): string {
  const block = `${SECTION_START}\n\n${section.trim()}\n\n${SECTION_END}`;
  const start = document.indexOf(SECTION_START);
  const end = document.indexOf(SECTION_END);
  if (start === -1 && end === -1) return `${document.trimEnd()}\n\n${block}\n`;
  if (start === -1 || end < start) throw new Error(`the markers of the generated section are broken`);
  return document.slice(0, start) + block + document.slice(end + SECTION_END.length);
}
