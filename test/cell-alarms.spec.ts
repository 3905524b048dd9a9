import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { CellKey } from "../components/data/cell-key";
import { cellHealthAlarmName } from "../components/ops/alarm-names";
import { CellAlarms, CellAlarmsArgs } from "../components/ops/cell-alarms";
import { JOB_METRIC_NAMESPACE, JOB_SUCCESS_EVENT, JOB_SUCCESS_FILTER_PATTERN } from "../components/ops/job-heartbeat";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";
import { arnMatches, list, Statement } from "./support/policies";

const REGION = "us-east-1";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";

/** Every optional argument set, none to its default. */
const full = {
  app: "storefront",
  stack: REGION,
  region: REGION,
  accountId: MOCK_ACCOUNT_ID,
  email: "oncall@example.com",
  loadBalancerArnSuffix: "app/storefront-origin/50dc6c495c0c9188",
  targetGroupArnSuffix: "targetgroup/web0a1b2c3d/6d0ecf831eec9f09",
  brokerName: "storefront-us-east-1-broker",
  queueDepthThreshold: 250,
  queueDepthMinutes: 20,
  deadLetterQueueName: "storefront-us-east-1-scheduler-dlq",
  jobs: [
    { name: "catalog-sync", logGroupName: "/storefront/us-east-1/jobs/catalog-sync", alarmAfterMinutes: 15 },
    { name: "nightly-report", logGroupName: "/storefront/us-east-1/jobs/nightly-report", alarmAfterMinutes: 2880 },
    { name: "quarter-hour", logGroupName: "/storefront/us-east-1/jobs/quarter-hour", alarmAfterMinutes: 90 },
  ],
  error5xxPercent: 3,
  webFloor: 3,
};
/** Only the required arguments (the config reader's defaults for the thresholds). */
const lean = {
  app: "shop",
  stack: REGION,
  region: REGION,
  accountId: MOCK_ACCOUNT_ID,
  kmsKeyArn: `arn:aws:kms:${REGION}:${MOCK_ACCOUNT_ID}:key/lean`,
  loadBalancerArnSuffix: "app/shop-origin/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/shop0a1b2c3d/fedcba9876543210",
  brokerName: "shop-us-east-1-broker",
  deadLetterQueueName: "shop-us-east-1-scheduler-dlq",
  queueDepthThreshold: 1000,
  queueDepthMinutes: 15,
  error5xxPercent: 5,
};

/**
 * Evaluates a metric-math expression of numbers, `+ - * /`, ids and `FILL(id, 0)` for one
 * timestamp's values (undefined: no data point); undefined when the result has none.
 */
function evaluateMath(expression: string, values: Record<string, number | undefined>): number | undefined {
  const source = expression.replace(
    /FILL\(\s*([A-Za-z]\w*)\s*,\s*0\s*\)|([A-Za-z]\w*)/g,
    (_, filled?: string, id?: string) => (filled ? `(v.${filled} ?? 0)` : `(v.${id} ?? NaN)`),
  );
  const result: unknown = new Function("v", `return ${source};`)(values);
  return typeof result === "number" && Number.isFinite(result) ? result : undefined;
}

