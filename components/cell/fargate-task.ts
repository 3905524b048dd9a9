import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { executionStatements, hardenedTaskDefinition } from "../common/task-baseline";
import { checkFargateSize } from "../../config/aws-limits";
import { checkWhole, STOP_TIMEOUT_SECONDS } from "../../config/limits";
import { DataAccess, DataClientAccess, TaskSecret } from "../data/client-access";
import { serviceAssumeRolePolicy } from "../common/iam";

export interface FargateTaskArgs {
  /** Account of the cell; scopes the roles' trust. */
  accountId: pulumi.Input<string>;
  /** Region of the cell, for the log driver and the `kms:ViaService` condition. */
  region: string;
  /** Task definition family. */
  family: string;
  /** Container name (also the log stream prefix). */
  containerName: string;
  /** Container image, pinned to a tag or digest. */
  image: string;
  /**
   * Command the container runs instead of the image's own.
   * @default the image's CMD
   */
  command?: string[];
  /**
   * Port the container listens on, for a service behind a load balancer.
   * @default none (a worker or a job listens on nothing)
   */
  port?: number;
  /** CPU units (1024 = 1 vCPU); with `memory`, a size Fargate accepts. */
  cpu: number;
  /** Memory, MiB. */
  memory: number;
  /**
   * Plain environment values (never credentials).
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
  /**
   * Extra ECS secrets beyond the data tier's (e.g. external systems' credentials).
   * @default []
   */
  secrets?: TaskSecret[];
  /**
   * ARNs of the secrets behind `secrets` (a plain list): the execution role may read exactly these.
   * @default []
   */
  secretArns?: pulumi.Input<string>[];
  /**
   * Key the extra secrets are encrypted with; the execution role may decrypt with it, only
   * through Secrets Manager.
   * @default the data tier's key (`dataAccess.kmsKeyArn`); without a data tier, no KMS
   * grant (secrets under the AWS managed key `aws/secretsmanager` need none)
   */
  secretsKmsKeyArn?: pulumi.Input<string>;
  /**
   * The cell's data tier (see components/data/client-access.ts DataAccess).
   * @default no data access
   */
  dataAccess?: DataAccess;
  /** The client's security group: the data tier admits it (DataClientAccess). */
  securityGroupId: pulumi.Input<string>;
  /** Days to keep the container's logs (a retention CloudWatch Logs accepts). */
  logRetentionDays: number;
  /**
   * The cell key, to encrypt the log group with.
   * @default CloudWatch Logs' own encryption
   */
  logKmsKeyArn?: pulumi.Input<string>;
  /** Seconds between SIGTERM and SIGKILL, within `STOP_TIMEOUT_SECONDS` (Fargate allows at most 120). */
  stopTimeoutSeconds: number;
  /**
   * The component that created this task's resources itself before they were grouped under
   * a FargateTask: each resource keeps the URN it had there (an alias with that parent), so
   * nothing is replaced. Resources of a child component follow their component's alias.
   * @default none (the resources were always under this task)
   */
  formerParent?: pulumi.Resource;
}

/** What a service hands its task unchanged: the cell it runs in, what it is told and may reach, its logs. */
export type TaskContext = Pick<
  FargateTaskArgs,
  "accountId" | "region" | "environment" | "dataAccess" | "logRetentionDays" | "logKmsKeyArn"
>;

/** The `TaskContext` members of a service's arguments (which hold more). */
export function taskContextOf(args: TaskContext): TaskContext {
  const { accountId, region, environment, dataAccess, logRetentionDays, logKmsKeyArn } = args;
  return { accountId, region, environment, dataAccess, logRetentionDays, logKmsKeyArn };
}

/** Family and container names ECS accepts: up to 255 letters, digits, `-` and `_`. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The task definition and identities one container needs (the web service, a queue worker,
 * a scheduled job), without a service: whoever runs it (an ECS service, an EventBridge
 * schedule) waits for `ready`, as awsx's FargateService builds on its task definition.
 *
 * Hardened (ECS.2/4/5/8/9): ARM64, read-only root file system with a
 * small writable `/tmp` volume, not privileged, an init process that reaps children and
 * forwards SIGTERM, logs to CloudWatch with retention and the cell key. Credentials arrive
 * only as ECS `secrets`. The execution role may write its own log stream, pull its one ECR
 * repository (when the image is private) and read exactly the listed secrets; the task role
 * gets only the data tier's bucket and key, and reads no secret. Both trust only ECS tasks of this account.
 *
 * Cost: the task definition and roles are free; running tasks bill Fargate ARM at $0.03238
 * per vCPU-hour and $0.00356 per GB-hour (a 0.5 vCPU / 1 GB task about $14/month when it
 * runs all month, Spot up to 70% less); logs bill CloudWatch ingestion and storage.
 */
