import { strict as assert } from "node:assert";
import { jobsRunningHere } from "../config/job-placement";
import { cellHealthAlarmName } from "../components/ops/alarm-names";
import { readCellConfig } from "../config/cell";
import { fixtureRaw } from "./fixtures/three-cells";
import { evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";
import { MockCloud, RecordedResource } from "../offline/mock-cloud";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

/** The stack's alarm topic, by the name the cell gives it. */
function alarmTopic(cloud: MockCloud, app: string, stack: string): RecordedResource {
  const topics = cloud.ofType("aws:sns/topic:Topic").filter((t) => t.inputs.name === `${app}-${stack}-alarms`);
  assert.equal(topics.length, 1, "one alarm topic");
  return topics[0];
}

describe("cell alarms in the stacks", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, config, cloud, evaluation }) => {
    const app = config.shared.app;
    const topic = () => alarmTopic(cloud(), app, stack);
    // Only the jobs that run in this cell have heartbeats: a primary-only job's alarm moves with it.
    const watchedJobs = () =>
      jobsRunningHere(config.background.jobs, config.isPrimary).filter((job) => job.alarmAfterMinutes !== undefined);

    it("exports the alarm topic: the cell's own, in its region, encrypted with the cell key", () => {
      assert.equal(evaluation().outputs.alarmTopicArn, topic().state.arn);
      assert.equal(topic().region, config.region);
      assert.equal(topic().inputs.kmsMasterKeyId, cloud().one("aws:kms/key:Key", "key").state.arn);
    });

    it("makes every alarm of the stack notify that topic on ALARM and on OK", () => {
      const alarms = cloud().ofType(ALARM);
      // Backlog, dead letters, 5xx, no healthy task, below the floor, and one per watched job.
      assert.equal(alarms.length, 5 + watchedJobs().length);
      for (const alarm of alarms) {
        assert.deepEqual(alarm.inputs.alarmActions, [topic().state.arn], `${alarm.name} alarmActions`);
        assert.deepEqual(alarm.inputs.okActions, [topic().state.arn], `${alarm.name} okActions`);
        assert.equal(alarm.region, config.region, alarm.name);
      }
    });

    it("exports as healthAlarmName the alarm on the web target group's healthy tasks that Route 53 follows", () => {
      const name = cellHealthAlarmName(app, stack);
      assert.equal(evaluation().outputs.healthAlarmName, name);
      const [health, ...others] = cloud()
        .ofType(ALARM)
        .filter((a) => a.inputs.name === name);
      assert.equal(others.length, 0);
      assert.equal(health.inputs.metricName, "HealthyHostCount");
      assert.deepEqual(health.inputs.dimensions, {
        LoadBalancer: cloud().one("aws:lb/loadBalancer:LoadBalancer").state.arnSuffix,
        TargetGroup: cloud().one("aws:lb/targetGroup:TargetGroup").state.arnSuffix,
      });
    });

    it("subscribes the configured e-mail address, and no other", () => {
      const email = config.background.alarms.email;
      assert.deepEqual(
        cloud()
          .ofType(SUBSCRIPTION)
          .map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]),
        email === undefined ? [] : [["email", email, topic().state.arn]],
      );
    });

    it("watches the cell's broker, the scheduler's dead-letter queue and each watched job's log group", () => {
      const alarms = cloud().ofType(ALARM);
      const { queueDepthThreshold, queueDepthMinutes } = config.background.alarms;
      const backlog = alarms.filter((a) => a.inputs.metricName === "MessageReadyCount");
      assert.deepEqual(
        backlog.map((a) => [a.inputs.dimensions, a.inputs.threshold, a.inputs.evaluationPeriods]),
        [[{ Broker: cloud().one("aws:mq/broker:Broker").inputs.brokerName }, queueDepthThreshold, queueDepthMinutes]],
      );
      const deadLetters = alarms.filter((a) => a.inputs.namespace === "AWS/SQS");
      assert.deepEqual(
        deadLetters.map((a) => a.inputs.dimensions),
        [{ QueueName: cloud().one("aws:sqs/queue:Queue", "jobs-dlq").state.name }],
      );
      const filters = cloud().ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
      const groups = cloud().ofType("aws:cloudwatch/logGroup:LogGroup");
      const jobGroups = watchedJobs().map((job) => {
        const found = groups.filter((g) => g.name.endsWith(`-jobs-${job.name}-logs`));
        assert.equal(found.length, 1, `one log group for job ${job.name}`);
        return found[0].state.name;
      });
      assert.deepEqual(filters.map((f) => f.inputs.logGroupName).sort(), jobGroups.sort());
    });

    it("takes the 5xx share from config and the web floor from the web service's minimum", () => {
      const alarms = cloud().ofType(ALARM);
      assert.deepEqual(
        alarms.filter((a) => a.inputs.metricQueries !== undefined).map((a) => a.inputs.threshold),
        [config.background.alarms.error5xxPercent],
      );
      const healthy = alarms.filter((a) => a.inputs.metricName === "HealthyHostCount");
      assert.deepEqual(healthy.map((a) => a.inputs.threshold).sort(), [1, config.web.minTasks].sort());
    });
  });

  describe("without an e-mail address (us-east-1)", () => {
    let variant: StackEvaluation;
    let configured: string | undefined;
    before(async () => {
      const raw = fixtureRaw("us-east-1");
      const alarms = JSON.parse(raw["storefront:alarms"]);
      configured = alarms.email;
      delete alarms.email;
      variant = await evaluateStack("us-east-1", { raw: { ...raw, "storefront:alarms": JSON.stringify(alarms) } });
    });

    it("subscribes nothing, and still gives every alarm the topic", () => {
      assert.ok(configured, "the stack file names an address, so removing it is a change");
      assert.deepEqual(variant.cloud.ofType(SUBSCRIPTION), []);
      const topic = alarmTopic(
        variant.cloud,
        readCellConfig(fixtureRaw("us-east-1"), "us-east-1").shared.app,
        "us-east-1",
      );
      const alarms = variant.cloud.ofType(ALARM);
      assert.ok(alarms.length >= 5);
      for (const alarm of alarms) assert.deepEqual(alarm.inputs.alarmActions, [topic.state.arn], alarm.name);
    });
  });
});
