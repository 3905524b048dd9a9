/**
 * The report's capacity section: each cell's day in UTC in hour bands (both seasons where
 * its zone moves its clock), the N+1 verdict with the time target tracking needs, and the
 * capacity efficiency per cell and for the fleet against static peak provisioning.
 */
import {
  capacityDay,
  capacityInputOf,
  CellCapacityInput,
  CellHour,
  sameInBothSeasons,
  Season,
  SEASON_DATES,
} from "../capacity/cell-capacity";
import { Efficiency, fleetEfficiencyOf } from "../capacity/efficiency";
import { describeFailoverDetail, describeHeadroom, fleetHeadroom } from "../capacity/regional-headroom";
import { SCALE_OUT_TIMING } from "../capacity/scale-out-time";
import { formatMinuteOfDay } from "../capacity/schedule";
import { CellConfig } from "../config/cell";

/** A section heading in the report's style. */
export function heading(title: string): string {
  return `== ${title} ${"=".repeat(Math.max(3, 76 - title.length))}`;
}

/** Consecutive hours with the same demand, floor, tasks and coverage, as "HH-HH" bands. */
export function hourBands(day: readonly CellHour[]): { from: number; to: number; hour: CellHour }[] {
  const bands: { from: number; to: number; hour: CellHour }[] = [];
  for (const hour of day) {
    const last = bands[bands.length - 1];
    const same =
      last &&
      last.hour.demandRps === hour.demandRps &&
      last.hour.floorTasks === hour.floorTasks &&
      last.hour.tasks === hour.tasks &&
      last.hour.covered === hour.covered;
    if (same) last.to = hour.utcHour;
    else bands.push({ from: hour.utcHour, to: hour.utcHour, hour });
  }
  return bands;
}

function seasonLabel(season: Season): string {
  const date = SEASON_DATES[season];
  return `${season} (${date.getUTCDate()} ${date.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })})`;
}

function dayTable(cell: CellCapacityInput, season: Season, label: string): string[] {
  const lines = [`  ${label}`, "    UTC hours  demand req/s  floor  tasks  ceiling  covered"];
  for (const band of hourBands(capacityDay(cell, season))) {
    const hours = `${String(band.from).padStart(2, "0")}-${String(band.to).padStart(2, "0")}`;
    const { demandRps, floorTasks, tasks, ceilingTasks, covered } = band.hour;
    lines.push(
      `    ${hours.padEnd(9)}  ${String(Math.round(demandRps)).padStart(12)}  ${String(floorTasks).padStart(5)}  ` +
        `${String(tasks).padStart(5)}  ${String(ceilingTasks).padStart(7)}  ${covered ? "yes" : "NO"}`,
    );
  }
  return lines;
}

function cellTables(cell: CellConfig, input: CellCapacityInput): string[] {
  const window = `${formatMinuteOfDay(cell.peakWindow.start)}-${formatMinuteOfDay(cell.peakWindow.end)}`;
  const lines = [
    "",
    `${cell.stack} (${cell.timeZone}, peak ${window} local; ${input.requestsPerTarget} requests/task/min at the target, ${input.maxRequestsPerTask} at most)`,
  ];
  if (sameInBothSeasons(cell.timeZone)) lines.push(...dayTable(input, "winter", "every season (no DST shift)"));
  else for (const season of ["winter", "summer"] as const) lines.push(...dayTable(input, season, seasonLabel(season)));
  return lines;
}

function efficiencyRow(name: string, e: Efficiency): string {
  // Full use is the target unless web.maxRequestsPerTask is set above it; then both are shown.
  const atTarget = e.efficiencyAtTarget === e.efficiency ? "" : `   at the target ${e.efficiencyAtTarget.toFixed(2)}`;
  return (
    `  ${name.padEnd(16)} ${e.efficiency.toFixed(2)}   static peak ${e.staticEfficiency.toFixed(2)}${atTarget}   ` +
    `(${Math.round(e.demandedTaskHours)} task-hours demanded / ${e.provisionedTaskHours} run; ${e.staticTaskHours} static)`
  );
}

/** The capacity section of `npm run report`, as text. */
export function capacitySection(cells: readonly CellConfig[]): string {
  const lines = [heading("Capacity (web service, hour by hour in UTC)")];
  const withoutProfile = cells.filter((cell) => !capacityInputOf(cell)).map((cell) => cell.stack);
  for (const cell of cells) {
    const input = capacityInputOf(cell);
    if (input) lines.push(...cellTables(cell, input));
  }
  if (withoutProfile.length > 0) {
    lines.push("", `Not modelled (no storefront:web.traffic): ${withoutProfile.join(", ")}`);
  }

  const t = SCALE_OUT_TIMING;
  const verdict = fleetHeadroom(cells);
  lines.push(
    "",
    "N+1 regional headroom (a lost region's traffic goes to the surviving cell nearest to it)",
    `  ${describeHeadroom(verdict)}`,
    ...describeFailoverDetail(verdict).map((line) => `  ${line}`),
    `  time to scale assumes: ${t.metricPeriodSeconds} s metric period, scale-out after ${t.evaluationPeriods} periods above target plus one to publish, ` +
      `${t.taskStartSeconds} s to start a task, ${t.healthySeconds} s to pass health checks (docs/capacity.md)`,
  );

  const { cells: each, fleet } = fleetEfficiencyOf(cells);
  lines.push(
    "",
    "Capacity efficiency (task-hours demanded at full use, web.maxRequestsPerTask / task-hours run, both seasons)",
  );
  for (const cell of each) lines.push(efficiencyRow(cell.stack, cell.efficiency));
  if (fleet) lines.push(efficiencyRow("fleet", fleet));
  return lines.join("\n");
}
