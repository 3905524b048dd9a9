/**
 * The zone keys of a cell stack: `availabilityZoneIds` pins the cell's zones by ID,
 * `excludedZoneIds` overrides the default list of zones never picked. The older
 * `availabilityZones` (names) is read by config/cell.ts and still honoured; the two pins
 * cannot be combined.
 */
import { checkZoneId, zoneIdPrefix } from "../network/zones";
import { PLAN_AZS } from "../network/cidr";
import { defaultExcludedZoneIds } from "./excluded-zones";
import { ConfigReader } from "./reader";

export interface ZoneConfig {
  /** Zone IDs pinned in config, in subnet order (`storefront:availabilityZoneIds`). */
  availabilityZoneIds?: string[];
  /** Zone IDs never picked when nothing is pinned (`storefront:excludedZoneIds`, default config/excluded-zones.ts). */
  excludedZoneIds: string[];
}

/** Reads and checks the zone-ID keys; problems go to the reader, naming the key and the value. */
export function readZoneConfig(config: ConfigReader, region: string, pinnedNames: string[] | undefined): ZoneConfig {
  const availabilityZoneIds = config.stringList("availabilityZoneIds");
  if (availabilityZoneIds) {
    checkZoneIds(config, "availabilityZoneIds", availabilityZoneIds, region);
    if (availabilityZoneIds.length < PLAN_AZS.min || availabilityZoneIds.length > PLAN_AZS.max) {
      config.problem("availabilityZoneIds", availabilityZoneIds, `must list ${PLAN_AZS.min} to ${PLAN_AZS.max} zones`);
    }
    if (new Set(availabilityZoneIds).size !== availabilityZoneIds.length) {
      config.problem("availabilityZoneIds", availabilityZoneIds, "must not repeat a zone");
    }
    if (pinnedNames) {
      config.problem(
        "availabilityZones",
        pinnedNames,
        "cannot be set together with availabilityZoneIds: keep one pin (availabilityZoneIds names the same zones in every account)",
      );
    }
  }
  const configured = config.stringList("excludedZoneIds");
  if (configured) checkZoneIds(config, "excludedZoneIds", configured, region);
  const excludedZoneIds = configured ?? defaultExcludedZoneIds(zoneIdPrefix(region));
  const pinnedExcluded = (availabilityZoneIds ?? []).filter((id) => excludedZoneIds.includes(id));
  if (pinnedExcluded.length > 0) {
    config.problem(
      "availabilityZoneIds",
      availabilityZoneIds,
      `pins ${pinnedExcluded.join(", ")}, which ${configured ? "storefront:excludedZoneIds lists" : "the default exclusion list (config/excluded-zones.ts) lists"} as unsuitable: pick another zone, or set storefront:excludedZoneIds without it`,
    );
  }
  return { availabilityZoneIds, excludedZoneIds };
}

function checkZoneIds(config: ConfigReader, key: string, zoneIds: string[], region: string): void {
  const problem = zoneIds.map((id) => checkZoneId(id, region)).find((p) => p !== undefined);
  if (problem) config.problem(key, zoneIds, problem);
}
