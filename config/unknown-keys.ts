/**
 * Keys a stack file may set in the project's namespace, and the problem for any other. A
 * misspelt key is otherwise ignored and its default used in silence: `natStrategyy` would
 * leave three NAT gateways in place, and `edgeDistributionARN` would leave the media bucket
 * readable by every CloudFront distribution in the account. Each problem names the nearest
 * known key.
 */
import { ConfigProblem, RawConfig } from "./reader";

/** Keys every stack reads (from Pulumi.yaml's project config or its own file). */
export const SHARED_KEYS = [
  "app",
  "domain",
  "hostedZoneId",
  "primaryRegion",
  "primaryStack",
  "homeStack",
  "owner",
  "kind",
  "requireRegionalHeadroom",
] as const;

/** Keys a cell stack file may set besides the shared ones. */
export const CELL_KEYS = [
  "cidr",
  "availabilityZones",
  "availabilityZoneIds",
  "excludedZoneIds",
  "azCount",
  "natStrategy",
  "interfaceEndpoints",
  "flowLogRetentionDays",
  "logRetentionDays",
  "deletionProtection",
  "timeZone",
  "peakWindow",
  "peakLeadMinutes",
  "web",
  "quietTime",
  "database",
  "cache",
  "broker",
  "objectStore",
  "edgeDistributionArn",
  "worker",
  "externalSystems",
  "jobs",
  "alarms",
  "budget",
  "zonalAutoshift",
  "originSecret",
] as const;

/** Keys the global (edge) stack file may set besides the shared ones. */
export const GLOBAL_KEYS = [
  "cells",
  "priceClass",
  "waf",
  "catalogCacheSeconds",
  "logRetentionDays",
  "originShieldRegion",
  "writePaths",
  "budget",
  "lostCells",
] as const;

/** Edit distance between two words, letters compared without case. */
function distance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/** The known word nearest to `word`, when it is near enough to be a slip of the keyboard. */
export function nearestKnown(word: string, known: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(word, candidate);
    if (!best || d < best.distance) best = { word: candidate, distance: d };
  }
  if (best && best.distance <= Math.max(2, Math.floor(word.length / 4))) return best.word;
  // A word cut short or run on (`rateLimit` for `rateLimitPer5Minutes`).
  const lower = word.toLowerCase();
  return lower.length >= 4
    ? known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()))
    : undefined;
}

/** "is not a known key; did you mean `x`?" or the list of known keys when none is near. */
export function unknownMessage(kind: "key" | "field", name: string, known: readonly string[], prefix = ""): string {
  const nearest = nearestKnown(name, known);
  return nearest
    ? `is not a known ${kind}; did you mean \`${prefix}${nearest}\`?`
    : `is not a known ${kind}; known ${kind}s are ${known.join(", ")}`;
}

/**
 * A problem for every key in `namespace` that the stack's kind does not read, with the
 * nearest known key. Keys of other namespaces (`aws:region`) belong to their providers.
 */
export function unknownKeyProblems(raw: RawConfig, namespace: string, kind: "cell" | "global"): ConfigProblem[] {
  const known: string[] = [...SHARED_KEYS, ...(kind === "cell" ? CELL_KEYS : GLOBAL_KEYS)];
  const prefix = `${namespace}:`;
  return Object.keys(raw)
    .filter((key) => key.startsWith(prefix) && !known.includes(key.slice(prefix.length)))
    .map((key) => ({
      key,
      value: raw[key],
      message: unknownMessage("key", key.slice(prefix.length), known, prefix),
    }));
}
