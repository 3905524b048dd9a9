import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { imageRepositoryArn } from "./ecr-image";

/**
 * What every task of a cell (web, worker, job) gets by default: its network baseline, its
 * execution role's statements and a hardened task definition, in one place so the three
 * never drift apart.
 */

/**
 * A task's security group, `<name>-tasks`, with HTTPS out to anywhere (AWS APIs, and the
 * external systems through NAT) as `<name>-https-out`, and nothing else: callers add what
 * comes in, and the data tier adds its own rule pairs.
 */
export function taskSecurityGroup(
  name: string,
  args: { vpcId: pulumi.Input<string>; description: string; httpsDescription: string },
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const group = new aws.ec2.SecurityGroup(
    `${name}-tasks`,
    { vpcId: args.vpcId, description: args.description },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-https-out`,
    {
      securityGroupId: group.id,
      description: args.httpsDescription,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    },
    { parent },
  );
  return group;
}

/**
 * The execution role's statements: write the task's log stream, and pull the one ECR
 * repository when the image is private. Nothing else; secrets come with their own policies.
 */
export function executionStatements(image: string, logGroupArn: pulumi.Input<string>): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: pulumi.interpolate`${logGroupArn}:log-stream:*`,
    },
  ];
  const repository = imageRepositoryArn(image);
  if (repository) {
    statements.push(
      // GetAuthorizationToken has no resource-level permissions.
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: repository,
      },
    );
  }
  return statements;
}

/** The one container of a task, as `hardenedTaskDefinition` places it. */
export interface HardenedContainer {
  name: string;
  image: string;
  /** @default the image's CMD */
  command?: string[];
  /** The port it listens on, for a service behind a load balancer. @default none */
  port?: number;
  /** Seconds between SIGTERM and SIGKILL. */
  stopTimeout: number;
  /** Plain values only, never credentials; written sorted by name. */
  environment: Record<string, pulumi.Input<string>>;
  /** Credentials, read by ECS from Secrets Manager when the task starts (ECS.8). */
  secrets: { name: string; valueFrom: pulumi.Input<string> }[];
  logGroupName: pulumi.Input<string>;
  region: string;
}

/**
 * An ARM64 (Graviton, about 20% cheaper per vCPU-hour) Fargate task definition of one
 * container, hardened per ECS.4/5/9: read-only root file system with a writable `/tmp`
 * volume, not privileged, an init process that forwards SIGTERM and reaps children, and
 * awslogs in non-blocking mode (a slow log stream never stalls the application).
 */
export function hardenedTaskDefinition(args: {
  family: string;
  cpu: number;
  memory: number;
  executionRoleArn: pulumi.Input<string>;
  taskRoleArn: pulumi.Input<string>;
  container: HardenedContainer;
}): aws.ecs.TaskDefinitionArgs {
  const { container } = args;
  return {
    family: args.family,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: String(args.cpu),
    memory: String(args.memory),
    runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    executionRoleArn: args.executionRoleArn,
    taskRoleArn: args.taskRoleArn,
    volumes: [{ name: "tmp" }],
    containerDefinitions: pulumi.jsonStringify([
      {
        name: container.name,
        image: container.image,
        ...(container.command ? { command: container.command } : {}),
        essential: true,
        readonlyRootFilesystem: true,
        privileged: false,
        ...(container.port !== undefined
          ? { portMappings: [{ name: "http", containerPort: container.port, protocol: "tcp" }] }
          : {}),
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        linuxParameters: { initProcessEnabled: true },
        stopTimeout: container.stopTimeout,
        environment: Object.entries(container.environment)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, value]) => ({ name, value })),
        secrets: container.secrets,
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": container.logGroupName,
            "awslogs-region": container.region,
            "awslogs-stream-prefix": container.name,
            mode: "non-blocking",
          },
        },
      },
    ]),
  };
}

/** Where and how a cell's ECS service runs its tasks. */
export interface ServiceBaseline {
  clusterArn: pulumi.Input<string>;
  taskDefinitionArn: pulumi.Input<string>;
  /** Tasks started on creation; afterwards autoscaling owns the count (see `SERVICE_IGNORE_CHANGES`). */
  initialTaskCount: number;
  capacityProviderStrategies: aws.types.input.ecs.ServiceCapacityProviderStrategy[];
  /** Private subnets: tasks get no public IP (ECS.2). */
  subnetIds: pulumi.Input<string[]>;
  securityGroupId: pulumi.Input<string>;
}

/**
 * What every ECS service of a cell (web, worker) shares: the latest Fargate platform,
 * private subnets without public IPs, a circuit breaker that rolls back a failed
 * deployment, new tasks started before old ones stop (100%/200%), the service's tags on its
 * tasks, and no wait for steady state (the circuit breaker reports failures).
 */
export function serviceBaseline(args: ServiceBaseline): aws.ecs.ServiceArgs {
  return {
    cluster: args.clusterArn,
    taskDefinition: args.taskDefinitionArn,
    desiredCount: args.initialTaskCount,
    capacityProviderStrategies: args.capacityProviderStrategies,
    platformVersion: "LATEST",
    networkConfiguration: { subnets: args.subnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    propagateTags: "SERVICE",
    enableEcsManagedTags: true,
    waitForSteadyState: false,
  };
}

/**
 * Autoscaling owns a service's task count after creation: re-applying `desiredCount` would
 * undo scaling in the middle of a peak.
 */
export const SERVICE_IGNORE_CHANGES = ["desiredCount"];
