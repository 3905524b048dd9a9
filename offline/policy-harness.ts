/**
 * Runs the policy pack offline, the way the CrossGuard server (@pulumi/policy's server.ts)
 * runs it during `pulumi preview` / `pulumi up`, without constructing a PolicyPack (that
 * starts a gRPC server):
 *
 * - a resource policy is called once per registered resource with `{ type, props, urn, name,
 *   opts, provider, stackTags, isType, asType, getConfig, notApplicable }`, where `props` are
 *   the resource's inputs (secrets unwrapped, undefined members dropped) behind the engine's
 *   unknown-checking proxy;
 * - a stack policy is called once with every resource's outputs, with the same fields plus
 *   `parent`, `dependencies` and `propertyDependencies` resolved to the resource objects;
 * - an unknown value read during a preview becomes the server's "can't run during preview"
 *   advisory diagnostic; notApplicable() records the policy as not applicable.
 *
 * Where it differs from a real preview: offline, a policy sees the program's inputs before
 * provider defaults. The engine calls the pack with the inputs the provider's Check
 * returned (schema defaults filled in, auto-names set); here there is no provider, so an
 * input the program leaves out is absent. Every policy applies the provider default of
 * what it reads itself (its `missing` rule, docs/policy-pack.md), so the verdicts agree
 * while those rules match the provider schema. Smaller differences: `opts.deleteBeforeReplace`
 * is set only when true (the server sets it whenever the program defined it, `false`
 * included), and a stack policy's `dependencies` are the explicit `dependsOn` (the
 * server's also include the dependencies implied by inputs; `propertyDependencies` has those).
 */
