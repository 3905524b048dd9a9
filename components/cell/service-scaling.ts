import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ScheduledCapacity } from "../../capacity/schedule";
import { serviceScalableTarget, ServiceTargetArgs } from "./service-target";

/** The service and its off-peak floor (the scheduled actions move it) and ceiling, and how it scales. */
export interface ServiceScalingArgs extends ServiceTargetArgs {
  /** Follow-the-sun actions that raise the floor before the local peak and lower it after (none: `[]`). */
  schedule: ScheduledCapacity[];
  /** Target tracking on requests per task, when the service sits behind a load balancer. */
  requestsPerTarget?: {
    /** `<alb arn suffix>/<target group arn suffix>`. */
    resourceLabel: pulumi.Input<string>;
    /** Requests per task per minute to hold. */
    target: number;
  };
  /** Average CPU utilisation to hold, percent. */
  cpuTargetPercent: number;
  /**
   * Seconds after a scale-in before the next one: slow, to ride out short dips.
   * @default 300
   */
  scaleInCooldown?: number;
  /**
   * Seconds after a scale-out before the next one: fast, to catch a surge.
   * @default 60
   */
  scaleOutCooldown?: number;
}

/**
 * Demand-driven and scheduled scaling of one ECS service. Target tracking on request count
 * and CPU adds tasks when either is above target and removes them only when both are
 * below. The scheduled actions move the floor around the local peak, so the cell is warm
 * before the surge instead of catching up with it.
 *
 * The target ignores later changes to `minCapacity`: the scheduled actions own it, and
 * re-applying the off-peak floor during a peak would undo the raise. A changed floor in
 * config takes effect at the next scheduled action.
 *
 * Cost: Application Auto Scaling is free; target tracking creates CloudWatch alarms
 * (about $0.10 per alarm-month, four per policy).
 */
export class ServiceScaling extends pulumi.ComponentResource {
  readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: ServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:ServiceScaling", name, {}, opts);
    const scaleInCooldown = args.scaleInCooldown ?? 300;
    const scaleOutCooldown = args.scaleOutCooldown ?? 60;

    // The scheduled actions own the floor after creation.
    const target = serviceScalableTarget(`${name}`, args, { parent: this, ignoreChanges: ["minCapacity"] });
    // Application Auto Scaling refuses concurrent changes to one scalable target
    // (ConcurrentUpdateException), so policies and actions are created one after another.
    let previous: pulumi.Resource = target;
    const serially = (): pulumi.CustomResourceOptions => ({ parent: this, dependsOn: [previous] });
    const scalable = {
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
    };

    if (args.requestsPerTarget) {
      previous = new aws.appautoscaling.Policy(
        `${name}-requests`,
        {
          ...scalable,
          policyType: "TargetTrackingScaling",
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: {
              predefinedMetricType: "ALBRequestCountPerTarget",
              resourceLabel: args.requestsPerTarget.resourceLabel,
            },
            targetValue: args.requestsPerTarget.target,
            scaleInCooldown,
            scaleOutCooldown,
          },
        },
        serially(),
      );
    }
    previous = new aws.appautoscaling.Policy(
      `${name}-cpu`,
      {
        ...scalable,
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: args.cpuTargetPercent,
          scaleInCooldown,
          scaleOutCooldown,
        },
      },
      serially(),
    );

    for (const action of args.schedule) {
      previous = new aws.appautoscaling.ScheduledAction(
        `${name}-${action.role}`,
        {
          ...scalable,
          name: `${name}-${action.role}`,
          schedule: action.schedule,
          timezone: action.timeZone,
          scalableTargetAction: { minCapacity: action.minCapacity, maxCapacity: action.maxCapacity },
        },
        serially(),
      );
    }

    this.resourceId = target.resourceId;
    this.registerOutputs({ resourceId: this.resourceId });
  }
}
