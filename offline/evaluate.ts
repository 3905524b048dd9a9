/**
 * Runs the real program (index.ts) for a stack under the mock cloud, with the stack's real
 * config files, and returns the recorded resources and the resolved stack outputs. Stacks
 * are evaluated in deploy order so a secondary cell's StackReference sees what the primary
 * really exported. The offline plan, the diagram and the tests all evaluate through here.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT, useCheckoutRoot } from "../config/files";
import { RawConfig } from "../config/reader";
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
  /** Milliseconds the evaluation took, from config to the last registration: wall clock and this process's CPU (npm run bench reports them). */
  timing: { wallMs: number; cpuMs: number };
}

/** Fully qualified name a StackReference uses for a stack of this project under the mocks. */
export function mockStackName(stack: string): string {
  return `organization/storefront/${stack}`;
}

/**
 * Evaluates one stack. `raw` defaults to the stack's files; `upstream` supplies the outputs
 * of stacks it references; `root` is the fleet whose other stack files the program compares
 * its config with (the project's by default).
 */
export async function evaluateStack(
  stack: string,
  options: { raw?: RawConfig; upstream?: StackEvaluation[]; cloud?: MockCloud; root?: string } = {},
): Promise<StackEvaluation> {
  const [started, cpuStarted] = [performance.now(), process.cpuUsage()];
  const cloud = options.cloud ?? new MockCloud();
  useCheckoutRoot(options.root ?? PROJECT_ROOT);
  for (const done of options.upstream ?? []) cloud.stackOutputs.set(mockStackName(done.stack), done.outputs);
  pulumi.runtime.setAllConfig({ ...(options.raw ?? loadStackConfig(stack)) });
  await cloud.install(stack);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program: () => Promise<Record<string, unknown>> = require("../index");
  let evaluation: StackEvaluation;
  // Pulumi records a stack trace for every promise it makes (to name leaked ones), and under
  // ts-node each trace is source-mapped: three quarters of an evaluation's time goes there.
  // Nothing reads those traces offline, so they are off while the program runs (errors keep
  // their messages); STOREFRONT_STACK_TRACES=1 keeps them for debugging the program. Pulumi
  // also takes a full trace per resource for its source position, which the mocks ignore:
  // without ts-node's source mapping of it, an evaluation takes about a tenth less CPU.
  const [stackTraceLimit, prepareStackTrace] = [Error.stackTraceLimit, Error.prepareStackTrace];
  if (!process.env.STOREFRONT_STACK_TRACES) {
    Error.stackTraceLimit = 0;
    Error.prepareStackTrace = plainStackTrace;
  }
  try {
    const exported = await program();
    const outputs = await resolve(exported);
    const secretOutputNames: string[] = [];
    for (const [name, value] of Object.entries(exported)) {
      if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputNames.push(name);
    }
    evaluation = { stack, cloud, outputs, exported, secretOutputNames, timing: { wallMs: 0, cpuMs: 0 } };
  } finally {
    // Wait until every registration the program started has reached the mocks, so counts
    // and options are complete before anything is asserted.
    await pulumi.runtime.disconnect();
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
  // An invoke the mocks do not answer got an empty result: whatever the program built from
  // it is fiction, so the evaluation fails instead of passing on it.
  const problems = [...cloud.unknownInvokes.map((i) => `unanswered invoke ${i}`), ...cloud.errors];
  if (problems.length > 0) throw new Error(`stack ${stack} under mocks:\n  ${problems.join("\n  ")}`);
  const cpu = process.cpuUsage(cpuStarted);
  evaluation.timing = { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  return evaluation;
}

/** V8's own layout of a stack trace, without source mapping. */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
  return [String(error), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n");
}

const fleets = new Map<string, Promise<StackEvaluation[]>>();

/**
 * Every stack of the project at `root`, evaluated in deploy order, each fed by the outputs
 * of the ones before. Evaluated once per process and root: the plan, the diagram and every
 * spec over the same fleet share one evaluation.
 */
export function evaluateFleet(root = PROJECT_ROOT): Promise<StackEvaluation[]> {
  const key = path.resolve(root);
  let fleet = fleets.get(key);
  if (!fleet) {
    fleet = (async () => {
      const done: StackEvaluation[] = [];
      for (const stack of deployOrder(key)) {
        done.push(await evaluateStack(stack, { raw: loadStackConfig(stack, key), upstream: done, root: key }));
      }
      return done;
    })();
    fleets.set(key, fleet);
  }
  return fleet;
}

/** Resolves an object of Outputs (and plain values) into plain values. */
export function resolve<T>(value: T): Promise<pulumi.Unwrap<T>> {
  return new Promise((done) => pulumi.output(value).apply(done));
}
