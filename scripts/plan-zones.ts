/**
 * The plan's rows on a cell's Availability Zones and zonal autoshift: each zone's name in
 * this account and its ID, whether the choice is pinned, and when practice runs may not
 * start, with what a lost zone leaves the web service (the rule of capacity/zone-loss.ts).
 */
import { blockedLocalSpan, formatSpan } from "../capacity/practice-runs";
import { checkFloorZoneLoss } from "../capacity/zone-loss";
import { CellConfig } from "../config/cell";
import { row } from "./plan-format";

/** `AZs us-east-1c = use1-az1, ...` and how they were chosen. */
export function describeZones(config: CellConfig, names: string[], zoneIds: string[]): string[] {
  const pairs = names.map((name, i) => `${name} = ${zoneIds[i]}`).join(", ");
  const how = config.availabilityZoneIds
    ? "pinned by ID (storefront:availabilityZoneIds)"
    : config.availabilityZones
      ? "pinned by name (storefront:availabilityZones)"
      : `chosen by ID, excluding ${config.excludedZoneIds.join(", ") || "none"}; pin storefront:availabilityZoneIds: [${zoneIds.join(", ")}] to keep them`;
  return [row("AZs", pairs), row("", how)];
}

/** Zonal autoshift: on or off, the blocked windows in local time and UTC, and the web floor after a zone's loss. */
export function describeAutoshift(config: CellConfig): string[] {
  const autoshift = config.zonalAutoshift;
  if (!autoshift.enabled)
    return [row("autoshift", "off (storefront:zonalAutoshift false): no zonal shift on the load balancer")];
  const local = blockedLocalSpan({
    window: config.peakWindow,
    leadMinutes: config.peakLeadMinutes,
    timeZone: config.timeZone,
  });
  const { web, azCount, webCapacity } = config;
  const check = checkFloorZoneLoss({
    floor: web.minTasks,
    zones: azCount,
    offPeakRps: webCapacity.traffic?.offPeakRps,
    maxRequestsPerTask: webCapacity.maxRequestsPerTask,
    cpuTargetPercent: web.cpuTargetPercent,
  });
  const verdict = check.holds
    ? "holds"
    : `DOES NOT HOLD: raise storefront:web.minTasks to ${check.neededFloor ?? "(no floor can, with this CPU target)"}`;
  return [
    row(
      "autoshift",
      `on: outcome alarms health + 5xx, blocking alarm web-below-floor; practice runs blocked ${formatSpan(local)} ${config.timeZone} = ${formatSpan(autoshift.blockedUtc)} UTC daily (both seasons)`,
    ),
    row(
      "",
      `web floor ${check.floor} with one of ${azCount} zones shifted away leaves ${check.tasksLeft} tasks for ${check.loadTasks} tasks' load (${check.loadFrom}): ${verdict}`,
    ),
  ];
}
