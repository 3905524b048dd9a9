/**
 * The ranges this project allows for numbers that a config reader reads and a component
 * uses, each written once. The readers pass them to `ConfigReader.integer`; a component
 * that guards its arguments calls `checkWhole` with the same range, so the two layers cannot
 * disagree about what is allowed. Ranges AWS itself imposes are noted as such.
 */

/** An inclusive range of whole numbers. */
export interface WholeRange {
  readonly min: number;
  readonly max: number;
}

/** A message when `value` is not a whole number in `range`, else `undefined`. */
export function checkWhole(value: number, range: WholeRange): string | undefined {
  return Number.isInteger(value) && value >= range.min && value <= range.max
    ? undefined
    : `must be a whole number from ${range.min} to ${range.max}, got ${value}`;
}

/** A floor and a ceiling of running tasks (web or worker). */
export const TASK_COUNT: WholeRange = { min: 1, max: 1000 };

/**
 * A message when `min`..`max` is not a usable floor and ceiling of `what` (both in `range`,
 * the floor at most the ceiling), else `undefined`.
 */
function checkBounds(min: number, max: number, range: WholeRange, what: "Tasks" | "Readers"): string | undefined {
  const problem = checkWhole(min, range) ?? checkWhole(max, range);
  if (problem) return `${what.toLowerCase().slice(0, -1)} counts ${problem}`;
  return min <= max ? undefined : `need min${what} (${min}) <= max${what} (${max})`;
}

/** A message when `min`..`max` is not a usable pair of task bounds (`TASK_COUNT`), else `undefined`. */
export function checkTaskBounds(min: number, max: number): string | undefined {
  return checkBounds(min, max, TASK_COUNT, "Tasks");
}

/** Seconds between SIGTERM and SIGKILL: Fargate allows at most 120; below 2 nothing can finish. */
export const STOP_TIMEOUT_SECONDS: WholeRange = { min: 2, max: 120 };

/** Ready messages per running worker task that queue-depth scaling holds. */
export const MESSAGES_PER_TASK: WholeRange = { min: 1, max: 100_000 };

/** Ready messages on the broker above which the backlog alarm fires. */
export const QUEUE_DEPTH_THRESHOLD: WholeRange = { min: 1, max: 10_000_000 };

/** Minutes the backlog must stay above the threshold: an hour at most, or it pages too late to act. */
export const QUEUE_DEPTH_MINUTES: WholeRange = { min: 1, max: 60 };

/** Share of requests answered with a 5xx, percent, above which the error alarm fires. */
export const ERROR_5XX_PERCENT: WholeRange = { min: 1, max: 100 };

/** Aurora readers besides the writer: at least one (RDS.15, two instances across AZs); Aurora allows 15. */
export const AURORA_READERS: WholeRange = { min: 1, max: 15 };

/** A message when `min`..`max` is not a usable pair of reader bounds (`AURORA_READERS`), else `undefined`. */
export function checkReaderBounds(min: number, max: number): string | undefined {
  return checkBounds(min, max, AURORA_READERS, "Readers");
}

/** Average CPU utilisation a target-tracking policy holds (web tasks, Aurora readers), percent. */
export const CPU_TARGET_PERCENT: WholeRange = { min: 10, max: 90 };

/** Cache nodes: a primary and at least one replica to fail over to; ElastiCache allows six per shard here. */
export const CACHE_NODES: WholeRange = { min: 2, max: 6 };

/** Days ElastiCache keeps automatic snapshots; 35 is its maximum. */
export const SNAPSHOT_RETENTION_DAYS: WholeRange = { min: 1, max: 35 };
