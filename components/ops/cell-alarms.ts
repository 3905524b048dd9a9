import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTopic } from "./alarm-topic";
import { cellAlarmName, cellHealthAlarmName } from "./alarm-names";
import { CellHealthAlarm } from "./cell-health-alarm";
import { checkJobHeartbeat, JobHeartbeat } from "./job-heartbeat";

/** A scheduled job whose success lines are watched. */
export interface JobAlarmSpec {
  /** The job's name (1-32 of a-z, 0-9, -). */
  name: string;
  /** The job's log group (pass the LogGroup's `name` output). */
  logGroupName: pulumi.Input<string>;
  /** Minutes without a logged success before the alarm fires, 1 to 10080 (see `heartbeatWindow`). */
  alarmAfterMinutes: number;
}

export interface CellAlarmsArgs {
  /** Short app name: alarms are named `<app>-<stack>-<what>`. */
  app: string;
  /** The cell's stack name. */
  stack: string;
  /** The cell's region: the topic admits only this region's alarms. */
  region: string;
  /** The account whose alarms may publish to the topic. */
  accountId: pulumi.Input<string>;
  /** The cell key, which encrypts the topic (its policy admits CloudWatch alarms). */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Address subscribed to the alarm topic; it must confirm the subscription from the
   * message SNS sends before any alarm reaches it.
   * @default no subscription
   */
  email?: string;
  /** The load balancer's ARN suffix (`app/<name>/<id>`), the ALB metrics' dimension. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** The web target group's ARN suffix, the healthy-host metrics' dimension. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** The Amazon MQ broker's name, the `Broker` dimension of its metrics. */
  brokerName: pulumi.Input<string>;
  /**
   * Ready messages on the broker above which the backlog alarm fires.
   * @default 1000
   */
  queueDepthThreshold?: number;
  /**
   * Consecutive minutes the backlog must stay above the threshold (1 to 1440).
   * @default 15
   */
  queueDepthMinutes?: number;
  /**
   * Name of the scheduler's dead-letter SQS queue, where failed job invocations land.
   * @default no dead-letter alarm (a cell without scheduled jobs has no queue)
   */
  deadLetterQueueName?: pulumi.Input<string>;
  /**
   * Jobs with a heartbeat alarm: one metric filter and one alarm each (a plain list: it
   * decides how many resources exist).
   * @default []
   */
  jobs?: JobAlarmSpec[];
  /**
   * Percent of requests answered with a 5xx (by the targets or the load balancer) above
   * which the error alarm fires, over 0 and at most 100.
   * @default 5
   */
  error5xxPercent?: number;
  /**
   * Healthy web tasks below which, for ten minutes, the "below its floor" alarm fires
   * (usually the web service's minimum task count).
   * @default no floor alarm
   */
  webFloor?: number;
}

