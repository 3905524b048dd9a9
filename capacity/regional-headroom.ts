/**
 * N+1 regional headroom: when any one cell's region fails, its traffic moves to the surviving
 * cell nearest to it (capacity/nearest-region.ts, as Route 53 latency routing would send its
 * users), and at every UTC hour of every combination of the fleet's UTC offsets over the year
 * (capacity/offset-combinations.ts) each survivor's ceiling, every task at its most
 * (`maxRequestsPerTask`), must serve its own demand plus what it receives.
 * Pure: no Pulumi imports.
 */
import type { CellConfig } from "../config/cell";
import { capacityDayAtOffset, capacityInputOf, CellCapacityInput, CellHour } from "./cell-capacity";
import { nearestSurvivor } from "./nearest-region";
import { describeRuns, offsetCombinations } from "./offset-combinations";
import { secondsToScale } from "./scale-out-time";
import { tasksFor } from "./traffic";

/** One survivor at one hour of one failure. */
export interface HeadroomHour {
  /** The days of the year with this hour's combination of offsets, e.g. "8 Mar-28 Mar". */
  days: string;
  /** The first of those days, ISO date. */
  firstDay: string;
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
  /** The load over what the scheduled floor serves at full use, while target tracking adds tasks (1 or less: none). */
  overload: number;
}

/** The failover traffic the fleet actually sends a cell: its largest received load over all hours. */
export interface ReceivedFailover {
  stack: string;
  /** What its profile sizes the ceiling for (`web.traffic.failoverRps`). */
  failoverRps: number;
  /** The most it receives in any hour of any failure (0 when it is nobody's nearest survivor). */
  maxReceivedRps: number;
  /** The hour it receives that most, when it receives anything. */
  at?: HeadroomHour;
}

/** What a judged fleet's verdict carries besides its status. */
export interface HeadroomFindings {
  worst: HeadroomHour;
  failing: HeadroomHour[];
  /** Survivor-hours checked. */
  checked: number;
  /** Distinct combinations of the fleet's UTC offsets checked. */
  combinations: number;
  /** Per cell, in stack order. */
  received: ReceivedFailover[];
  /** The receiving hour with the largest need over the scheduled floor: the worst wait for target tracking. */
  steepest: HeadroomHour;
}

/** The fleet's N+1 verdict. */
export type HeadroomVerdict =
  | { status: "impossible"; reason: string }
  | { status: "unknown"; reason: string; withoutProfile: string[] }
  | ({ status: "holds" | "fails" } & HeadroomFindings);

/**
 * The N+1 verdict over the model inputs of every cell of a fleet, for every combination of
 * their UTC offsets on `days` (by default every day of the year).
 */
export function regionalHeadroom(fleet: readonly CellCapacityInput[], days?: readonly Date[]): HeadroomVerdict {
  // In stack order, so ties between equally bad hours are reported the same way every time.
  const cells = [...fleet].sort((a, b) => a.stack.localeCompare(b.stack));
  if (cells.length < 2) return { status: "impossible", reason: fleetOfOne(cells.map((cell) => cell.stack)) };
  const combinations = offsetCombinations(
    cells.map((cell) => cell.timeZone),
    days,
  );
  const hours: HeadroomHour[] = [];
  for (const combination of combinations) {
    const label = { days: describeRuns(combination.runs), firstDay: combination.runs[0].from };
    const dayOf = new Map(
      cells.map((cell) => [cell.stack, capacityDayAtOffset(cell, combination.offsets.get(cell.timeZone)!)]),
    );
    for (const lost of cells) {
      const survivors = cells.filter((cell) => cell !== lost);
      const takerRegion = nearestSurvivor(
        lost.region,
        survivors.map((cell) => cell.region),
      );
      const taker = survivors.find((cell) => cell.region === takerRegion)!;
      for (let utcHour = 0; utcHour < 24; utcHour++) {
        for (const survivor of survivors) {
          const own = dayOf.get(survivor.stack)![utcHour];
          const receivedRps = survivor === taker ? dayOf.get(lost.stack)![utcHour].demandRps : 0;
          hours.push(headroomHour(survivor, own, lost.stack, label, receivedRps));
        }
      }
    }
  }
  const worst = hours.reduce((a, b) => (b.marginShare < a.marginShare ? b : a));
  const failing = hours.filter((hour) => hour.marginTasks < 0);
  const receiving = hours.filter((hour) => hour.receivedRps > 0);
  const steepest = (receiving.length > 0 ? receiving : hours).reduce((a, b) =>
    b.neededTasks / b.floorTasks > a.neededTasks / a.floorTasks ? b : a,
  );
  const received = cells.map((cell) => {
    const mine = receiving.filter((hour) => hour.survivor === cell.stack);
    const at = mine.length > 0 ? mine.reduce((a, b) => (b.receivedRps > a.receivedRps ? b : a)) : undefined;
    return { stack: cell.stack, failoverRps: cell.traffic.failoverRps, maxReceivedRps: at?.receivedRps ?? 0, at };
  });
  return {
    status: failing.length > 0 ? "fails" : "holds",
    worst,
    failing,
    checked: hours.length,
    combinations: combinations.length,
    received,
    steepest,
  };
}

