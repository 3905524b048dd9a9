/**
 * The monthly estimate: each stack's bill of materials priced from cost/prices.ts, per row,
 * per component and per stack, the fleet's total, and the two baselines at the same peak
 * capacity (the fleet provisioned statically for its peak all day; that static fleet on x86
 * on-demand only). Pure. It is an estimate: `LEFT_OUT` lists what it does not price.
 *
 * A line whose item the region's price table lacks is not guessed: it is listed as unpriced
 * and the stack's figure covers its priced lines only ("partly priced"). A region without any
 * table leaves the stack not estimated (`PriceError`).
 */
import type { CellConfig } from "../config/cell";
import { cellBill, cellMonthlyRequests, BillLine, Scenario, SCENARIOS } from "./bill-of-materials";
import { EdgeCellLoad, globalBill } from "./edge-bill";
import { Price, PriceUnit, PRICES, priceOf } from "./prices";

/** The edge's resources (WAF, Route 53 health checks, CloudFront's certificate) are priced in us-east-1. */
export const EDGE_PRICE_REGION = "us-east-1";

export interface CostRow extends BillLine {
  unitPrice: Price;
  /** USD a month: quantity x unit price x factor. */
  monthlyUsd: number;
}

/** A bill line the price table has no figure for: reported with its quantity, never priced. */
export interface UnpricedLine {
  component: string;
  item: string;
  /** Key of the missing price in cost/prices.ts. */
  price: string;
  /** Units used in a month. */
  quantity: number;
  /** The unit the item bills by, when another region's table names it; else undefined. */
  unit?: PriceUnit;
  region: string;
  /** Why it has no price (the table's own words). */
  why: string;
}

export interface StackEstimate {
  stack: string;
  /** The priced lines. */
  rows: CostRow[];
  /** USD a month per component over the priced lines, in the order components first appear. */
  byComponent: { component: string; monthlyUsd: number }[];
  /** USD a month over the priced lines only. */
  monthlyUsd: number;
  /** Lines without a price; when any, the stack is partly priced. */
  unpriced: UnpricedLine[];
}

/** The unit a price key bills by in any region that prices it (the unit, never the figure). */
function unitOf(key: string, prices: typeof PRICES): PriceUnit | undefined {
  return Object.values(prices).find((table) => table[key])?.[key].unit;
}

/**
 * Prices every line the table can. A line whose item the region's table lacks goes to
 * `unpriced`; a region without a table, or an unusable figure, throws its `PriceError`.
 */
export function priceBill(stack: string, lines: BillLine[], prices = PRICES): StackEstimate {
  const rows: CostRow[] = [];
  const unpriced: UnpricedLine[] = [];
  for (const line of lines) {
    if (prices[line.region] && !prices[line.region][line.price]) {
      const { component, item, price, quantity, region } = line;
      const why = `no price for ${price} in ${region} (cost/prices.ts)`;
      unpriced.push({ component, item, price, quantity, unit: unitOf(price, prices), region, why });
      continue;
    }
    const unitPrice = priceOf(line.region, line.price, prices);
    rows.push({ ...line, unitPrice, monthlyUsd: line.quantity * unitPrice.usd * line.factor });
  }
  const byComponent: { component: string; monthlyUsd: number }[] = [];
  for (const row of rows) {
    const found = byComponent.find((c) => c.component === row.component);
    if (found) found.monthlyUsd += row.monthlyUsd;
    else byComponent.push({ component: row.component, monthlyUsd: row.monthlyUsd });
  }
  const monthlyUsd = rows.reduce((sum, row) => sum + row.monthlyUsd, 0);
  return { stack, rows, byComponent, monthlyUsd, unpriced };
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
  /** The design's cost over the priced lines of every stack. */
  monthlyUsd: number;
  /** Lines without a price across the stacks; when any, `monthlyUsd` covers priced items only. */
  unpricedCount: number;
  /**
   * (a) The same fleet provisioned statically for its peak all day, over the comparable lines
   * (priced in all three scenarios); the ratios below use the design over the same lines.
   */
  staticPeakUsd: number;
  /** (b) That static fleet on x86 (Fargate and the broker) and on-demand Fargate only. */
  staticPeakX86OnDemandUsd: number;
  /** The design over the comparable lines: `monthlyUsd` when every line is priced everywhere. */
  comparableDesignUsd: number;
  /** The design's cost as a share of (a) and of (b), over the comparable lines. */
  ratioToStaticPeak: number;
  ratioToStaticPeakX86OnDemand: number;
  /** The same three figures and ratios for the scaled tiers alone (web, worker, Aurora readers). */
  scaledTiers: ScenarioTotals;
  /** Lines left out of every scenario for the ratios, because some scenario has no price for them. */
  leftOutOfRatios: RatioExclusion[];
}

