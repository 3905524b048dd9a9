/**
 * Capacity efficiency: the task-hours the demand needs, every task at its most
 * (`maxRequestsPerTask`), divided by the task-hours actually provisioned, hour by hour over
 * both seasons' reference days. Beside it, the same demand on static peak provisioning (the
 * day's most tasks held all day), which is what follow-the-sun saves against.
 * Pure: no Pulumi imports.
 */
import type { CellConfig } from "../config/cell";
import { capacityDay, capacityInputOf, CellCapacityInput, SEASONS } from "./cell-capacity";

/** Task-hours over both reference days and their ratios. */
export interface Efficiency {
  /** Task-hours the demand needs at full use (average demand of each hour / per-task capacity). */
  demandedTaskHours: number;
  /** Task-hours follow-the-sun runs (each hour's tasks). */
  provisionedTaskHours: number;
  /** Task-hours with the day's most tasks held all day. */
  staticTaskHours: number;
  /** demanded / provisioned. */
  efficiency: number;
  /** demanded / static. */
  staticEfficiency: number;
  /**
   * The task-hours the demand needs at the scaling target (`requestsPerTarget`) over those
   * provisioned: what the tasks run at on average against what target tracking aims for.
   * Equal to `efficiency` when `maxRequestsPerTask` is left at its default (the target).
   */
  efficiencyAtTarget: number;
}

/** One cell's efficiency over both seasons. */
export function cellEfficiency(cell: CellCapacityInput): Efficiency {
  let demanded = 0;
  let atTarget = 0;
  let provisioned = 0;
  let statik = 0;
  for (const season of SEASONS) {
    const day = capacityDay(cell, season);
    for (const hour of day) {
      demanded += (hour.meanDemandRps * 60) / cell.maxRequestsPerTask;
      atTarget += (hour.meanDemandRps * 60) / cell.requestsPerTarget;
      provisioned += hour.tasks;
    }
    statik += 24 * Math.max(...day.map((hour) => hour.tasks));
  }
  return ratios(demanded, provisioned, statik, atTarget);
}

/** The fleet's efficiency: every cell's task-hours summed (cells without a profile are left out). */
export function fleetEfficiency(cells: readonly CellCapacityInput[]): Efficiency {
  const each = cells.map(cellEfficiency);
  return ratios(
    sum(each.map((e) => e.demandedTaskHours)),
    sum(each.map((e) => e.provisionedTaskHours)),
    sum(each.map((e) => e.staticTaskHours)),
    sum(each.map((e) => e.efficiencyAtTarget * e.provisionedTaskHours)),
  );
}

/** Per-cell and fleet efficiency of the cells of a fleet that have a traffic profile. */
export function fleetEfficiencyOf(cells: readonly CellConfig[]): {
  cells: { stack: string; efficiency: Efficiency }[];
  fleet: Efficiency | undefined;
} {
  const inputs = cells.map(capacityInputOf).filter((input): input is CellCapacityInput => input !== undefined);
  return {
    cells: inputs.map((input) => ({ stack: input.stack, efficiency: cellEfficiency(input) })),
    fleet: inputs.length > 0 ? fleetEfficiency(inputs) : undefined,
  };
}

function ratios(demanded: number, provisioned: number, statik: number, atTarget: number): Efficiency {
  const r = (value: number) => Math.round(value * 1000) / 1000;
  return {
    demandedTaskHours: r(demanded),
    provisionedTaskHours: provisioned,
    staticTaskHours: statik,
    efficiency: r(demanded / provisioned),
    staticEfficiency: r(demanded / statik),
    efficiencyAtTarget: r(atTarget / provisioned),
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
