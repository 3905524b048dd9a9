/**
 * Runs the real program (index.ts) for a stack under the mock cloud, with the stack's real
 * config files, and returns the recorded resources and the resolved stack outputs. Stacks
 * are evaluated in deploy order so a secondary cell's StackReference sees what the primary
 * really exported.
 */
import * as pulumi from "@pulumi/pulumi";
import { CellConfig, readCellConfig, stackBaseName } from "../../config/cell";
import { listStacks, loadStackConfig, PROJECT_ROOT } from "../../config/files";
import { RawConfig } from "../../config/reader";
import { stackKindOf } from "../../config/shared";
import { MockCloud } from "./mock-cloud";

export interface StackEvaluation {
  stack: string;
  cloud: MockCloud;
  /** The stack's outputs with every Output resolved (secrets unwrapped). */
  outputs: Record<string, any>;
  /** The stack's outputs as the program returned them (to check which are secret). */
  exported: Record<string, unknown>;
  /** Names of the outputs exported as secrets (the mock's StackReferences do not mark them secret). */
  secretOutputNames: string[];
}

/** Fully qualified name a StackReference uses for a stack of this project under the mocks. */
export function mockStackName(stack: string): string {
  return `organization/storefront/${stack}`;
}

/**
 * Evaluates one stack. `raw` defaults to the stack's files; `upstream` supplies the outputs
 * of stacks it references.
 */
export async function evaluateStack(
  stack: string,
  options: { raw?: RawConfig; upstream?: StackEvaluation[]; cloud?: MockCloud } = {},
): Promise<StackEvaluation> {
  const cloud = options.cloud ?? new MockCloud();
  for (const done of options.upstream ?? []) cloud.stackOutputs.set(mockStackName(done.stack), done.outputs);
  pulumi.runtime.setAllConfig({ ...(options.raw ?? loadStackConfig(stack)) });
  await cloud.install(stack);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program: () => Promise<Record<string, unknown>> = require("../../index");
  let evaluation: StackEvaluation;
  try {
    const exported = await program();
    const outputs = await resolve(exported);
    const secretOutputNames: string[] = [];
    for (const [name, value] of Object.entries(exported)) {
      if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputNames.push(name);
    }
    evaluation = { stack, cloud, outputs, exported, secretOutputNames };
  } finally {
    // Wait until every registration the program started has reached the mocks, so counts
    // and options are complete before anything is asserted.
    await pulumi.runtime.disconnect();
  }
  // An invoke the mocks do not answer got an empty result: whatever the program built from
  // it is fiction, so the evaluation fails instead of passing on it.
  const problems = [...cloud.unknownInvokes.map((i) => `unanswered invoke ${i}`), ...cloud.errors];
  if (problems.length > 0) throw new Error(`stack ${stack} under mocks:\n  ${problems.join("\n  ")}`);
  return evaluation;
}

/**
 * Every stack file's name in deploy order: the primary cell first, then the other cells by
 * name, then the global stack (it reads every cell).
 */
export function deployOrder(root = PROJECT_ROOT): string[] {
  const raws = new Map(listStacks(root).map((stack) => [stack, loadStackConfig(stack, root)]));
  const stacks = [...raws.keys()];
  const edges = stacks.filter((stack) => stackKindOf(raws.get(stack)!) === "global");
  const cells = stacks.filter((stack) => !edges.includes(stack));
  const primary = cells.find((stack) => {
    const raw = raws.get(stack)!;
    // primaryStack defaults to primaryRegion, as readSharedConfig has it.
    return stackBaseName(raw["storefront:primaryStack"] ?? raw["storefront:primaryRegion"] ?? "") === stack;
  });
  return [...(primary ? [primary, ...cells.filter((s) => s !== primary)] : cells), ...edges];
}

/** The cell stacks (every stack file but the global one), in deploy order. */
export function cellStacks(root = PROJECT_ROOT): string[] {
  return deployOrder(root).filter((stack) => stackKindOf(loadStackConfig(stack, root)) !== "global");
}

let cached: Promise<StackEvaluation[]> | undefined;

/** Evaluates every stack file once per test run, in deploy order (the global stack last), each fed by the ones before. */
export function evaluateAllStacks(): Promise<StackEvaluation[]> {
  cached ??= (async () => {
    const done: StackEvaluation[] = [];
    for (const stack of deployOrder()) done.push(await evaluateStack(stack, { upstream: done }));
    return done;
  })();
  return cached;
}

/** The cell config of a stack file, as the program reads it. */
export function cellConfigOf(stack: string): CellConfig {
  return readCellConfig(loadStackConfig(stack), stack);
}

/** Resolves an object of Outputs (and plain values) into plain values. */
export function resolve<T>(value: T): Promise<pulumi.Unwrap<T>> {
  return new Promise((done) => pulumi.output(value).apply(done));
}

/** One stack file under test: its name, its parsed config, and (once loaded) its evaluation. */
export interface StackUnderTest {
  stack: string;
  config: CellConfig;
  evaluation(): StackEvaluation;
  cloud(): MockCloud;
}

/**
 * For a suite about every stack file: loads all evaluations in the suite's `before` hook
 * (once per run, see evaluateAllStacks) and gives `eachStack`, which opens a `describe` per
 * cell stack file in deploy order. `byName("global")` gives the edge's evaluation. Call it
 * inside a `describe`.
 */
export function stackSuite(): {
  all(): StackEvaluation[];
  byName(stack: string): StackEvaluation;
  eachStack(body: (stack: StackUnderTest) => void): void;
} {
  let stacks: StackEvaluation[] = [];
  before(async () => {
    stacks = await evaluateAllStacks();
  });
  const byName = (stack: string): StackEvaluation => {
    const found = stacks.find((s) => s.stack === stack);
    if (!found) throw new Error(`stack ${stack} was not evaluated`);
    return found;
  };
  return {
    all: () => stacks,
    byName,
    eachStack(body) {
      for (const stack of cellStacks()) {
        describe(stack, () =>
          body({
            stack,
            config: cellConfigOf(stack),
            evaluation: () => byName(stack),
            cloud: () => byName(stack).cloud,
          }),
        );
      }
    },
  };
}
