/**
 * How a service's tasks split between on-demand Fargate and Fargate Spot: one model for
 * every service of a cell. A mix is an on-demand base plus the two providers' weights above
 * it, as ECS takes it; the web service's `spotPercent` is a shorter way of writing the
 * weights (`spotPercentMix`). Pure, so the split is tested without Pulumi.
 */
import { checkWhole, WholeRange } from "../config/limits";

/** Tasks that always run on on-demand Fargate (config allows no more than the task ceiling). */
export const ON_DEMAND_BASE: WholeRange = { min: 0, max: 1000 };
/** A capacity provider's weight; ECS allows 0..1000. */
export const CAPACITY_WEIGHT: WholeRange = { min: 0, max: 1000 };
/** Share of the tasks above the base on Spot, percent. */
export const SPOT_PERCENT: WholeRange = { min: 0, max: 100 };

/** How a service's tasks split between the two Fargate capacity providers. */
export interface FargateMix {
  /** Tasks placed on on-demand Fargate before any weight applies (the floor that must survive a Spot reclaim). */
  onDemandBase: number;
  /** Relative share of the tasks above the base on on-demand Fargate. */
  onDemandWeight: number;
  /** Relative share of the tasks above the base on Fargate Spot. */
  spotWeight: number;
}

export interface CapacityProviderShare {
  capacityProvider: "FARGATE" | "FARGATE_SPOT";
  /** Tasks placed here before any weight applies (only one provider may have a base). */
  base: number;
  /** Relative share of the tasks above the base. */
  weight: number;
}

/**
 * The mix that puts `spotPercent` percent of the tasks above `onDemandBase` on Spot, with
 * the weights reduced to the smallest whole numbers of the same ratio (30% is 7:3).
 */
export function spotPercentMix(onDemandBase: number, spotPercent: number): FargateMix {
  const problem = checkWhole(spotPercent, SPOT_PERCENT);
  if (problem) throw new Error(`spotPercent ${problem}`);
  const divisor = gcd(spotPercent, 100 - spotPercent);
  return { onDemandBase, onDemandWeight: (100 - spotPercent) / divisor, spotWeight: spotPercent / divisor };
}

/** Every problem of a mix, each naming its field; empty when ECS accepts it. */
export function checkFargateMix(mix: FargateMix): string[] {
  const problems: string[] = [];
  const base = checkWhole(mix.onDemandBase, ON_DEMAND_BASE);
  if (base) problems.push(`onDemandBase ${base}`);
  for (const field of ["onDemandWeight", "spotWeight"] as const) {
    const weight = checkWhole(mix[field], CAPACITY_WEIGHT);
    if (weight) problems.push(`${field} ${weight}`);
  }
  if (mix.onDemandWeight === 0 && mix.spotWeight === 0) {
    problems.push("onDemandWeight and spotWeight must not both be 0: tasks above the base need a provider");
  }
  return problems;
}

/**
 * The capacity provider strategy of a mix. A provider with no share is left out: ECS
 * refuses a strategy whose weights are all zero.
 */
export function fargateCapacityStrategy(mix: FargateMix): CapacityProviderShare[] {
  const problems = checkFargateMix(mix);
  if (problems.length > 0) throw new Error(problems.join("; "));
  const strategy: CapacityProviderShare[] = [];
  if (mix.onDemandWeight > 0 || mix.onDemandBase > 0) {
    strategy.push({ capacityProvider: "FARGATE", base: mix.onDemandBase, weight: mix.onDemandWeight });
  }
  if (mix.spotWeight > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", base: 0, weight: mix.spotWeight });
  return strategy;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
