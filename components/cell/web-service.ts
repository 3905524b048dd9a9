import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateCapacityStrategy } from "../../capacity/fargate-mix";
import { DataAccess, DataClientAccess } from "../data/client-access";
import { executionStatements, hardenedTaskDefinition, taskSecurityGroup } from "../shared/task-baseline";
import { serviceAssumeRolePolicy } from "../shared/iam";

export interface WebServiceArgs {
  /** Account of the cell; scopes the task roles' trust. */
  accountId: pulumi.Input<string>;
  /** Region of the cell, for the log driver. */
  region: string;
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
  /** Container image, pinned to a tag or digest. */
  image: string;
  /** CPU units (1024 = 1 vCPU); with `memory`, a size Fargate accepts. */
  cpu: number;
  /** Memory, MiB. */
  memory: number;
  /** Port the container listens on. */
  port: number;
  /** Path the target group probes. */
  healthCheckPath: string;
  /** Tasks started on creation; afterwards autoscaling owns the count. */
  initialTaskCount: number;
  /** Tasks that always run on on-demand Fargate. */
  onDemandBase: number;
  /**
   * Share of the tasks above `onDemandBase` on Fargate Spot, percent.
   * @default 0
   */
  spotPercent?: number;
  /**
   * Days to keep the containers' logs.
   * @default 30
   */
  logRetentionDays?: number;
  /**
   * Plain environment values for the container. Never credentials: those arrive as ECS
   * `secrets` from Secrets Manager.
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
  /**
   * The cell's data tier: its endpoints join the environment, its credentials arrive as
   * ECS `secrets`, and the roles and security group are allowed exactly those stores.
   * @default no data access
   */
  dataAccess?: DataAccess;
  /**
   * The cell key, to encrypt the log group with.
   * @default CloudWatch Logs' own encryption
   */
  logKmsKeyArn?: pulumi.Input<string>;
}

const CONTAINER_NAME = "web";

/**
 * The storefront's web API on Fargate (ARM64/Graviton, about 20% cheaper than x86 per
 * vCPU-hour) behind the cell's load balancer. Hardened per ECS.2/4/5/9: private subnets
 * without public IPs, no privileged mode, read-only root file system (a small writable
 * `/tmp` volume instead), logs to CloudWatch. Deployments stop and roll back on their own
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
  readonly taskRoleArn: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  /** Dimension value for target-group metrics and `ALBRequestCountPerTarget`. */
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: WebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:WebService", name, {}, opts);
    if (args.initialTaskCount < 0) {
      throw new Error(`WebService ${name}: initialTaskCount must not be negative, got ${args.initialTaskCount}`);
    }
    // Refuses a negative onDemandBase or a spotPercent outside 0..100.
    const capacity = fargateCapacityStrategy(args.onDemandBase, args.spotPercent ?? 0);

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { retentionInDays: args.logRetentionDays ?? 30, kmsKeyId: args.logKmsKeyArn },
      { parent: this },
    );
    const executionRole = this.createExecutionRole(name, args, logGroup.arn);
    const taskRole = new aws.iam.Role(
      `${name}-task`,
      {
        description: "Identity of the web containers; grants only what the application calls",
        assumeRolePolicy: serviceAssumeRolePolicy("ecs-tasks.amazonaws.com", args.accountId),
      },
      { parent: this },
    );

    const securityGroup = this.createSecurityGroup(name, args);
    const dataAccess = args.dataAccess
      ? new DataClientAccess(
          `${name}-data`,
          {
            access: args.dataAccess,
            securityGroupId: securityGroup.id,
            executionRoleName: executionRole.name,
            taskRoleName: taskRole.name,
          },
          { parent: this },
        )
      : undefined;
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

    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      hardenedTaskDefinition({
        family: name,
        cpu: args.cpu,
        memory: args.memory,
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        container: {
          name: CONTAINER_NAME,
          image: args.image,
          port: args.port,
          // Spot gives two minutes' notice; 30 s lets in-flight requests finish after
          // the target group has stopped sending new ones (deregistration delay).
          stopTimeout: 30,
          environment: {
            PORT: String(args.port),
            ...(args.environment ?? {}),
            ...(args.dataAccess?.environment ?? {}),
          },
          secrets: args.dataAccess?.secrets ?? [],
          logGroupName: logGroup.name,
          region: args.region,
        },
      }),
      { parent: this },
    );

    const service = new aws.ecs.Service(
      `${name}`,
      {
        cluster: args.clusterArn,
        taskDefinition: taskDefinition.arn,
        desiredCount: args.initialTaskCount,
        capacityProviderStrategies: capacity,
        platformVersion: "LATEST",
        networkConfiguration: { subnets: args.subnetIds, securityGroups: [securityGroup.id], assignPublicIp: false },
        loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: CONTAINER_NAME, containerPort: args.port }],
        healthCheckGracePeriodSeconds: 60,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        waitForSteadyState: false,
      },
      {
        parent: this,
        // Autoscaling owns the task count after creation.
        ignoreChanges: ["desiredCount"],
        // ECS refuses a target group that no listener rule uses yet; tasks cannot start
        // before their roles may read the secrets and their group may reach the stores.
        dependsOn: [rule, ...args.clusterReady, ...(dataAccess?.ready ?? [])],
      },
    );

    this.serviceName = service.name;
    this.serviceArn = service.id;
    this.securityGroupId = securityGroup.id;
    this.taskRoleArn = taskRole.arn;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      serviceName: this.serviceName,
      securityGroupId: this.securityGroupId,
      targetGroupArn: this.targetGroupArn,
    });
  }

  /** The role ECS uses to start tasks: pull the image, write the log stream. Nothing else. */
  private createExecutionRole(name: string, args: WebServiceArgs, logGroupArn: pulumi.Output<string>): aws.iam.Role {
    const role = new aws.iam.Role(
      `${name}-execution`,
      {
        description: "Lets ECS pull the web image and write its logs",
        assumeRolePolicy: serviceAssumeRolePolicy("ecs-tasks.amazonaws.com", args.accountId),
      },
      { parent: this },
    );
    const statements = executionStatements(args.image, logGroupArn);
    new aws.iam.RolePolicy(
      `${name}-execution`,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
      { parent: this },
    );
    return role;
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
