import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DataAccess } from "../data/client-access";
import { FargateTask } from "./fargate-task";
import { taskSecurityGroup } from "../shared/task-baseline";
import { WorkerScaling } from "./worker-scaling";

export interface WorkerServiceArgs {
  /** Account of the cell; scopes the task roles' trust. */
  accountId: pulumi.Input<string>;
  /** Region of the cell, for the log driver. */
  region: string;
  /** Cluster the service runs in. */
  clusterArn: pulumi.Input<string>;
  /** Name of that cluster, for the scaling target and the Container Insights metric. */
  clusterName: pulumi.Input<string>;
  /** Resources the service must wait for (the cluster's capacity providers). */
  clusterReady: pulumi.Input<pulumi.Resource>[];
  /** VPC of the cell. */
  vpcId: pulumi.Input<string>;
  /** Private subnets the tasks run in (no public IPs). */
  subnetIds: pulumi.Input<string[]>;
  /** Container image, pinned to a tag or digest. */
  image: string;
  /**
   * Command the container runs instead of the image's own.
   * @default the image's CMD
   */
  command?: string[];
  /** CPU units (1024 = 1 vCPU); with `memory`, a size Fargate accepts. */
  cpu: number;
  /** Memory, MiB. */
  memory: number;
  /** Fewest tasks; also the count started on creation. */
  minTasks: number;
  /** Most tasks the backlog may scale out to. */
  maxTasks: number;
  /** Tasks that always run on on-demand Fargate (`FARGATE` base). */
  onDemandBase: number;
  /** Relative share of the tasks above the base on on-demand Fargate. */
  onDemandWeight: number;
  /** Relative share of the tasks above the base on Fargate Spot. */
  spotWeight: number;
  /**
   * Seconds between SIGTERM and SIGKILL, to finish or requeue the message in hand. Spot
   * gives two minutes' notice, and 120 is Fargate's maximum.
   * @default 120
   */
  stopTimeoutSeconds?: number;
  /**
   * Plain environment values for the container (never credentials).
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
  /**
   * The cell's data tier: endpoints, credentials as ECS `secrets`, and the grants and
   * security group rules for exactly those stores.
   * @default no data access
   */
  dataAccess?: DataAccess;
  /**
   * Days to keep the containers' logs.
   * @default 30
   */
  logRetentionDays?: number;
  /**
   * The cell key, to encrypt the log group with.
   * @default CloudWatch Logs' own encryption
   */
  logKmsKeyArn?: pulumi.Input<string>;
  /** Name of the Amazon MQ broker the workers consume (the `Broker` metric dimension). */
  brokerName: pulumi.Input<string>;
  /** Ready messages per running task to hold (the scaling target). */
  messagesPerTask: number;
}

const CONTAINER_NAME = "worker";
/** ECS limits a capacity provider's weight to 0..1000 and its base to 0..100000. */
const MAX_WEIGHT = 1000;
const MAX_BASE = 100_000;

/**
 * Background workers consuming the cell's broker: an ECS Fargate service with no load
 * balancer, scaled on the queue's backlog per task (see WorkerScaling). The tasks admit
 * no traffic at all; they reach out to the broker and the other stores (rules from
 * DataClientAccess) and to AWS APIs over HTTPS. Hardening and identities come from
 * FargateTask, as for the scheduled jobs.
 *
 * Workers suit Fargate Spot: a reclaimed task's unacknowledged messages return to the
 * queue. The stop timeout defaults to 120 s, the whole of Spot's two-minute notice, so a
 * task can finish the message in hand. `desiredCount` is ignored after creation, since
 * autoscaling owns it (docs/aws-behaviours.md #10). Deployments stop and roll back on their own
 * when new tasks fail (circuit breaker).
 *
 * Cost: Fargate ARM $0.03238 per vCPU-hour and $0.00356 per GB-hour (us-east-1); a
 * 0.5 vCPU / 1 GB task runs about $14/month on demand, Spot up to 70% less. An empty queue
 * scales in to `minTasks`.
 */
