import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkFargateMix, fargateCapacityStrategy } from "../../capacity/fargate-mix";
import { WorkerConfig } from "../../config/background";
import { FargateTask, TaskContext, taskContextOf } from "./fargate-task";
import { SERVICE_IGNORE_CHANGES, serviceBaseline, taskSecurityGroup } from "../common/task-baseline";
import { WorkerScaling } from "./worker-scaling";

/**
 * The worker's config section (`storefront:worker`, as the config reader checked and
 * defaulted it), what its task is told and may reach (`TaskContext`) and where the service runs.
 */
export interface WorkerServiceArgs extends WorkerConfig, TaskContext {
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
  /** Name of the Amazon MQ broker the workers consume (the `Broker` metric dimension). */
  brokerName: pulumi.Input<string>;
}

const CONTAINER_NAME = "worker";

/**
 * Background workers consuming the cell's broker: an ECS Fargate service with no load
 * balancer, scaled on the queue's backlog per task (see WorkerScaling). The tasks admit
 * no traffic at all; they reach out to the broker and the other stores (rules from
 * DataClientAccess) and to AWS APIs over HTTPS. Hardening and identities come from
 * FargateTask, as for the scheduled jobs.
 *
 * Workers suit Fargate Spot: a reclaimed task's unacknowledged messages return to the
 * queue. The config's stop timeout defaults to 120 s, the whole of Spot's two-minute notice,
 * so a task can finish the message in hand. `desiredCount` is ignored after creation, since
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
    // The config reader owns the bounds of every value here; the scaling target, the task
    // and the capacity mix refuse what it would refuse, with the same rules.
    const mixProblems = checkFargateMix(args);
    if (mixProblems.length > 0) throw new Error(`WorkerService ${name}: ${mixProblems.join("; ")}`);
    const capacity = fargateCapacityStrategy(args);

    const securityGroup = this.createSecurityGroup(name, args);
    const task = new FargateTask(
      name,
      {
        ...taskContextOf(args),
        family: name,
        containerName: CONTAINER_NAME,
        image: args.image,
        command: args.command,
        cpu: args.cpu,
        memory: args.memory,
        securityGroupId: securityGroup.id,
        stopTimeoutSeconds: args.stopTimeoutSeconds,
      },
      { parent: this },
    );

    // Workers drain at their own pace: old tasks stop only once new ones run.
    const service = new aws.ecs.Service(
      name,
      serviceBaseline({
        clusterArn: args.clusterArn,
        taskDefinitionArn: task.taskDefinitionArn,
        initialTaskCount: args.minTasks,
        capacityProviderStrategies: capacity,
        subnetIds: args.subnetIds,
        securityGroupId: securityGroup.id,
      }),
      {
        parent: this,
        ignoreChanges: SERVICE_IGNORE_CHANGES,
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