export class FargateTask extends pulumi.ComponentResource {
  readonly taskDefinitionArn: pulumi.Output<string>;
  readonly family: string;
  readonly containerName: string;
  readonly executionRoleArn: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly logGroupArn: pulumi.Output<string>;
  /** What a service or schedule must wait for (role policies, security group rules). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: FargateTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:FargateTask", name, {}, opts);
    const extraSecrets = args.secrets ?? [];
    const extraSecretArns = args.secretArns ?? [];
    validate(name, args, extraSecrets, extraSecretArns);
    const child = this.childOptions(args);

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { retentionInDays: args.logRetentionDays, kmsKeyId: args.logKmsKeyArn },
      child,
    );
    const executionRole = new aws.iam.Role(
      `${name}-execution`,
      {
        description: `Lets ECS start ${args.family}: pull its image, write its logs, read its secrets`,
        assumeRolePolicy: serviceAssumeRolePolicy("ecs-tasks.amazonaws.com", args.accountId),
      },
      child,
    );
    const taskRole = new aws.iam.Role(
      `${name}-task`,
      {
        description: `Identity of ${args.family}; grants only what the container calls`,
        assumeRolePolicy: serviceAssumeRolePolicy("ecs-tasks.amazonaws.com", args.accountId),
      },
      child,
    );

    const ready: pulumi.Resource[] = [this.executionPolicy(name, args, executionRole, logGroup.arn)];
    if (extraSecretArns.length > 0) {
      ready.push(this.extraSecretsPolicy(name, args, executionRole, extraSecretArns));
    }
    if (args.dataAccess) {
      const access = new DataClientAccess(
        `${name}-data`,
        {
          access: args.dataAccess,
          securityGroupId: args.securityGroupId,
          executionRoleName: executionRole.name,
          taskRoleName: taskRole.name,
        },
        child,
      );
      ready.push(...access.ready);
    }

    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      hardenedTaskDefinition({
        family: args.family,
        cpu: args.cpu,
        memory: args.memory,
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        container: {
          name: args.containerName,
          image: args.image,
          command: args.command,
          port: args.port,
          stopTimeout: args.stopTimeoutSeconds,
          environment: { ...(args.environment ?? {}), ...(args.dataAccess?.environment ?? {}) },
          secrets: [...(args.dataAccess?.secrets ?? []), ...extraSecrets],
          logGroupName: logGroup.name,
          region: args.region,
        },
      }),
      child,
    );

    this.taskDefinitionArn = taskDefinition.arn;
    this.family = args.family;
    this.containerName = args.containerName;
    this.executionRoleArn = executionRole.arn;
    this.taskRoleArn = taskRole.arn;
    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;
    this.ready = ready;
    this.registerOutputs({
      taskDefinitionArn: this.taskDefinitionArn,
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      logGroupName: this.logGroupName,
    });
  }

  /** Options of every child: parented here, aliased to where it stood before (see `formerParent`). */
  private childOptions(args: FargateTaskArgs): pulumi.CustomResourceOptions {
    return { parent: this, ...(args.formerParent ? { aliases: [{ parent: args.formerParent }] } : {}) };
  }

  /** Write the log stream; pull the one ECR repository when the image is private. Nothing else. */
  private executionPolicy(
    name: string,
    args: FargateTaskArgs,
    role: aws.iam.Role,
    logGroupArn: pulumi.Output<string>,
  ): aws.iam.RolePolicy {
    const statements = executionStatements(args.image, logGroupArn);
    return new aws.iam.RolePolicy(
      `${name}-execution`,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
      this.childOptions(args),
    );
  }

  /** Read exactly the extra secrets, decrypting only through Secrets Manager in this region. */
  private extraSecretsPolicy(
    name: string,
    args: FargateTaskArgs,
    role: aws.iam.Role,
    secretArns: pulumi.Input<string>[],
  ): aws.iam.RolePolicy {
    const statements: Record<string, unknown>[] = [
      { Sid: "ReadTaskSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns },
    ];
    const keyArn = args.secretsKmsKeyArn ?? args.dataAccess?.kmsKeyArn;
    if (keyArn) {
      statements.push({
        Sid: "DecryptTaskSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` } },
      });
    }
    return new aws.iam.RolePolicy(
      `${name}-secrets`,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
      this.childOptions(args),
    );
  }
}

function validate(
  name: string,
  args: FargateTaskArgs,
  secrets: TaskSecret[],
  secretArns: pulumi.Input<string>[],
): void {
  const fail = (message: string): never => {
    throw new Error(`FargateTask ${name}: ${message}`);
  };
  if (!ECS_NAME.test(args.family)) {
    fail(`family must be 1-255 letters, digits, - and _, got ${JSON.stringify(args.family)}`);
  }
  if (!ECS_NAME.test(args.containerName)) {
    fail(`containerName must be 1-255 letters, digits, - and _, got ${JSON.stringify(args.containerName)}`);
  }
  const size = checkFargateSize(args.cpu, args.memory);
  if (size) fail(`cpu ${args.cpu} / memory ${args.memory}: ${size}`);
  const stopTimeout = checkWhole(args.stopTimeoutSeconds, STOP_TIMEOUT_SECONDS);
  if (stopTimeout) fail(`stopTimeoutSeconds ${stopTimeout}`);
  // Secrets the execution role may not read stop the task at start; ARNs without secrets
  // would grant reads nothing uses.
  if ((secrets.length === 0) !== (secretArns.length === 0)) {
    fail(
      `secrets (${secrets.length}) and secretArns (${secretArns.length}) go together: ` +
        "pass the ARN of every secret a `secrets` entry reads, and no others",
    );
  }
  const names = [
    ...Object.keys(args.environment ?? {}),
    ...Object.keys(args.dataAccess?.environment ?? {}),
    ...(args.dataAccess?.secrets ?? []).map((secret) => secret.name),
    ...secrets.map((secret) => secret.name),
  ];
  const repeated = [...new Set(names.filter((value, index) => names.indexOf(value) !== index))];
  if (repeated.length > 0) {
    fail(`environment and secret names repeat: ${repeated.join(", ")}; each variable must have one source`);
  }
}