/**
 * The alarms an on-call engineer is paged on for one cell, all notifying the cell's
 * encrypted alarm topic into ALARM and back to OK: the broker's backlog, dead-lettered job
 * invocations, each watched job's missing success, the share of 5xx answers, no healthy web
 * task (the alarm Route 53 follows) and, optionally, fewer healthy web tasks than the floor.
 * Each name says what broke where (`<app>-<stack>-<what>`); each description what it means
 * and what to check first.
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

  constructor(name: string, args: CellAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:CellAlarms", name, {}, opts);
    const queueDepthThreshold = args.queueDepthThreshold ?? 1000;
    const queueDepthMinutes = args.queueDepthMinutes ?? 15;
    const error5xxPercent = args.error5xxPercent ?? 5;
    const jobs = args.jobs ?? [];
    const fail = (message: string): never => {
      throw new Error(`CellAlarms ${name}: ${message}`);
    };
    if (!Number.isInteger(queueDepthThreshold) || queueDepthThreshold < 0) {
      fail(`queueDepthThreshold must be a whole number of messages, 0 or more, got ${queueDepthThreshold}`);
    }
    // A one-minute period may be evaluated over at most a day.
    if (!Number.isInteger(queueDepthMinutes) || queueDepthMinutes < 1 || queueDepthMinutes > 1440) {
      fail(`queueDepthMinutes must be an integer from 1 to 1440, got ${queueDepthMinutes}`);
    }
    if (!Number.isFinite(error5xxPercent) || error5xxPercent <= 0 || error5xxPercent > 100) {
      fail(`error5xxPercent must be over 0 and at most 100, got ${error5xxPercent}`);
    }
    if (args.webFloor !== undefined && (!Number.isInteger(args.webFloor) || args.webFloor < 1)) {
      fail(`webFloor must be an integer of at least 1 (or unset for no floor alarm), got ${args.webFloor}`);
    }
    for (const job of jobs) {
      const problem = checkJobHeartbeat(job.name, job.alarmAfterMinutes);
      if (problem) fail(`jobs: ${problem}`);
    }
    const repeated = jobs.map((j) => j.name).filter((job, i, all) => all.indexOf(job) !== i);
    if (repeated.length > 0) {
      fail(`jobs must have distinct names; repeated: ${[...new Set(repeated)].join(", ")}`);
    }

    const alarmName = (what: string) => cellAlarmName(args.app, args.stack, what);
    const alarmNames: Record<string, string> = {
      queueDepth: alarmName("broker-queue-backlog"),
      ...(args.deadLetterQueueName !== undefined ? { deadLetters: alarmName("scheduler-dead-letters") } : {}),
      error5xx: alarmName("web-5xx-rate"),
      health: cellHealthAlarmName(args.app, args.stack),
      ...(args.webFloor !== undefined ? { webFloor: alarmName("web-below-floor") } : {}),
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
    const sustained = (minutes: number) => ({ period: 60, evaluationPeriods: minutes, datapointsToAlarm: minutes });

    new aws.cloudwatch.MetricAlarm(
      `${name}-queue-depth`,
      {
        name: alarmNames.queueDepth,
        alarmDescription: `More than ${queueDepthThreshold} messages have waited on the cell's broker for ${queueDepthMinutes} minutes: consumers are failing or too few. Check the worker service's running tasks and logs, then which queue grows in the broker console.`,
        namespace: "AWS/AmazonMQ",
        metricName: "MessageReadyCount",
        dimensions: { Broker: args.brokerName },
        statistic: "Average",
        ...sustained(queueDepthMinutes),
        comparisonOperator: "GreaterThanThreshold",
        threshold: queueDepthThreshold,
        // A broker that reports nothing has no backlog to show: no data is not a backlog.
        treatMissingData: "notBreaching",
        alarmActions: actions,
        okActions: actions,
      },
      alarmOpts,
    );

    if (args.deadLetterQueueName !== undefined) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-dead-letters`,
        {
          name: alarmNames.deadLetters,
          alarmDescription:
            "The scheduler's dead-letter queue holds messages: ECS refused to run a job's task after the retries (the schedule's role, task definition, subnets or capacity are wrong). A task that ECS started but that failed (a missing secret value, a crash) shows in that job's own alarm instead. Check a message's attributes for the error, then the job's schedule and task definition.",
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: args.deadLetterQueueName },
          statistic: "Maximum",
          period: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
          // An empty, idle queue stops reporting; one holding messages keeps reporting them.
          treatMissingData: "notBreaching",
          alarmActions: actions,
          okActions: actions,
        },
        alarmOpts,
      );
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

    const albMetric = (metricName: string) => ({
      namespace: "AWS/ApplicationELB",
      metricName,
      dimensions: { LoadBalancer: args.loadBalancerArnSuffix },
      stat: "Sum",
      period: 60,
    });
    new aws.cloudwatch.MetricAlarm(
      `${name}-5xx`,
      {
        name: alarmNames.error5xx,
        alarmDescription: `More than ${error5xxPercent}% of the cell's requests were answered with a 5xx for 5 minutes. Check the web tasks' logs for errors and the data stores they call; load-balancer 5xx with healthy tasks point at timeouts or resets.`,
        metricQueries: [
          { id: "target5xx", metric: albMetric("HTTPCode_Target_5XX_Count"), returnData: false },
          { id: "elb5xx", metric: albMetric("HTTPCode_ELB_5XX_Count"), returnData: false },
          { id: "requests", metric: albMetric("RequestCount"), returnData: false },
          {
            // A count metric with no 5xx in a minute reports nothing: fill with 0 so a minute
            // of traffic without errors computes as 0%. A minute without requests has no
            // value (no traffic is not an error); all requests failing without reaching a
            // target is the health alarm's to catch.
            id: "errorPercent",
            expression: "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests",
            label: "5xx answers, percent of requests",
            returnData: true,
          },
        ],
        // The period is each query's own: a metric-math alarm takes none of its own.
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: error5xxPercent,
        treatMissingData: "notBreaching",
        alarmActions: actions,
        okActions: actions,
      },
      alarmOpts,
    );

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

    if (args.webFloor !== undefined) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-web-floor`,
        {
          name: alarmNames.webFloor,
          alarmDescription: `Fewer than ${args.webFloor} healthy web tasks for 10 minutes: the cell serves below its planned floor and may not carry its share. Check the web service's events (placement, Spot capacity, failing health checks) and its deployments.`,
          namespace: "AWS/ApplicationELB",
          metricName: "HealthyHostCount",
          dimensions: { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix },
          statistic: "Minimum",
          ...sustained(10),
          comparisonOperator: "LessThanThreshold",
          threshold: args.webFloor,
          // As for the health alarm: a target group that reports nothing has nothing healthy.
          treatMissingData: "breaching",
          alarmActions: actions,
          okActions: actions,
        },
        alarmOpts,
      );
    }

    this.topicArn = topic.topicArn;
    this.healthAlarmName = health.alarmName;
    this.alarmNames = alarmNames;
    this.registerOutputs({ topicArn: this.topicArn, healthAlarmName: this.healthAlarmName });
  }
}
