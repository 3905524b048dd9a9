/**
 * The monthly estimate: each stack's bill of materials priced from cost/prices.ts, per row,
 * per component and per stack, the fleet's total, and the two baselines at the same peak
 * capacity (the fleet provisioned statically for its peak all day; that static fleet on x86
 * on-demand only). Pure. It is an estimate: `LEFT_OUT` lists what it does not price.
 */
import type { CellConfig } from "../config/cell";
import {
  cellBill,
  cellMonthlyRequests,
  BillLine,
  EdgeCellLoad,
  globalBill,
  Scenario,
  SCENARIOS,
} from "./bill-of-materials";
import { Price, PRICES, priceOf } from "./prices";

/** The edge's resources (WAF, Route 53 health checks, CloudFront's certificate) are priced in us-east-1. */
export const EDGE_PRICE_REGION = "us-east-1";

export interface CostRow extends BillLine {
  unitPrice: Price;
  /** USD a month: quantity x unit price x factor. */
  monthlyUsd: number;
}

export interface StackEstimate {
  stack: string;
  rows: CostRow[];
  /** USD a month per component, in the order components first appear. */
  byComponent: { component: string; monthlyUsd: number }[];
  monthlyUsd: number;
}

/** Prices every line; the first line without a price throws its `PriceError`. */
export function priceBill(stack: string, lines: BillLine[], prices = PRICES): StackEstimate {
  const rows = lines.map((line) => {
    const unitPrice = priceOf(line.region, line.price, prices);
    return { ...line, unitPrice, monthlyUsd: line.quantity * unitPrice.usd * line.factor };
  });
  const byComponent: { component: string; monthlyUsd: number }[] = [];
  for (const row of rows) {
    const found = byComponent.find((c) => c.component === row.component);
    if (found) found.monthlyUsd += row.monthlyUsd;
    else byComponent.push({ component: row.component, monthlyUsd: row.monthlyUsd });
  }
  return { stack, rows, byComponent, monthlyUsd: rows.reduce((sum, row) => sum + row.monthlyUsd, 0) };
}

export function cellEstimate(cell: CellConfig, scenario: Scenario = "design", prices = PRICES): StackEstimate {
  return priceBill(cell.stack, cellBill(cell, scenario), prices);
}

/** What the edge knows of a cell from its config: region and monthly requests. */
export function edgeLoadOf(cell: CellConfig): EdgeCellLoad {
  return { stack: cell.stack, region: cell.region, monthlyRequests: cellMonthlyRequests(cell) };
}

export function globalEstimate(stack: string, cells: EdgeCellLoad[], prices = PRICES): StackEstimate {
  return priceBill(stack, globalBill(cells, EDGE_PRICE_REGION), prices);
}

export interface FleetEstimate {
  /** Every stack in deploy order, as designed. */
  stacks: StackEstimate[];
  monthlyUsd: number;
  /** (a) The same fleet provisioned statically for its peak all day. */
  staticPeakUsd: number;
  /** (b) That static fleet on x86 (Fargate and the broker) and on-demand Fargate only. */
  staticPeakX86OnDemandUsd: number;
  /** The design's cost as a share of (a) and of (b). */
  ratioToStaticPeak: number;
  ratioToStaticPeakX86OnDemand: number;
  /** The same three figures and ratios for the scaled tiers alone (web, worker, Aurora readers). */
  scaledTiers: ScenarioTotals;
}

/** The design and both baselines over some of the rows, and the design's share of each baseline. */
export interface ScenarioTotals {
  designUsd: number;
  staticPeakUsd: number;
  staticPeakX86OnDemandUsd: number;
  ratioToStaticPeak: number;
  ratioToStaticPeakX86OnDemand: number;
}

function totals(sums: Record<Scenario, number>): ScenarioTotals {
  return {
    designUsd: sums.design,
    staticPeakUsd: sums["static-peak"],
    staticPeakX86OnDemandUsd: sums["static-peak-x86-on-demand"],
    ratioToStaticPeak: sums.design / sums["static-peak"],
    ratioToStaticPeakX86OnDemand: sums.design / sums["static-peak-x86-on-demand"],
  };
}

/** The goal: the design costs at most this share of baseline (b). */
export const RATIO_GOAL = 0.6;

/** The estimate of a fleet: its cells (deploy order) and, when it has one, its global stack. */
export function fleetEstimate(cells: CellConfig[], globalStack?: string, prices = PRICES): FleetEstimate {
  const edge = globalStack ? [globalEstimate(globalStack, cells.map(edgeLoadOf), prices)] : [];
  const edgeUsd = edge.reduce((sum, stack) => sum + stack.monthlyUsd, 0);
  const whole = {} as Record<Scenario, number>;
  const scaled = {} as Record<Scenario, number>;
  for (const scenario of SCENARIOS) {
    const estimates = cells.map((cell) => cellEstimate(cell, scenario, prices));
    whole[scenario] = estimates.reduce((sum, stack) => sum + stack.monthlyUsd, 0) + edgeUsd;
    scaled[scenario] = estimates
      .flatMap((stack) => stack.rows)
      .filter((row) => row.scaled)
      .reduce((sum, row) => sum + row.monthlyUsd, 0);
  }
  const stacks = [...cells.map((cell) => cellEstimate(cell, "design", prices)), ...edge];
  const all = totals(whole);
  return {
    stacks,
    monthlyUsd: all.designUsd,
    staticPeakUsd: all.staticPeakUsd,
    staticPeakX86OnDemandUsd: all.staticPeakX86OnDemandUsd,
    ratioToStaticPeak: all.ratioToStaticPeak,
    ratioToStaticPeakX86OnDemand: all.ratioToStaticPeakX86OnDemand,
    scaledTiers: totals(scaled),
  };
}
