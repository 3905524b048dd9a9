/**
 * Where a scheduled job runs (`runIn` of an entry of `storefront:jobs`). Pure, so the cell,
 * the plan and the tests share one rule.
 *
 * The cells share one Aurora global database whose only writer is the primary cell. A job
 * that writes to it (the catalog sync, order reconciliation) must run once, in the primary:
 * run in every cell it would write the same rows once per cell, through write forwarding
 * that refuses sequences and savepoints, or not at all where forwarding is off. So
 * `primary` is the default, and a job declares `every-cell` only for region-local work
 * (warming the cell's own cache, cleaning its own bucket).
 *
 * Every cell that lists a job builds all of it (task definition, roles, security group, log
 * group, schedule) whether or not the job runs there; only the schedule's state says where
 * it runs. Moving the primary then flips two schedules' state in place and deletes nothing:
 * a log group removed from the former primary would lose its logs (and a protected one
 * would stop the deployment), and the jobs' dead-letter queue would lose failed starts.
 */

/** The places a job can run. */
export const JOB_PLACEMENTS = ["primary", "every-cell"] as const;
export type JobPlacement = (typeof JOB_PLACEMENTS)[number];

/** A job that leaves `runIn` out runs in the primary only: jobs write to the database unless they say otherwise. */
export const DEFAULT_JOB_PLACEMENT: JobPlacement = "primary";

/** Whether a job placed `runIn` runs in a cell that is (or is not) the primary. */
export function runsHere(runIn: JobPlacement, isPrimary: boolean): boolean {
  return runIn === "every-cell" || isPrimary;
}

/** The jobs that run in a cell: every job in the primary, the `every-cell` ones elsewhere. */
export function jobsRunningHere<T extends { runIn: JobPlacement }>(jobs: readonly T[], isPrimary: boolean): T[] {
  return jobs.filter((job) => runsHere(job.runIn, isPrimary));
}

/** A schedule's state in a cell: ENABLED only where the job is enabled and runs (`runsHere`). */
export function scheduleState(
  job: { enabled: boolean; runIn: JobPlacement },
  isPrimary: boolean,
): "ENABLED" | "DISABLED" {
  return job.enabled && runsHere(job.runIn, isPrimary) ? "ENABLED" : "DISABLED";
}