describe("cell alarms", () => {
  const cloud = new MockCloud();
  let outputs: { topicArn: string; healthAlarmName: string; keyArn: string };
  let alarmNames: Record<string, string>;

  before(async () => {
    await cloud.install("cell-alarms");
    const provider = new aws.Provider(REGION, { region: REGION });
    const key = new CellKey(
      "key",
      { app: full.app, stack: full.stack, region: REGION, accountId: MOCK_ACCOUNT_ID },
      { providers: [provider] },
    );
    const args: CellAlarmsArgs = { ...full, kmsKeyArn: key.keyArn };
    const alarms = new CellAlarms("full", args, { providers: [provider] });
    new CellAlarms("lean", lean, { providers: [provider] });
    alarmNames = alarms.alarmNames;
    const resolved = pulumi.all([alarms.topicArn, alarms.healthAlarmName, key.keyArn]);
    const [topicArn, healthAlarmName, keyArn] = await new Promise<string[]>((done) => resolved.apply(done));
    outputs = { topicArn, healthAlarmName, keyArn };
    // Every registration has reached the mocks once the runtime disconnects.
    await pulumi.runtime.disconnect();
  });

  const under = (prefix: string, type: string): RecordedResource[] =>
    cloud.ofType(type).filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));
  const only = (prefix: string, type: string): RecordedResource => {
    const found = under(prefix, type);
    assert.equal(found.length, 1, `one ${type} under ${prefix}`);
    return found[0];
  };
  const topicOf = (prefix: string) => only(prefix, "aws:sns/topic:Topic");
  const alarmOn = (prefix: string, namespace: string, metricName: string) => {
    const found = under(prefix, ALARM).filter(
      (a) => a.inputs.namespace === namespace && a.inputs.metricName === metricName,
    );
    return found;
  };

  it("creates the alarms the args call for: backlog, dead letters, 5xx, health, floor if given, one per job", () => {
    assert.equal(under("full", ALARM).length, 4 + 1 + full.jobs.length);
    assert.equal(under("lean", ALARM).length, 4);
    // What the component reports matches what it created.
    assert.deepEqual(
      Object.values(alarmNames).sort(),
      under("full", ALARM)
        .map((a) => a.inputs.name)
        .sort(),
    );
  });

  it("makes every alarm notify the cell's topic on ALARM and on OK, and wait for the topic's policy", () => {
    for (const prefix of ["full", "lean"]) {
      const topicArn = topicOf(prefix).state.arn;
      const policy = only(prefix, "aws:sns/topicPolicy:TopicPolicy");
      for (const alarm of under(prefix, ALARM)) {
        assert.deepEqual(alarm.inputs.alarmActions, [topicArn], `${alarm.name} alarmActions`);
        assert.deepEqual(alarm.inputs.okActions, [topicArn], `${alarm.name} okActions`);
        assert.ok(alarm.dependsOn.includes(policy.urn), `${alarm.name} must wait for the topic policy`);
      }
    }
    assert.equal(outputs.topicArn, topicOf("full").state.arn);
  });

  it("names alarms <app>-<stack>-<what>, all distinct, within CloudWatch's 255 characters", () => {
    const names = [...under("full", ALARM), ...under("lean", ALARM)].map((a) => String(a.inputs.name));
    assert.equal(new Set(names).size, names.length, names.join(", "));
    for (const name of under("full", ALARM).map((a) => String(a.inputs.name))) {
      assert.ok(name.startsWith(`${full.app}-${full.stack}-`), name);
      assert.ok(name.length <= 255, name);
    }
    for (const name of under("lean", ALARM).map((a) => String(a.inputs.name))) {
      assert.ok(name.startsWith(`${lean.app}-${lean.stack}-`), name);
    }
  });

  it("every alarm says what it means and what to check first", () => {
    for (const alarm of [...under("full", ALARM), ...under("lean", ALARM)]) {
      const description = String(alarm.inputs.alarmDescription ?? "");
      assert.match(description, /Check /, `${alarm.name}: ${description}`);
      assert.ok(description.length <= 1024, `${alarm.name}: CloudWatch allows 1024 characters`);
    }
  });

  it("pages on a broker backlog: ready messages of the broker given above the threshold, sustained", () => {
    const cases = [
      { prefix: "full", broker: full.brokerName, threshold: full.queueDepthThreshold, minutes: full.queueDepthMinutes },
      { prefix: "lean", broker: lean.brokerName, threshold: lean.queueDepthThreshold, minutes: lean.queueDepthMinutes },
    ];
    for (const { prefix, broker, threshold, minutes } of cases) {
      const [alarm, ...others] = alarmOn(prefix, "AWS/AmazonMQ", "MessageReadyCount");
      assert.equal(others.length, 0);
      assert.deepEqual(alarm.inputs.dimensions, { Broker: broker });
      assert.equal(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
      assert.equal(alarm.inputs.threshold, threshold);
      // Every minute of the window, not one spike.
      assert.equal(alarm.inputs.period, 60);
      assert.equal(alarm.inputs.evaluationPeriods, minutes);
      assert.equal(alarm.inputs.datapointsToAlarm, minutes);
      assert.equal(alarm.inputs.treatMissingData, "notBreaching");
    }
  });

  it("pages on any dead-lettered job invocation in the queue given", () => {
    for (const [prefix, queue] of [
      ["full", full.deadLetterQueueName],
      ["lean", lean.deadLetterQueueName],
    ]) {
      const [alarm, ...others] = alarmOn(prefix, "AWS/SQS", "ApproximateNumberOfMessagesVisible");
      assert.equal(others.length, 0);
      assert.deepEqual(alarm.inputs.dimensions, { QueueName: queue });
      assert.equal(alarm.inputs.statistic, "Maximum");
      assert.equal(alarm.inputs.period, 300);
      assert.equal(alarm.inputs.evaluationPeriods, 1);
      assert.equal(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
      assert.equal(alarm.inputs.threshold, 0);
    }
  });

  it("watches each job's own log group for the success line, one metric per job without dimensions", () => {
    // The contract the jobs' code writes to; changing it silently would fire every job alarm.
    assert.equal(JOB_SUCCESS_FILTER_PATTERN, `{ $.event = "${JOB_SUCCESS_EVENT}" }`);
    assert.equal(JOB_SUCCESS_EVENT, "job.succeeded");
    const filters = under("full", FILTER);
    assert.equal(filters.length, full.jobs.length);
    assert.deepEqual(under("lean", FILTER), []);
    for (const job of full.jobs) {
      const [filter, ...others] = filters.filter((f) => f.inputs.logGroupName === job.logGroupName);
      assert.equal(others.length, 0, job.name);
      assert.equal(filter.inputs.pattern, JOB_SUCCESS_FILTER_PATTERN);
      const transformation = filter.inputs.metricTransformation;
      assert.equal(transformation.namespace, JOB_METRIC_NAMESPACE);
      assert.equal(transformation.value, "1");
      // A default value would write 0s that count as data; dimensions cannot hold a fixed value.
      assert.equal(transformation.defaultValue, undefined);
      assert.equal(transformation.dimensions, undefined);
      assert.ok(String(transformation.name).includes(job.name), transformation.name);
    }
    const metricNames = filters.map((f) => f.inputs.metricTransformation.name);
    assert.equal(new Set(metricNames).size, metricNames.length, "each job counts into its own metric");
  });

  it("fires a job's alarm when alarmAfterMinutes pass without a success, missing data included", () => {
    for (const job of full.jobs) {
      const filter = under("full", FILTER).find((f) => f.inputs.logGroupName === job.logGroupName)!;
      const metric = filter.inputs.metricTransformation;
      const [alarm, ...others] = alarmOn("full", metric.namespace, metric.name);
      assert.equal(others.length, 0, job.name);
      assert.equal(alarm.inputs.statistic, "Sum");
      const { period, evaluationPeriods, datapointsToAlarm } = alarm.inputs;
      // Up to an hour: one period of that length; beyond: hourly periods that must all be
      // empty, covering alarmAfterMinutes rounded up to whole hours.
      if (job.alarmAfterMinutes <= 60) {
        assert.deepEqual([period, evaluationPeriods], [job.alarmAfterMinutes * 60, 1], job.name);
      } else {
        assert.equal(period, 3600, job.name);
        assert.equal(evaluationPeriods, Math.ceil(job.alarmAfterMinutes / 60), job.name);
      }
      assert.equal(datapointsToAlarm, evaluationPeriods, `${job.name}: every period must be empty`);
      // CloudWatch: a multiple of 60 s; at most seven days of hourly periods.
      assert.ok(period % 60 === 0 && period * evaluationPeriods <= 7 * 86400, `${period} x ${evaluationPeriods}`);
      assert.equal(alarm.inputs.comparisonOperator, "LessThanThreshold");
      assert.equal(alarm.inputs.threshold, 1);
      // No success line at all is the failure.
      assert.equal(alarm.inputs.treatMissingData, "breaching");
      assert.ok(String(alarm.inputs.name).includes(job.name), alarm.inputs.name);
    }
  });

  it("pages on the 5xx share of the load balancer given, in percent, 5 of 5 minutes, silent without traffic", () => {
    for (const [prefix, suffix, percent] of [
      ["full", full.loadBalancerArnSuffix, full.error5xxPercent],
      ["lean", lean.loadBalancerArnSuffix, lean.error5xxPercent],
    ] as const) {
      const [alarm, ...others] = under(prefix, ALARM).filter((a) => a.inputs.metricQueries !== undefined);
      assert.equal(others.length, 0);
      assert.equal(alarm.inputs.metricName, undefined);
      assert.equal(alarm.inputs.period, undefined);
      const queries: Statement[] = alarm.inputs.metricQueries;
      const metrics = queries.filter((q) => q.metric);
      assert.deepEqual(metrics.map((q) => q.metric.metricName).sort(), [
        "HTTPCode_ELB_5XX_Count",
        "HTTPCode_Target_5XX_Count",
        "RequestCount",
      ]);
      for (const { metric } of metrics) {
        assert.equal(metric.namespace, "AWS/ApplicationELB");
        assert.deepEqual(metric.dimensions, { LoadBalancer: suffix });
        assert.equal(metric.stat, "Sum");
        assert.equal(metric.period, 60);
      }
      const returned = queries.filter((q) => q.returnData === true);
      assert.equal(returned.length, 1, "one series is alarmed on");
      const id = (name: string) => metrics.find((q) => q.metric.metricName === name)!.id;
      const percentOf = (target?: number, elb?: number, requests?: number) =>
        evaluateMath(returned[0].expression, {
          [id("HTTPCode_Target_5XX_Count")]: target,
          [id("HTTPCode_ELB_5XX_Count")]: elb,
          [id("RequestCount")]: requests,
        });
      assert.equal(percentOf(3, 2, 200), 2.5);
      assert.equal(percentOf(undefined, 4, 100), 4, "a minute without target 5xx still counts the ELB's");
      assert.equal(percentOf(undefined, undefined, 100), 0, "a minute without any 5xx is 0%");
      assert.equal(percentOf(undefined, undefined, undefined), undefined, "no traffic is no data");
      assert.equal(alarm.inputs.threshold, percent);
      assert.equal(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
      assert.equal(alarm.inputs.evaluationPeriods, 5);
      assert.equal(alarm.inputs.datapointsToAlarm, 5);
      assert.equal(alarm.inputs.treatMissingData, "notBreaching");
    }
  });

  it("keeps the health alarm Route 53 follows: its name, a plain Minimum of HealthyHostCount of the web target group", () => {
    const name = cellHealthAlarmName(full.app, full.stack);
    const [health, ...others] = under("full", ALARM).filter((a) => a.inputs.name === name);
    assert.equal(others.length, 0);
    assert.equal(outputs.healthAlarmName, name);
    assert.equal(health.inputs.namespace, "AWS/ApplicationELB");
    assert.equal(health.inputs.metricName, "HealthyHostCount");
    assert.equal(health.inputs.statistic, "Minimum");
    assert.equal(health.inputs.metricQueries, undefined, "Route 53 follows no metric-math alarm");
    assert.deepEqual(health.inputs.dimensions, {
      LoadBalancer: full.loadBalancerArnSuffix,
      TargetGroup: full.targetGroupArnSuffix,
    });
    assert.equal(health.inputs.threshold, 1);
    assert.ok(under("lean", ALARM).some((a) => a.inputs.name === cellHealthAlarmName(lean.app, lean.stack)));
  });

  it("pages when healthy web tasks stay below the floor given for 10 minutes, and only when a floor is given", () => {
    const floor = alarmOn("full", "AWS/ApplicationELB", "HealthyHostCount").filter(
      (a) => a.inputs.threshold === full.webFloor,
    );
    assert.equal(floor.length, 1);
    const [alarm] = floor;
    assert.equal(alarm.inputs.statistic, "Minimum");
    assert.equal(alarm.inputs.comparisonOperator, "LessThanThreshold");
    assert.deepEqual(alarm.inputs.dimensions, {
      LoadBalancer: full.loadBalancerArnSuffix,
      TargetGroup: full.targetGroupArnSuffix,
    });
    assert.equal(alarm.inputs.period * alarm.inputs.evaluationPeriods, 600);
    assert.equal(alarm.inputs.datapointsToAlarm, alarm.inputs.evaluationPeriods);
    assert.notEqual(alarm.inputs.name, cellHealthAlarmName(full.app, full.stack));
    // Without a floor, only the health alarm watches healthy hosts.
    assert.equal(alarmOn("lean", "AWS/ApplicationELB", "HealthyHostCount").length, 1);
  });

  it("encrypts the topic with the cell key and e-mails the address given; no address, no subscription", () => {
    assert.equal(topicOf("full").inputs.kmsMasterKeyId, outputs.keyArn);
    assert.equal(topicOf("lean").inputs.kmsMasterKeyId, lean.kmsKeyArn);
    const subscription = only("full", "aws:sns/topicSubscription:TopicSubscription");
    assert.deepEqual(
      [subscription.inputs.protocol, subscription.inputs.endpoint, subscription.inputs.topic],
      ["email", full.email, topicOf("full").state.arn],
    );
    assert.deepEqual(under("lean", "aws:sns/topicSubscription:TopicSubscription"), []);
  });

  it("lets CloudWatch use the cell key for the encrypted topic only for this account's alarms in this region", () => {
    // Without this grant every notification to the encrypted topic is dropped, silently.
    const key = cloud.one("aws:kms/key:Key", "key");
    const grants = JSON.parse(key.inputs.policy).Statement.filter((s: Statement) =>
      list(s.Principal?.Service).includes("cloudwatch.amazonaws.com"),
    );
    assert.equal(grants.length, 1);
    const [grant] = grants;
    assert.equal(grant.Effect, "Allow");
    assert.deepEqual([...list(grant.Action)].sort(), ["kms:Decrypt", "kms:GenerateDataKey*"]);
    assert.deepEqual(grant.Condition, {
      StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
      ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${MOCK_ACCOUNT_ID}:alarm:*` },
    });
    // Every alarm of the cell falls inside the condition; another region's and account's do not.
    const pattern = grant.Condition.ArnLike["aws:SourceArn"];
    for (const alarm of under("full", ALARM)) {
      assert.ok(arnMatches(pattern, `arn:aws:cloudwatch:${REGION}:${MOCK_ACCOUNT_ID}:alarm:${alarm.inputs.name}`));
    }
    assert.ok(!arnMatches(pattern, `arn:aws:cloudwatch:eu-west-1:${MOCK_ACCOUNT_ID}:alarm:x`));
    assert.ok(!arnMatches(pattern, `arn:aws:cloudwatch:${REGION}:999999999999:alarm:x`));
  });
});

describe("cell alarms guard clauses", () => {
  before(async () => {
    await new MockCloud().install("cell-alarms-guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const refused = (args: Partial<CellAlarmsArgs>, message: RegExp) =>
    assert.throws(() => new CellAlarms("guarded", { ...lean, ...args }), message);

  it("refuses a backlog threshold or window CloudWatch cannot evaluate", () => {
    refused({ queueDepthThreshold: 0 }, /CellAlarms guarded: queueDepthThreshold must be .*got 0/);
    refused(
      { queueDepthMinutes: 0 },
      /CellAlarms guarded: queueDepthMinutes must be a whole number from 1 to 60, got 0/,
    );
    refused({ queueDepthMinutes: 61 }, /queueDepthMinutes must be a whole number from 1 to 60, got 61/);
  });

  it("refuses a 5xx share that is not a percentage", () => {
    refused({ error5xxPercent: 0 }, /CellAlarms guarded: error5xxPercent must be a whole number from 1 to 100, got 0/);
    refused({ error5xxPercent: 150 }, /error5xxPercent must be a whole number from 1 to 100, got 150/);
    refused({ error5xxPercent: 2.5 }, /error5xxPercent must be a whole number from 1 to 100, got 2.5/);
  });

  it("refuses a web floor below one task", () => {
    refused({ webFloor: 0 }, /CellAlarms guarded: webFloor must be a whole number from 1 to 1000, got 0/);
  });

  it("refuses jobs with a repeated name, a bad name, or a period CloudWatch does not allow", () => {
    const job = { name: "catalog-sync", logGroupName: "/jobs/catalog-sync", alarmAfterMinutes: 15 };
    refused({ jobs: [job, { ...job }] }, /CellAlarms guarded: jobs must have distinct names; repeated: catalog-sync/);
    refused(
      { jobs: [{ ...job, name: "Catalog_Sync" }] },
      /CellAlarms guarded: jobs: job name must be .*got "Catalog_Sync"/,
    );
    refused(
      { jobs: [{ ...job, alarmAfterMinutes: 10081 }] },
      /alarmAfterMinutes of job catalog-sync must be a whole number from 10 to 10080, got 10081/,
    );
    refused({ jobs: [{ ...job, alarmAfterMinutes: 2.5 }] }, /alarmAfterMinutes of job catalog-sync .*got 2\.5/);
    refused(
      { jobs: [{ ...job, alarmAfterMinutes: 5 }] },
      /alarmAfterMinutes of job catalog-sync .*from 10 to 10080, got 5/,
    );
  });

  it("refuses an e-mail address for the topic that is not one", () => {
    refused({ email: "on-call" }, /email must be an e-mail address such as "oncall@example.com", got "on-call"/);
  });
});
