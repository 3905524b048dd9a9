import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkTaskBounds } from "../../config/limits";

/** An ECS service's task count as Application Auto Scaling sees it. */
export interface ServiceTargetArgs {
  /** Cluster of the service. */
  clusterName: pulumi.Input<string>;
  /** The service to scale. */
  serviceName: pulumi.Input<string>;
  /** Fewest tasks (`TASK_COUNT`, at most `maxCapacity`). */
  minCapacity: number;
  /** Most tasks. */
  maxCapacity: number;
}

/**
 * The scalable target `<name>-target` of an ECS service's desired count, between the
 * config's floor and ceiling (checked with the config reader's rule); its
 * `serviceNamespace`, `scalableDimension` and `resourceId` are what every policy and
 * scheduled action of the service names. Shared by the web's and the worker's scaling.
 */
export function serviceScalableTarget(
  name: string,
  args: ServiceTargetArgs,
  opts: pulumi.CustomResourceOptions,
): aws.appautoscaling.Target {
  const bounds = checkTaskBounds(args.minCapacity, args.maxCapacity);
  if (bounds) throw new Error(`scalable target ${name}-target: ${bounds}`);
  return new aws.appautoscaling.Target(
    `${name}-target`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
      minCapacity: args.minCapacity,
      maxCapacity: args.maxCapacity,
    },
    opts,
  );
}
