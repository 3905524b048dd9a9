/**
 * A cell's daily traffic profile and the demand it gives at any local minute.
 *
 * Demand sits at `offPeakRps` outside the local peak window and at `peakRps` inside it. It
 * rises into the window linearly over `rampMinutes` before the window starts, and falls out
 * of it linearly over `rampMinutes` after the window ends. Pure: no Pulumi imports.
 */
import { PeakWindow } from "./schedule";

/** A cell's traffic over a day, in requests per second at the cell's load balancer. */
export interface TrafficProfile {
  /** Requests per second outside the local peak window. */
  offPeakRps: number;
  /** Requests per second inside the local peak window (at least `offPeakRps`). */
  peakRps: number;
  /** Minutes over which demand rises before the window starts and falls after it ends. */
  rampMinutes: number;
  /**
   * Requests per second the cell must be able to take, on top of its own, from a neighbour
   * whose region fails: the ceiling is sized for `peakRps + failoverRps`.
   */
  failoverRps: number;
}

const MINUTES_PER_DAY = 24 * 60;

/** Minutes from `from` forward to `to` on a 24-hour clock, 0..1439. */
function minutesForward(from: number, to: number): number {
  return (((to - from) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** Whether local `minute` lies inside the window (start inclusive, end exclusive). */
export function insideWindow(minute: number, window: PeakWindow): boolean {
  return minutesForward(window.start, minute) < minutesForward(window.start, window.end);
}

/**
 * The share of the way from off-peak to peak demand at local `minute`: 1 inside the window,
 * 0 far from it, linear on the ramps either side. The ramp into the window reaches 1 at its
 * start; the ramp out starts from 1 at its end.
 */
export function peakShare(minute: number, window: PeakWindow, rampMinutes: number): number {
  if (insideWindow(minute, window)) return 1;
  if (rampMinutes <= 0) return 0;
  const untilStart = minutesForward(minute, window.start);
  const sinceEnd = minutesForward(window.end, minute);
  const rising = untilStart <= rampMinutes ? 1 - untilStart / rampMinutes : 0;
  const falling = sinceEnd < rampMinutes ? 1 - sinceEnd / rampMinutes : 0;
  return Math.max(rising, falling, 0);
}

/** Requests per second at local `minute` (0..1439). */
export function demandAt(minute: number, window: PeakWindow, traffic: TrafficProfile): number {
  return traffic.offPeakRps + (traffic.peakRps - traffic.offPeakRps) * peakShare(minute, window, traffic.rampMinutes);
}

/** Tasks that hold `rps` at `requestsPerTaskPerMinute` each (at least one). */
export function tasksFor(rps: number, requestsPerTaskPerMinute: number): number {
  // Rounded to a millionth first so 20 rps at 1200/min is 1 task, not 1.0000000002.
  return Math.max(1, Math.ceil(Math.round(((rps * 60) / requestsPerTaskPerMinute) * 1e6) / 1e6));
}
