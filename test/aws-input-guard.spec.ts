/**
 * The input check fires: one refused value planted per rule family, in the shape the mock
 * cloud records, each caught on the right input with the rule's source, and its compliant
 * twin passing. Also: secret inputs are read through their envelope, generated names count
 * their suffix, and an unknown type or name-like input is reported as unexamined.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { INPUT_RULES } from "../config/aws-input-rules";
import { CheckedResource, inputProblems, uncoveredInputs } from "../offline/aws-input-check";

interface Plant {
  family: string;
  type: string;
  /** Inputs holding one refused value. */
  bad: Record<string, unknown>;
  /** The same inputs made acceptable. */
  good: Record<string, unknown>;
  /** Concrete input path the problem must name. */
  input: string;
  /** Words the problem must contain. */
  says: string;
  /** Logical name with the bad inputs (auto-named cases); the good twin uses `goodName`. */
  name?: string;
  goodName?: string;
}

const chars = (n: number, c = "a") => c.repeat(n);
const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";
const ALIAS = "aws:kms/alias:Alias";
const SECRET = "aws:secretsmanager/secret:Secret";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
const DELIVERY_DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const QUEUE = "aws:sqs/queue:Queue";
const BUCKET = "aws:s3/bucket:Bucket";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const RDS = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const GLOBAL = "aws:rds/globalCluster:GlobalCluster";
const DB_SUBNETS = "aws:rds/subnetGroup:SubnetGroup";
const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const CACHE_SUBNETS = "aws:elasticache/subnetGroup:SubnetGroup";
const BROKER = "aws:mq/broker:Broker";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const OAC = "aws:cloudfront/originAccessControl:OriginAccessControl";
const CACHE_POLICY = "aws:cloudfront/cachePolicy:CachePolicy";
const HEADERS_POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
const WAF = "aws:wafv2/webAcl:WebAcl";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";

/** One refused value in one top-level input: [family, type, input, bad, good, words the problem says]. */
type Simple = [family: string, type: string, input: string, bad: unknown, good: unknown, says: string];

