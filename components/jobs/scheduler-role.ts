import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SchedulerRoleArgs {
  /** Account of the cell; the trust admits only its schedules. */
  accountId: pulumi.Input<string>;
  /** Region of the cell, for the schedule group's ARN and the `kms:ViaService` condition. */
  region: string;
  /** The schedule group whose schedules may assume the role. */
  scheduleGroupName: string;
  /** Cluster the jobs run in; RunTask is allowed there only. */
  clusterArn: pulumi.Input<string>;
  /**
   * The jobs' task definitions (a plain list: it decides the policy's shape). The role may
   * run every revision of exactly these families: a new revision's schedule update and the
   * policy's update land at different moments, and a run between them must not be refused.
   */
  taskDefinitionArns: pulumi.Input<string>[];
  /** The jobs' execution and task roles, exactly: RunTask passes them to ECS. */
  passRoleArns: pulumi.Input<string>[];
  /** The dead-letter queue the schedules deliver undeliverable invocations to. */
  deadLetterQueueArn: pulumi.Input<string>;
  /** The key the dead-letter queue is encrypted with. */
  kmsKeyArn: pulumi.Input<string>;
}

/** `arn:...:task-definition/<family>:<revision>` to `arn:...:task-definition/<family>:*`: every revision of the family. */
export function anyRevisionOf(taskDefinitionArn: string): string {
  const match = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}):\d+$/.exec(
    taskDefinitionArn,
  );
  if (!match) throw new Error(`not an ECS task definition ARN with a revision: ${JSON.stringify(taskDefinitionArn)}`);
  return `${match[1]}:*`;
}

/** The cluster name in an ECS cluster ARN (`arn:aws:ecs:<region>:<account>:cluster/<name>`). */
export function clusterNameOf(clusterArn: string): string {
  const match = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z0-9_-]{1,255})$/.exec(clusterArn);
  if (!match) throw new Error(`not an ECS cluster ARN: ${JSON.stringify(clusterArn)}`);
  return match[1];
}

/** The ARN EventBridge Scheduler presents as `aws:SourceArn` for the schedules of a group. */
export function scheduleGroupArn(region: string, accountId: string, groupName: string): string {
  return `arn:aws:scheduler:${region}:${accountId}:schedule-group/${groupName}`;
}

/**
 * The role EventBridge Scheduler assumes to start the cell's jobs. Its trust admits only
 * `scheduler.amazonaws.com` acting for this account's schedule group (`aws:SourceAccount`
 * and `aws:SourceArn`, the confused-deputy guard; Scheduler presents the group's ARN, not
 * a schedule's). Its one inline policy (IAM.1/IAM.21: no wildcard actions, no `*`
 * resources) allows:
 * - `ecs:RunTask` on every revision of exactly the jobs' task definition families, in the
 *   cell's cluster only;
 * - `iam:PassRole` on exactly the jobs' execution and task roles, to ECS tasks only;
 * - `ecs:TagResource` on the cluster's tasks while RunTask creates them, which RunTask
 *   needs as soon as it tags (managed tags, tags propagated from the task definition);
 * - `sqs:SendMessage` to the dead-letter queue, and the cell key through SQS only, since
 *   the queue is encrypted with it.
 *
 * Cost: nothing; IAM is free.
 */
export class SchedulerRole extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  /** The inline policy: schedules must wait for it, or their first runs are refused. */
  readonly policy: aws.iam.RolePolicy;

  constructor(name: string, args: SchedulerRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:jobs:SchedulerRole", name, {}, opts);
    if (args.taskDefinitionArns.length === 0) {
      throw new Error(`SchedulerRole ${name}: taskDefinitionArns is empty; a role that may start nothing is useless`);
    }
    if (args.passRoleArns.length === 0) {
      throw new Error(`SchedulerRole ${name}: passRoleArns is empty; RunTask must pass the jobs' roles to ECS`);
    }

    const role = new aws.iam.Role(
      `${name}`,
      {
        description: `Lets EventBridge Scheduler start the jobs of schedule group ${args.scheduleGroupName}`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "scheduler.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: {
                StringEquals: {
                  "aws:SourceAccount": args.accountId,
                  "aws:SourceArn": pulumi
                    .output(args.accountId)
                    .apply((account) => scheduleGroupArn(args.region, account, args.scheduleGroupName)),
                },
              },
            },
          ],
        }),
      },
      { parent: this },
    );

    const clusterName = pulumi.output(args.clusterArn).apply(clusterNameOf);
    this.policy = new aws.iam.RolePolicy(
      `${name}`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "RunJobTasks",
              Effect: "Allow",
              Action: "ecs:RunTask",
              Resource: args.taskDefinitionArns.map((arn) => pulumi.output(arn).apply(anyRevisionOf)),
              Condition: { ArnEquals: { "ecs:cluster": args.clusterArn } },
            },
            {
              Sid: "PassJobRoles",
              Effect: "Allow",
              Action: "iam:PassRole",
              Resource: args.passRoleArns,
              Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
            {
              Sid: "TagJobTasks",
              Effect: "Allow",
              Action: "ecs:TagResource",
              Resource: pulumi.interpolate`arn:aws:ecs:${args.region}:${args.accountId}:task/${clusterName}/*`,
              Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
            },
            {
              Sid: "DeadLetters",
              Effect: "Allow",
              Action: "sqs:SendMessage",
              Resource: args.deadLetterQueueArn,
            },
            {
              Sid: "EncryptDeadLetters",
              Effect: "Allow",
              Action: ["kms:GenerateDataKey", "kms:Decrypt"],
              Resource: args.kmsKeyArn,
              Condition: { StringEquals: { "kms:ViaService": `sqs.${args.region}.amazonaws.com` } },
            },
          ],
        }),
      },
      { parent: this },
    );

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
