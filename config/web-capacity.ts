/**
 * The web service's capacity keys: the traffic profile (`storefront:web.traffic`), the most a
 * task serves (`storefront:web.maxRequestsPerTask`) and the three task counts, which are
 * derived from the profile unless set. Read once, here, so the stacks, the plan and the
 * report use the same numbers.
 */
import { deriveWebTasks, WebTaskCounts, WebTaskSources } from "../capacity/sizing";
import { TrafficProfile } from "../capacity/traffic";
import { TASK_COUNT } from "./limits";
import { ConfigReader } from "./reader";

/** Fields of `storefront:web` this module reads. */
export const WEB_CAPACITY_FIELDS = ["traffic", "maxRequestsPerTask"] as const;

/** Fields of `storefront:web.traffic`. */
export const TRAFFIC_FIELDS = ["offPeakRps", "peakRps", "rampMinutes", "failoverRps"] as const;

/** Requests per second a profile may name: a cell of more than a million would be several cells. */
export const TRAFFIC_RPS = { min: 1, max: 1_000_000 };

/** Ramp into and out of the peak: at most four hours each way. */
export const RAMP_MINUTES = { min: 0, max: 240, default: 60 };

/** The web service's capacity model inputs and where its task counts came from. */
export interface WebCapacityConfig {
  /** The daily traffic profile, when the stack file gives one. */
  traffic?: TrafficProfile;
  /** Requests per task per minute a task serves before latency suffers (default: `requestsPerTarget`). */
  maxRequestsPerTask: number;
  /** Requests per task per minute target tracking holds (`web.requestsPerTarget`). */
  requestsPerTarget: number;
  /** Whether each task count was derived from the profile, set in config, or the reader's default. */
  sources: WebTaskSources;
}

/** The task counts and the capacity model inputs of `storefront:web`. */
export function readWebCapacity(
  web: ConfigReader,
  requestsPerTarget: number,
  azCount: number,
): { counts: WebTaskCounts; capacity: WebCapacityConfig } {
  const maxRequestsPerTask = web.integer("maxRequestsPerTask", requestsPerTarget, { min: 10, max: 1_000_000 });
  if (maxRequestsPerTask < requestsPerTarget) {
    web.problem(
      "maxRequestsPerTask",
      maxRequestsPerTask,
      `must be at least requestsPerTarget (${requestsPerTarget}): target tracking holds each task at requestsPerTarget, so a task must be able to serve that many`,
    );
  }
  const traffic = web.has("traffic") ? readTraffic(web) : undefined;

  const explicit: Partial<WebTaskCounts> = {};
  for (const key of ["minTasks", "peakMinTasks", "maxTasks"] as const) {
    if (web.has(key)) explicit[key] = web.integer(key, 1, TASK_COUNT);
  }
  let counts: WebTaskCounts;
  let sources: WebTaskSources;
  if (traffic) {
    ({ counts, sources } = deriveWebTasks(traffic, requestsPerTarget, explicit, {
      zones: azCount,
      maxRequestsPerTask,
    }));
    // One problem for the profile, naming the largest count it asks for.
    const tooMany = (["maxTasks", "peakMinTasks", "minTasks"] as const).filter(
      (key) => sources[key] === "derived" && counts[key] > TASK_COUNT.max,
    );
    if (tooMany.length > 0) {
      web.problem(
        "traffic",
        web.raw("traffic"),
        `needs ${counts[tooMany[0]]} tasks for ${tooMany[0]} at requestsPerTarget ${requestsPerTarget}, more than the ${TASK_COUNT.max} a service may run: raise requestsPerTarget (with a larger task) or split the traffic over more cells`,
      );
      for (const key of tooMany) counts[key] = TASK_COUNT.max;
    }
  } else {
    // Without a profile: the defaults the reader has always used.
    const minTasks = explicit.minTasks ?? 2;
    const peakMinTasks = explicit.peakMinTasks ?? Math.max(minTasks, 4);
    counts = { minTasks, peakMinTasks, maxTasks: explicit.maxTasks ?? Math.max(peakMinTasks, 20) };
    const source = (key: keyof WebTaskCounts) => (explicit[key] === undefined ? "default" : "explicit");
    sources = { minTasks: source("minTasks"), peakMinTasks: source("peakMinTasks"), maxTasks: source("maxTasks") };
  }
  return { counts, capacity: { traffic, maxRequestsPerTask, requestsPerTarget, sources } };
}

/**
 * `storefront:web.traffic`: every field checked, each problem naming its key. A value that is
 * not a mapping is one problem, not one per missing field; undefined then.
 */
function readTraffic(web: ConfigReader): TrafficProfile | undefined {
  const value = web.raw("traffic");
  const isMapping = typeof value === "object" && value !== null && !Array.isArray(value);
  const traffic = web.object("traffic", TRAFFIC_FIELDS);
  if (!isMapping) return undefined;
  const offPeakRps = traffic.integer("offPeakRps", 0, TRAFFIC_RPS);
  const peakRps = traffic.integer("peakRps", 0, TRAFFIC_RPS);
  for (const key of ["offPeakRps", "peakRps"]) {
    if (!traffic.has(key)) traffic.problem(key, undefined, `is required in a traffic profile (requests per second)`);
  }
  // Compared only when both are usable: a missing or bad one is already reported.
  const usable = (key: string, v: number) => traffic.has(key) && v >= TRAFFIC_RPS.min;
  if (usable("offPeakRps", offPeakRps) && usable("peakRps", peakRps) && peakRps < offPeakRps) {
    traffic.problem("peakRps", peakRps, `must be at least offPeakRps (${offPeakRps})`);
  }
  const rampMinutes = traffic.integer("rampMinutes", RAMP_MINUTES.default, RAMP_MINUTES);
  const failoverRps = traffic.integer("failoverRps", peakRps, { min: 0, max: TRAFFIC_RPS.max });
  return { offPeakRps, peakRps, rampMinutes, failoverRps };
}
