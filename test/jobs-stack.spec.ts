import { strict as assert } from "node:assert";
import { externalSystemVariables } from "../components/jobs/external-systems";
import { CATALOG_SYNC_JOB, JobConfig } from "../config/background";
import { MOCK_ACCOUNT_ID, RecordedResource } from "../offline/mock-cloud";
import { readCellConfig } from "../config/cell";
import { scheduleState } from "../config/job-placement";
import { fixtureRaw } from "./fixtures/three-cells";
import { evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";

const SCHEDULE = "aws:scheduler/schedule:Schedule";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SECRET = "aws:secretsmanager/secret:Secret";

interface Container {
  name: string;
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
}

describe("scheduled jobs in each stack", () => {
  const suite = stackSuite();

  suite.eachStack(({ cloud, config }) => {
    // Every job the cell lists is built here; its schedule is ENABLED only where it runs.
    const jobs = config.background.jobs;
    const containerOf = (definition: RecordedResource): Container =>
      JSON.parse(definition.inputs.containerDefinitions)[0];
    /** The job's task definition, found by its container's name, not through the schedule. */
    const taskDefinitionOf = (job: JobConfig) => {
      const matches = cloud()
        .ofType(TASK_DEFINITION)
        .filter((definition) => containerOf(definition).name === job.name);
      assert.equal(matches.length, 1, `one task definition runs ${job.name}`);
      return matches[0];
    };
    const scheduleOf = (job: JobConfig) => {
      const matches = cloud()
        .ofType(SCHEDULE)
        .filter((schedule) => schedule.inputs.name === job.name);
      assert.equal(matches.length, 1, `one schedule for ${job.name}`);
      return matches[0];
    };
    const secretOf = (secretName: string) => {
      const matches = cloud()
        .ofType(SECRET)
        .filter((secret) => secret.inputs.name === secretName);
      assert.equal(matches.length, 1, `one secret named ${secretName}`);
      return matches[0];
    };

    it("configures at least the catalog sync job and lists at least one job here (so the checks below check something)", () => {
      assert.ok(config.background.jobs.some((job) => job.name === CATALOG_SYNC_JOB));
      assert.ok(jobs.length > 0);
    });

    it("gives each job the cell lists exactly one schedule, with its expression, time zone and state", () => {
      assert.equal(cloud().ofType(SCHEDULE).length, jobs.length);
      for (const job of jobs) {
        const schedule = scheduleOf(job);
        assert.equal(schedule.inputs.state, scheduleState(job, config.isPrimary), job.name);
        assert.equal(schedule.inputs.scheduleExpression, job.schedule, job.name);
        assert.equal(schedule.inputs.scheduleExpressionTimezone, job.timeZone, job.name);
        assert.equal(schedule.inputs.target.ecsParameters.taskDefinitionArn, taskDefinitionOf(job).state.arn);
        assert.deepEqual(schedule.inputs.target.retryPolicy, {
          maximumRetryAttempts: job.retries,
          maximumEventAgeInSeconds: job.maxEventAgeSeconds,
        });
      }
    });

    it("creates one empty, protected secret per configured external system", () => {
      const systems = config.background.externalSystems;
      assert.equal(
        cloud()
          .ofType(SECRET)
          .filter((secret) => secret.parentType === "storefront:jobs:ExternalSystems").length,
        systems.length,
      );
      for (const system of systems) assert.equal(secretOf(system.secretName).protect, true, system.name);
      const versions = cloud().ofType("aws:secretsmanager/secretVersion:SecretVersion");
      const externalArns = systems.map((system) => secretOf(system.secretName).id);
      assert.deepEqual(
        versions.filter((version) => externalArns.includes(version.inputs.secretId)),
        [],
      );
    });

    it("gives the catalog sync its external systems' URLs and credentials secrets, and no other job any", () => {
      for (const job of jobs) {
        const container = containerOf(taskDefinitionOf(job));
        const systems = config.background.externalSystems.filter((system) => job.externalSystems.includes(system.name));
        const expectedSecrets = systems.map((system) => ({
          name: externalSystemVariables(system.name).credentials,
          valueFrom: secretOf(system.secretName).state.arn,
        }));
        const expectedUrls = systems.map((system) => ({
          name: externalSystemVariables(system.name).url,
          value: system.baseUrl,
        }));
        const external = <T extends { name: string }>(list: T[]) =>
          list.filter((entry) => entry.name.startsWith("EXTERNAL_")).sort((a, b) => a.name.localeCompare(b.name));
        const byName = <T extends { name: string }>(list: T[]) =>
          [...list].sort((a, b) => a.name.localeCompare(b.name));
        assert.deepEqual(external(container.secrets), byName(expectedSecrets), job.name);
        assert.deepEqual(external(container.environment), byName(expectedUrls), job.name);
        if (job.name === CATALOG_SYNC_JOB)
          assert.ok(expectedSecrets.length > 0, "the catalog sync uses external systems");
      }
    });

    it("lets each job's execution role read its external systems' secrets, or ECS cannot start the task", () => {
      for (const job of jobs) {
        const executionRoleArn = taskDefinitionOf(job).inputs.executionRoleArn;
        const role = cloud()
          .ofType("aws:iam/role:Role")
          .find((r) => r.state.arn === executionRoleArn)!;
        const readable = cloud()
          .ofType("aws:iam/rolePolicy:RolePolicy")
          .filter((policy) => policy.inputs.role === role.id)
          .flatMap((policy) => JSON.parse(policy.inputs.policy).Statement)
          .filter((s: { Action: string }) => s.Action === "secretsmanager:GetSecretValue")
          .flatMap((s: { Resource: string | string[] }) => s.Resource);
        for (const system of config.background.externalSystems.filter((x) => job.externalSystems.includes(x.name))) {
          assert.ok(readable.includes(secretOf(system.secretName).state.arn), `${job.name} reads ${system.name}`);
        }
      }
    });

    it("lets the scheduler role start exactly the stack's job task definitions, not the web's or the worker's", () => {
      const policies = cloud()
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((policy) => policy.parentType === "storefront:jobs:SchedulerRole");
      assert.equal(policies.length, 1);
      const runTask = JSON.parse(policies[0].inputs.policy).Statement.find(
        (s: { Action: string }) => s.Action === "ecs:RunTask",
      );
      const resources: string[] = Array.isArray(runTask.Resource) ? runTask.Resource : [runTask.Resource];
      // Every revision of exactly the jobs' families.
      const family = (definition: RecordedResource) =>
        `arn:aws:ecs:${config.region}:${MOCK_ACCOUNT_ID}:task-definition/${definition.inputs.family}:*`;
      assert.deepEqual([...resources].sort(), jobs.map((job) => family(taskDefinitionOf(job))).sort());
      assert.ok(cloud().ofType(TASK_DEFINITION).length > jobs.length, "the stack also defines non-job tasks");
    });
  });

  describe("a cell whose config lists no job", () => {
    let evaluation: StackEvaluation;
    before(async () => {
      evaluation = await evaluateStack("us-east-1", {
        raw: { ...fixtureRaw("us-east-1"), "storefront:jobs": "[]" },
      });
    });

    it("creates no schedule group, schedule, scheduler role or dead-letter queue, and no alarm for them", () => {
      const { cloud } = evaluation;
      for (const type of [SCHEDULE, "aws:scheduler/scheduleGroup:ScheduleGroup", "aws:sqs/queue:Queue"]) {
        assert.equal(cloud.ofType(type).length, 0, type);
      }
      assert.equal(cloud.ofType("storefront:jobs:SchedulerRole").length, 0);
      const alarms = cloud.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.ok(alarms.length > 0, "the cell's other alarms remain");
      assert.deepEqual(
        alarms.filter((a) => a.inputs.namespace === "AWS/SQS" || a.inputs.namespace === "Storefront/Jobs"),
        [],
      );
      assert.equal(evaluation.outputs.scheduleGroupName, undefined);
      assert.equal(evaluation.outputs.jobsDeadLetterQueueUrl, undefined);
      // The worker still runs: only the jobs are gone.
      assert.equal(cloud.ofType("storefront:cell:WorkerService").length, 1);
    });
  });

  describe("a job configured with enabled: false", () => {
    let evaluation: StackEvaluation;
    before(async () => {
      const raw = { ...fixtureRaw("us-east-1") };
      const jobs = JSON.parse(raw["storefront:jobs"]) as { name: string; enabled?: boolean }[];
      jobs[0].enabled = false;
      evaluation = await evaluateStack("us-east-1", { raw: { ...raw, "storefront:jobs": JSON.stringify(jobs) } });
    });

    it("keeps its schedule, disabled, and drops only its success alarm", () => {
      const config = readCellConfig(fixtureRaw("us-east-1"), "us-east-1").background.jobs;
      const [disabled, ...others] = config;
      const schedules = evaluation.cloud.ofType(SCHEDULE);
      const stateOf = (job: string) => schedules.find((s) => s.inputs.name === job)?.inputs.state;
      assert.equal(stateOf(disabled.name), "DISABLED");
      for (const job of others) assert.equal(stateOf(job.name), "ENABLED", job.name);
      const heartbeats = evaluation.cloud
        .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((alarm) => alarm.inputs.namespace === "Storefront/Jobs")
        .map((alarm) => alarm.inputs.metricName)
        .sort();
      assert.deepEqual(
        heartbeats,
        others
          .filter((job) => job.alarmAfterMinutes !== undefined)
          .map((job) => `${job.name}-succeeded`)
          .sort(),
      );
    });
  });
});
