/**
 * Cell configs for the capacity specs: a fixture fleet's stack file with the web service's
 * task counts and traffic profile removed (so a spec sets what it tests), and any other edits.
 */
import { CellCapacityInput } from "../../capacity/cell-capacity";
import { followTheSunSchedule, parsePeakWindow } from "../../capacity/schedule";
import { deriveWebTasks, WebTaskCounts } from "../../capacity/sizing";
import { CellConfig, readCellConfig } from "../../config/cell";
import { fixtureRaw } from "../fixtures/three-cells";

export interface CellEdits {
  /** The fixture stack file to start from (its region and identity). */
  from?: string;
  timeZone?: string;
  peakWindow?: string;
  peakLeadMinutes?: number;
  /** Fields set on `storefront:web` (a field set to `undefined` is removed). */
  web?: Record<string, unknown>;
  /** Other raw keys. */
  raw?: Record<string, string>;
}

/** The fixture's raw config of `stack`, without its web task counts and traffic profile, with `edits` applied. */
export function capacityRaw(stack: string, edits: CellEdits = {}): Record<string, string> {
  const raw: Record<string, string> = { ...fixtureRaw(edits.from ?? stack), ...edits.raw };
  const web = JSON.parse(raw["storefront:web"]) as Record<string, unknown>;
  for (const key of ["minTasks", "peakMinTasks", "maxTasks", "traffic"]) delete web[key];
  for (const [key, value] of Object.entries(edits.web ?? {})) {
    if (value === undefined) delete web[key];
    else web[key] = value;
  }
  raw["storefront:web"] = JSON.stringify(web);
  if (edits.timeZone) raw["storefront:timeZone"] = edits.timeZone;
  if (edits.peakWindow) raw["storefront:peakWindow"] = edits.peakWindow;
  if (edits.peakLeadMinutes !== undefined) raw["storefront:peakLeadMinutes"] = String(edits.peakLeadMinutes);
  return raw;
}

const read = new Map<string, CellConfig>();

/** The cell config of `capacityRaw(stack, edits)` (read once per process for the same edits). */
export function capacityCell(stack: string, edits: CellEdits = {}): CellConfig {
  const key = `${stack} ${JSON.stringify(edits)}`;
  let config = read.get(key);
  if (!config) read.set(key, (config = readCellConfig(capacityRaw(stack, edits), stack)));
  return config;
}

/** What `modelCell` builds a model input from. */
export interface ModelCellArgs {
  stack: string;
  region: string;
  timeZone: string;
  peakWindow: string;
  leadMinutes?: number;
  traffic: { offPeakRps: number; peakRps: number; rampMinutes?: number; failoverRps?: number };
  requestsPerTarget?: number;
  maxRequestsPerTask?: number;
  /** Task counts set explicitly; the others are derived. */
  explicit?: Partial<WebTaskCounts>;
  /** Availability Zones (the reader's default: 3). */
  azCount?: number;
}

/**
 * A cell's model input built without the config reader (which is thorough and slow): the
 * task counts derived as the reader derives them, the schedule from followTheSunSchedule.
 */
export function modelCell(args: ModelCellArgs): CellCapacityInput {
  const parsed = parsePeakWindow(args.peakWindow);
  if (!("window" in parsed)) throw new Error(parsed.error);
  const requestsPerTarget = args.requestsPerTarget ?? 1200;
  const traffic = {
    rampMinutes: 60,
    failoverRps: args.traffic.peakRps,
    ...args.traffic,
  };
  const { counts } = deriveWebTasks(traffic, requestsPerTarget, args.explicit ?? {}, {
    zones: args.azCount ?? 3,
    maxRequestsPerTask: args.maxRequestsPerTask ?? requestsPerTarget,
  });
  return {
    stack: args.stack,
    region: args.region,
    timeZone: args.timeZone,
    peakWindow: parsed.window,
    traffic,
    schedule: followTheSunSchedule({
      window: parsed.window,
      leadMinutes: args.leadMinutes ?? 30,
      timeZone: args.timeZone,
      baseMin: counts.minTasks,
      peakMin: counts.peakMinTasks,
      max: counts.maxTasks,
    }),
    requestsPerTarget,
    maxRequestsPerTask: args.maxRequestsPerTask ?? requestsPerTarget,
    maxTasks: counts.maxTasks,
  };
}
