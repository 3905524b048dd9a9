/**
 * The process `npm run bench` times: what `npm run plan -- --root DIR` does (every stack
 * evaluated under the mock cloud in deploy order, the fleet checks, the AWS input check and
 * the plan's text), with the text discarded. It prints one JSON line (ChildReport) with
 * timestamps taken inside the process, so the bench can say where the time goes.
 *
 *   node -r ts-node/register/transpile-only scripts/bench/evaluate-child.ts DIR
 *
 * Modules are loaded with `await import` after the first timestamp, so module loading (and
 * ts-node's compiling of the project's TypeScript) is measured apart from evaluation.
 */
import type { ChildReport, Span } from "./report";

/** Runs `work` and says how long it took: wall clock and this process's CPU. */
async function timed<T>(work: () => Promise<T>): Promise<[T, Span]> {
  const [wall, cpu] = [performance.now(), process.cpuUsage()];
  const result = await work();
  const used = process.cpuUsage(cpu);
  return [result, { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 }];
}

async function main(root: string): Promise<ChildReport> {
  // Both clocks count from the start of the process: so far, node and ts-node started.
  const started = process.cpuUsage();
  const startup = { wallMs: performance.now(), cpuMs: (started.user + started.system) / 1000 };
  const [modules, load] = await timed(async () => {
    const loaded = { ...(await import("../plan-run")), ...(await import("../../offline/evaluate")) };
    await import("../../index");
    return loaded;
  });
  const [fleet, evaluate] = await timed(() => modules.evaluateFleet(root));
  // The plan reuses the evaluation above (cached per root): what remains is its checks and text.
  const [plan, report] = await timed(() => modules.runPlan(["--root", root]));
  if (plan.code !== 0) throw new Error(`npm run plan -- --root ${root} failed:\n${plan.stderr}`);
  const { loadStackConfig } = await import("../../config/files");
  const { stackKindOf } = await import("../../config/shared");
  const usage = process.resourceUsage();
  return {
    startup,
    load,
    evaluate,
    report,
    stacks: fleet.map((e, i) => ({
      stack: e.stack,
      // Deploy order: the primary cell first, the edge after every cell.
      kind: stackKindOf(loadStackConfig(e.stack, root)) === "global" ? "edge" : i === 0 ? "primary" : "secondary",
      resources: e.cloud.resources.length,
      ...e.timing,
    })),
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssKb: usage.maxRSS,
  };
}

const root = process.argv[2];
if (!root) {
  console.error("usage: evaluate-child.ts DIR (a directory with Pulumi.yaml and stack files)");
  process.exit(2);
}
main(root).then(
  (report) => {
    console.log(JSON.stringify(report));
    process.exit(0);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
