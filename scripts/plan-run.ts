/**
 * The offline plan as a function: parses the command line, checks every stack file and the
 * fleet, evaluates the stacks (once per project directory and process, shared with the
 * specs) and returns what `npm run plan` prints and its exit code. scripts/plan.ts only
 * prints the result.
 */
import * as path from "node:path";
import { CellConfig, cellIdentityOf, checkCellFleet, readCellConfig, stackBaseName } from "../config/cell";
import { deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT, StackFileError } from "../config/files";
import { GlobalConfig, readGlobalConfig } from "../config/global";
import { findPlaceholders } from "../config/placeholders";
import { checkPriceClassCoverage } from "../config/price-class";
import { checkRoles } from "../config/primary-switch";
import { ConfigError } from "../config/reader";
import { stackKindOf } from "../config/shared";
import { inputProblems } from "../offline/aws-input-check";
import { evaluateFleet } from "../offline/evaluate";
import { stackFindings } from "../offline/policy-harness";
import { describeStack } from "./plan-cell";
import { checkFleetHeadroom, headroomSummary, warningBlock } from "./plan-headroom";
import { describeEdge } from "./plan-edge";
import { markMockLines } from "./plan-format";
import { blockingFindings, describePolicyFindings } from "./plan-policies";
import { estimateSummary } from "./cost-report";
import { cellBudgetLimit, globalBudgetLimit } from "../cost/budget-limit";
import { edgeLoadOf } from "../cost/estimate";

export const PLAN_USAGE = `Usage: npm run plan -- [options] [stack ...]

Evaluates every stack file under a mock cloud, in deploy order, and prints what each stack
would create with the settings a reviewer checks. No AWS account or Pulumi CLI needed.

  stack ...          print only these stacks (the stacks they depend on still run)
  --root DIR         the stack files of another checkout (Pulumi.yaml in DIR)
  --resources        also print resource counts by component and type
  --policies         also print the policy pack's findings per stack (exit 1 on a
                     mandatory one), as \`pulumi preview --policy-pack policy\` would
  --deploy-check     fail while example values remain (domain, hosted zone, e-mail
                     addresses, external-system URLs, sample images): run before a deploy
  --help             print this text

Exits 1 when a stack file is invalid (every problem is printed), when the cells clash,
when the program would send AWS a name or description it refuses (docs/aws-input-rules.md),
when a value must be replaced before a deploy (--deploy-check), or on a mandatory policy
finding (--policies).`;

/** What the command line asks for. */
export interface PlanOptions {
  root: string;
  /** Stacks to print; empty prints all. */
  stacks: string[];
  resources: boolean;
  policies: boolean;
  deployCheck: boolean;
  help: boolean;
}

/** What the plan prints and how it exits. */
export interface PlanResult {
  code: number;
  stdout: string;
  stderr: string;
}

const FLAGS = ["--root", "--resources", "--policies", "--deploy-check", "--help", "-h"];

/** The options, or the reason the command line is not understood. */
export function parsePlanArgs(args: readonly string[]): PlanOptions | { error: string } {
  const options: PlanOptions = {
    root: PROJECT_ROOT,
    stacks: [],
    resources: false,
    policies: false,
    deployCheck: false,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--root") {
      const dir = args[++i];
      if (!dir || dir.startsWith("-")) return { error: "--root needs a directory" };
      options.root = path.resolve(dir);
    } else if (arg === "--resources") options.resources = true;
    else if (arg === "--policies") options.policies = true;
    else if (arg === "--deploy-check") options.deployCheck = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg.startsWith("-")) return { error: `unknown option ${arg}; options are ${FLAGS.join(", ")}` };
    else options.stacks.push(arg);
  }
  return options;
}

/** The configs of a project's stack files and every problem in them and between them. */
export interface FleetConfig {
  order: string[];
  cells: Map<string, CellConfig>;
  edges: Map<string, GlobalConfig>;
  failures: string[];
  /** What the plan prints loudly but does not fail on (N+1 regional headroom, unless required). */
  warnings: string[];
}

/**
 * Reads every stack file of `root` and checks the fleet. A stack file that is invalid is
 * reported once, with its own problems: the fleet checks that would need it are skipped, so
 * no problem is reported as a consequence of another.
 */
export function checkFleetConfig(root: string): FleetConfig {
  const order = deployOrder(root);
  const cells = new Map<string, CellConfig>();
  const edges = new Map<string, GlobalConfig>();
  const invalidCells: string[] = [];
  const failures: string[] = [];
  // A moved home or a primary outside the global database is the one problem to report:
  // every other would follow from it.
  const cellFiles = order
    .map((stack) => ({ stack, raw: loadStackConfig(stack, root) }))
    .filter(({ raw }) => stackKindOf(raw) !== "global");
  const unsafe = checkRoles(cellFiles);
  if (unsafe.length > 0) return { order, cells, edges, failures: unsafe, warnings: [] };
  for (const stack of order) {
    const raw = loadStackConfig(stack, root);
    const isEdge = stackKindOf(raw) === "global";
    try {
      if (isEdge) edges.set(stack, readGlobalConfig(raw, stack));
      else cells.set(stack, readCellConfig(raw, stack));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (!isEdge) invalidCells.push(stack);
      failures.push(error.message);
    }
  }
  // Fleet checks compare cells, so they run only when every cell file could be read.
  if (invalidCells.length === 0) failures.push(...checkCellFleet([...cells.values()].map(cellIdentityOf)));
  for (const edge of edges.values()) {
    const missing = edge.cells.filter(
      (name) => !cells.has(stackBaseName(name)) && !invalidCells.includes(stackBaseName(name)),
    );
    for (const cell of missing) {
      failures.push(
        `stack "${edge.stack}" lists "${cell}" in storefront:cells, which is not a cell stack file here (cells: ${[...cells.keys()].join(", ")})`,
      );
    }
  }
  if (invalidCells.length === 0) {
    for (const edge of edges.values()) {
      const listed = edge.cells.map((name) => cells.get(stackBaseName(name))).filter((c) => c !== undefined);
      failures.push(...checkPriceClassCoverage(edge.priceClass, listed));
    }
  }
  // Each stack's budget limit, as its deploy computes it: a stack the price table cannot
  // price must set storefront:budget.limitUsd, and a new cell must not leave that to the deploy.
  if (invalidCells.length === 0) failures.push(...budgetProblems([...cells.values()], [...edges.values()]));
  const warnings: string[] = [];
  if (invalidCells.length === 0 && cells.size > 0) {
    const headroom = checkFleetHeadroom([...cells.values()]);
    if (headroom?.required) failures.push(headroom.text);
    else if (headroom) warnings.push(headroom.text);
  }
  return { order, cells, edges, failures, warnings };
}

