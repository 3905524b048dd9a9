import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTopic, AlarmTopicArgs } from "./alarm-topic";
import { cellAlarmName, cellHealthAlarmName } from "./alarm-names";
import { CellHealthAlarm } from "./cell-health-alarm";
import { checkJobHeartbeat, JobHeartbeat } from "./job-heartbeat";
import { CELL_ALARM_SPECS, CellAlarmInputs } from "./cell-alarm-specs";
import {
  checkWhole,
  ERROR_5XX_PERCENT,
  QUEUE_DEPTH_MINUTES,
  QUEUE_DEPTH_THRESHOLD,
  TASK_COUNT,
} from "../../config/limits";

/** A scheduled job whose success lines are watched. */
export interface JobAlarmSpec {
  /** The job's name (`checkJobName`: 1-24 of a-z, 0-9 and -). */
  name: string;
  /** The job's log group (pass the LogGroup's `name` output). */
  logGroupName: pulumi.Input<string>;
  /** Minutes without a logged success before the alarm fires, within `ALARM_AFTER_MINUTES` (see `heartbeatWindow`). */
  alarmAfterMinutes: number;
}

/**
 * The cell's alarm settings (`storefront:alarms`, as the config reader checked and defaulted
 * them), what the alarms watch (`CellAlarmInputs`), and the topic they notify (`AlarmTopicArgs`:
 * alarms are named `<app>-<stack>-<what>` like the topic).
 */
export interface CellAlarmsArgs extends AlarmTopicArgs, CellAlarmInputs {
  /**
   * Jobs with a heartbeat alarm: one metric filter and one alarm each (a plain list: it
   * decides how many resources exist).
   * @default []
   */
  jobs?: JobAlarmSpec[];
}

/**
 * The alarms an on-call engineer is paged on for one cell, all notifying the cell's
 * encrypted alarm topic into ALARM and back to OK: the broker's backlog, dead-lettered job
 * invocations, each watched job's missing success, the share of 5xx answers, no healthy web
 * task (the alarm Route 53 follows) and, optionally, fewer healthy web tasks than the floor.
 * Each name says what broke where (`<app>-<stack>-<what>`); each description what it means
 * and what to check first. The plain metric alarms are the entries of `CELL_ALARM_SPECS`
 * (cell-alarm-specs.ts) that apply to the cell.
 *
 * Cost: $0.10 per standard alarm-month (backlog, dead letters, health, floor, one per job),
 * about $0.30 for the 5xx metric-math alarm (three metrics); $0.30/month per job success
 * metric; the topic is free and its first 1,000 e-mails a month too. With one job and a floor
 * about $1.10/month.
 */
export class CellAlarms extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  /** The alarm the edge's Route 53 health check follows (`cellHealthAlarmName`). */
  readonly healthAlarmName: pulumi.Output<string>;
  /** Every alarm's name by what it watches: `queueDepth`, `deadLetters`, `error5xx`, `health`, `webFloor`, `job:<name>`. */
  readonly alarmNames: Record<string, string>;
  /** The ARNs of the plain metric alarms and the health alarm, by the same keys (zonal autoshift watches them). */
  readonly alarmArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: CellAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:CellAlarms", name, {}, opts);
    const jobs = args.jobs ?? [];
    checkArgs(name, args, jobs);
    const specs = CELL_ALARM_SPECS.filter((spec) => spec.applies(args));

    const alarmName = (what: string) => cellAlarmName(args.app, args.stack, what);
    const alarmNames: Record<string, string> = {
      ...Object.fromEntries(specs.map((spec) => [spec.key, alarmName(spec.what)])),
      health: cellHealthAlarmName(args.app, args.stack),
      ...Object.fromEntries(jobs.map((job) => [`job:${job.name}`, alarmName(`job-${job.name}-not-succeeding`)])),
    };

    const topic = new AlarmTopic(
      `${name}-topic`,
      {
        app: args.app,
        stack: args.stack,
        region: args.region,
        accountId: args.accountId,
        kmsKeyArn: args.kmsKeyArn,
        email: args.email,
      },
      { parent: this },
    );
    // The topic's ARN resolves once its policy admits CloudWatch, so every alarm waits for it.
    const actions = [topic.topicArn];
    const alarmOpts = { parent: this };

    const alarmArns: Record<string, pulumi.Output<string>> = {};
    for (const spec of specs) {
      alarmArns[spec.key] = new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.resource}`,
        { name: alarmNames[spec.key], ...spec.definition(args), alarmActions: actions, okActions: actions },
        alarmOpts,
      ).arn;
    }
    for (const job of jobs) {
      new JobHeartbeat(
        `${name}-job-${job.name}`,
        {
          job: job.name,
          alarmName: alarmNames[`job:${job.name}`],
          logGroupName: job.logGroupName,
          alarmAfterMinutes: job.alarmAfterMinutes,
          actionArns: actions,
        },
        alarmOpts,
      );
    }
    const health = new CellHealthAlarm(
      `${name}-health`,
      {
        alarmName: alarmNames.health,
        loadBalancerArnSuffix: args.loadBalancerArnSuffix,
        targetGroupArnSuffix: args.targetGroupArnSuffix,
        actionArns: actions,
      },
      alarmOpts,
    );

    this.topicArn = topic.topicArn;
    this.healthAlarmName = health.alarmName;
    this.alarmNames = alarmNames;
    this.alarmArns = { ...alarmArns, health: health.alarmArn };
    this.registerOutputs({ topicArn: this.topicArn, healthAlarmName: this.healthAlarmName });
  }
}

/**
 * Guard clauses, with the config reader's own rules (config/limits.ts): each names the
 * argument, the value and what is allowed.
 */
function checkArgs(name: string, args: CellAlarmsArgs, jobs: JobAlarmSpec[]): void {
  const fail = (message: string): never => {
    throw new Error(`CellAlarms ${name}: ${message}`);
  };
  const ranges = [
    ["queueDepthThreshold", args.queueDepthThreshold, QUEUE_DEPTH_THRESHOLD],
    ["queueDepthMinutes", args.queueDepthMinutes, QUEUE_DEPTH_MINUTES],
    ["error5xxPercent", args.error5xxPercent, ERROR_5XX_PERCENT],
    ...(args.webFloor !== undefined ? [["webFloor", args.webFloor, TASK_COUNT] as const] : []),
  ] as const;
  for (const [field, value, range] of ranges) {
    const problem = checkWhole(value, range);
    if (problem) fail(`${field} ${problem}`);
  }
  for (const job of jobs) {
    const problem = checkJobHeartbeat(job.name, job.alarmAfterMinutes);
    if (problem) fail(`jobs: ${problem}`);
  }
  const repeated = jobs.map((j) => j.name).filter((job, i, all) => all.indexOf(job) !== i);
  if (repeated.length > 0) {
    fail(`jobs must have distinct names; repeated: ${[...new Set(repeated)].join(", ")}`);
  }
}
