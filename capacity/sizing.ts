/**
 * The web service's floors and ceiling derived from a traffic profile: the off-peak floor
 * holds off-peak demand with one Availability Zone lost, the peak floor holds the peak without waiting for scaling, and the
 * ceiling holds the peak plus what a failed neighbour sends (`failoverRps`). Values set
 * explicitly in config win; the derived ones are fitted around them so that
 * min <= peak floor <= ceiling still holds. Pure: no Pulumi imports.
 */
import { tasksFor, TrafficProfile } from "./traffic";
import { offPeakLoadTasks, zoneSafeFloor } from "./zone-loss";

/** Where a task count came from: derived from the traffic profile, set in config, or the reader's default. */
export type TaskCountSource = "derived" | "explicit" | "default";

/** The three task counts the scheduled actions and the scalable target use. */
export interface WebTaskCounts {
  minTasks: number;
  peakMinTasks: number;
  maxTasks: number;
}

/** Each task count's source. */
export type WebTaskSources = Record<keyof WebTaskCounts, TaskCountSource>;

/** What the off-peak floor must survive: the loss of one of the cell's zones (capacity/zone-loss.ts). */
export interface FloorRule {
  /** The cell's Availability Zones (`storefront:azCount`). */
  zones: number;
  /** Requests per task per minute a task serves before latency suffers. */
  maxRequestsPerTask: number;
}

/**
 * What the profile alone asks for, before explicit values are taken into account. The
 * off-peak floor is at least one task per zone and holds off-peak demand with a zone shifted
 * away (zonal autoshift's practice runs happen off-peak, at the floor).
 */
export function tasksFromProfile(traffic: TrafficProfile, requestsPerTarget: number, rule: FloorRule): WebTaskCounts {
  const minTasks = zoneSafeFloor(
    rule.zones,
    offPeakLoadTasks(traffic.offPeakRps, rule.maxRequestsPerTask),
    tasksFor(traffic.offPeakRps, requestsPerTarget),
  );
  const peakMinTasks = Math.max(minTasks, tasksFor(traffic.peakRps, requestsPerTarget));
  const maxTasks = Math.max(peakMinTasks, tasksFor(traffic.peakRps + traffic.failoverRps, requestsPerTarget));
  return { minTasks, peakMinTasks, maxTasks };
}

/**
 * The task counts for a cell with a traffic profile: each explicit value as set, each other
 * one derived and fitted between the explicit ones (a derived floor never exceeds an
 * explicit peak floor or ceiling; a derived ceiling is never below the peak floor).
 */
export function deriveWebTasks(
  traffic: TrafficProfile,
  requestsPerTarget: number,
  explicit: Partial<WebTaskCounts>,
  rule: FloorRule,
): { counts: WebTaskCounts; sources: WebTaskSources } {
  const derived = tasksFromProfile(traffic, requestsPerTarget, rule);
  const minTasks =
    explicit.minTasks ?? Math.min(derived.minTasks, explicit.peakMinTasks ?? Infinity, explicit.maxTasks ?? Infinity);
  const peakMinTasks =
    explicit.peakMinTasks ?? Math.min(Math.max(derived.peakMinTasks, minTasks), explicit.maxTasks ?? Infinity);
  const maxTasks = explicit.maxTasks ?? Math.max(derived.maxTasks, peakMinTasks);
  const source = (key: keyof WebTaskCounts): TaskCountSource => (explicit[key] === undefined ? "derived" : "explicit");
  return {
    counts: { minTasks, peakMinTasks, maxTasks },
    sources: { minTasks: source("minTasks"), peakMinTasks: source("peakMinTasks"), maxTasks: source("maxTasks") },
  };
}
