/**
 * Mocha helpers over the offline evaluator (offline/evaluate.ts): the shipped fleet
 * evaluated once per run, and a suite that opens a `describe` per cell stack file.
 */
import { CellConfig, readCellConfig } from "../../config/cell";
import { cellStacks } from "../../config/deploy-order";
import { loadStackConfig } from "../../config/files";
import { evaluateFleet, StackEvaluation } from "../../offline/evaluate";
import { MockCloud } from "../../offline/mock-cloud";

export { cellStacks, deployOrder } from "../../config/deploy-order";
export { evaluateFleet, evaluateStack, mockStackName, resolve, StackEvaluation } from "../../offline/evaluate";

/** Every shipped stack file, evaluated once per test run in deploy order (the global stack last). */
export function evaluateAllStacks(): Promise<StackEvaluation[]> {
  return evaluateFleet();
}

/** The cell config of a stack file, as the program reads it. */
export function cellConfigOf(stack: string): CellConfig {
  return readCellConfig(loadStackConfig(stack), stack);
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

/** The shipped fleet's primary cell stack (the one whose region is storefront:primaryRegion). */
export function primaryCellStack(): string {
  const primary = cellStacks().find((stack) => cellConfigOf(stack).isPrimary);
  if (!primary) throw new Error(`no cell stack file is the primary: ${cellStacks().join(", ")}`);
  return primary;
}

/** The shipped fleet's first secondary cell stack in deploy order, if the fleet has one (a one-cell fleet is valid). */
export function firstSecondaryStack(): string | undefined {
  return cellStacks().find((stack) => !cellConfigOf(stack).isPrimary);
}
