import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AuroraReaderScalingArgs {
  /** The cluster whose readers are scaled. */
  clusterIdentifier: pulumi.Input<string>;
  /** Readers that always run (the instances the program creates). */
  minReaders: number;
  /** Most readers Aurora Auto Scaling may run. */
  maxReaders: number;
  /** Average reader CPU to hold, percent. */
  cpuTargetPercent: number;
  /** The program's own instances: scaling can start only once the cluster has them. */
  instances: pulumi.Resource[];
}

/**
 * Aurora Auto Scaling for a cluster's readers (`rds:cluster:ReadReplicaCount`): target
 * tracking on the readers' average CPU between the always-on readers and a ceiling. It
 * removes only the readers it added, never the program's own.
 *
 * Cost: only the readers it adds, at the instance class's hourly price while they run.
 */
export class AuroraReaderScaling extends pulumi.ComponentResource {
  constructor(name: string, args: AuroraReaderScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:AuroraReaderScaling", name, {}, opts);

    const target = new aws.appautoscaling.Target(
      `${name}`,
      {
        serviceNamespace: "rds",
        scalableDimension: "rds:cluster:ReadReplicaCount",
        resourceId: pulumi.interpolate`cluster:${args.clusterIdentifier}`,
        minCapacity: args.minReaders,
        maxCapacity: args.maxReaders,
      },
      { parent: this, dependsOn: args.instances },
    );
    new aws.appautoscaling.Policy(
      `${name}-cpu`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
          targetValue: args.cpuTargetPercent,
          // A new reader takes several minutes to join; do not add a second one before the first serves.
          scaleOutCooldown: 600,
          scaleInCooldown: 900,
        },
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
