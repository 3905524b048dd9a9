/**
 * A cell's web capacity hour by hour over a day in UTC: the demand its traffic profile gives,
 * the floor its follow-the-sun scheduled actions set (the actions the config reader built
 * with followTheSunSchedule, not a second derivation), the tasks target tracking runs, and
 * whether the ceiling holds the demand. The cost model and the report read these rows.
 *
 * Each UTC hour is taken at its busiest minute: the demand row is the hour's highest, and the
 * tasks are those that minute needs, held for the whole hour (target tracking scales in
 * slowly, so this is close to what runs). `meanDemandRps` is the hour's average, for what is
 * actually served. Pure: no Pulumi imports.
 */
import type { CellConfig } from "../config/cell";
import { instantOf, PeakWindow, ScheduledCapacity } from "./schedule";
import { demandAt, tasksFor, TrafficProfile } from "./traffic";

/** Which reference day: 15 January or 15 July (northern winter and summer, so DST is off and on). */
export type Season = "winter" | "summer";

export const SEASONS: readonly Season[] = ["winter", "summer"];

/** The reference dates (UTC days) the two seasons are computed for. */
export const SEASON_DATES: Record<Season, Date> = {
  winter: new Date("2026-01-15T00:00:00Z"),
  summer: new Date("2026-07-15T00:00:00Z"),
};

/** One UTC hour of one cell. */
export interface CellHour {
  /** 0..23, UTC. */
  utcHour: number;
  /** The hour's busiest minute, requests per second. */
  demandRps: number;
  /** The hour's average, requests per second. */
  meanDemandRps: number;
  /** The highest floor the scheduled actions set during the hour. */
  floorTasks: number;
  /** Tasks target tracking runs: ceil(demand / per-task target), clamped to [floor, ceiling]. */
  tasks: number;
  /** The service's ceiling (maxTasks). */
  ceilingTasks: number;
  /** Whether the ceiling's tasks, each at its most (`maxRequestsPerTask`), serve the hour's demand. */
  covered: boolean;
}

/** What the model needs of a cell: its clock, its profile, its schedule and its task sizes. */
export interface CellCapacityInput {
  stack: string;
  region: string;
  timeZone: string;
  peakWindow: PeakWindow;
  traffic: TrafficProfile;
  /** The scheduled actions (followTheSunSchedule's output). */
  schedule: readonly ScheduledCapacity[];
  /** Requests per task per minute target tracking holds. */
  requestsPerTarget: number;
  /** Requests per task per minute a task serves before latency suffers. */
  maxRequestsPerTask: number;
  /** The ceiling. */
  maxTasks: number;
}

/** The model's input for a cell, or undefined when its stack file has no traffic profile. */
export function capacityInputOf(cell: CellConfig): CellCapacityInput | undefined {
  const { traffic, requestsPerTarget, maxRequestsPerTask } = cell.webCapacity;
  if (!traffic) return undefined;
  return {
    stack: cell.stack,
    region: cell.region,
    timeZone: cell.timeZone,
    peakWindow: cell.peakWindow,
    traffic,
    schedule: cell.webSchedule,
    requestsPerTarget,
    maxRequestsPerTask,
    maxTasks: cell.web.maxTasks,
  };
}

/** The UTC offset of `timeZone` on the reference day, minutes east of UTC. */
export function utcOffsetMinutes(timeZone: string, day: Date): number {
  const key = `${timeZone} ${day.toISOString()}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const midnightUtc = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    offset = Math.round((midnightUtc - instantOf(0, timeZone, day)) / 60_000);
    offsets.set(key, offset);
  }
  return offset;
}

/** Offsets already worked out: Intl is slow to ask, and a zone's offset on a date never changes. */
const offsets = new Map<string, number>();

/**
 * The floor the scheduled actions leave in place at each local minute of the day: the last
 * action fired, round the clock.
 */
export function floorsByMinute(schedule: readonly ScheduledCapacity[]): number[] {
  if (schedule.length === 0) throw new Error("a cell's web schedule has no actions");
  const fired = schedule
    .map((action) => {
      const [hours, minutes] = action.localTime.split(":").map(Number);
      return { at: hours * 60 + minutes, floor: action.minCapacity };
    })
    .sort((a, b) => a.at - b.at);
  let floor = fired[fired.length - 1].floor;
  const floors: number[] = [];
  for (let minute = 0; minute < 1440; minute++) {
    for (const action of fired) if (action.at === minute) floor = action.floor;
    floors.push(floor);
  }
  return floors;
}

/** A cell's 24 UTC hours on the season's reference day. */
export function capacityDay(cell: CellCapacityInput, season: Season): CellHour[] {
  return capacityDayAtOffset(cell, utcOffsetMinutes(cell.timeZone, SEASON_DATES[season]));
}

/** A cell's 24 UTC hours on a day its zone is `offset` minutes east of UTC. */
export function capacityDayAtOffset(cell: CellCapacityInput, offset: number): CellHour[] {
  const floors = floorsByMinute(cell.schedule);
  const hours: CellHour[] = [];
  for (let utcHour = 0; utcHour < 24; utcHour++) {
    let demandRps = 0;
    let total = 0;
    let floorTasks = 0;
    for (let minute = utcHour * 60; minute < utcHour * 60 + 60; minute++) {
      const local = (((minute + offset) % 1440) + 1440) % 1440;
      const demand = demandAt(local, cell.peakWindow, cell.traffic);
      demandRps = Math.max(demandRps, demand);
      total += demand;
      floorTasks = Math.max(floorTasks, floors[local]);
    }
    const wanted = tasksFor(demandRps, cell.requestsPerTarget);
    hours.push({
      utcHour,
      demandRps: round(demandRps),
      meanDemandRps: round(total / 60),
      floorTasks,
      tasks: Math.min(Math.max(wanted, floorTasks), cell.maxTasks),
      ceilingTasks: cell.maxTasks,
      covered: (cell.maxTasks * cell.maxRequestsPerTask) / 60 >= demandRps - 1e-9,
    });
  }
  return hours;
}

/** A cell's 24 UTC hours for a season; throws for a cell without a traffic profile. */
export function cellCapacityDay(cell: CellConfig, season: Season): CellHour[] {
  const input = capacityInputOf(cell);
  if (!input) {
    throw new Error(`stack "${cell.stack}" has no traffic profile (storefront:web.traffic): its demand is unknown`);
  }
  return capacityDay(input, season);
}

/** Whether a cell's zone keeps the same UTC offset in both seasons (no DST, or none that moves its day). */
export function sameInBothSeasons(timeZone: string): boolean {
  return utcOffsetMinutes(timeZone, SEASON_DATES.winter) === utcOffsetMinutes(timeZone, SEASON_DATES.summer);
}

/** Rounded to a thousandth, so tables and specs are not at the mercy of float noise. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
