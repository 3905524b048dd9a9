import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { AlarmTopic, AlarmTopicArgs, TOPIC_OWNER_ACTIONS } from "../components/ops/alarm-topic";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";
import { arnMatches, list, Statement, statements as policyStatements } from "./support/policies";

const REGION = "us-east-1";
const KEY_ARN = `arn:aws:kms:${REGION}:${MOCK_ACCOUNT_ID}:key/0a1b2c3d-alarm-key`;
const EMAIL = "oncall@example.com";
const base: AlarmTopicArgs = {
  app: "storefront",
  stack: REGION,
  region: REGION,
  accountId: MOCK_ACCOUNT_ID,
  kmsKeyArn: KEY_ARN,
};

describe("alarm topic", () => {
  const cloud = new MockCloud();
  let withEmailArn = "";

  before(async () => {
    await cloud.install("alarm-topic");
    const provider = new aws.Provider(REGION, { region: REGION });
    const withEmail = new AlarmTopic("paged", { ...base, email: EMAIL }, { providers: [provider] });
    const ireland = new aws.Provider("eu-west-1", { region: "eu-west-1" });
    new AlarmTopic("quiet", { ...base, stack: "eu-west-1", region: "eu-west-1" }, { providers: [ireland] });
    // A consumer of the ARN, as an alarm would be.
    new aws.cloudwatch.MetricAlarm(
      "consumer",
      {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        alarmActions: [withEmail.topicArn],
      },
      { provider },
    );
    withEmailArn = await new Promise<string>((done) => withEmail.topicArn.apply(done));
    // Every registration has reached the mocks once the runtime disconnects.
    await pulumi.runtime.disconnect();
  });

  const mine = (prefix: string, type: string): RecordedResource[] =>
    cloud.ofType(type).filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));
  const topic = (prefix: string) => {
    const found = mine(prefix, "aws:sns/topic:Topic");
    assert.equal(found.length, 1, `one topic under ${prefix}`);
    return found[0];
  };
  const policyOf = (prefix: string) => {
    const found = mine(prefix, "aws:sns/topicPolicy:TopicPolicy");
    assert.equal(found.length, 1, `one topic policy under ${prefix}`);
    return found[0];
  };
  const statements = (prefix: string): Statement[] => policyStatements(policyOf(prefix).inputs.policy);

  it("encrypts the topic with the key it is given, under the name <app>-<stack>-alarms, in the provider's region", () => {
    const paged = topic("paged");
    assert.equal(paged.inputs.kmsMasterKeyId, KEY_ARN);
    assert.equal(paged.inputs.name, `${base.app}-${base.stack}-alarms`);
    assert.equal(paged.region, REGION);
    assert.equal(topic("quiet").inputs.name, `${base.app}-eu-west-1-alarms`);
    assert.equal(topic("quiet").region, "eu-west-1");
  });

  it("gives the topic one policy, on that topic, and makes whatever uses the ARN wait for the policy", () => {
    // An alarm created before the policy admits CloudWatch would notify no one on its first change.
    const policy = policyOf("paged");
    assert.equal(policy.inputs.arn, topic("paged").state.arn);
    assert.equal(withEmailArn, topic("paged").state.arn);
    const consumer = cloud.one("aws:cloudwatch/metricAlarm:MetricAlarm", "consumer");
    assert.deepEqual(consumer.inputs.alarmActions, [topic("paged").state.arn]);
    assert.ok(consumer.dependsOn.includes(policy.urn), "the alarm must depend on the topic policy");
  });

  it("lets CloudWatch publish only for this account's alarms in this region (no confused deputy)", () => {
    const cloudWatch = statements("paged").filter((s) =>
      list(s.Principal?.Service).includes("cloudwatch.amazonaws.com"),
    );
    assert.equal(cloudWatch.length, 1);
    const [grant] = cloudWatch;
    assert.equal(grant.Effect, "Allow");
    assert.deepEqual(list(grant.Action), ["sns:Publish"]);
    assert.equal(grant.Resource, topic("paged").state.arn);
    const alarms = `arn:aws:cloudwatch:${REGION}:${MOCK_ACCOUNT_ID}:alarm:*`;
    assert.deepEqual(grant.Condition, {
      StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
      ArnLike: { "aws:SourceArn": alarms },
    });
    const pattern = grant.Condition.ArnLike["aws:SourceArn"];
    assert.ok(arnMatches(pattern, `arn:aws:cloudwatch:${REGION}:${MOCK_ACCOUNT_ID}:alarm:storefront-us-east-1-x`));
    assert.ok(!arnMatches(pattern, `arn:aws:cloudwatch:eu-west-1:${MOCK_ACCOUNT_ID}:alarm:storefront-eu-west-1-x`));
    assert.ok(!arnMatches(pattern, `arn:aws:cloudwatch:${REGION}:999999999999:alarm:other`));
  });

  it("admits the region it is given: a topic of another region admits that region's alarms", () => {
    const grant = statements("quiet").find((s) => list(s.Principal?.Service).includes("cloudwatch.amazonaws.com"));
    assert.equal(grant?.Condition.ArnLike["aws:SourceArn"], `arn:aws:cloudwatch:eu-west-1:${MOCK_ACCOUNT_ID}:alarm:*`);
  });

  it("keeps the account owner's rights, and allows nothing to anyone outside the account", () => {
    const policy = statements("paged");
    const owner = policy.filter((s) => s.Principal?.AWS !== undefined);
    assert.deepEqual(
      owner.map((s) => [s.Effect, s.Principal.AWS, s.Resource]),
      [["Allow", `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`, topic("paged").state.arn]],
    );
    for (const action of ["sns:Publish", "sns:Subscribe", "sns:SetTopicAttributes", "sns:DeleteTopic"]) {
      assert.ok(list(owner[0].Action).includes(action), action);
    }
    assert.deepEqual([...list(owner[0].Action)].sort(), [...TOPIC_OWNER_ACTIONS].sort());
    for (const allow of policy.filter((s) => s.Effect === "Allow")) {
      assert.notEqual(allow.Principal, "*", JSON.stringify(allow));
      assert.ok(!list(allow.Principal?.AWS).includes("*"), JSON.stringify(allow));
    }
  });

  it("denies publishing without TLS to everyone", () => {
    const deny = statements("paged").filter((s) => s.Effect === "Deny");
    assert.deepEqual(deny, [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topic("paged").state.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("subscribes the e-mail address given, by e-mail, to that topic, and nothing when none is given", () => {
    const subscriptions = mine("paged", "aws:sns/topicSubscription:TopicSubscription");
    assert.deepEqual(
      subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]),
      [["email", EMAIL, topic("paged").state.arn]],
    );
    assert.deepEqual(
      mine("quiet", "aws:sns/topicSubscription:TopicSubscription").map((s) => s.name),
      [],
    );
  });
});

describe("alarm topic guard clauses", () => {
  before(async () => {
    await new MockCloud().install("alarm-topic-guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  it("refuses an e-mail address SNS would never deliver to", () => {
    assert.throws(
      () => new AlarmTopic("bad-email", { ...base, email: "oncall at example" }),
      /AlarmTopic bad-email: email must be an e-mail address such as "oncall@example.com", got "oncall at example"/,
    );
  });

  it("refuses an app and stack that make a topic name SNS does not allow", () => {
    assert.throws(
      () => new AlarmTopic("bad-name", { ...base, stack: "org/us-east-1" }),
      /AlarmTopic bad-name: .*got "storefront-org\/us-east-1-alarms"/,
    );
  });
});
