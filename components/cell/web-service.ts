import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy, spotPercentMix } from "../../capacity/fargate-mix";
import { WebServiceConfig } from "../../config/cell";
import { SERVICE_IGNORE_CHANGES, serviceBaseline, taskSecurityGroup } from "../common/task-baseline";
import { FargateTask, TaskContext, taskContextOf } from "./fargate-task";

/**
 * The web service's config section (`storefront:web`, as the config reader checked and
 * defaulted it: size, port, health check, the on-demand floor `minTasks` and the Spot share),
 * what its task is told and may reach (`TaskContext`) and where the service runs.
 */
export interface WebServiceArgs
  extends Pick<WebServiceConfig, "image" | "cpu" | "memory" | "port" | "healthCheckPath" | "minTasks" | "spotPercent">,
    TaskContext {
  /** Cluster the service runs in. */
  clusterArn: pulumi.Input<string>;
  /** Resources the service must wait for (the cluster's capacity providers). */
  clusterReady: pulumi.Input<pulumi.Resource>[];
  /** VPC of the cell. */
  vpcId: pulumi.Input<string>;
  /** Private subnets the tasks run in (no public IPs). */
  subnetIds: pulumi.Input<string[]>;
  /** The load balancer the service sits behind. */
  loadBalancer: {
    /** Listener the forwarding rule is added to. */
    listenerArn: pulumi.Input<string>;
    /** Security group of the load balancer; the only source admitted to the tasks. */
    securityGroupId: pulumi.Input<string>;
    /** Conditions every forwarding rule carries (the origin-verify header). */
    conditions: aws.types.input.lb.ListenerRuleCondition[];
    /**
     * Priority of this service's rule on the listener.
     * @default 100
     */
    priority?: number;
  };
}

const CONTAINER_NAME = "web";
/**
 * Seconds between SIGTERM and SIGKILL: in-flight requests finish after the target group has
 * stopped sending new ones (its deregistration delay, also 30 s), well inside Spot's notice.
 */
const WEB_STOP_TIMEOUT_SECONDS = 30;

/**
 * The storefront's web API on Fargate behind the cell's load balancer: a FargateTask (the
 * hardened ARM64 task definition, its roles, logs and data-tier access, as for the worker
 * and the jobs) run by an ECS service in private subnets without public IPs, with a target
 * group and a listener rule. The `minTasks` floor stays on on-demand Fargate; `spotPercent`
 * of the tasks above it run on Spot (capacity/fargate-mix.ts). Deployments stop and roll back on their own
 * when new tasks fail (circuit breaker). `desiredCount` is ignored after creation, since
 * autoscaling owns it: re-applying it would undo scaling in the middle of a peak.
 *
 * Cost: Fargate ARM $0.03238 per vCPU-hour and $0.00356 per GB-hour (us-east-1); a
 * 1 vCPU / 2 GB task runs about $29/month on demand, Spot up to 70% less.
 */
export class WebService extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;
  readonly serviceArn: pulumi.Output<string>;
  /** The tasks' security group; data stores admit traffic from it. */
  readonly securityGroupId: pulumi.Output<string>;
  readonly taskDefinitionArn: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  /** Dimension value for target-group metrics and `ALBRequestCountPerTarget`. */
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: WebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:WebService", name, {}, opts);
    const capacity = fargateCapacityStrategy(spotPercentMix(args.minTasks, args.spotPercent));
    const securityGroup = this.createSecurityGroup(name, args);
    // The task's resources were once created here directly: `formerParent` keeps their URNs.
    const task = new FargateTask(
      name,
      {
        ...taskContextOf(args),
        family: name,
        containerName: CONTAINER_NAME,
        image: args.image,
        port: args.port,
        cpu: args.cpu,
        memory: args.memory,
        environment: { PORT: String(args.port), ...(args.environment ?? {}) },
        securityGroupId: securityGroup.id,
        stopTimeoutSeconds: WEB_STOP_TIMEOUT_SECONDS,
        formerParent: this,
      },
      { parent: this },
    );
    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        // A prefix, not a name: a changed port or protocol replaces the group, and a fixed
        // name cannot be created while the listener still uses the old one.
        namePrefix: "web-",
        port: args.port,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: args.vpcId,
        deregistrationDelay: 30,
        loadBalancingAlgorithmType: "least_outstanding_requests",
        healthCheck: {
          enabled: true,
          path: args.healthCheckPath,
          protocol: "HTTP",
          matcher: "200-399",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      },
      { parent: this, deleteBeforeReplace: false },
    );
    const rule = new aws.lb.ListenerRule(
      `${name}-forward`,
      {
        listenerArn: args.loadBalancer.listenerArn,
        priority: args.loadBalancer.priority ?? 100,
        conditions: args.loadBalancer.conditions,
        actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      },
      { parent: this },
    );

    const service = new aws.ecs.Service(
      `${name}`,
      {
        ...serviceBaseline({
          clusterArn: args.clusterArn,
          taskDefinitionArn: task.taskDefinitionArn,
          initialTaskCount: args.minTasks,
          capacityProviderStrategies: capacity,
          subnetIds: args.subnetIds,
          securityGroupId: securityGroup.id,
        }),
        loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: CONTAINER_NAME, containerPort: args.port }],
        healthCheckGracePeriodSeconds: 60,
      },
      {
        parent: this,
        ignoreChanges: SERVICE_IGNORE_CHANGES,
        // ECS refuses a target group that no listener rule uses yet; tasks cannot start
        // before their roles may read the secrets and their group may reach the stores.
        dependsOn: [rule, ...task.ready, ...args.clusterReady],
      },
    );

    this.serviceName = service.name;
    this.serviceArn = service.id;
    this.securityGroupId = securityGroup.id;
    this.taskDefinitionArn = task.taskDefinitionArn;
    this.taskRoleArn = task.taskRoleArn;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.logGroupName = task.logGroupName;
    this.registerOutputs({
      serviceName: this.serviceName,
      securityGroupId: this.securityGroupId,
      targetGroupArn: this.targetGroupArn,
    });
  }

  /**
   * Tasks admit only the load balancer on the container port, and the load balancer may
   * send only to the tasks on that port. Egress is HTTPS (AWS APIs, external catalog
   * systems through NAT); data stores add their own rules.
   */
  private createSecurityGroup(name: string, args: WebServiceArgs): aws.ec2.SecurityGroup {
    const group = taskSecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: "Web tasks: traffic from the load balancer only",
        httpsDescription: "HTTPS to AWS APIs and external systems",
      },
      this,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-alb`,
      {
        securityGroupId: group.id,
        description: "Requests from the load balancer",
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        referencedSecurityGroupId: args.loadBalancer.securityGroupId,
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-alb-to-tasks`,
      {
        securityGroupId: args.loadBalancer.securityGroupId,
        description: "Load balancer to the web tasks",
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        referencedSecurityGroupId: group.id,
      },
      { parent: this },
    );
    return group;
  }
}
