/**
 * How long moving writes to another region takes, and how much data it can lose: the sum of
 * each step's documented duration, in the order the Region switch plan runs them. Pure, so
 * the figures are tested and printed (`npm run plan`) without Pulumi. The sources are in
 * docs/aws-behaviours.md #28 and the table in docs/region-switch.md.
 *
 * The manual approval step is excluded: it waits for a person, up to the plan's approval
 * timeout, and its time is whatever the on-call takes to decide.
 */
import { UNGRACEFUL_MINIMUM_SUCCESS_PERCENT } from "./takeover-capacity";

/** The durations the estimate adds up, in seconds. */
export interface RecoveryFigures {
  /** Until the cell's health alarm fires: its one-minute periods that must all breach. */
  detectionSeconds: number;
  /** ECS starts the extra Fargate tasks and the load balancer marks them healthy. */
  ecsScaleOutSeconds: number;
  /** Aurora global database switchover (planned: waits for the secondary to catch up). */
  auroraSwitchoverSeconds: number;
  /** Aurora global database failover (unplanned: promotes the secondary). */
  auroraFailoverSeconds: number;
  /** Route 53 health check interval. */
  healthCheckIntervalSeconds: number;
  /** Consecutive results before Route 53 changes a health check's status. */
  healthCheckFailureThreshold: number;
  /** How long resolvers keep the old answer: an alias to a load balancer carries its 60 s TTL. */
  dnsTtlSeconds: number;
  /** Aurora global database replication lag: what a failover can lose. */
  replicationLagSeconds: number;
}

/** The documented figures (docs/aws-behaviours.md #28). */
export const DOCUMENTED_FIGURES: RecoveryFigures = {
  detectionSeconds: 2 * 60,
  ecsScaleOutSeconds: 3 * 60,
  auroraSwitchoverSeconds: 5 * 60,
  auroraFailoverSeconds: 60,
  healthCheckIntervalSeconds: 30,
  healthCheckFailureThreshold: 3,
  dnsTtlSeconds: 60,
  replicationLagSeconds: 1,
};

/** The aim: an unplanned regional loss recovers within this. */
export const RECOVERY_TIME_AIM_SECONDS = 15 * 60;

/** Planned: a switchover between two healthy regions. Unplanned: the region is lost. */
export type RecoveryMode = "planned" | "unplanned";

export interface RecoveryStep {
  name: string;
  seconds: number;
}

export interface RecoveryEstimate {
  mode: RecoveryMode;
  /** The steps in the order they run, the approval left out. */
  steps: RecoveryStep[];
  /** Sum of the steps. */
  totalSeconds: number;
  /** Writes the move can lose: 0 for a managed switchover, the replication lag for a failover. */
  dataLossSeconds: number;
}

/** Each step's duration for `mode`, summed; throws on a negative or non-finite figure. */
export function recoveryTime(mode: RecoveryMode, figures: RecoveryFigures = DOCUMENTED_FIGURES): RecoveryEstimate {
  for (const [name, value] of Object.entries(figures)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`recoveryTime: ${name} must be 0 or more, got ${value}`);
  }
  const steps: RecoveryStep[] = [
    // A planned move starts when someone decides to; only a loss has to be noticed first.
    ...(mode === "unplanned" ? [{ name: "detection (cell health alarm)", seconds: figures.detectionSeconds }] : []),
    // ECS and the switchover budget are estimates, not AWS figures (docs/aws-behaviours.md #28).
    mode === "planned"
      ? { name: "ECS capacity increase where traffic lands (estimate)", seconds: figures.ecsScaleOutSeconds }
      : {
          name: `ECS capacity increase where traffic lands (estimate; done at ${UNGRACEFUL_MINIMUM_SUCCESS_PERCENT}% of its target when ungraceful)`,
          seconds: figures.ecsScaleOutSeconds,
        },
    mode === "planned"
      ? { name: "Aurora global database switchover (estimate)", seconds: figures.auroraSwitchoverSeconds }
      : { name: "Aurora global database failover", seconds: figures.auroraFailoverSeconds },
    {
      name: "Route 53 health checks flip (interval x threshold)",
      seconds: figures.healthCheckIntervalSeconds * figures.healthCheckFailureThreshold,
    },
    { name: "DNS TTL", seconds: figures.dnsTtlSeconds },
  ];
  return {
    mode,
    steps,
    totalSeconds: steps.reduce((sum, step) => sum + step.seconds, 0),
    dataLossSeconds: mode === "planned" ? 0 : figures.replicationLagSeconds,
  };
}

/** `7 min 30 s`, for plans and docs. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