const SIMPLE: Simple[] = [
  // EC2 security groups and rules
  ["apostrophe in a security group description", SG, "description", "the cell's tasks", "tasks of the cell", `"'"`],
  ["security group name starting with sg-", SG, "name", "sg-web", "web-sg", 'does not start with "sg-"'],
  ["security group description that is not a string", SG, "description", 42, "42", "is a number"],
  ["apostrophe in an ingress rule description", INGRESS, "description", "the cell's tasks", "cell tasks", `"'"`],
  ["quote in an egress rule description", EGRESS, "description", 'to "db"', "to db", `"\\""`],
  ["apostrophe in a security group rule description", SG_RULE, "description", "cell's", "cell", `"'"`],
  // IAM
  ["IAM role name one character too long", ROLE, "name", chars(65), chars(64), "65 characters, more than 64"],
  ["IAM role description outside Latin-1", ROLE, "description", "Costs €", "Costs EUR", `"€"`],
  ["IAM path without its closing slash", ROLE, "path", "/service", "/service/", "form"],
  ["space in an IAM role policy name", "aws:iam/rolePolicy:RolePolicy", "name", "read all", "read-all", `" "`],
  ["IAM policy description too long", POLICY, "description", chars(1001), chars(1000), "more than 1000"],
  ["IAM instance profile name too long", PROFILE, "name", chars(129), chars(128), "more than 128"],
  // KMS
  ["KMS alias in the reserved aws/ space", ALIAS, "name", "alias/aws/shop", "alias/shop", "alias/aws/"],
  ["KMS key description too long", "aws:kms/key:Key", "description", chars(8193), chars(8192), "more than 8192"],
  // Secrets Manager
  ["space in a secret name", SECRET, "name", "shop/db admin", "shop/db_admin", `" "`],
  ["secret name ending like an ARN suffix", SECRET, "name", "shop/db-master", "shop/db_master", "six characters"],
  ["secret description too long", SECRET, "description", chars(2049), chars(2048), "more than 2048"],
  // CloudWatch
  ["log group in the reserved aws/ space", LOG_GROUP, "name", "aws/shop/web", "/shop/web", '"aws/"'],
  ["colon in a metric filter name", FILTER, "name", "jobs:ok", "jobs-ok", `":"`],
  ["period in a log delivery source name", DELIVERY_SOURCE, "name", "cdn.logs", "cdn-logs", `"."`],
  ["log delivery destination name too long", DELIVERY_DESTINATION, "name", chars(61), chars(60), "more than 60"],
  ["alarm name too long", ALARM, "name", chars(256), chars(255), "more than 255"],
  ["alarm description too long", ALARM, "alarmDescription", chars(1025), chars(1024), "more than 1024"],
  // SNS and SQS
  ["topic display name too long", TOPIC, "displayName", chars(101), chars(100), "more than 100"],
  ["standard queue named .fifo", QUEUE, "name", "jobs.fifo", "jobs", ".fifo"],
  ["queue name too long", QUEUE, "name", chars(81), chars(80), "more than 80"],
  // S3
  ["upper-case bucket name", BUCKET, "bucket", "Shop-Media", "shop-media", `"SM"`],
  ["bucket name with a reserved prefix", BUCKET, "bucket", "xn--shop", "shop-xn", "xn--"],
  // Elastic Load Balancing
  ["load balancer name one character too long", ALB, "name", chars(33), chars(32), "33 characters, more than 32"],
  ["load balancer named internal-", ALB, "name", "internal-web", "web-internal", "internal-"],
  ["target group name ending with a hyphen", TARGET_GROUP, "name", "web-", "web", "does not end with a hyphen"],
  // RDS
  ["double hyphen in an RDS cluster identifier", RDS, "clusterIdentifier", "shop--us", "shop-us", "two consecutive"],
  ["RDS identifier starting with a digit", RDS, "clusterIdentifier", "1shop", "shop1", "starts with a letter"],
  [
    "final snapshot identifier ending with a hyphen",
    RDS,
    "finalSnapshotIdentifier",
    "shop-",
    "shop",
    "end with a hyphen",
  ],
  ["hyphen in a database name", RDS, "databaseName", "store-front", "store_front", `"-"`],
  ["master user name starting with a digit", RDS, "masterUsername", "1admin", "admin1", "form"],
  [
    "master user name one character too long",
    RDS,
    "masterUsername",
    chars(17),
    chars(16),
    "17 characters, more than 16",
  ],
  ["RDS instance identifier ending with a hyphen", INSTANCE, "identifier", "shop-1-", "shop-1", "end with a hyphen"],
  ["underscore in a global cluster identifier", GLOBAL, "globalClusterIdentifier", "shop_global", "shop-global", `"_"`],
  ["subnet group named default", DB_SUBNETS, "name", "default", "default-cell", '"default"'],
  // ElastiCache
  ["empty replication group description", REPLICATION_GROUP, "description", "", "cache", "shorter than 1"],
  ["underscore in a cache subnet group name", CACHE_SUBNETS, "name", "cache_subnets", "cache-subnets", `"_"`],
  // Amazon MQ, ECS, EventBridge Scheduler
  ["broker name too long", BROKER, "brokerName", chars(51), chars(50), "more than 50"],
  ["space in a cluster name", "aws:ecs/cluster:Cluster", "name", "shop cluster", "shop-cluster", `" "`],
  ["service name too long", "aws:ecs/service:Service", "name", chars(256), chars(255), "more than 255"],
  ["period in a task family", TASK, "family", "shop.web", "shop-web", `"."`],
  ["space in a schedule name", SCHEDULE, "name", "catalog sync", "catalog-sync", `" "`],
  ["schedule group name too long", SCHEDULE, "groupName", chars(65), chars(64), "more than 64"],
  ["schedule description too long", SCHEDULE, "description", chars(513), chars(512), "more than 512"],
  ["slash in a schedule group name", "aws:scheduler/scheduleGroup:ScheduleGroup", "name", "shop/us", "shop-us", `"/"`],
  // CloudFront
  ["distribution comment too long", DISTRIBUTION, "comment", chars(129), chars(128), "more than 128"],
  ["origin access control name too long", OAC, "name", chars(65), chars(64), "more than 64"],
  ["cache policy comment too long", CACHE_POLICY, "comment", chars(129), chars(128), "more than 128"],
  ["response headers policy comment too long", HEADERS_POLICY, "comment", chars(129), chars(128), "more than 128"],
  // ARC Region switch
  ["plan name over 32 characters", "aws:arcregionswitch/plan:Plan", "name", chars(33), chars(32), "more than 32"],
  // WAF, Route 53, Application Auto Scaling
  ["space in a web ACL name", WAF, "name", "shop edge", "shop-edge", `" "`],
  ["apostrophe in a web ACL description", WAF, "description", "the shop's rules", "the shop rules", `"'"`],
  ["set identifier too long", "aws:route53/record:Record", "setIdentifier", chars(129), chars(128), "more than 128"],
  ["line break in a scaling policy name", "aws:appautoscaling/policy:Policy", "name", "cpu\ntarget", "cpu", "control"],
  ["colon in a scheduled action name", SCHEDULED_ACTION, "name", "web:peak", "web-peak", `":"`],
  ["colon in a budget name", "aws:budgets/budget:Budget", "name", "shop:monthly", "shop-monthly", `":"`],
];

