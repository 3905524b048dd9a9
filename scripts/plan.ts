/**
 * The offline plan: evaluates every stack file under the mock cloud, in deploy order, and
 * prints what each stack would create, with its key settings. No AWS account, no Pulumi
 * CLI: this is the program's main job on a machine that has neither.
 *
 *   npm run plan                 every stack, in deploy order
 *   npm run plan -- eu-west-1    only the named stacks (their upstream stacks still run)
 *   npm run plan -- --root DIR   the stack files of another checkout (Pulumi.yaml in DIR)
 *   npm run plan -- --help       every option
 *
 * The global stack (the edge) comes last: it reads every cell's real outputs, as it would
 * through its stack references after the cells are deployed.
 *
 * Exits 1 when a stack's config is invalid (printing every problem), when the cells clash
 * (same region, overlapping CIDRs), when the edge lists a cell stack that has no file, or
 * when the program makes a call the mocks cannot answer. The work is in scripts/plan-run.ts.
 */
import { runPlan } from "./plan-run";

runPlan(process.argv.slice(2)).then(
  ({ code, stdout, stderr }) => {
    if (stdout) console.log(stdout);
    if (stderr) console.error(stderr);
    process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
