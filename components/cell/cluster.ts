import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ClusterArgs {
  /**
   * Container Insights level: "enhanced" adds per-task and per-container metrics at a
   * higher CloudWatch cost.
   * @default "enabled"
   */
  containerInsights?: "enabled" | "enhanced";
}

/**
 * The ECS cluster every service and job of the cell runs in, with both Fargate capacity
 * providers so each service chooses its own on-demand/Spot split.
 *
 * Cost: the cluster itself is free; Container Insights bills its CloudWatch metrics and
 * performance log events (roughly $1-3 per task per month at "enabled").
 */
export class Cluster extends pulumi.ComponentResource {
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** Services must wait for the providers to be attached before they name them. */
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;

  constructor(name: string, args: ClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:Cluster", name, {}, opts);
    const cluster = new aws.ecs.Cluster(
      name,
      { settings: [{ name: "containerInsights", value: args.containerInsights ?? "enabled" }] },
      { parent: this },
    );
    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      name,
      {
        clusterName: cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
      },
      { parent: this },
    );
    this.clusterArn = cluster.arn;
    this.clusterName = cluster.name;
    this.registerOutputs({ clusterArn: this.clusterArn, clusterName: this.clusterName });
  }
}
