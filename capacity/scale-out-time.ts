/**
 * How long target tracking takes to add web tasks once demand jumps (a neighbour's traffic
 * arriving after its region fails). The figures and their sources are in docs/capacity.md,
 * "Time to scale"; pure, no Pulumi imports.
 */

/** The assumptions behind the estimate, in seconds. */
export const SCALE_OUT_TIMING = {
  /** ALB publishes `RequestCountPerTarget` once a minute; a minute's data point lands after it ends. */
  metricPeriodSeconds: 60,
  /** The scale-out alarm target tracking creates needs 3 consecutive one-minute data points above the target. */
  evaluationPeriods: 3,
  /** From ECS placing a Fargate task to its container listening (image pull and start): an assumption; measure yours. */
  taskStartSeconds: 60,
  /** The target group marks a task healthy after 2 passing checks 15 s apart (components/cell/web-service.ts). */
  healthySeconds: 2 * 15,
} as const;

/**
 * Seconds from the demand's arrival until enough tasks serve it, starting from `fromTasks`
 * running: zero when they already suffice; otherwise one scale-out step (target tracking
 * sizes the step in proportion to the metric's excess, so one step reaches the need unless
 * the ceiling stops it); undefined when the ceiling is below the need.
 */
export function secondsToScale(fromTasks: number, neededTasks: number, ceilingTasks: number): number | undefined {
  if (neededTasks > ceilingTasks) return undefined;
  if (fromTasks >= neededTasks) return 0;
  const t = SCALE_OUT_TIMING;
  return t.metricPeriodSeconds * (t.evaluationPeriods + 1) + t.taskStartSeconds + t.healthySeconds;
}
