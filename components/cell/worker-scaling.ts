import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkWhole, MESSAGES_PER_TASK } from "../../config/limits";
import { serviceScalableTarget, ServiceTargetArgs } from "./service-target";

/**
 * The service (its cluster and name are also the `ClusterName` and `ServiceName` dimensions
 * of Container Insights), its floor and ceiling at all times, and the backlog to hold.
 */
export interface WorkerScalingArgs extends ServiceTargetArgs {
  /** Name of the Amazon MQ broker the workers consume (the `Broker` dimension of `AWS/AmazonMQ`). */
  brokerName: pulumi.Input<string>;
  /** Ready messages one task should have waiting for it: the target of the backlog per task. */
  messagesPerTask: number;
  /**
   * Seconds after a scale-out before the next one: fast, to catch a surge.
   * @default 60
   */
  scaleOutCooldown?: number;
  /**
   * Seconds after a scale-in before the next one: slow, so a drained queue that refills
   * does not find the tasks gone.
   * @default 300
   */
  scaleInCooldown?: number;
}

/**
 * Queue-depth scaling of a worker service: target tracking on the backlog per task, the
 * metric AWS recommends for scaling consumers of a queue. The raw queue depth says nothing
 * about whether the tasks keep up (1,000 messages are a lot for 2 tasks and nothing for
 * 200); the depth divided by the running tasks has a target that stays right at any size:
 * the messages one task can work through in an acceptable wait.
 *
 * The depth is the broker's `MessageReadyCount` (messages waiting for a consumer), not
 * `MessageCount`: that adds the unacknowledged messages, which tasks are already working
 * on, so slow messages would scale out tasks that would find nothing to take. The divisor
 * is Container Insights' `RunningTaskCount` of this service, at least 1, so an idle service
 * at zero tasks still scales out when messages arrive.
 *
 * No scheduled actions move the floor, so the target's `minCapacity` is not ignored: a
 * changed floor in config is applied.
 *
 * Cost: Application Auto Scaling is free; target tracking creates two CloudWatch alarms,
 * billed $0.10 a month per metric they query: two metrics each, about $0.40/month.
 */
export class WorkerScaling extends pulumi.ComponentResource {
  /** `service/<cluster>/<service>`. */
  readonly resourceId: pulumi.Output<string>;
  readonly policyArn: pulumi.Output<string>;

  constructor(name: string, args: WorkerScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:WorkerScaling", name, {}, opts);
    const perTask = checkWhole(args.messagesPerTask, MESSAGES_PER_TASK);
    if (perTask) throw new Error(`WorkerScaling ${name}: messagesPerTask ${perTask}`);

    const target = serviceScalableTarget(name, args, { parent: this });
    const policy = new aws.appautoscaling.Policy(
      `${name}-backlog`,
      {
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: {
          customizedMetricSpecification: {
            metrics: [
              {
                id: "ready",
                label: "Messages ready for a consumer",
                metricStat: {
                  metric: {
                    namespace: "AWS/AmazonMQ",
                    metricName: "MessageReadyCount",
                    dimensions: [{ name: "Broker", value: args.brokerName }],
                  },
                  stat: "Average",
                },
                returnData: false,
              },
              {
                id: "tasks",
                label: "Running tasks",
                metricStat: {
                  metric: {
                    namespace: "ECS/ContainerInsights",
                    metricName: "RunningTaskCount",
                    dimensions: [
                      { name: "ClusterName", value: args.clusterName },
                      { name: "ServiceName", value: args.serviceName },
                    ],
                  },
                  stat: "Average",
                },
                returnData: false,
              },
              {
                id: "backlog",
                label: "Ready messages per running task",
                expression: "ready / IF(tasks > 0, tasks, 1)",
                returnData: true,
              },
            ],
          },
          targetValue: args.messagesPerTask,
          scaleOutCooldown: args.scaleOutCooldown ?? 60,
          scaleInCooldown: args.scaleInCooldown ?? 300,
        },
      },
      { parent: this },
    );

    this.resourceId = target.resourceId;
    this.policyArn = policy.arn;
    this.registerOutputs({ resourceId: this.resourceId, policyArn: this.policyArn });
  }
}
