import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALARM_AFTER_MINUTES, checkJobName } from "../../config/background";
import { checkWhole } from "../../config/limits";

/**
 * The success-line contract between a scheduled job and its alarm: when a run has done its
 * work, the job writes one JSON line to stdout whose `event` field is this value, e.g.
 * `{"event":"job.succeeded","job":"catalog-sync","items":1234}`. Any other fields are free.
 */
export const JOB_SUCCESS_EVENT = "job.succeeded";
/** The CloudWatch Logs filter pattern that matches the success line (JSON, field `event`). */
export const JOB_SUCCESS_FILTER_PATTERN = `{ $.event = "${JOB_SUCCESS_EVENT}" }`;
/** The namespace of the jobs' success metrics. */
export const JOB_METRIC_NAMESPACE = "Storefront/Jobs";

/**
 * The metric a job's success lines count into: one metric name per job, without dimensions.
 * A metric filter takes dimension values only from fields of the log event (`$.job`), never
 * a fixed value, and a filter with dimensions cannot have a default value; a name per job
 * needs neither and cannot count another job's line. Metrics are regional and a region
 * holds one cell, so the cell need not be part of the name.
 */
export function jobSucceededMetricName(job: string): string {
  return `${job}-succeeded`;
}

/**
 * What is wrong with a job's name or alarm delay, naming the value; `undefined` when nothing
 * is. The config reader's rules (config/background.ts): CloudWatch looks back at most seven
 * days of hourly periods.
 */
export function checkJobHeartbeat(job: string, alarmAfterMinutes: number): string | undefined {
  const name = checkJobName(job);
  if (name) return `job name ${name}, got ${JSON.stringify(job)}`;
  const window = checkWhole(alarmAfterMinutes, ALARM_AFTER_MINUTES);
  if (window) return `alarmAfterMinutes of job ${job} ${window}`;
  return undefined;
}

/**
 * How the alarm looks back `minutes`: up to an hour, one period of that length; beyond,
 * hourly periods that must all be empty (rounded up to whole hours). Hourly periods slide:
 * one long period would be aligned to the clock, so a run that is a little late on one
 * side of the boundary would leave a whole period empty, and the alarm would notice a
 * missing daily run only a day later.
 */
export function heartbeatWindow(minutes: number): { period: number; evaluationPeriods: number } {
  return minutes <= 60
    ? { period: minutes * 60, evaluationPeriods: 1 }
    : { period: 3600, evaluationPeriods: Math.ceil(minutes / 60) };
}

export interface JobHeartbeatArgs {
  /** The job's name (`checkJobName`), for the metric and the alarm's description. */
  job: string;
  /** The alarm's name (`cellAlarmName`). */
  alarmName: string;
  /**
   * The job's log group. Pass the LogGroup's `name` output, so the filter waits for the
   * group to exist.
   */
  logGroupName: pulumi.Input<string>;
  /**
   * Minutes without a logged success before the alarm fires, within `ALARM_AFTER_MINUTES`
   * (at most seven days; see `heartbeatWindow`). Allow more than one run's interval (config's
   * default is three), or every late run pages.
   */
  alarmAfterMinutes: number;
  /**
   * Where the alarm notifies, both into ALARM and back to OK.
   * @default no notification
   */
  actionArns?: pulumi.Input<string>[];
}

/**
 * Whether a scheduled job keeps succeeding: a metric filter counts the job's success lines
 * (`JOB_SUCCESS_FILTER_PATTERN`) and an alarm fires when `alarmAfterMinutes` (see
 * `heartbeatWindow`) have none. No success line at all is the failure, so missing data is
 * breaching: a job that crashes, is never started, or logs elsewhere looks the same. A new
 * job's alarm therefore starts in ALARM until its first success.
 *
 * Cost: the filter is free; the alarm $0.10/month, its metric $0.30/month.
 */
export class JobHeartbeat extends pulumi.ComponentResource {
  readonly alarmName: pulumi.Output<string>;

  constructor(name: string, args: JobHeartbeatArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:JobHeartbeat", name, {}, opts);
    const problem = checkJobHeartbeat(args.job, args.alarmAfterMinutes);
    if (problem) throw new Error(`JobHeartbeat ${name}: ${problem}`);
    const window = heartbeatWindow(args.alarmAfterMinutes);
    const minutes = (window.period / 60) * window.evaluationPeriods;
    const metricName = jobSucceededMetricName(args.job);
    new aws.cloudwatch.LogMetricFilter(
      `${name}-filter`,
      {
        logGroupName: args.logGroupName,
        pattern: JOB_SUCCESS_FILTER_PATTERN,
        // No defaultValue: a line that is not a success must not write a 0 that counts as data.
        metricTransformation: { namespace: JOB_METRIC_NAMESPACE, name: metricName, value: "1", unit: "Count" },
      },
      { parent: this },
    );
    const actions = args.actionArns ?? [];
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}`,
      {
        name: args.alarmName,
        alarmDescription: `Job ${args.job} logged no success line (${JOB_SUCCESS_FILTER_PATTERN}) in ${minutes} minutes: it is failing or not being started. Check the job's latest runs in its log group, then the scheduler's dead-letter queue and the schedule's state.`,
        namespace: JOB_METRIC_NAMESPACE,
        metricName,
        statistic: "Sum",
        period: window.period,
        evaluationPeriods: window.evaluationPeriods,
        datapointsToAlarm: window.evaluationPeriods,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        alarmActions: actions,
        okActions: actions,
      },
      { parent: this },
    );
    this.alarmName = alarm.name;
    this.registerOutputs({ alarmName: this.alarmName });
  }
}