/** The config errors each stack's budget limit raises (an unpriced stack without a set limit). */
function budgetProblems(cells: CellConfig[], edges: GlobalConfig[]): string[] {
  const problems: string[] = [];
  const attempt = (limit: () => number) => {
    try {
      limit();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  };
  for (const cell of cells) attempt(() => cellBudgetLimit(cell));
  for (const edge of edges) {
    const listed = edge.cells.map((name) => cells.find((c) => c.stack === stackBaseName(name)));
    if (listed.every((cell) => cell !== undefined)) {
      attempt(() =>
        globalBudgetLimit(
          edge,
          listed.map((cell) => edgeLoadOf(cell!)),
        ),
      );
    }
  }
  return problems;
}

/** Runs the plan for a command line; never exits the process. */
export async function runPlan(args: readonly string[]): Promise<PlanResult> {
  try {
    return await plan(args);
  } catch (error) {
    // A file that is not YAML is the one problem to report: nothing after it can be read.
    if (error instanceof StackFileError) return { code: 1, stdout: "", stderr: error.message };
    throw error;
  }
}

async function plan(args: readonly string[]): Promise<PlanResult> {
  const options = parsePlanArgs(args);
  if ("error" in options) return { code: 1, stdout: "", stderr: `${options.error}\n\n${PLAN_USAGE}` };
  if (options.help) return { code: 0, stdout: PLAN_USAGE, stderr: "" };

  const order = deployOrder(options.root);
  const unknown = options.stacks.filter((stack) => !order.includes(stack));
  if (unknown.length > 0) {
    return { code: 1, stdout: "", stderr: `No stack file for ${unknown.join(", ")}; stacks are: ${order.join(", ")}` };
  }
  const fleet = checkFleetConfig(options.root);
  if (fleet.failures.length > 0) return { code: 1, stdout: "", stderr: fleet.failures.join("\n") };
  if (options.deployCheck) return deployCheck(options.root);

  // Throws when the program makes a call the mocks cannot answer.
  const evaluations = await evaluateFleet(options.root);
  const sections = [`Deploy order: ${order.join(" -> ")}`, ...fleet.warnings.map(warningBlock)];
  const refused: string[] = [];
  let blocking = 0;
  for (const evaluation of evaluations) {
    // Names and descriptions AWS would refuse fail the plan whichever stacks are printed:
    // neither the provider nor a preview checks them, so the first deploy would.
    for (const problem of inputProblems(evaluation.cloud.resources))
      refused.push(`${evaluation.stack}: ${problem.message}`);
    if (options.stacks.length > 0 && !options.stacks.includes(evaluation.stack)) continue;
    const edge = fleet.edges.get(evaluation.stack);
    sections.push(
      markMockLines(
        edge
          ? describeEdge(edge, evaluation, [...fleet.cells.keys()], options)
          : describeStack(fleet.cells.get(evaluation.stack)!, evaluation, options),
      ),
    );
    if (options.policies) {
      const findings = await stackFindings(evaluation);
      sections.push(describePolicyFindings(evaluation.stack, findings));
      blocking += blockingFindings(findings).length;
    }
  }
  sections.push(estimateSummary(options.root), headroomSummary([...fleet.cells.values()]));
  if (refused.length > 0) {
    const stderr = [`AWS would refuse ${refused.length} input${refused.length === 1 ? "" : "s"}:`, ...refused];
    return { code: 1, stdout: sections.join("\n"), stderr: stderr.join("\n  ") };
  }
  return { code: blocking > 0 ? 1 : 0, stdout: sections.join("\n"), stderr: "" };
}

/** The deploy-readiness check: every example value still in the files, or a pass. */
export function deployCheck(root: string): PlanResult {
  const found = findPlaceholders(root);
  if (found.length === 0) {
    return {
      code: 0,
      stdout: "Deploy check passed: no example values remain. Next: the checklist in docs/deploying.md.",
      stderr: "",
    };
  }
  return {
    code: 1,
    stdout: "",
    stderr: [
      `Deploy check failed: ${found.length} example value${found.length === 1 ? "" : "s"} to replace before a deploy:`,
      ...found.map((p) => `  ${p.file}: ${p.key} = ${JSON.stringify(p.value)}: ${p.reason}`),
      "Then work through the checklist in docs/deploying.md.",
    ].join("\n"),
  };
}
