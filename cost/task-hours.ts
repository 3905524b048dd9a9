/**
 * What the estimate learns of a cell's day, hour by hour in UTC, from the capacity model
 * (`capacity/cell-capacity.ts`), the one place demand turns into tasks: the web tasks target
 * tracking runs, the requests served, and from that demand the worker tasks and the Aurora
 * readers. A month is the average of the model's two reference days (January and July), so
 * a region that keeps daylight saving time is priced half the year on each clock.
 *
 * The scaled tiers (web, worker, readers) are what follow-the-sun moves; `peakOfDay` gives
 * their peak need over both seasons, which the static baselines hold all day.
 */
import type { CellConfig } from "../config/cell";
import { capacityDay, capacityInputOf, CellCapacityInput, CellHour, SEASONS } from "../capacity/cell-capacity";

/** One UTC hour of a cell as the estimate prices it. */
export interface PricedHour {
  webTasks: number;
  workerTasks: number;
  /** Aurora readers (the writer, or a secondary's first instance, not counted). */
  readers: number;
  /** Requests per second reaching the cell's load balancer, the hour's average. */
  requestsPerSecond: number;
}

/**
 * A cell without a traffic profile has no demand curve: the model runs its scheduled floors,
 * and each task is taken to serve its `requestsPerTarget` (the load target tracking holds it at).
 */
function modelInputOf(cell: CellConfig): { input: CellCapacityInput; modelled: boolean } {
  const input = capacityInputOf(cell);
  if (input) return { input, modelled: true };
  const floorsOnly = { offPeakRps: 0, peakRps: 0, rampMinutes: 0, failoverRps: 0 };
  return {
    modelled: false,
    input: {
      stack: cell.stack,
      region: cell.region,
      timeZone: cell.timeZone,
      peakWindow: cell.peakWindow,
      traffic: floorsOnly,
      schedule: cell.webSchedule,
      requestsPerTarget: cell.web.requestsPerTarget,
      maxRequestsPerTask: cell.webCapacity.maxRequestsPerTask,
      maxTasks: cell.web.maxTasks,
    },
  };
}

/**
 * Demand in units of the off-peak demand: 1 off-peak, `peakRps / offPeakRps` at the peak.
 * The worker follows it (docs/cost.md, "Baselines").
 */
function demandMultiple(cell: CellConfig, rps: number): number {
  const offPeak = cell.webCapacity.traffic?.offPeakRps;
  return offPeak ? rps / offPeak : 1;
}

/**
 * Worker tasks an hour: the worker's floor (`worker.minTasks`) holds off-peak demand, and the
 * queue grows with the shoppers, so above it the worker scales in proportion to demand, up
 * to its ceiling. An assumption (no queue-depth model); the same in the design and baselines.
 */
export function workerTasksFor(cell: CellConfig, rps: number): number {
  const { minTasks, maxTasks } = cell.background.worker;
  return Math.min(maxTasks, Math.max(minTasks, Math.ceil(minTasks * demandMultiple(cell, rps) - 1e-9)));
}

/**
 * Aurora readers an hour, from the configured range: `minReaders` at off-peak demand and
 * `maxReaders` at the most the cell must take (its peak plus what a failed neighbour sends),
 * in proportion between (rounded up). Aurora Auto Scaling targets reader CPU, which rises with
 * the reads; the range is taken to be sized for that span. Without a profile: `minReaders`.
 */
export function readersFor(cell: CellConfig, rps: number): number {
  const { minReaders, maxReaders } = cell.data.database;
  const traffic = cell.webCapacity.traffic;
  if (!traffic) return minReaders;
  const span = traffic.peakRps + traffic.failoverRps - traffic.offPeakRps;
  const share = span <= 0 ? 0 : Math.min(1, Math.max(0, (rps - traffic.offPeakRps) / span));
  return Math.min(maxReaders, minReaders + Math.ceil((maxReaders - minReaders) * share - 1e-9));
}

/** The 24 UTC hours of one season's reference day. */
export function pricedSeasonDay(cell: CellConfig, hours: readonly CellHour[], modelled: boolean): PricedHour[] {
  return hours.map((hour) => {
    const requestsPerSecond = modelled ? hour.meanDemandRps : (hour.tasks * cell.web.requestsPerTarget) / 60;
    // Workers and readers follow the hour's busiest minute, as the web tasks do.
    const busiest = modelled ? hour.demandRps : requestsPerSecond;
    return {
      webTasks: hour.tasks,
      workerTasks: modelled ? workerTasksFor(cell, busiest) : cell.background.worker.minTasks,
      readers: readersFor(cell, busiest),
      requestsPerSecond,
    };
  });
}

/** Days already worked out per config object: the estimate, the budget and the report ask often. */
const seasonsOf = new WeakMap<CellConfig, PricedHour[][]>();

/** Both seasons' reference days of a cell (winter first). */
export function pricedSeasons(cell: CellConfig): PricedHour[][] {
  let seasons = seasonsOf.get(cell);
  if (!seasons) {
    const { input, modelled } = modelInputOf(cell);
    seasons = SEASONS.map((season) => pricedSeasonDay(cell, capacityDay(input, season), modelled));
    seasonsOf.set(cell, seasons);
  }
  return seasons;
}

/** The month's average day: each UTC hour the mean of the two seasons' hours. */
export function pricedDay(cell: CellConfig): PricedHour[] {
  const seasons = pricedSeasons(cell);
  const mean = (hour: number, key: keyof PricedHour) =>
    seasons.reduce((sum, day) => sum + day[hour][key], 0) / seasons.length;
  return Array.from({ length: 24 }, (_, hour) => ({
    webTasks: mean(hour, "webTasks"),
    workerTasks: mean(hour, "workerTasks"),
    readers: mean(hour, "readers"),
    requestsPerSecond: mean(hour, "requestsPerSecond"),
  }));
}

/** The most of each scaled tier in any hour of either season: what a static fleet holds all day. */
export function peakOfDay(cell: CellConfig): Omit<PricedHour, "requestsPerSecond"> {
  const hours = pricedSeasons(cell).flat();
  return {
    webTasks: Math.max(...hours.map((h) => h.webTasks)),
    workerTasks: Math.max(...hours.map((h) => h.workerTasks)),
    readers: Math.max(...hours.map((h) => h.readers)),
  };
}

/** 24 numbers: the web tasks running during each UTC hour, the capacity model's tasks averaged over both seasons. */
export function webTasksByUtcHour(cell: CellConfig): number[] {
  return pricedDay(cell).map((hour) => hour.webTasks);
}