function fleetOfOne(stacks: readonly string[]): string {
  const fleet = stacks.length === 1 ? `one cell (${stacks[0]})` : "no cells";
  return `N+1 is impossible: a fleet of ${fleet} has no other region to take its traffic; N+1 needs at least two cells`;
}

function headroomHour(
  survivor: CellCapacityInput,
  own: CellHour,
  lost: string,
  label: { days: string; firstDay: string },
  receivedRps: number,
): HeadroomHour {
  const load = own.demandRps + receivedRps;
  const neededTasks = tasksFor(load, survivor.maxRequestsPerTask);
  const servedRps = (own.ceilingTasks * survivor.maxRequestsPerTask) / 60;
  const floorRps = (own.floorTasks * survivor.maxRequestsPerTask) / 60;
  return {
    ...label,
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
    overload: Math.round((load / floorRps) * 100) / 100,
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
  const hour = `${String(w.utcHour).padStart(2, "0")}:00 UTC (${w.days})`;
  const margin = `${w.marginTasks >= 0 ? "+" : ""}${w.marginTasks} tasks, ${Math.round(w.marginShare * 100)}% of the load`;
  const where =
    `with ${w.lost} lost, ${w.survivor} serves ${round(w.ownRps)} + ${round(w.receivedRps)} received = ${round(w.ownRps + w.receivedRps)} requests/s ` +
    `on a ceiling of ${w.ceilingTasks} tasks (needs ${w.neededTasks})`;
  if (verdict.status === "fails") {
    return `N+1 fails at ${verdict.failing.length} of ${verdict.checked} survivor-hours (${verdict.combinations} offset combinations over the year); worst ${hour}: ${where}, margin ${margin}`;
  }
  const scale =
    w.secondsToScale === 0
      ? "the scheduled floor already holds it"
      : `target tracking needs about ${Math.round(w.secondsToScale! / 60)} min from the scheduled floor of ${w.floorTasks}`;
  return `N+1 holds at every hour of ${verdict.combinations} offset combinations over the year; worst ${hour}: ${where}, margin ${margin}; ${scale}`;
}

function round(rps: number): number {
  return Math.round(rps * 10) / 10;
}

/**
 * The lines under the verdict: per cell, the failover traffic the fleet sends it against its
 * `failoverRps`, and the hour with the largest need over the scheduled floor (the overload
 * the survivor runs while target tracking adds tasks). Empty for a fleet not judged.
 */
export function describeFailoverDetail(verdict: HeadroomVerdict): string[] {
  if (verdict.status === "impossible" || verdict.status === "unknown") return [];
  const lines = verdict.received.map(({ stack, failoverRps, maxReceivedRps, at }) =>
    at
      ? `${stack} receives at most ${round(maxReceivedRps)} requests/s (${at.lost} lost, ${hourOf(at)}); failoverRps ${failoverRps}`
      : `${stack} receives nothing (no lost region's nearest survivor); failoverRps ${failoverRps}`,
  );
  const s = verdict.steepest;
  const wait =
    s.secondsToScale === undefined
      ? "the ceiling is below the need"
      : s.secondsToScale === 0
        ? "the floor already holds it"
        : `for about ${Math.round(s.secondsToScale / 60)} min`;
  lines.push(
    `largest need over the floor: ${hourOf(s)} with ${s.lost} lost, ${s.survivor} runs its floor of ${s.floorTasks} tasks ` +
      `against a need of ${s.neededTasks} (${round(s.ownRps + s.receivedRps)} requests/s, ${s.overload}x what the floor serves at full use) ${wait}`,
  );
  return lines;
}

function hourOf(hour: HeadroomHour): string {
  return `${String(hour.utcHour).padStart(2, "0")}:00 UTC (${hour.days})`;
}
