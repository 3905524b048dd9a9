/**
 * How a service's tasks split between on-demand Fargate and Fargate Spot. Pure, so the
 * split is tested without Pulumi and shared by every service of a cell.
 */

export interface CapacityProviderShare {
  capacityProvider: "FARGATE" | "FARGATE_SPOT";
  /** Tasks placed here before any weight applies (only one provider may have a base). */
  base: number;
  /** Relative share of the tasks above the base. */
  weight: number;
}

/**
 * The first `onDemandBase` tasks always run on on-demand Fargate (the floor must survive a
 * Spot reclaim); of the rest, `spotPercent` percent run on Spot. Weights are reduced to the
 * smallest whole numbers with the same ratio, and a provider with no share is left out
 * (ECS refuses a strategy whose weights are all zero).
 */
export function fargateCapacityStrategy(onDemandBase: number, spotPercent: number): CapacityProviderShare[] {
  if (!Number.isInteger(onDemandBase) || onDemandBase < 0 || onDemandBase > 100_000) {
    throw new Error(`onDemandBase must be a whole number from 0 to 100000, got ${onDemandBase}`);
  }
  if (!Number.isInteger(spotPercent) || spotPercent < 0 || spotPercent > 100) {
    throw new Error(`spotPercent must be a whole number from 0 to 100, got ${spotPercent}`);
  }
  const divisor = gcd(spotPercent, 100 - spotPercent);
  const onDemandWeight = (100 - spotPercent) / divisor;
  const spotWeight = spotPercent / divisor;
  const strategy: CapacityProviderShare[] = [];
  if (onDemandWeight > 0 || onDemandBase > 0) {
    strategy.push({ capacityProvider: "FARGATE", base: onDemandBase, weight: onDemandWeight });
  }
  if (spotWeight > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", base: 0, weight: spotWeight });
  return strategy;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
