/**
 * The monthly AWS Budget every stack creates (`storefront:budget`): its limit is the stack's
 * estimate (cost/estimate.ts) plus a margin, unless the stack file sets the limit itself,
 * which it must where cost/prices.ts holds no prices for the stack's regions.
 */
import { ConfigReader } from "./reader";

/** Margin over the estimate, percent: 0 (alert at the estimate) to 500. */
export const MARGIN_PERCENT = { min: 0, max: 500, default: 25 };

/** A set limit, whole USD a month. */
export const LIMIT_USD = { min: 1, max: 10_000_000 };

export interface BudgetConfig {
  /** Percent added to the estimate to make the limit. */
  marginPercent: number;
  /** A limit set in the stack file (USD a month), used instead of the estimate plus margin. */
  limitUsd?: number;
}

export const BUDGET_FIELDS = ["marginPercent", "limitUsd"] as const;

export function readBudgetConfig(config: ConfigReader): BudgetConfig {
  const budget = config.object("budget", BUDGET_FIELDS);
  return {
    marginPercent: budget.integer("marginPercent", MARGIN_PERCENT.default, MARGIN_PERCENT),
    limitUsd: budget.has("limitUsd") ? budget.integer("limitUsd", LIMIT_USD.min, LIMIT_USD) : undefined,
  };
}

/** The budget's limit: the estimate plus the margin, rounded up to whole dollars. */
export function budgetLimitUsd(estimateUsd: number, marginPercent: number): number {
  if (!Number.isFinite(estimateUsd) || estimateUsd <= 0) {
    throw new Error(`a budget needs a positive estimate, got ${estimateUsd}`);
  }
  return Math.ceil(estimateUsd * (1 + marginPercent / 100));
}

/** The budget's name: `<app>-<stack>-monthly` (AWS: 1-100 characters, no ":" or "\\"). */
export function budgetName(app: string, stack: string): string {
  return `${app}-${stack}-monthly`;
}

/** The cost-allocation tag filter of a stack's budget: the providers' default tag `stack`. */
export function stackTagFilter(stack: string): string {
  return `user:stack$${stack}`;
}
