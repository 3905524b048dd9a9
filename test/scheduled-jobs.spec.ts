import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { ScheduledJob, scheduledJobProblems, ScheduledJobs } from "../components/jobs/scheduled-jobs";
import { DataAccess } from "../components/data/client-access";
import { resolve } from "./support/evaluate";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";
import { list } from "./support/policies";

const SCHEDULE = "aws:scheduler/schedule:Schedule";
const GROUP = "aws:scheduler/scheduleGroup:ScheduleGroup";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const QUEUE = "aws:sqs/queue:Queue";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

const CELL_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-cell";
const CLUSTER_NAME = "storefront-us-east-1";
const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${MOCK_ACCOUNT_ID}:cluster/${CLUSTER_NAME}`;
const SUBNETS = ["subnet-private-a", "subnet-private-b"];
const DB_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const FEED_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:storefront/external/feed-AbCdEf";

/** The cell's data tier, as literal values. */
const DATA_ACCESS: DataAccess = {
  region: "us-east-1",
  environment: { DB_WRITER_HOST: "writer.db.example.internal", DB_PORT: "5432" },
  secrets: [{ name: "DB_PASSWORD", valueFrom: `${DB_SECRET}:password::` }],
  secretArns: [DB_SECRET],
  kmsKeyArn: CELL_KEY,
  bucketArn: "arn:aws:s3:::storefront-media",
  stores: [{ name: "database", securityGroupId: "sg-database", port: 5432 }],
};

const JOBS: ScheduledJob[] = [
  {
    name: "catalog-sync",
    schedule: "rate(5 minutes)",
    timeZone: "America/New_York",
    image: "public.ecr.aws/storefront/worker:1.0.0",
    command: ["node", "dist/jobs/catalog-sync.js"],
    cpu: 512,
    memory: 1024,
    retries: 2,
    maxEventAgeSeconds: 300,
    enabled: true,
    environment: { EXTERNAL_FEED_URL: "https://feed.example.com/api" },
    secrets: [{ name: "EXTERNAL_FEED_CREDENTIALS", valueFrom: FEED_SECRET }],
    secretArns: [FEED_SECRET],
  },
  {
    name: "order-reconciliation",
    schedule: "cron(30 2 * * ? *)",
    timeZone: "Europe/Dublin",
    image: "public.ecr.aws/storefront/worker:1.0.0",
    command: ["node", "dist/jobs/reconcile-orders.js"],
    cpu: 1024,
    memory: 2048,
    retries: 0,
    maxEventAgeSeconds: 3600,
    enabled: true,
    // Built here, but it runs in the primary only and this cell is not the primary.
    runIn: "primary",
    runsHere: false,
  },
];

const ARGS = {
  app: "storefront",
  stack: "us-east-1",
  accountId: MOCK_ACCOUNT_ID,
  region: "us-east-1",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-cell",
  subnetIds: SUBNETS,
  dataAccess: DATA_ACCESS,
  kmsKeyArn: CELL_KEY,
  logRetentionDays: 30,
};

const parse = (resource: RecordedResource, field: string) => JSON.parse(resource.inputs[field]);
const sorted = (values: string[]) => [...values].sort();

describe("ScheduledJobs", () => {
  const cloud = new MockCloud();
  let outputs: pulumi.Unwrap<
    Pick<
      ScheduledJobs,
      "scheduleGroupName" | "deadLetterQueueArn" | "deadLetterQueueName" | "schedulerRoleArn" | "jobs"
    >
  >;

  before(async () => {
    await cloud.install("scheduled-jobs");
    const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
    const jobs = new ScheduledJobs("jobs", { ...ARGS, jobs: JOBS }, { providers: [provider] });
    outputs = await resolve({
      scheduleGroupName: jobs.scheduleGroupName,
      deadLetterQueueArn: jobs.deadLetterQueueArn,
      deadLetterQueueName: jobs.deadLetterQueueName,
      schedulerRoleArn: jobs.schedulerRoleArn,
      jobs: jobs.jobs,
    });
    // Every registration has reached the mocks before anything is counted.
    await pulumi.runtime.disconnect();
  });

  const group = () => cloud.one(GROUP);
  const queue = () => cloud.one(QUEUE);
  const schedulerRole = () => cloud.ofType(ROLE).find((r) => r.parentType === "storefront:jobs:SchedulerRole")!;
  const schedulerPolicy = () => {
    const policies = cloud.ofType(ROLE_POLICY).filter((r) => r.parentType === "storefront:jobs:SchedulerRole");
    assert.equal(policies.length, 1, "the scheduler role has one inline policy");
    return policies[0];
  };
  const scheduleOf = (job: ScheduledJob) => {
    const matches = cloud.ofType(SCHEDULE).filter((s) => s.inputs.name === job.name);
    assert.equal(matches.length, 1, `one schedule for ${job.name}`);
    return matches[0];
  };
  /** The task definition whose container is the job's (read from the definition, not from the schedule). */
  const taskDefinitionOf = (job: ScheduledJob) => {
    const matches = cloud.ofType(TASK_DEFINITION).filter((t) => parse(t, "containerDefinitions")[0].name === job.name);
    assert.equal(matches.length, 1, `one task definition for ${job.name}`);
    return matches[0];
  };
  const securityGroupOf = (job: ScheduledJob) => cloud.one(SECURITY_GROUP, `-${job.name}-tasks`);
  const statement = (sid: string) => {
    const found = parse(schedulerPolicy(), "policy").Statement.filter((s: { Sid: string }) => s.Sid === sid);
    assert.equal(found.length, 1, `one statement ${sid}`);
    return found[0];
  };

  it("creates one schedule group for the cell, named <app>-<stack>, in the cell's region", () => {
    assert.equal(cloud.ofType(GROUP).length, 1);
    assert.equal(group().inputs.name, `${ARGS.app}-${ARGS.stack}`);
    assert.equal(group().region, "us-east-1");
    assert.equal(outputs.scheduleGroupName, group().state.name);
  });

  it("gives each job exactly one schedule, in the group, with its expression and time zone", () => {
    assert.equal(cloud.ofType(SCHEDULE).length, JOBS.length);
    for (const job of JOBS) {
      const schedule = scheduleOf(job);
      assert.equal(schedule.inputs.groupName, group().state.name, job.name);
      assert.equal(schedule.inputs.scheduleExpression, job.schedule, job.name);
      assert.equal(schedule.inputs.scheduleExpressionTimezone, job.timeZone, job.name);
      assert.deepEqual(schedule.inputs.flexibleTimeWindow, { mode: "OFF" }, job.name);
      assert.equal(schedule.region, "us-east-1", job.name);
    }
  });

  it("enables a schedule only for an enabled job that runs here, and says where each job runs", () => {
    const [everyCell, elsewhere] = JOBS.map(scheduleOf);
    assert.equal(everyCell.inputs.state, "ENABLED");
    assert.match(everyCell.inputs.description, /; runs in every cell$/);
    assert.equal(elsewhere.inputs.state, "DISABLED");
    assert.match(elsewhere.inputs.description, /; runs in the primary cell only: disabled here$/);
    // Everything else of the job is built all the same, so a primary move only flips the state.
    assert.ok(outputs.jobs[JOBS[1].name].taskDefinitionArn && outputs.jobs[JOBS[1].name].logGroupName);
  });

  it("starts each job's own task definition, in the cell's cluster, as the scheduler role", () => {
    const arns = JOBS.map((job) => scheduleOf(job).inputs.target.ecsParameters.taskDefinitionArn);
    assert.equal(new Set(arns).size, JOBS.length, "no two schedules start the same task definition");
    for (const job of JOBS) {
      const target = scheduleOf(job).inputs.target;
      assert.equal(target.arn, CLUSTER_ARN, job.name);
      assert.equal(target.roleArn, schedulerRole().state.arn, job.name);
      assert.equal(target.ecsParameters.taskDefinitionArn, taskDefinitionOf(job).state.arn, job.name);
    }
  });

  it("runs one on-demand Fargate task per invocation, in private subnets, without a public IP (ECS.2)", () => {
    for (const job of JOBS) {
      const ecs = scheduleOf(job).inputs.target.ecsParameters;
      // A launch type, not the cluster's default strategy (which may be Spot).
      assert.equal(ecs.launchType, "FARGATE", job.name);
      assert.equal(ecs.capacityProviderStrategies, undefined, job.name);
      assert.equal(ecs.taskCount, 1, job.name);
      assert.equal(ecs.platformVersion, "LATEST", job.name);
      assert.deepEqual(ecs.networkConfiguration, {
        subnets: SUBNETS,
        securityGroups: [securityGroupOf(job).id],
        assignPublicIp: false,
      });
      assert.equal(ecs.enableEcsManagedTags, true, job.name);
      assert.equal(ecs.propagateTags, "TASK_DEFINITION", job.name);
    }
  });

  it("retries each job's failed starts as configured, then sends them to the cell's dead-letter queue", () => {
    for (const job of JOBS) {
      const target = scheduleOf(job).inputs.target;
      assert.deepEqual(
        target.retryPolicy,
        { maximumRetryAttempts: job.retries, maximumEventAgeInSeconds: job.maxEventAgeSeconds },
        job.name,
      );
      assert.deepEqual(target.deadLetterConfig, { arn: queue().state.arn }, job.name);
    }
  });

  it("creates each schedule only after the scheduler role's policy and the job's own grants and rules", () => {
    for (const job of JOBS) {
      const dependsOn = scheduleOf(job).dependsOn;
      assert.ok(dependsOn.includes(schedulerPolicy().urn), `${job.name} waits for the scheduler policy`);
      // The job's execution policy (logs) and its data-tier rule pair and role policies.
      const own = cloud.resources.filter(
        (r) =>
          r.custom &&
          (r.name === `jobs-${job.name}-execution` || r.name.startsWith(`jobs-${job.name}-data-`)) &&
          r.type !== ROLE,
      );
      assert.ok(own.length >= 4, `${job.name}: found ${own.map((r) => r.name).join(", ")}`);
      for (const resource of own) assert.ok(dependsOn.includes(resource.urn), `${job.name} waits for ${resource.name}`);
    }
  });

  it("lets the scheduler role start exactly the jobs' task definitions, in the cell's cluster only", () => {
    const runTask = statement("RunJobTasks");
    assert.equal(runTask.Action, "ecs:RunTask");
    // Every revision of each job's family, and no other family: a run between a new
    // revision's policy update and its schedule update must not be refused.
    const family = (definition: RecordedResource) =>
      `arn:aws:ecs:us-east-1:${MOCK_ACCOUNT_ID}:task-definition/${definition.inputs.family}:*`;
    assert.deepEqual(sorted(list<string>(runTask.Resource)), sorted(cloud.ofType(TASK_DEFINITION).map(family)));
    assert.deepEqual(sorted(list<string>(runTask.Resource)), sorted(JOBS.map((job) => family(taskDefinitionOf(job)))));
    assert.deepEqual(runTask.Condition, { ArnEquals: { "ecs:cluster": CLUSTER_ARN } });
  });

  it("lets the scheduler role pass exactly the jobs' execution and task roles, to ECS tasks only", () => {
    const passRole = statement("PassJobRoles");
    assert.equal(passRole.Action, "iam:PassRole");
    const jobRoles = JOBS.flatMap((job) => {
      const definition = taskDefinitionOf(job).inputs;
      return [definition.executionRoleArn, definition.taskRoleArn];
    });
    assert.equal(new Set(jobRoles).size, 2 * JOBS.length);
    assert.deepEqual(sorted(list<string>(passRole.Resource)), sorted(jobRoles));
    assert.ok(!list<string>(passRole.Resource).includes(schedulerRole().state.arn), "never its own role");
    assert.deepEqual(passRole.Condition, { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
  });

  it("lets the scheduler role tag only the cluster's tasks, and only while RunTask creates them", () => {
    const tag = statement("TagJobTasks");
    assert.equal(tag.Action, "ecs:TagResource");
    assert.equal(tag.Resource, `arn:aws:ecs:us-east-1:${MOCK_ACCOUNT_ID}:task/${CLUSTER_NAME}/*`);
    assert.deepEqual(tag.Condition, { StringEquals: { "ecs:CreateAction": "RunTask" } });
  });

  it("lets the scheduler role write only to the dead-letter queue, using the cell key only through SQS", () => {
    const send = statement("DeadLetters");
    assert.equal(send.Action, "sqs:SendMessage");
    assert.equal(send.Resource, queue().state.arn);
    const kms = statement("EncryptDeadLetters");
    assert.deepEqual(sorted(kms.Action), ["kms:Decrypt", "kms:GenerateDataKey"]);
    assert.equal(kms.Resource, CELL_KEY);
    assert.deepEqual(kms.Condition, { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } });
  });

  it("grants the scheduler role nothing else: five statements, no wildcard action or resource (IAM.1, IAM.21)", () => {
    const policy = parse(schedulerPolicy(), "policy");
    assert.equal(schedulerPolicy().inputs.role, schedulerRole().id);
    assert.deepEqual(
      sorted(policy.Statement.map((s: { Sid: string }) => s.Sid)),
      sorted(["RunJobTasks", "PassJobRoles", "TagJobTasks", "DeadLetters", "EncryptDeadLetters"]),
    );
    for (const s of policy.Statement) {
      assert.equal(s.Effect, "Allow");
      for (const action of list<string>(s.Action)) assert.ok(!action.includes("*"), `${s.Sid}: ${action}`);
      for (const resource of list<string>(s.Resource)) assert.notEqual(resource, "*", s.Sid);
    }
    assert.deepEqual(
      cloud.ofType(ROLE_POLICY).filter((r) => r.inputs.role === schedulerRole().id).length,
      1,
      "one inline policy on the scheduler role",
    );
  });

  it("lets only EventBridge Scheduler assume the role, for this account's schedule group (confused deputy)", () => {
    const trust = parse(schedulerRole(), "assumeRolePolicy");
    assert.equal(trust.Statement.length, 1);
    const [only] = trust.Statement;
    assert.equal(only.Effect, "Allow");
    assert.equal(only.Action, "sts:AssumeRole");
    assert.deepEqual(only.Principal, { Service: "scheduler.amazonaws.com" });
    // Scheduler presents the schedule group's ARN as aws:SourceArn.
    assert.deepEqual(only.Condition, {
      StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID, "aws:SourceArn": group().state.arn },
    });
    assert.equal(outputs.schedulerRoleArn, schedulerRole().state.arn);
  });

  it("keeps one dead-letter queue for the cell, encrypted with the cell key, for SQS's longest 14 days", () => {
    assert.equal(cloud.ofType(QUEUE).length, 1);
    assert.equal(queue().inputs.kmsMasterKeyId, CELL_KEY);
    assert.equal(queue().inputs.kmsDataKeyReusePeriodSeconds, 300);
    assert.equal(queue().inputs.messageRetentionSeconds, 14 * 24 * 3600);
    assert.equal(outputs.deadLetterQueueArn, queue().state.arn);
    assert.equal(outputs.deadLetterQueueName, queue().state.name);
  });

  it("refuses any request to the dead-letter queue without TLS", () => {
    const policy = cloud.one("aws:sqs/queuePolicy:QueuePolicy");
    assert.equal(policy.inputs.queueUrl, queue().state.url);
    assert.deepEqual(parse(policy, "policy").Statement, [
      {
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queue().state.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("gives each job its own security group: no ingress, HTTPS out, and its own data-tier rule pair", () => {
    const groups = JOBS.map((job) => securityGroupOf(job));
    assert.equal(new Set(groups.map((g) => g.id)).size, JOBS.length);
    for (const [index, job] of JOBS.entries()) {
      const groupId = groups[index].id;
      assert.equal(groups[index].inputs.vpcId, ARGS.vpcId);
      assert.equal(groups[index].inputs.ingress, undefined, job.name);
      assert.deepEqual(
        cloud
          .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
          .filter((rule) => rule.inputs.securityGroupId === groupId),
        [],
        `${job.name}: nothing may connect to a job`,
      );
      const egress = cloud
        .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .filter((rule) => rule.inputs.securityGroupId === groupId)
        .map((rule) => ({
          port: rule.inputs.fromPort,
          to: rule.inputs.toPort,
          cidr: rule.inputs.cidrIpv4,
          group: rule.inputs.referencedSecurityGroupId,
        }));
      assert.deepEqual(
        sorted(egress.map((e) => JSON.stringify(e))),
        sorted([
          JSON.stringify({ port: 443, to: 443, cidr: "0.0.0.0/0" }),
          JSON.stringify({ port: 5432, to: 5432, group: "sg-database" }),
        ]),
        job.name,
      );
    }
  });

  it("defines each job's task with its family, container, command, size, and a 120 s stop timeout", () => {
    for (const job of JOBS) {
      const definition = taskDefinitionOf(job);
      const [container] = parse(definition, "containerDefinitions");
      assert.equal(definition.inputs.family, `${ARGS.app}-${ARGS.stack}-${job.name}`);
      assert.equal(definition.inputs.cpu, String(job.cpu));
      assert.equal(definition.inputs.memory, String(job.memory));
      assert.equal(container.image, job.image);
      assert.deepEqual(container.command, job.command);
      assert.equal(container.stopTimeout, 120);
    }
  });

  it("gives a job's own secrets to that job only, beside the data tier's", () => {
    const secretNames = (job: ScheduledJob) =>
      sorted(parse(taskDefinitionOf(job), "containerDefinitions")[0].secrets.map((s: { name: string }) => s.name));
    assert.deepEqual(secretNames(JOBS[0]), ["DB_PASSWORD", "EXTERNAL_FEED_CREDENTIALS"]);
    assert.deepEqual(secretNames(JOBS[1]), ["DB_PASSWORD"]);
  });

  it("exposes each job's schedule, task definition, log group and security group by job name", () => {
    assert.deepEqual(Object.keys(outputs.jobs).sort(), JOBS.map((job) => job.name).sort());
    for (const job of JOBS) {
      const logGroup = cloud.one("aws:cloudwatch/logGroup:LogGroup", `jobs-${job.name}-logs`);
      assert.deepEqual(outputs.jobs[job.name], {
        scheduleArn: scheduleOf(job).state.arn,
        scheduleName: scheduleOf(job).state.name,
        taskDefinitionArn: taskDefinitionOf(job).state.arn,
        logGroupName: logGroup.state.name,
        securityGroupId: securityGroupOf(job).id,
      });
      assert.ok(outputs.jobs[job.name].scheduleArn.includes(`schedule/${group().state.name}/${job.name}`));
    }
  });
});

describe("ScheduledJobs guard clauses", () => {
  before(async () => {
    await new MockCloud().install("scheduled-jobs-guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const [sync, reconcile] = JOBS;
  const build = (jobs: ScheduledJob[]) => () => new ScheduledJobs("bad", { ...ARGS, jobs });

  it("accepts the two valid jobs without problems", () => {
    assert.deepEqual(scheduledJobProblems(JOBS), []);
  });

  it("refuses repeated job names, naming the job", () => {
    assert.throws(
      build([sync, { ...reconcile, name: sync.name }]),
      /ScheduledJobs bad: jobs are invalid:.*job names repeat: catalog-sync/s,
    );
  });

  it("refuses a schedule that is not a rate, cron or at expression, naming the job", () => {
    for (const schedule of ["every 5 minutes", "0 2 * * *", "rate 5 minutes", ""]) {
      const expected = `job "catalog-sync": schedule ${JSON.stringify(schedule)} must be a rate(...), cron(...) or at(...)`;
      assert.throws(build([{ ...sync, schedule }]), (error: Error) => error.message.includes(expected), schedule);
    }
  });

  it("refuses retries outside EventBridge Scheduler's 0..185 and event ages outside 60..86400", () => {
    for (const retries of [-1, 186, 1.5]) {
      assert.throws(
        build([{ ...reconcile, retries }]),
        new RegExp(`job "order-reconciliation": retries must be a whole number from 0 to 185.*got ${retries}`),
      );
    }
    for (const maxEventAgeSeconds of [59, 86401]) {
      assert.throws(
        build([{ ...reconcile, maxEventAgeSeconds }]),
        new RegExp(
          `job "order-reconciliation": maxEventAgeSeconds must be a whole number from 60 to 86400.*got ${maxEventAgeSeconds}`,
        ),
      );
    }
  });

  it("refuses a job name the schedule and task family cannot carry, an unknown time zone, and no jobs", () => {
    assert.throws(build([{ ...sync, name: "Catalog_Sync" }]), /job "Catalog_Sync": name must be 1-24 of a-z/);
    // The config's rule: a name may not end with a hyphen.
    assert.throws(build([{ ...sync, name: "catalog-" }]), /job "catalog-": name must be 1-24 of a-z/);
    assert.throws(build([{ ...sync, timeZone: "Mars/Olympus" }]), /job "catalog-sync": timeZone "Mars\/Olympus"/);
    assert.throws(build([]), /jobs is empty/);
    assert.throws(
      () => new ScheduledJobs("bad", { ...ARGS, app: "store front", jobs: JOBS }),
      /schedule group name "store front-us-east-1" \(<app>-<stack>\) must be 1-64 of letters/,
    );
  });
});
