/**
 * The limit of each stack's AWS Budget, computed at deploy time from config by the same pure
 * functions as the estimate: the stack's estimate plus `storefront:budget.marginPercent`, or
 * `storefront:budget.limitUsd` when the stack file sets it. A stack the price table cannot
 * price wholly (a region without a table, or any line without a price) must set the limit:
 * a budget over the priced lines alone would be set too low. The error names the key and the
 * missing prices.
 */
import type { CellConfig } from "../config/cell";
import type { GlobalConfig } from "../config/global";
import { BudgetConfig, budgetLimitUsd } from "../config/budget";
import { ConfigError } from "../config/reader";
import type { EdgeCellLoad } from "./edge-bill";
import { cellEstimate, globalEstimate, StackEstimate } from "./estimate";
import { PriceError } from "./prices";

function limitOf(stack: string, budget: BudgetConfig, estimate: () => StackEstimate): number {
  if (budget.limitUsd !== undefined) return budget.limitUsd;
  let found: StackEstimate;
  try {
    found = estimate();
  } catch (error) {
    if (!(error instanceof PriceError)) throw error;
    throw mustSetLimit(stack, error.message);
  }
  if (found.unpriced.length > 0) throw mustSetLimit(stack, found.unpriced.map((line) => line.why).join(", "));
  return budgetLimitUsd(found.monthlyUsd, budget.marginPercent);
}

function mustSetLimit(stack: string, why: string): ConfigError {
  return new ConfigError(stack, [
    {
      key: "storefront:budget.limitUsd",
      value: undefined,
      message: `must be set (whole USD a month): the estimate cannot set this stack's budget, ${why}; or add the prices, each with its source`,
    },
  ]);
}

/** The monthly limit of a cell's budget, USD. */
export function cellBudgetLimit(cell: CellConfig): number {
  return limitOf(cell.stack, cell.budget, () => cellEstimate(cell));
}

/** The monthly limit of the edge's budget, USD, from the load of the cells it fronts. */
export function globalBudgetLimit(config: GlobalConfig, cells: EdgeCellLoad[]): number {
  return limitOf(config.stack, config.budget, () => globalEstimate(config.stack, cells));
}
