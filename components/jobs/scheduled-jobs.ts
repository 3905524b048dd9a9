import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isIanaTimeZone } from "../../capacity/schedule";
import { checkJobName, JOB_MAX_EVENT_AGE_SECONDS, JOB_RETRIES } from "../../config/background";
import { JobPlacement } from "../../config/job-placement";
import { checkWhole } from "../../config/limits";
import { FargateTask } from "../cell/fargate-task";
import { taskSecurityGroup } from "../common/task-baseline";
import { DataAccess, TaskSecret } from "../data/client-access";
import { SchedulerRole } from "./scheduler-role";

/** One job: a container EventBridge Scheduler starts on a schedule. */
export interface ScheduledJob {
  /** Short name (`checkJobName`): the schedule, task family, roles and container are named after it. */
  name: string;
  /** EventBridge Scheduler expression: `rate(...)`, `cron(...)` or `at(...)`. */
  schedule: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
  /** Container image, pinned to a tag or digest. */
  image: string;
  /** Command the container runs. */
  command: string[];
  /** CPU units (1024 = 1 vCPU); with `memory`, a size Fargate accepts. */
  cpu: number;
  /** Memory, MiB. */
  memory: number;
  /** Times the scheduler retries a start that failed (`JOB_RETRIES`). */
  retries: number;
  /** Seconds an invocation may wait for its retries before it goes to the dead-letter queue (`JOB_MAX_EVENT_AGE_SECONDS`). */
  maxEventAgeSeconds: number;
  /**
   * Whether the job is switched on in config (a disabled job keeps its task definition and
   * roles); the schedule runs only if the job also runs here (`runsHere`).
   */
  enabled: boolean;
  /**
   * Where the job runs across the fleet, stated in the schedule's description for operators
   * (config/job-placement.ts).
   * @default "every-cell"
   */
  runIn?: JobPlacement;
  /**
   * Whether the job runs in this cell (`runsHere` of config/job-placement.ts). A job that
   * does not keeps everything it has, with its schedule DISABLED, so a primary move only
   * flips schedule states in place.
   * @default true
   */
  runsHere?: boolean;
  /**
   * Plain environment beyond the data tier's (never credentials).
   * @default {}
   */
  environment?: Record<string, pulumi.Input<string>>;
  /**
   * ECS secrets beyond the data tier's (an external system's credentials).
   * @default []
   */
  secrets?: TaskSecret[];
  /**
   * The secrets behind `secrets`, as full ARNs (a plain list).
   * @default []
   */
  secretArns?: pulumi.Input<string>[];
}

export interface ScheduledJobsArgs {
  /** Short app name, for the schedule group and task families. */
  app: string;
  /** The cell's stack name, for the schedule group and task families. */
  stack: string;
  /** Account of the cell; scopes the roles' trust. */
  accountId: pulumi.Input<string>;
  /** Region of the cell. */
  region: string;
  /** Cluster the jobs run in. */
  clusterArn: pulumi.Input<string>;
  /** VPC of the cell, for the jobs' security groups. */
  vpcId: pulumi.Input<string>;
  /** Private subnets the jobs run in (no public IPs). */
  subnetIds: pulumi.Input<string[]>;
  /** The jobs (a plain list: it decides how many schedules, tasks and groups exist). */
  jobs: ScheduledJob[];
  /** The cell's data tier; every job reaches it. */
  dataAccess: DataAccess;
  /** The cell key: the dead-letter queue, the jobs' logs and their extra secrets. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Days to keep the jobs' logs.
   */
  logRetentionDays: number;
}

/** What the cell exposes about one job. */
export interface ScheduledJobOutputs {
  scheduleArn: pulumi.Output<string>;
  scheduleName: pulumi.Output<string>;
  taskDefinitionArn: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
  securityGroupId: pulumi.Output<string>;
}

/**
 * How a schedule's description states the job's placement and whether it runs in this cell
 * (the diagram reads the placement back).
 */
export function placementText(runIn: JobPlacement, runsHere = true): string {
  if (runIn === "every-cell") return "runs in every cell";
  return `runs in the primary cell only: ${runsHere ? "runs here" : "disabled here"}`;
}

const SCHEDULE_SHAPE = /^(rate|cron|at)\(.+\)$/;
/** SQS keeps a message at most 14 days: the longest an operator has to look at a failed start. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/**
 * Seconds between SIGTERM and SIGKILL: the most Fargate allows, so a job stopped by a
 * deployment can commit what it has and leave the rest for its next run.
 */
const JOB_STOP_TIMEOUT_SECONDS = 120;

/**
 * What is wrong with a list of jobs, one sentence per problem naming the job (empty when
 * nothing is). Only shapes: the expressions themselves are parsed with the config.
 */