/** Refused values in nested inputs, in generated names, or depending on other inputs. */
const SPECIAL: Plant[] = [
  {
    family: "quote in an inline ingress rule description",
    type: SG,
    bad: { ingress: [{ description: 'From "web"' }] },
    good: { ingress: [{ description: "From web" }] },
    input: "ingress[0].description",
    says: "refuses here",
  },
  {
    family: "IAM role auto-named from a logical name too long for the 8-character suffix",
    type: ROLE,
    name: chars(57),
    goodName: chars(56),
    bad: {},
    good: {},
    input: "name",
    says: "65 characters, more than 64",
  },
  {
    family: "dollar in a metric namespace",
    type: FILTER,
    bad: { metricTransformation: { name: "ok", namespace: "Shop/$Jobs" } },
    good: { metricTransformation: { name: "ok", namespace: "Shop/Jobs" } },
    input: "metricTransformation.namespace",
    says: `"$"`,
  },
  {
    family: "metric name too long",
    type: FILTER,
    bad: { metricTransformation: { name: chars(256), namespace: "Shop" } },
    good: { metricTransformation: { name: chars(255), namespace: "Shop" } },
    input: "metricTransformation.name",
    says: "more than 255",
  },
  {
    family: "FIFO topic without .fifo",
    type: TOPIC,
    bad: { name: "alarms", fifoTopic: true },
    good: { name: "alarms.fifo", fifoTopic: true },
    input: "name",
    says: ".fifo",
  },
  {
    family: "FIFO queue without .fifo",
    type: QUEUE,
    bad: { name: "jobs-dlq", fifoQueue: true },
    good: { name: "jobs-dlq.fifo", fifoQueue: true },
    input: "name",
    says: ".fifo",
  },
  {
    family: "bucket prefix too long for the provider's 26-character suffix",
    type: BUCKET,
    bad: { bucketPrefix: `${chars(37)}-` },
    good: { bucketPrefix: `${chars(36)}-` },
    input: "bucket",
    says: "64 characters, more than 63",
  },
  {
    family: "target group prefix too long for the 26-character suffix",
    type: TARGET_GROUP,
    bad: { namePrefix: "webtg1-" },
    good: { namePrefix: "web-" },
    input: "name",
    says: "33 characters, more than 32",
  },
  {
    family: "empty health check path",
    type: TARGET_GROUP,
    bad: { healthCheck: { path: "" } },
    good: { healthCheck: { path: "/healthz" } },
    input: "healthCheck.path",
    says: "shorter than 1",
  },
  {
    family: "listener rule header name too long",
    type: "aws:lb/listenerRule:ListenerRule",
    bad: { conditions: [{ httpHeader: { httpHeaderName: chars(41) } }] },
    good: { conditions: [{ httpHeader: { httpHeaderName: chars(40) } }] },
    input: "conditions[0].httpHeader.httpHeaderName",
    says: "more than 40",
  },
  {
    family: "parameter group auto-named from a logical name with a double hyphen",
    type: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    name: "shop--database",
    goodName: "shop-database",
    bad: {},
    good: {},
    input: "name",
    says: "two consecutive hyphens",
  },
  {
    family: "replication group auto-named past 40 characters",
    type: REPLICATION_GROUP,
    name: chars(33),
    goodName: chars(32),
    bad: {},
    good: {},
    input: "replicationGroupId",
    says: "41 characters, more than 40",
  },
  {
    family: "broker user named guest, inside a secret",
    type: BROKER,
    bad: { users: secret([{ username: "guest", password: "x" }]) },
    good: { users: secret([{ username: "admin", password: "x" }]) },
    input: "users[0].username",
    says: "guest",
  },
  {
    family: "space in a task volume name",
    type: TASK,
    bad: { volumes: [{ name: "tmp dir" }] },
    good: { volumes: [{ name: "tmp-dir" }] },
    input: "volumes[0].name",
    says: `" "`,
  },
  // containerDefinitions is JSON text, as the provider takes it and the mock cloud records it.
  {
    family: "period in a container name (inside containerDefinitions)",
    type: TASK,
    bad: { containerDefinitions: JSON.stringify([{ name: "web.app", image: "shop" }]) },
    good: { containerDefinitions: JSON.stringify([{ name: "web-app", image: "shop" }]) },
    input: "containerDefinitions[0].name",
    says: `"."`,
  },
  {
    family: "upper case in a port mapping name",
    type: TASK,
    bad: { containerDefinitions: JSON.stringify([{ name: "web", portMappings: [{ name: "Http" }] }]) },
    good: { containerDefinitions: JSON.stringify([{ name: "web", portMappings: [{ name: "http" }] }]) },
    input: "containerDefinitions[0].portMappings[0].name",
    says: `"H"`,
  },
  {
    family: "awslogs group under aws/",
    type: TASK,
    bad: {
      containerDefinitions: JSON.stringify([
        { name: "web", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "aws/shop" } } },
      ]),
    },
    good: {
      containerDefinitions: JSON.stringify([
        { name: "web", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/shop/web" } } },
      ]),
    },
    input: "containerDefinitions[0].logConfiguration.options.awslogs-group",
    says: "aws/",
  },
  {
    family: "colon in an awslogs stream prefix",
    type: TASK,
    bad: {
      containerDefinitions: JSON.stringify([
        { name: "web", logConfiguration: { options: { "awslogs-stream-prefix": "web:1" } } },
      ]),
    },
    good: {
      containerDefinitions: JSON.stringify([
        { name: "web", logConfiguration: { options: { "awslogs-stream-prefix": "web-1" } } },
      ]),
    },
    input: "containerDefinitions[0].logConfiguration.options.awslogs-stream-prefix",
    says: `":"`,
  },
  {
    family: "practice-run window across two days",
    type: "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration",
    bad: { blockedWindows: ["Mon:21:00-Mon:23:59", "Mon:21:00-Tue:04:00"] },
    good: { blockedWindows: ["Mon:21:00-Mon:23:59", "Mon:00:00-Mon:04:00"] },
    input: "blockedWindows[1]",
    says: "same day",
  },
  {
    family: "web ACL metric named All",
    type: WAF,
    bad: { visibilityConfig: { metricName: "All" } },
    good: { visibilityConfig: { metricName: "shop-all" } },
    input: "visibilityConfig.metricName",
    says: '"All"',
  },
  {
    family: "space in a WAF rule name",
    type: WAF,
    bad: { rules: [{ name: "rate limit" }] },
    good: { rules: [{ name: "rate-limit" }] },
    input: "rules[0].name",
    says: `" "`,
  },
  {
    family: "space in a WAF rule metric name",
    type: WAF,
    bad: { rules: [{ name: "r", visibilityConfig: { metricName: "rate limit" } }] },
    good: { rules: [{ name: "r", visibilityConfig: { metricName: "rate-limit" } }] },
    input: "rules[0].visibilityConfig.metricName",
    says: `" "`,
  },
];

