/**
 * How many web tasks the region that takes over must run when another region's traffic
 * lands on it, and the percentage an ARC Region switch ECS service scaling step asks for.
 * Pure, so the sizing is tested without Pulumi.
 *
 * The step scales the service in the region being activated to a percentage of the task
 * count the service ran in the region being left (its highest count over the last day,
 * docs/aws-behaviours.md #27). The survivor must carry its own peak and the lost cell's
 * peak at once (peaks can overlap: a region's evening is another's afternoon), so the
 * percentage is (survivor's peak + lost cell's peak) / lost cell's peak, rounded up.
 */

/**
 * In an ungraceful run the ECS step succeeds once this share of its target tasks runs, so a
 * region that is lost does not hold the recovery at the capacity step for its whole timeout:
 * the survivor then carries at least its own peak and half the lost cell's, and autoscaling
 * adds the rest. A graceful run still waits for the full target.
 */
export const UNGRACEFUL_MINIMUM_SUCCESS_PERCENT = 50;

/** One cell's web capacity, as its stack exports it. */
export interface WebCapacity {
  region: string;
  /** The floor the cell's schedule holds during its local peak (`web.peakMinTasks`). */
  peakMinTasks: number;
  /** The ceiling its autoscaling may reach (`web.maxTasks`). */
  maxTasks: number;
}

export interface TakeoverCapacity {
  /** The region that takes the traffic over. */
  survivor: string;
  /** The region whose traffic it takes. */
  lost: string;
  /** Tasks the survivor needs: its own peak plus the lost cell's. */
  requiredTasks: number;
  /** The ECS scaling step's `targetPercent`, relative to the lost cell's task count. */
  targetPercent: number;
  /** The survivor's autoscaling ceiling. */
  ceiling: number;
  /** Whether the ceiling leaves room for the required tasks; when not, raise `web.maxTasks` in the survivor. */
  fits: boolean;
}

/** The sizing for `survivor` taking over `lost`'s traffic. */
export function takeoverCapacity(survivor: WebCapacity, lost: WebCapacity): TakeoverCapacity {
  for (const cell of [survivor, lost]) {
    if (!Number.isInteger(cell.peakMinTasks) || cell.peakMinTasks < 1) {
      throw new Error(
        `takeoverCapacity: ${cell.region} peakMinTasks must be a whole number of at least 1, got ${cell.peakMinTasks}`,
      );
    }
    if (!Number.isInteger(cell.maxTasks) || cell.maxTasks < cell.peakMinTasks) {
      throw new Error(
        `takeoverCapacity: ${cell.region} maxTasks must be a whole number of at least peakMinTasks, got ${cell.maxTasks}`,
      );
    }
  }
  if (survivor.region === lost.region)
    throw new Error(`takeoverCapacity: survivor and lost cell are both ${lost.region}`);
  const requiredTasks = survivor.peakMinTasks + lost.peakMinTasks;
  return {
    survivor: survivor.region,
    lost: lost.region,
    requiredTasks,
    targetPercent: Math.ceil((100 * requiredTasks) / lost.peakMinTasks),
    ceiling: survivor.maxTasks,
    fits: requiredTasks <= survivor.maxTasks,
  };
}

/** A cell as the takeover check sees it: its capacity and whether it holds the writer. */
export interface TakeoverCell extends WebCapacity {
  isPrimary: boolean;
}

/**
 * The sizing of every move the Region switch plans can make (each plan pairs the primary with
 * one secondary, both ways), in the fleet's order; none for a one-cell fleet.
 */
export function planTakeovers(cells: readonly TakeoverCell[]): TakeoverCapacity[] {
  const primary = cells.find((cell) => cell.isPrimary);
  if (primary === undefined) return [];
  return cells
    .filter((cell) => cell !== primary)
    .flatMap((secondary) => [takeoverCapacity(secondary, primary), takeoverCapacity(primary, secondary)]);
}

/** One message per move whose survivor's `web.maxTasks` is below the tasks it would need. */
export function takeoverShortfalls(takeovers: readonly TakeoverCapacity[]): string[] {
  return takeovers
    .filter((t) => !t.fits)
    .map(
      (t) =>
        `${t.survivor} taking over ${t.lost} needs ${t.requiredTasks} web tasks, above its web.maxTasks ${t.ceiling}: raise web.maxTasks in ${t.survivor} (docs/region-switch.md)`,
    );
}
