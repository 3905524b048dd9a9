import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface CellHealthAlarmArgs {
  /** The alarm's name (`cellHealthAlarmName`); Route 53 health checks refer to it. */
  alarmName: string;
  /** The load balancer's ARN suffix (`app/<name>/<id>`), a metric dimension. */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** The web target group's ARN suffix, a metric dimension. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /**
   * Consecutive minutes with no healthy task before the cell counts as down.
   * @default 2
   */
  minutes?: number;
  /**
   * Where the alarm notifies (the cell's alarm topic).
   * @default no notification
   */
  actionArns?: pulumi.Input<string>[];
}

/**
 * The one signal of whether a cell can serve: the web target group's healthy task count.
 * The global stack's Route 53 health check follows this alarm (a CloudWatch-metric check),
 * so no health checker has to reach a load balancer that admits only CloudFront. Route 53
 * accepts only standard-resolution metrics with a plain statistic: no metric math, no
 * percentiles, hence `HealthyHostCount` with `Minimum`.
 *
 * Missing data counts as unhealthy: a target group that reports nothing has nothing to serve.
 *
 * Cost: one standard alarm, about $0.10/month.
 */
export class CellHealthAlarm extends pulumi.ComponentResource {
  readonly alarmName: pulumi.Output<string>;
  readonly alarmArn: pulumi.Output<string>;

  constructor(name: string, args: CellHealthAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:CellHealthAlarm", name, {}, opts);
    const minutes = args.minutes ?? 2;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throw new Error(`CellHealthAlarm ${name}: minutes must be an integer from 1 to 60, got ${minutes}`);
    }
    const actions = args.actionArns ?? [];
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}`,
      {
        name: args.alarmName,
        alarmDescription:
          "The cell's web service has no healthy task behind its load balancer: Route 53 sends the cell's traffic to other cells while this is in ALARM. Check the web service's events and the tasks' logs.",
        namespace: "AWS/ApplicationELB",
        metricName: "HealthyHostCount",
        dimensions: { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: minutes,
        datapointsToAlarm: minutes,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        alarmActions: actions,
        okActions: actions,
      },
      { parent: this },
    );
    this.alarmName = alarm.name;
    this.alarmArn = alarm.arn;
    this.registerOutputs({ alarmName: this.alarmName });
  }
}
