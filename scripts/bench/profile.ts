/**
 * Where a child's CPU time goes, from the V8 CPU profile `node --cpu-prof` writes: each
 * sample's time is given to the code it was in, grouped by what that code is (ts-node
 * compiling TypeScript or source-mapping stack traces, Node's module loader, the Pulumi
 * runtime registering resources with the mocks, the program itself, ...). Native frames
 * (JSON, regular expressions, builtins) count for the nearest caller that has a source file.
 */
import * as path from "node:path";

/** The parts of a .cpuprofile file this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** The groups CPU time is reported in, in the order they are printed. */
export const CATEGORIES = [
  "ts-node compiling TypeScript",
  "source-mapping stack traces",
  "Node module loading",
  "Pulumi runtime (registration, serialization, mocks)",
  "provider SDKs (@pulumi/aws, awsx, random)",
  "the program (stacks, components, config)",
  "mock cloud and evaluator (offline/)",
  "plan checks and text (scripts/)",
  "other libraries",
  "Node internals",
  "garbage collection",
  "V8 and native (compiling JavaScript)",
  "idle (waiting)",
] as const;
export type Category = (typeof CATEGORIES)[number];

const PULUMI_RUNTIME: Category = "Pulumi runtime (registration, serialization, mocks)";
const LIBRARIES: [RegExp, Category][] = [
  [/\/node_modules\/(@cspotcode\/source-map-support|source-map-support|@jridgewell)\//, "source-mapping stack traces"],
  [/\/node_modules\/(typescript|ts-node|@cspotcode)\//, "ts-node compiling TypeScript"],
  [/\/node_modules\/(@pulumi\/pulumi|@grpc|google-protobuf|@protobufjs|protobufjs)\//, PULUMI_RUNTIME],
  [/\/node_modules\/@pulumi\/(aws|awsx|random)\//, "provider SDKs (@pulumi/aws, awsx, random)"],
  [/\/node_modules\//, "other libraries"],
];

/**
 * The category of code at `url` (a file: URL or path, or a node: builtin), for the project
 * at `root`; undefined for a frame without a source file (native code) that is not one of
 * V8's own pseudo-frames.
 */
export function categoryOf(url: string, functionName: string, root: string): Category | undefined {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)") return "idle (waiting)";
  if (functionName === "(program)" || functionName === "(root)") return "V8 and native (compiling JavaScript)";
  if (!url) return undefined;
  if (url.startsWith("node:internal/modules")) return "Node module loading";
  if (url.startsWith("node:")) return "Node internals";
  const file = url.startsWith("file://") ? decodeURIComponent(url.slice("file://".length)) : url;
  for (const [pattern, category] of LIBRARIES) if (pattern.test(file)) return category;
  const relative = path.relative(root, file);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return "other libraries";
  if (relative.startsWith(`offline${path.sep}`)) return "mock cloud and evaluator (offline/)";
  if (relative.startsWith(`scripts${path.sep}`)) return "plan checks and text (scripts/)";
  return "the program (stacks, components, config)";
}

/** Milliseconds of CPU profile time per category (every category present, zero when unused). */
export function profileShares(profile: CpuProfile, root: string): Record<Category, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const cache = new Map<number, Category>();
  const categoryOfNode = (id: number): Category => {
    const known = cache.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node) return "V8 and native (compiling JavaScript)";
    const own = categoryOf(node.callFrame.url, node.callFrame.functionName, root);
    const parent = parentOf.get(id);
    const category = own ?? (parent === undefined ? "V8 and native (compiling JavaScript)" : categoryOfNode(parent));
    cache.set(id, category);
    return category;
  };
  const shares = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  // timeDeltas[i] is the time from sample i-1 to sample i: sample i ran until the next one.
  profile.samples.forEach((id, i) => {
    shares[categoryOfNode(id)] += (profile.timeDeltas[i + 1] ?? 0) / 1000;
  });
  return shares;
}