/** A bill line priced in some scenarios only: its item in each scenario and whether it has a price there. */
export interface RatioExclusion {
  stack: string;
  component: string;
  items: { scenario: Scenario; item: string; priced: boolean }[];
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

/** Bill lines of one stack that stand for the same thing in every scenario, priced (or not) in each. */
interface LineAcross {
  stack: string;
  component: string;
  scaled: boolean;
  /** Per scenario: the lines' items and their cost, undefined when any of them has no price. */
  byScenario: { scenario: Scenario; items: string[]; monthlyUsd?: number }[];
}

/**
 * A stack's bill lines matched across the scenarios, component by component. The scenarios
 * change quantities and price keys, not what a component bills, so when a component has as
 * many lines in every scenario they match one by one in order; when the count differs (the
 * x86 on-demand baseline has no Spot lines) the component's lines match as one group.
 */
function linesAcross(stack: string, bill: (scenario: Scenario) => BillLine[], prices: typeof PRICES): LineAcross[] {
  const bills = SCENARIOS.map((scenario) => ({ scenario, lines: bill(scenario) }));
  const components = [...new Set(bills.flatMap(({ lines }) => lines.map((line) => line.component)))];
  return components.flatMap((component) => {
    const parts = bills.map(({ scenario, lines }) => ({
      scenario,
      lines: lines.filter((line) => line.component === component),
    }));
    const count = parts[0].lines.length;
    const groups: BillLine[][][] = parts.every((part) => part.lines.length === count)
      ? parts[0].lines.map((_, i) => parts.map((part) => [part.lines[i]]))
      : [parts.map((part) => part.lines)];
    return groups.map((group) => ({
      stack,
      component,
      scaled: group.every((lines) => lines.every((line) => line.scaled)),
      byScenario: group.map((lines, i) => {
        const estimate = priceBill(stack, lines, prices);
        return {
          scenario: parts[i].scenario,
          items: lines.map((line) => line.item),
          monthlyUsd: estimate.unpriced.length === 0 ? estimate.monthlyUsd : undefined,
        };
      }),
    }));
  });
}

/** The estimate of a fleet: its cells (deploy order) and, when it has one, its global stack. */
export function fleetEstimate(cells: CellConfig[], globalStack?: string, prices = PRICES): FleetEstimate {
  const edgeBill = globalStack ? globalBill(cells.map(edgeLoadOf), EDGE_PRICE_REGION) : undefined;
  const stacks = [
    ...cells.map((cell) => cellEstimate(cell, "design", prices)),
    ...(globalStack && edgeBill ? [priceBill(globalStack, edgeBill, prices)] : []),
  ];
  const across = [
    ...cells.flatMap((cell) => linesAcross(cell.stack, (scenario) => cellBill(cell, scenario), prices)),
    // The edge does not follow demand: its bill is the same in every scenario.
    ...(globalStack && edgeBill ? linesAcross(globalStack, () => edgeBill, prices) : []),
  ];
  const comparable = across.filter((line) => line.byScenario.every((s) => s.monthlyUsd !== undefined));
  const sums = (lines: LineAcross[]) =>
    Object.fromEntries(
      SCENARIOS.map((scenario, i) => [scenario, lines.reduce((sum, line) => sum + line.byScenario[i].monthlyUsd!, 0)]),
    ) as Record<Scenario, number>;
  const all = totals(sums(comparable));
  return {
    stacks,
    monthlyUsd: stacks.reduce((sum, stack) => sum + stack.monthlyUsd, 0),
    unpricedCount: stacks.reduce((sum, stack) => sum + stack.unpriced.length, 0),
    staticPeakUsd: all.staticPeakUsd,
    staticPeakX86OnDemandUsd: all.staticPeakX86OnDemandUsd,
    comparableDesignUsd: all.designUsd,
    ratioToStaticPeak: all.ratioToStaticPeak,
    ratioToStaticPeakX86OnDemand: all.ratioToStaticPeakX86OnDemand,
    scaledTiers: totals(sums(comparable.filter((line) => line.scaled))),
    leftOutOfRatios: across
      .filter((line) => !comparable.includes(line))
      .map(({ stack, component, byScenario }) => ({
        stack,
        component,
        items: byScenario.map(({ scenario, items, monthlyUsd }) => ({
          scenario,
          item: items.join(" + "),
          priced: monthlyUsd !== undefined,
        })),
      })),
  };
}
