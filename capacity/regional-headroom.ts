/**
 * N+1 regional headroom: when any one cell's region fails, its traffic moves to the surviving
 * cell nearest to it (capacity/nearest-region.ts, as Route 53 latency routing would send its
 * users), and at every UTC hour of both seasons each survivor's ceiling, every task at its
 * most (`maxRequestsPerTask`), must serve its own demand plus what it receives.
 * Pure: no Pulumi imports.
 */
import type { CellConfig } from "../config/cell";
import { capacityDay, capacityInputOf, CellCapacityInput, CellHour, Season, SEASONS } from "./cell-capacity";
import { nearestSurvivor } from "./nearest-region";
import { secondsToScale } from "./scale-out-time";
import { tasksFor } from "./traffic";

/** One survivor at one hour of one failure. */
export interface HeadroomHour {
  season: Season;
  utcHour: number;
  /** The stack whose region failed. */
  lost: string;
  /** The stack that takes its traffic. */
  survivor: string;
  /** The survivor's own demand and what it receives, requests per second. */
  ownRps: number;
  receivedRps: number;
  /** Tasks that serve both at `maxRequestsPerTask` each. */
  neededTasks: number;
  /** The survivor's scheduled floor and ceiling at that hour. */
  floorTasks: number;
  ceilingTasks: number;
  /** Ceiling minus need, tasks (negative when it fails). */
  marginTasks: number;
  /** What the ceiling serves beyond the load, as a share of the load (negative when it fails). */
  marginShare: number;
  /** Seconds target tracking needs from the scheduled floor to the need; undefined when the ceiling is too low. */
  secondsToScale: number | undefined;
}

/** The fleet's N+1 verdict. */
export type HeadroomVerdict =
  | { status: "impossible"; reason: string }
  | { status: "unknown"; reason: string; withoutProfile: string[] }
  | { status: "holds" | "fails"; worst: HeadroomHour; failing: HeadroomHour[]; checked: number };

/** The N+1 verdict over the model inputs of every cell of a fleet. */
export function regionalHeadroom(fleet: readonly CellCapacityInput[]): HeadroomVerdict {
  // In stack order, so ties between equally bad hours are reported the same way every time.
  const cells = [...fleet].sort((a, b) => a.stack.localeCompare(b.stack));
  if (cells.length < 2) return { status: "impossible", reason: fleetOfOne(cells.map((cell) => cell.stack)) };
  const days = new Map<string, Record<Season, CellHour[]>>();
  for (const cell of cells) {
    days.set(cell.stack, { winter: capacityDay(cell, "winter"), summer: capacityDay(cell, "summer") });
  }
  const hours: HeadroomHour[] = [];
  for (const lost of cells) {
    const survivors = cells.filter((cell) => cell !== lost);
    const takerRegion = nearestSurvivor(
      lost.region,
      survivors.map((cell) => cell.region),
    );
    const taker = survivors.find((cell) => cell.region === takerRegion)!;
    for (const season of SEASONS) {
      for (let utcHour = 0; utcHour < 24; utcHour++) {
        for (const survivor of survivors) {
          const own = days.get(survivor.stack)![season][utcHour];
          const receivedRps = survivor === taker ? days.get(lost.stack)![season][utcHour].demandRps : 0;
          hours.push(headroomHour(survivor, own, lost.stack, season, receivedRps));
        }
      }
    }
  }
  const worst = hours.reduce((a, b) => (b.marginShare < a.marginShare ? b : a));
  const failing = hours.filter((hour) => hour.marginTasks < 0);
  return { status: failing.length > 0 ? "fails" : "holds", worst, failing, checked: hours.length };
}

function fleetOfOne(stacks: readonly string[]): string {
  const fleet = stacks.length === 1 ? `one cell (${stacks[0]})` : "no cells";
  return `N+1 is impossible: a fleet of ${fleet} has no other region to take its traffic; N+1 needs at least two cells`;
}

function headroomHour(
  survivor: CellCapacityInput,
  own: CellHour,
  lost: string,
  season: Season,
  receivedRps: number,
): HeadroomHour {
  const load = own.demandRps + receivedRps;
  const neededTasks = tasksFor(load, survivor.maxRequestsPerTask);
  const servedRps = (own.ceilingTasks * survivor.maxRequestsPerTask) / 60;
  return {
    season,
    utcHour: own.utcHour,
    lost,
    survivor: survivor.stack,
    ownRps: own.demandRps,
    receivedRps,
    neededTasks,
    floorTasks: own.floorTasks,
    ceilingTasks: own.ceilingTasks,
    marginTasks: own.ceilingTasks - neededTasks,
    marginShare: Math.round(((servedRps - load) / load) * 1000) / 1000,
    secondsToScale: secondsToScale(own.floorTasks, neededTasks, own.ceilingTasks),
  };
}

/**
 * The verdict for a fleet's cell configs. Cells without a traffic profile make it unknown
 * (their demand is not modelled), except that a fleet of one is impossible whatever it says.
 */
export function fleetHeadroom(cells: readonly CellConfig[]): HeadroomVerdict {
  if (cells.length < 2) return { status: "impossible", reason: fleetOfOne(cells.map((cell) => cell.stack)) };
  const inputs = cells.map(capacityInputOf);
  const withoutProfile = cells.filter((_, i) => inputs[i] === undefined).map((cell) => cell.stack);
  if (withoutProfile.length > 0) {
    return {
      status: "unknown",
      reason: `N+1 cannot be judged: ${withoutProfile.join(", ")} ${withoutProfile.length === 1 ? "has" : "have"} no traffic profile (storefront:web.traffic)`,
      withoutProfile,
    };
  }
  return regionalHeadroom(inputs as CellCapacityInput[]);
}

/** One line per verdict, for the plan's warning, the report and the program's error. */
export function describeHeadroom(verdict: HeadroomVerdict): string {
  if (verdict.status === "impossible" || verdict.status === "unknown") return verdict.reason;
  const w = verdict.worst;
  const hour = `${String(w.utcHour).padStart(2, "0")}:00 UTC (${w.season})`;
  const margin = `${w.marginTasks >= 0 ? "+" : ""}${w.marginTasks} tasks, ${Math.round(w.marginShare * 100)}% of the load`;
  const where =
    `with ${w.lost} lost, ${w.survivor} serves ${round(w.ownRps)} + ${round(w.receivedRps)} received = ${round(w.ownRps + w.receivedRps)} requests/s ` +
    `on a ceiling of ${w.ceilingTasks} tasks (needs ${w.neededTasks})`;
  if (verdict.status === "fails") {
    return `N+1 fails at ${verdict.failing.length} of ${verdict.checked} survivor-hours; worst ${hour}: ${where}, margin ${margin}`;
  }
  const scale =
    w.secondsToScale === 0
      ? "the scheduled floor already holds it"
      : `target tracking needs about ${Math.round(w.secondsToScale! / 60)} min from the scheduled floor of ${w.floorTasks}`;
  return `N+1 holds at every hour; worst ${hour}: ${where}, margin ${margin}; ${scale}`;
}

function round(rps: number): number {
  return Math.round(rps * 10) / 10;
}