export function scheduledJobProblems(jobs: ScheduledJob[]): string[] {
  const problems: string[] = [];
  if (jobs.length === 0) problems.push("jobs is empty; create no ScheduledJobs for a cell without jobs");
  for (const job of jobs) {
    const label = `job ${JSON.stringify(job.name)}`;
    const name = checkJobName(job.name);
    if (name) problems.push(`${label}: name ${name}`);
    if (!SCHEDULE_SHAPE.test(job.schedule)) {
      problems.push(
        `${label}: schedule ${JSON.stringify(job.schedule)} must be a rate(...), cron(...) or at(...) expression`,
      );
    }
    if (!isIanaTimeZone(job.timeZone)) {
      problems.push(`${label}: timeZone ${JSON.stringify(job.timeZone)} must be an IANA time zone name`);
    }
    const retries = checkWhole(job.retries, JOB_RETRIES);
    if (retries) problems.push(`${label}: retries ${retries} (EventBridge Scheduler)`);
    const age = checkWhole(job.maxEventAgeSeconds, JOB_MAX_EVENT_AGE_SECONDS);
    if (age) problems.push(`${label}: maxEventAgeSeconds ${age} (EventBridge Scheduler)`);
  }
  const names = jobs.map((job) => job.name);
  const repeated = [...new Set(names.filter((value, index) => names.indexOf(value) !== index))];
  if (repeated.length > 0) problems.push(`job names repeat: ${repeated.join(", ")}`);
  return problems;
}

/**
 * The cell's scheduled jobs: one EventBridge Scheduler schedule per job, in one schedule
 * group per cell, each starting one Fargate task of its own task definition in the cell's
 * cluster, in private subnets without a public IP (ECS.2). Starts that fail (throttling,
 * no capacity, a missing permission) are retried per job and then delivered to one
 * dead-letter queue per cell, encrypted with the cell key and refusing plain HTTP.
 *
 * Jobs run with launch type FARGATE, that is on-demand: a catalog sync cut by a Spot
 * interruption would leave the catalog half-written until the next run, and a job's few
 * minutes gain little from the Spot discount. The launch type also makes the run
 * independent of the cluster's default capacity provider strategy.
 *
 * Each job has its own security group (no ingress; HTTPS out for AWS APIs and the external
 * systems through NAT): the data tier adds one rule pair per client group and store, and
 * two clients sharing a group would ask for the same rules twice, which AWS refuses.
 *
 * One scheduler role serves every schedule of the cell (see SchedulerRole): it may start
 * exactly these task definitions and pass exactly their roles.
 *
 * Cost: EventBridge Scheduler is free for the first 14 million invocations a month, then
 * $1.00 per million (a 5-minute job is about 8,640 a month); each run bills Fargate
 * on-demand per second (a 0.5 vCPU / 1 GB ARM task costs about $0.02 per hour of run
 * time); the queue and its KMS requests are negligible.
 */
export class ScheduledJobs extends pulumi.ComponentResource {
  readonly scheduleGroupName: pulumi.Output<string>;
  readonly deadLetterQueueArn: pulumi.Output<string>;
  readonly deadLetterQueueName: pulumi.Output<string>;
  readonly deadLetterQueueUrl: pulumi.Output<string>;
  readonly schedulerRoleArn: pulumi.Output<string>;
  /** Per job name. */
  readonly jobs: Record<string, ScheduledJobOutputs>;