const PLANTS: Plant[] = [
  ...SIMPLE.map(([family, type, input, bad, good, says]) => ({
    family,
    type,
    input,
    bad: { [input]: bad },
    good: { [input]: good },
    says,
  })),
  ...SPECIAL,
];

const resourceOf = (plant: Plant, which: "bad" | "good"): CheckedResource => ({
  type: plant.type,
  name: (which === "bad" ? plant.name : (plant.goodName ?? plant.name)) ?? "planted",
  custom: true,
  inputs: plant[which],
});

describe("AWS input check, on planted values", () => {
  it("plants a refused value for every resource type that has rules", () => {
    const planted = new Set(PLANTS.map((p) => p.type));
    assert.deepEqual(
      [...new Set(INPUT_RULES.map((r) => r.type))].filter((type) => !planted.has(type)),
      [],
    );
  });

  for (const plant of PLANTS) {
    it(`catches ${plant.family}, and passes its compliant twin`, () => {
      const problems = inputProblems([resourceOf(plant, "bad")]);
      assert.equal(problems.length, 1, problems.map((p) => p.message).join("\n") || "no problem reported");
      const [problem] = problems;
      assert.equal(problem.input, plant.input);
      assert.ok(problem.breach.includes(plant.says), `"${problem.breach}" does not say ${plant.says}`);
      assert.match(problem.source, /^https:\/\/docs\.aws\.amazon\.com\//);
      for (const part of [plant.type, `"${resourceOf(plant, "bad").name}"`, plant.input, problem.source]) {
        assert.ok(problem.message.includes(part), `message lacks ${part}: ${problem.message}`);
      }
      assert.deepEqual(
        inputProblems([resourceOf(plant, "good")]).map((p) => p.message),
        [],
      );
    });
  }

  it("says how a generated name was formed", () => {
    const [autoNamed] = inputProblems([{ type: ROLE, name: chars(57), custom: true, inputs: {} }]);
    assert.match(autoNamed.origin ?? "", /auto-named from logical name "a{57}" and Pulumi's 8-character suffix/);
    assert.equal(autoNamed.value, `${chars(57)}-0000000`);
    const [prefixed] = inputProblems([
      { type: "aws:lb/targetGroup:TargetGroup", name: "web", custom: true, inputs: { namePrefix: "webtg1-" } },
    ]);
    assert.match(prefixed.origin ?? "", /namePrefix "webtg1-" and the provider's 26-character suffix/);
  });

  it("skips component resources, which AWS never sees", () => {
    assert.deepEqual(inputProblems([{ type: SG, name: "x", custom: false, inputs: { description: "it's" } }]), []);
  });

  it("reports an AWS type with no rules and no stated reason, and a name-like input with neither", () => {
    assert.deepEqual(
      uncoveredInputs([
        { type: "aws:ec2/instance:Instance", name: "i", custom: true, inputs: {} },
        { type: SG, name: "g", custom: true, inputs: { description: "d", ownerName: "x" } },
        { type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", custom: true, inputs: { bucket: "b" } },
      ]),
      [
        "aws:ec2/instance:Instance: no input rules, and not listed in UNCONSTRAINED_TYPES",
        "aws:ec2/securityGroup:SecurityGroup: input ownerName has no rule and is not listed in UNCHECKED_INPUTS",
      ],
    );
  });
});
