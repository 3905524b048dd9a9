/**
 * `npm run bench`: times the offline evaluation of every stack (what `npm run plan` does,
 * its text discarded) as a whole process, for fleets of 2, 5 and 10 cells built on
 * temporary copies of the project's stack files, and optionally `npm test`. Prints the
 * figures with the machine they were measured on and writes them to docs/performance.md,
 * between the generated section's markers (the rest of the file is kept as written).
 *
 *   npm run bench                      fleets of 2, 5 and 10 cells, 3 runs each, one profiled run each
 *   npm run bench -- --runs 5          5 runs each (the median is reported)
 *   npm run bench -- --cells 2,10      other fleet sizes
 *   npm run bench -- --with-tests      also `npm test` (node scripts/run-checks.js), about a minute a run
 *   npm run bench -- --no-profile      skip the CPU-profiled runs
 *   npm run bench -- --no-write        print only; docs/performance.md is left alone
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import { PROJECT_ROOT } from "../config/files";
import { generateFleet } from "./bench/fleet";
import { describeMachine, hasGnuTime, timeProcess } from "./bench/processes";
import { CpuProfile, profileShares } from "./bench/profile";
import { ChildReport, EvaluationRun, fleetFigures, growth, median, replaceGeneratedSection } from "./bench/report";
import { BenchResults, benchSection } from "./bench/section";

export const BENCH_USAGE = `Usage: npm run bench -- [--runs N] [--cells 2,5,10] [--with-tests] [--no-profile] [--no-write]`;

/** What the command line asks for. */
export interface BenchOptions {
  runs: number;
  cells: number[];
  withTests: boolean;
  profile: boolean;
  write: boolean;
}

/** The options, or the reason the command line is not understood. */
export function parseBenchArgs(args: readonly string[]): BenchOptions | { error: string } {
  const options: BenchOptions = { runs: 3, cells: [2, 5, 10], withTests: false, profile: true, write: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--runs") {
      const value = args[++i] ?? "";
      if (!/^[1-9]\d?$/.test(value)) return { error: `--runs "${value}": must be a whole number from 1 to 99` };
      options.runs = Number(value);
    } else if (arg === "--cells") {
      const value = args[++i] ?? "";
      const sizes = value.split(",").map(Number);
      if (!/^\d+(,\d+)*$/.test(value) || sizes.some((n) => n < 1)) {
        return { error: `--cells "${value}": must be fleet sizes separated by commas, e.g. 2,5,10` };
      }
      options.cells = [...new Set(sizes)].sort((a, b) => a - b);
    } else if (arg === "--with-tests") options.withTests = true;
    else if (arg === "--no-profile") options.profile = false;
    else if (arg === "--no-write") options.write = false;
    else return { error: `unknown argument ${arg}\n${BENCH_USAGE}` };
  }
  return options;
}

/** The evaluation child of the copy at `dir`, run there: the copy's program reads the copy's stack files. */
const childArgs = (dir: string, nodeFlags: string[] = []) => [
  ...nodeFlags,
  "-r",
  "ts-node/register/transpile-only",
  path.join(dir, "scripts", "bench", "evaluate-child.ts"),
  dir,
];
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Times the evaluation child on the fleet in `dir`. */
async function evaluationRun(dir: string): Promise<EvaluationRun> {
  const run = await timeProcess(process.execPath, childArgs(dir), dir);
  if (run.code !== 0) throw new Error(`evaluating ${dir} failed (exit ${run.code}):\n${run.stderr}`);
  const child = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as ChildReport;
  return { wallMs: run.wallMs, peakKb: run.peakKb ?? child.maxRssKb, child };
}

/** One run of the child under `node --cpu-prof`, its CPU time by category. */
async function profiledRun(dir: string) {
  const profiles = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-bench-prof-"));
  try {
    const run = await timeProcess(process.execPath, childArgs(dir, ["--cpu-prof", "--cpu-prof-dir", profiles]), dir);
    if (run.code !== 0) throw new Error(`profiling ${dir} failed (exit ${run.code}):\n${run.stderr}`);
    const file = fs.readdirSync(profiles).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("node --cpu-prof wrote no profile");
    const profile = JSON.parse(fs.readFileSync(path.join(profiles, file), "utf8")) as CpuProfile;
    return profileShares(profile, dir);
  } finally {
    fs.rmSync(profiles, { recursive: true, force: true });
  }
}

/** Measures everything the options ask for. */
export async function bench(options: BenchOptions): Promise<BenchResults> {
  const results: BenchResults = {
    machine: describeMachine(PROJECT_ROOT),
    runs: options.runs,
    memorySource: hasGnuTime() ? "gnu-time" : "child",
    fleets: [],
    profiles: new Map(),
    skipped: [],
  };
  for (const cells of options.cells) {
    let dir: string;
    try {
      dir = generateFleet(PROJECT_ROOT, cells, true);
    } catch (error) {
      const reason = (error as Error).message;
      log(reason);
      results.skipped.push(reason);
      continue;
    }
    try {
      const runs: EvaluationRun[] = [];
      for (let i = 1; i <= options.runs; i++) {
        const run = await evaluationRun(dir);
        log(`${cells} cells, run ${i}/${options.runs}: ${(run.wallMs / 1000).toFixed(2)} s`);
        runs.push(run);
      }
      results.fleets.push(fleetFigures(cells, runs));
      if (options.profile) {
        results.profiles.set(cells, await profiledRun(dir));
        log(`${cells} cells: profiled`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  results.growth = growth(results.fleets);
  if (options.withTests) {
    const runs = [];
    for (let i = 1; i <= options.runs; i++) {
      const run = await timeProcess(process.execPath, [path.join("scripts", "run-checks.js")], PROJECT_ROOT);
      if (run.code !== 0) throw new Error(`npm test failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
      log(`npm test, run ${i}/${options.runs}: ${(run.wallMs / 1000).toFixed(2)} s`);
      runs.push(run);
    }
    const peaks = runs.map((r) => r.peakKb).filter((kb): kb is number => kb !== undefined);
    results.tests = {
      runs: runs.length,
      wallMs: median(runs.map((r) => r.wallMs)),
      peakKb: peaks.length > 0 ? median(peaks) : undefined,
    };
  }
  return results;
}

/** Writes the section into docs/performance.md (created when missing), in the layout Prettier keeps. */
export async function writePerformanceDoc(section: string, file = path.join(PROJECT_ROOT, "docs", "performance.md")) {
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Performance\n";
  const text = replaceGeneratedSection(before, section);
  const config = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(text, { ...config, filepath: file }));
}

if (require.main === module) {
  const options = parseBenchArgs(process.argv.slice(2));
  if ("error" in options) {
    console.error(options.error);
    process.exit(1);
  }
  bench(options)
    .then(async (results) => {
      const section = benchSection(results);
      console.log(section);
      if (options.write) {
        await writePerformanceDoc(section);
        log("wrote docs/performance.md");
      }
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