  constructor(name: string, args: ScheduledJobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:jobs:ScheduledJobs", name, {}, opts);
    const problems = scheduledJobProblems(args.jobs);
    if (problems.length > 0) {
      throw new Error(`ScheduledJobs ${name}: jobs are invalid:\n  ${problems.join("\n  ")}`);
    }
    const groupName = `${args.app}-${args.stack}`;
    if (!/^[0-9A-Za-z_.-]{1,64}$/.test(groupName)) {
      throw new Error(
        `ScheduledJobs ${name}: schedule group name ${JSON.stringify(groupName)} (<app>-<stack>) must be 1-64 of letters, digits and - _ .`,
      );
    }

    const group = new aws.scheduler.ScheduleGroup(`${name}-group`, { name: groupName }, { parent: this });
    const deadLetters = this.createDeadLetterQueue(name, args);

    const tasks = args.jobs.map((job) => {
      const securityGroup = this.createSecurityGroup(name, job, args);
      const task = new FargateTask(
        `${name}-${job.name}`,
        {
          accountId: args.accountId,
          region: args.region,
          family: `${args.app}-${args.stack}-${job.name}`,
          containerName: job.name,
          image: job.image,
          command: job.command,
          cpu: job.cpu,
          memory: job.memory,
          environment: job.environment,
          secrets: job.secrets,
          secretArns: job.secretArns,
          secretsKmsKeyArn: args.kmsKeyArn,
          dataAccess: args.dataAccess,
          securityGroupId: securityGroup.id,
          logRetentionDays: args.logRetentionDays,
          logKmsKeyArn: args.kmsKeyArn,
          stopTimeoutSeconds: JOB_STOP_TIMEOUT_SECONDS,
        },
        { parent: this },
      );
      return { job, task, securityGroup };
    });

    const role = new SchedulerRole(
      `${name}-scheduler`,
      {
        accountId: args.accountId,
        region: args.region,
        scheduleGroupName: groupName,
        clusterArn: args.clusterArn,
        taskDefinitionArns: tasks.map(({ task }) => task.taskDefinitionArn),
        passRoleArns: tasks.flatMap(({ task }) => [task.executionRoleArn, task.taskRoleArn]),
        deadLetterQueueArn: deadLetters.arn,
        kmsKeyArn: args.kmsKeyArn,
      },
      { parent: this },
    );

    this.jobs = {};
    for (const { job, task, securityGroup } of tasks) {
      const schedule = new aws.scheduler.Schedule(
        `${name}-${job.name}`,
        {
          name: job.name,
          groupName: group.name,
          description: `Starts the ${job.name} job (${job.schedule}, ${job.timeZone}); ${placementText(job.runIn ?? "every-cell", job.runsHere ?? true)}`,
          scheduleExpression: job.schedule,
          scheduleExpressionTimezone: job.timeZone,
          flexibleTimeWindow: { mode: "OFF" },
          // ENABLED only for an enabled job that runs here: a primary move flips this in
          // place (docs/aws-behaviours.md #41), and the job's other resources stay in every
          // cell that lists it.
          state: job.enabled && (job.runsHere ?? true) ? "ENABLED" : "DISABLED",
          target: {
            arn: args.clusterArn,
            roleArn: role.roleArn,
            ecsParameters: {
              taskDefinitionArn: task.taskDefinitionArn,
              launchType: "FARGATE",
              taskCount: 1,
              platformVersion: "LATEST",
              networkConfiguration: {
                subnets: args.subnetIds,
                securityGroups: [securityGroup.id],
                assignPublicIp: false,
              },
              enableEcsManagedTags: true,
              propagateTags: "TASK_DEFINITION",
            },
            retryPolicy: {
              maximumRetryAttempts: job.retries,
              maximumEventAgeInSeconds: job.maxEventAgeSeconds,
            },
            deadLetterConfig: { arn: deadLetters.arn },
          },
        },
        // A run started before its roles may read the secrets, or before its group may reach
        // the stores, fails; one started before the scheduler role's policy is refused.
        { parent: this, dependsOn: [...task.ready, role.policy] },
      );
      this.jobs[job.name] = {
        scheduleArn: schedule.arn,
        scheduleName: schedule.name,
        taskDefinitionArn: task.taskDefinitionArn,
        logGroupName: task.logGroupName,
        securityGroupId: securityGroup.id,
      };
    }

    this.scheduleGroupName = group.name;
    this.deadLetterQueueArn = deadLetters.arn;
    this.deadLetterQueueName = deadLetters.name;
    this.deadLetterQueueUrl = deadLetters.url;
    this.schedulerRoleArn = role.roleArn;
    this.registerOutputs({
      scheduleGroupName: this.scheduleGroupName,
      deadLetterQueueArn: this.deadLetterQueueArn,
      schedulerRoleArn: this.schedulerRoleArn,
    });
  }

  /**
   * One queue for every schedule of the cell, holding a failed start for SQS's longest
   * retention, encrypted with the cell key, and refusing any request without TLS.
   */
  private createDeadLetterQueue(name: string, args: ScheduledJobsArgs): aws.sqs.Queue {
    const queue = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        messageRetentionSeconds: DLQ_RETENTION_SECONDS,
        kmsMasterKeyId: args.kmsKeyArn,
        // Failed starts are rare: the default reuse period keeps KMS requests negligible.
        kmsDataKeyReusePeriodSeconds: 300,
      },
      { parent: this },
    );
    new aws.sqs.QueuePolicy(
      `${name}-dlq`,
      {
        queueUrl: queue.url,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyWithoutTls",
              Effect: "Deny",
              Principal: "*",
              Action: "sqs:*",
              Resource: queue.arn,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      { parent: this },
    );
    return queue;
  }

  /** No ingress; HTTPS out for AWS APIs and the external systems. The data tier adds its own rules. */
  private createSecurityGroup(name: string, job: ScheduledJob, args: ScheduledJobsArgs): aws.ec2.SecurityGroup {
    return taskSecurityGroup(
      `${name}-${job.name}`,
      {
        vpcId: args.vpcId,
        description: `Job ${job.name}: no inbound traffic`,
        httpsDescription: "HTTPS to AWS APIs and external systems",
      },
      this,
    );
  }
}