import type {
  EnforcementLevel,
  PolicyCustomTimeouts,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { packPolicies } from "../policy/policies";
import type { StackEvaluation } from "./evaluate";
import type { RecordedResource } from "./mock-cloud";

/** The engine's unknown-checking proxy and its sentinels (internal to @pulumi/policy, so its .d.ts is empty). */
interface EngineProxy {
  unknownCheckingProxy<T>(value: T): T;
  UnknownValueError: new (...args: any[]) => Error;
  unknownStringValue: string;
  unknownNumberValue: string;
  unknownBooleanValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine: EngineProxy = require("@pulumi/policy/proxy");
const { unknownCheckingProxy, UnknownValueError } = engine;

/** What a value the engine cannot know yet during a preview looks like, for any kind of value. */
export function unknownLike(value: unknown): string {
  if (Array.isArray(value)) return engine.unknownArrayValue;
  switch (typeof value) {
    case "boolean":
      return engine.unknownBooleanValue;
    case "number":
      return engine.unknownNumberValue;
    case "object":
      return value === null ? engine.unknownStringValue : engine.unknownObjectValue;
    default:
      return engine.unknownStringValue;
  }
}

/** Wraps props the way the server does, so reading an unknown value throws. */
export function engineProps(props: Record<string, any>): Record<string, any> {
  return unknownCheckingProxy(props);
}

/** What the server reports for one policy run: a violation, or a policy that could not run on an unknown value. */
export interface PolicyFinding {
  policy: string;
  level: EnforcementLevel;
  message: string;
  /** The resource the finding is about, when known. */
  urn?: string;
  /** True for "can't run during preview": a value the policy read was unknown. */
  unknown?: boolean;
}

/** A resource as the harness feeds it to the policies: what the mock cloud records (or a test builds). */
export type HarnessResource = Pick<RecordedResource, "urn" | "type" | "name" | "inputs" | "state" | "provider"> &
  Partial<
    Pick<
      RecordedResource,
      | "id"
      | "custom"
      | "parentUrn"
      | "protect"
      | "ignoreChanges"
      | "deleteBeforeReplace"
      | "customTimeouts"
      | "dependsOn"
      | "propertyDependencies"
      | "additionalSecretOutputs"
    >
  >;

/** Policy config by policy name, as `pulumi config` / the policy pack config would give it. */
export type PolicyConfig = Record<string, Record<string, unknown>>;

/** Pulumi's marker key for a secret value in serialized properties (rpc.specialSigKey / specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "not applicable");
  }
}

/** As server.ts' deserializeProperties(…, false): secrets unwrapped, undefined members dropped. */
export function deserialize(value: any): any {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(deserialize);
  if (value[SIG_KEY] === SECRET_SIG) return deserialize(value.value);
  const plain: Record<string, any> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) plain[key] = deserialize(member);
  return plain;
}

/** "90m", "2h", "30s" (Go durations, as customTimeouts take them) in seconds; "" is 0. */
function seconds(duration: string | undefined): number {
  let total = 0;
  for (const [, amount, unit] of (duration ?? "").matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) {
    total += Number(amount) * { h: 3600, m: 60, s: 1 }[unit as "h" | "m" | "s"];
  }
  return total;
}

function optionsOf(resource: HarnessResource): PolicyResourceOptions {
  const customTimeouts: PolicyCustomTimeouts = {
    createSeconds: seconds(resource.customTimeouts?.create),
    updateSeconds: seconds(resource.customTimeouts?.update),
    deleteSeconds: seconds(resource.customTimeouts?.delete),
  };
  return {
    protect: resource.protect ?? false,
    ignoreChanges: resource.ignoreChanges ?? [],
    aliases: [],
    customTimeouts,
    additionalSecretOutputs: resource.additionalSecretOutputs ?? [],
    ...(resource.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
    ...(resource.parentUrn ? { parent: resource.parentUrn } : {}),
  };
}

/** The provider a resource was registered with, as the server describes it (type, props, urn, name). */
function providerOf(resource: HarnessResource, all: HarnessResource[]): PolicyProviderResource | undefined {
  if (!resource.provider) return undefined;
  const urn = resource.provider.split("::").slice(0, -1).join("::");
  const registered = all.find((r) => r.urn === urn);
  const name = urn.split("::").pop() ?? "";
  const type = urn.split("::")[2] ?? "";
  return { type, urn, name, props: unknownCheckingProxy(deserialize(registered?.inputs ?? {})) };
}

/** isType/asType as the server has them: a resource class matches by its `__pulumiType`. */
function typeCheckers(type: string, props: Record<string, any>) {
  const matches = (resourceClass: any): boolean =>
    resourceClass?.__pulumiType !== undefined
      ? resourceClass.__pulumiType === type
      : typeof resourceClass?.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
  return {
    isType: (resourceClass: any) => matches(resourceClass),
    asType: (resourceClass: any) => (matches(resourceClass) ? props : undefined),
  };
}

/** Outputs as a stack policy sees them: the provider's state, with the resource's id for custom resources. */
export function outputsOf(resource: HarnessResource): Record<string, any> {
  const state = deserialize(resource.state ?? {});
  return resource.custom === false || resource.id === undefined ? state : { id: resource.id, ...state };
}

/** Argument shape of one resource policy call (server.ts makeAnalyzeRpcFun). */
export function resourceArgs(
  resource: HarnessResource,
  all: HarnessResource[],
  policyName: string,
  config: PolicyConfig = {},
  props: Record<string, any> = unknownCheckingProxy(deserialize(resource.inputs)),
): ResourceValidationArgs {
  const args: ResourceValidationArgs = {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: optionsOf(resource),
    stackTags: new Map<string, string>(),
    ...typeCheckers(resource.type, props),
    getConfig: <T extends object>() => (config[policyName] ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  } as ResourceValidationArgs;
  const provider = providerOf(resource, all);
  if (provider) args.provider = provider;
  return args;
}

/** Argument shape of one stack policy call (server.ts makeAnalyzeStackRpcFun). */
export function stackArgs(
  all: HarnessResource[],
  policyName: string,
  config: PolicyConfig = {},
  propsOf: (resource: HarnessResource) => Record<string, any> = (r) => unknownCheckingProxy(outputsOf(r)),
): StackValidationArgs {
  const resources = all.map((resource): PolicyResource => {
    const props = propsOf(resource);
    const policyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: optionsOf(resource),
      dependencies: [],
      propertyDependencies: {},
      ...typeCheckers(resource.type, props),
    } as unknown as PolicyResource;
    const provider = providerOf(resource, all);
    if (provider) policyResource.provider = provider;
    return policyResource;
  });
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  all.forEach((resource, i) => {
    const parent = resource.parentUrn ? byUrn.get(resource.parentUrn) : undefined;
    if (parent) resources[i].parent = parent;
    resources[i].dependencies = (resource.dependsOn ?? []).map((urn) => byUrn.get(urn)!).filter(Boolean);
    for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
      resources[i].propertyDependencies[key] = urns.map((urn) => byUrn.get(urn)!).filter(Boolean);
    }
  });
  return {
    resources,
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => (config[policyName] ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

function isStackPolicy(policy: ResourceValidationPolicy | StackValidationPolicy): policy is StackValidationPolicy {
  return "validateStack" in policy;
}

/** Options of a policy run: the config, and props to use instead of the recorded ones (to plant unknown values). */
export interface RunOptions {
  config?: PolicyConfig;
  /** Props of a resource for a resource policy (its inputs) or a stack policy (its outputs). */
  propsOf?: (resource: HarnessResource, stage: "resource" | "stack") => Record<string, any>;
}

/** Runs one policy of the pack over a set of resources as the server would, and returns what it reported. */
export async function runPolicy(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: HarnessResource[],
  options: RunOptions = {},
): Promise<PolicyFinding[]> {
  const findings: PolicyFinding[] = [];
  const level = policy.enforcementLevel ?? "advisory";
  const reporter =
    (defaultUrn?: string): ReportViolation =>
    (message, urn) =>
      findings.push({ policy: policy.name, level, message, urn: urn ?? defaultUrn });
  const attempt = async (call: () => unknown, urn?: string) => {
    try {
      await Promise.resolve(call());
    } catch (error) {
      if (error instanceof UnknownValueError) {
        // The server downgrades this to advisory: the policy runs again at `pulumi up`.
        findings.push({
          policy: policy.name,
          level: "advisory",
          message: `can't run policy '${policy.name}' during preview: ${error.message}`,
          urn,
          unknown: true,
        });
      } else if (!(error instanceof NotApplicable)) {
        throw error;
      }
    }
  };
  const config = options.config ?? {};
  if (isStackPolicy(policy)) {
    const propsOf = options.propsOf ? (r: HarnessResource) => options.propsOf!(r, "stack") : undefined;
    const args = stackArgs(resources, policy.name, config, propsOf);
    await attempt(() => policy.validateStack(args, reporter()));
  } else {
    const validations = [policy.validateResource ?? []].flat();
    for (const resource of resources) {
      for (const validation of validations) {
        const props = options.propsOf?.(resource, "resource");
        const args = resourceArgs(resource, resources, policy.name, config, props);
        await attempt(() => validation(args, reporter(resource.urn)), resource.urn);
      }
    }
  }
  return findings;
}

/** Every policy of the pack over a set of resources. */
export async function runPack(resources: HarnessResource[], options: RunOptions = {}): Promise<PolicyFinding[]> {
  const findings: PolicyFinding[] = [];
  for (const policy of packPolicies()) findings.push(...(await runPolicy(policy, resources, options)));
  return findings;
}

const byEvaluation = new WeakMap<StackEvaluation, Promise<PolicyFinding[]>>();

/** The pack's findings on an evaluated stack, computed once per evaluation. */
export function stackFindings(evaluation: StackEvaluation): Promise<PolicyFinding[]> {
  let findings = byEvaluation.get(evaluation);
  if (!findings) {
    findings = runPack(evaluation.cloud.resources);
    byEvaluation.set(evaluation, findings);
  }
  return findings;
}