export class WorkerService extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;
  readonly serviceArn: pulumi.Output<string>;
  /** The tasks' security group; data stores admit traffic from it. */
  readonly securityGroupId: pulumi.Output<string>;
  readonly taskDefinitionArn: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly scalingPolicyArn: pulumi.Output<string>;
  /** The scalable target: `service/<cluster>/<service>`. */
  readonly scalingResourceId: pulumi.Output<string>;

  constructor(name: string, args: WorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:WorkerService", name, {}, opts);
    const capacity = capacityStrategy(name, args);
    if (!Number.isInteger(args.minTasks) || args.minTasks < 0 || args.maxTasks < args.minTasks) {
      throw new Error(
        `WorkerService ${name}: need whole numbers 0 <= minTasks (${args.minTasks}) <= maxTasks (${args.maxTasks})`,
      );
    }
    if (!Number.isInteger(args.maxTasks) || args.maxTasks < 1) {
      throw new Error(`WorkerService ${name}: maxTasks must be a whole number of at least 1, got ${args.maxTasks}`);
    }
    if (!(args.messagesPerTask > 0)) {
      throw new Error(`WorkerService ${name}: messagesPerTask must be above 0, got ${args.messagesPerTask}`);
    }
    const stopTimeout = args.stopTimeoutSeconds ?? 120;
    if (!Number.isInteger(stopTimeout) || stopTimeout < 2 || stopTimeout > 120) {
      throw new Error(
        `WorkerService ${name}: stopTimeoutSeconds must be a whole number from 2 to 120 (Fargate's limit), got ${stopTimeout}`,
      );
    }

    const securityGroup = this.createSecurityGroup(name, args);
    const task = new FargateTask(
      name,
      {
        accountId: args.accountId,
        region: args.region,
        family: name,
        containerName: CONTAINER_NAME,
        image: args.image,
        command: args.command,
        cpu: args.cpu,
        memory: args.memory,
        environment: args.environment,
        dataAccess: args.dataAccess,
        securityGroupId: securityGroup.id,
        logRetentionDays: args.logRetentionDays,
        logKmsKeyArn: args.logKmsKeyArn,
        stopTimeoutSeconds: stopTimeout,
      },
      { parent: this },
    );

    const service = new aws.ecs.Service(
      name,
      {
        cluster: args.clusterArn,
        taskDefinition: task.taskDefinitionArn,
        desiredCount: args.minTasks,
        capacityProviderStrategies: capacity,
        platformVersion: "LATEST",
        networkConfiguration: { subnets: args.subnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        // Workers drain at their own pace: old tasks stop only once new ones run.
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        waitForSteadyState: false,
      },
      {
        parent: this,
        // Autoscaling owns the task count after creation (docs/aws-behaviours.md #10).
        ignoreChanges: ["desiredCount"],
        // Tasks cannot start before their roles may read the secrets and write the logs,
        // and their group may reach the stores.
        dependsOn: [...task.ready, ...args.clusterReady],
      },
    );

    const scaling = new WorkerScaling(
      `${name}-scaling`,
      {
        clusterName: args.clusterName,
        serviceName: service.name,
        minCapacity: args.minTasks,
        maxCapacity: args.maxTasks,
        brokerName: args.brokerName,
        messagesPerTask: args.messagesPerTask,
      },
      { parent: this },
    );

    this.serviceName = service.name;
    this.serviceArn = service.id;
    this.securityGroupId = securityGroup.id;
    this.taskDefinitionArn = task.taskDefinitionArn;
    this.taskRoleArn = task.taskRoleArn;
    this.logGroupName = task.logGroupName;
    this.scalingPolicyArn = scaling.policyArn;
    this.scalingResourceId = scaling.resourceId;
    this.registerOutputs({
      serviceName: this.serviceName,
      securityGroupId: this.securityGroupId,
      scalingPolicyArn: this.scalingPolicyArn,
    });
  }

  /**
   * No ingress at all: workers pull from the broker. Egress is HTTPS for AWS APIs (ECR,
   * Secrets Manager, CloudWatch Logs); the data stores add their own rules.
   */
  private createSecurityGroup(name: string, args: WorkerServiceArgs): aws.ec2.SecurityGroup {
    return taskSecurityGroup(
      name,
      { vpcId: args.vpcId, description: "Worker tasks: no inbound traffic", httpsDescription: "HTTPS to AWS APIs" },
      this,
    );
  }
}

/**
 * The first `onDemandBase` tasks always run on on-demand Fargate; the rest split by the
 * weights. A provider with no share is left out; ECS refuses a strategy whose weights are
 * all zero.
 */
function capacityStrategy(
  name: string,
  args: WorkerServiceArgs,
): aws.types.input.ecs.ServiceCapacityProviderStrategy[] {
  const { onDemandBase, onDemandWeight, spotWeight } = args;
  if (!Number.isInteger(onDemandBase) || onDemandBase < 0 || onDemandBase > MAX_BASE) {
    throw new Error(
      `WorkerService ${name}: onDemandBase must be a whole number from 0 to ${MAX_BASE}, got ${onDemandBase}`,
    );
  }
  for (const [field, weight] of [
    ["onDemandWeight", onDemandWeight],
    ["spotWeight", spotWeight],
  ] as const) {
    if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
      throw new Error(`WorkerService ${name}: ${field} must be a whole number from 0 to ${MAX_WEIGHT}, got ${weight}`);
    }
  }
  if (onDemandWeight === 0 && spotWeight === 0) {
    throw new Error(`WorkerService ${name}: onDemandWeight and spotWeight are both 0; at least one must be above 0`);
  }
  const strategy: aws.types.input.ecs.ServiceCapacityProviderStrategy[] = [];
  if (onDemandBase > 0 || onDemandWeight > 0) {
    strategy.push({ capacityProvider: "FARGATE", base: onDemandBase, weight: onDemandWeight });
  }
  if (spotWeight > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", base: 0, weight: spotWeight });
  return strategy;
}
