/**
 * The cell's plain metric alarms as data: what each watches, when it fires and what it
 * tells the person paged. `CellAlarms` creates one CloudWatch alarm per entry that applies
 * to the cell and sends every one to the cell's topic, so adding an alarm is one entry here.
 * The health alarm (which Route 53 follows) and the jobs' heartbeats have components of
 * their own. Pure: the specs build alarm inputs and create nothing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What the alarm specs read about the cell. */
export interface CellAlarmInputs {
  /** Ready messages on the broker above which the backlog alarm fires. */
  queueDepthThreshold: number;
  /** Minutes the backlog must stay above the threshold. */
  queueDepthMinutes: number;
  /** Share of requests answered with a 5xx, percent, above which the error alarm fires. */
  error5xxPercent: number;
  /** The Amazon MQ broker's name, the `Broker` dimension of its metrics. */
  brokerName: pulumi.Input<string>;
  /** The load balancer's ARN suffix (`app/<name>/<id>`), the ALB metrics' dimension. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** The web target group's ARN suffix, the healthy-host metrics' dimension. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** The scheduler's dead-letter queue; none in a cell without jobs. */
  deadLetterQueueName?: pulumi.Input<string>;
  /** Healthy web tasks below which the floor alarm fires; none for no floor alarm. */
  webFloor?: number;
}

/** The inputs of a CloudWatch alarm besides its name and actions. */
export type AlarmDefinition = Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmActions" | "okActions">;

export interface CellAlarmSpec {
  /** Key of the alarm in `CellAlarms.alarmNames`. */
  key: string;
  /** Suffix of the alarm resource's logical name, `<component>-<resource>`. */
  resource: string;
  /** What broke, the end of the alarm's name `<app>-<stack>-<what>`. */
  what: string;
  /** Whether the cell has what the alarm watches. */
  applies(cell: CellAlarmInputs): boolean;
  /** The alarm's metric, threshold, window and description. */
  definition(cell: CellAlarmInputs): AlarmDefinition;
}

/** One-minute periods, every one of `minutes` breaching. */
function sustained(minutes: number): Pick<AlarmDefinition, "period" | "evaluationPeriods" | "datapointsToAlarm"> {
  return { period: 60, evaluationPeriods: minutes, datapointsToAlarm: minutes };
}

function albMetric(cell: CellAlarmInputs, metricName: string) {
  return {
    namespace: "AWS/ApplicationELB",
    metricName,
    dimensions: { LoadBalancer: cell.loadBalancerArnSuffix },
    stat: "Sum",
    period: 60,
  };
}

const always = (): boolean => true;

export const CELL_ALARM_SPECS: readonly CellAlarmSpec[] = [
  {
    key: "queueDepth",
    resource: "queue-depth",
    what: "broker-queue-backlog",
    applies: always,
    definition: (cell) => ({
      alarmDescription: `More than ${cell.queueDepthThreshold} messages have waited on the cell's broker for ${cell.queueDepthMinutes} minutes: consumers are failing or too few. Check the worker service's running tasks and logs, then which queue grows in the broker console.`,
      namespace: "AWS/AmazonMQ",
      metricName: "MessageReadyCount",
      dimensions: { Broker: cell.brokerName },
      statistic: "Average",
      ...sustained(cell.queueDepthMinutes),
      comparisonOperator: "GreaterThanThreshold",
      threshold: cell.queueDepthThreshold,
      // A broker that reports nothing has no backlog to show: no data is not a backlog.
      treatMissingData: "notBreaching",
    }),
  },
  {
    key: "deadLetters",
    resource: "dead-letters",
    what: "scheduler-dead-letters",
    applies: (cell) => cell.deadLetterQueueName !== undefined,
    definition: (cell) => ({
      alarmDescription:
        "The scheduler's dead-letter queue holds messages: ECS refused to run a job's task after the retries (the schedule's role, task definition, subnets or capacity are wrong). A task that ECS started but that failed (a missing secret value, a crash) shows in that job's own alarm instead. Check a message's attributes for the error, then the job's schedule and task definition.",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: cell.deadLetterQueueName as pulumi.Input<string> },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      // An empty, idle queue stops reporting; one holding messages keeps reporting them.
      treatMissingData: "notBreaching",
    }),
  },
  {
    key: "error5xx",
    resource: "5xx",
    what: "web-5xx-rate",
    applies: always,
    definition: (cell) => ({
      alarmDescription: `More than ${cell.error5xxPercent}% of the cell's requests were answered with a 5xx for 5 minutes. Check the web tasks' logs for errors and the data stores they call; load-balancer 5xx with healthy tasks point at timeouts or resets.`,
      metricQueries: [
        { id: "target5xx", metric: albMetric(cell, "HTTPCode_Target_5XX_Count"), returnData: false },
        { id: "elb5xx", metric: albMetric(cell, "HTTPCode_ELB_5XX_Count"), returnData: false },
        { id: "requests", metric: albMetric(cell, "RequestCount"), returnData: false },
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
      threshold: cell.error5xxPercent,
      treatMissingData: "notBreaching",
    }),
  },
  {
    key: "webFloor",
    resource: "web-floor",
    what: "web-below-floor",
    applies: (cell) => cell.webFloor !== undefined,
    definition: (cell) => ({
      alarmDescription: `Fewer than ${cell.webFloor} healthy web tasks for 10 minutes: the cell serves below its planned floor and may not carry its share. Check the web service's events (placement, Spot capacity, failing health checks) and its deployments.`,
      namespace: "AWS/ApplicationELB",
      metricName: "HealthyHostCount",
      dimensions: { LoadBalancer: cell.loadBalancerArnSuffix, TargetGroup: cell.targetGroupArnSuffix },
      statistic: "Minimum",
      ...sustained(10),
      comparisonOperator: "LessThanThreshold",
      threshold: cell.webFloor,
      // As for the health alarm: a target group that reports nothing has nothing healthy.
      treatMissingData: "breaching",
    }),
  },
];
