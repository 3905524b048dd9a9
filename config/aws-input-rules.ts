/**
 * What AWS accepts in the names, identifiers and descriptions the program sets, as data:
 * one rule per resource type and input, with the AWS documentation page it comes from.
 * The Terraform-based provider checks few of these (often only a length) and the mocks none,
 * so a value AWS refuses would otherwise surface only at `pulumi up`, sometimes on an input
 * that also forces replacement. offline/aws-input-check.ts applies these rules to every
 * resource the program registers; docs/aws-input-rules.md is rendered from this table.
 */
import { MASTER_USERNAME_MAX_LENGTH } from "./data-limits";
import { MAX_PATH_PATTERN_LENGTH, PATH_PATTERN } from "./write-paths";
import {
  fifoSuffix,
  made,
  noControlCharacters,
  noDoubleHyphen,
  noLeadingHyphen,
  noTrailingHyphen,
  notEndingWith,
  notEqualTo,
  notStartingWith,
  startsWithLetter,
  TextCheck,
  TextRule,
  upTo,
} from "./text-rules";

export interface InputRule extends TextRule {
  /** Resource type token, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
  type: string;
  /** Input path; `[]` stands for every element of a list (`rules[].name`). */
  input: string;
  /** The AWS documentation page that states the constraint. */
  source: string;
}

const rule = (type: string, input: string, text: TextRule, source: string): InputRule => ({
  type,
  input,
  ...text,
  source,
});

const page = (path: string) => `https://docs.aws.amazon.com/${path}.html`;
const ec2 = (op: string) => page(`AWSEC2/latest/APIReference/API_${op}`);
const iam = (op: string) => page(`IAM/latest/APIReference/API_${op}`);
const logs = (op: string) => page(`AmazonCloudWatchLogs/latest/APIReference/API_${op}`);
const elb = (op: string) => page(`elasticloadbalancing/latest/APIReference/API_${op}`);
const rds = (op: string) => page(`AmazonRDS/latest/APIReference/API_${op}`);
const elasticache = (op: string) => page(`AmazonElastiCache/latest/APIReference/API_${op}`);
const ecs = (op: string) => page(`AmazonECS/latest/APIReference/API_${op}`);
const scheduler = (op: string) => page(`scheduler/latest/APIReference/API_${op}`);
const cloudfront = (op: string) => page(`cloudfront/latest/APIReference/API_${op}`);
const waf = (op: string) => page(`waf/latest/APIReference/API_${op}`);
const autoscaling = (op: string) => page(`autoscaling/application/APIReference/API_${op}`);
const regionSwitch = (op: string) => page(`arc-region-switch/latest/api/API_${op}`);

/** Security group names and group and rule descriptions in a VPC: EC2 answers anything else with InvalidParameterValue. */
const ec2Text = (min: number, ...checks: TextCheck[]) =>
  made(
    min,
    255,
    /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/,
    "of a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
    ...checks,
  );
const iamName = (max: number) => made(1, max, /^[\w+=,.@-]+$/, "letters, digits and +=,.@_-");
const iamPath = made(1, 512, /^(\/|\/[\u0021-\u007E]+\/)$/, "characters: / alone, or printable ASCII between slashes");
// Tabs and line breaks are allowed in IAM descriptions.
// eslint-disable-next-line no-control-regex
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
const iamDescription = made(0, 1000, IAM_DESCRIPTION, "printable Latin-1 characters, tabs and line breaks");
/** RDS and ElastiCache identifiers. */
const identifier = (max: number) =>
  made(1, max, /^[A-Za-z0-9-]+$/, "letters, digits and hyphens", startsWithLetter, noTrailingHyphen, noDoubleHyphen);
const word = (max: number) => made(1, max, /^[A-Za-z0-9_-]+$/, "letters, digits, hyphens and underscores");
const fifoName = (max: number, flag: string) =>
  made(1, max, /^[A-Za-z0-9_-]+(\.fifo)?$/, "letters, digits, hyphens and underscores", fifoSuffix(flag));
const postgresName = made(1, 63, /^[A-Za-z][A-Za-z0-9_]*$/, "letters, digits and underscores, a letter first");
const masterUsername = made(
  1,
  MASTER_USERNAME_MAX_LENGTH,
  /^[A-Za-z][A-Za-z0-9_]*$/,
  "letters, digits and underscores, a letter first",
);
const required = { min: 1, allowed: "required, not empty" };
const logGroupName = made(1, 512, /^[.\-_/#A-Za-z0-9]+$/, "letters, digits and ._-/#", notStartingWith("aws/"));
const scheduleName = made(1, 64, /^[0-9a-zA-Z_.-]+$/, "letters, digits and _.-");
const wafName = made(1, 128, /^[\w-]+$/, "letters, digits, hyphens and underscores");
const wafMetric = made(1, 255, /^[\w#:.\-/]+$/, "letters, digits and _#:.-/", notEqualTo("All", "Default_Action"));

const SG = "aws:ec2/securityGroup:SecurityGroup";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";
const SECRET = "aws:secretsmanager/secret:Secret";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const CACHE_SUBNETS = "aws:elasticache/subnetGroup:SubnetGroup";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const REGION_SWITCH_PLAN = "aws:arcregionswitch/plan:Plan";
const WAF = "aws:wafv2/webAcl:WebAcl";

/**
 * Inputs the provider takes as JSON text whose members AWS constrains: the check parses them
 * and applies the rules below them (`containerDefinitions[].name`), and the coverage check
 * lists the name-like members inside them.
 */
export const JSON_INPUTS: Readonly<Record<string, readonly string[]>> = {
  [TASK]: ["containerDefinitions"],
};

export const INPUT_RULES: readonly InputRule[] = [
  // EC2 security groups and their rules
  rule(SG, "name", ec2Text(1, notStartingWith("sg-")), ec2("CreateSecurityGroup")),
  rule(SG, "description", ec2Text(0), ec2("CreateSecurityGroup")),
  rule(SG, "ingress[].description", ec2Text(0), ec2("IpRange")),
  rule(SG, "egress[].description", ec2Text(0), ec2("IpRange")),
  rule("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "description", ec2Text(0), ec2("IpRange")),
  rule("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "description", ec2Text(0), ec2("IpRange")),
  rule("aws:ec2/securityGroupRule:SecurityGroupRule", "description", ec2Text(0), ec2("IpRange")),

  // IAM
  rule(ROLE, "name", iamName(64), iam("CreateRole")),
  rule(ROLE, "path", iamPath, iam("CreateRole")),
  rule(ROLE, "description", iamDescription, iam("CreateRole")),
  rule("aws:iam/rolePolicy:RolePolicy", "name", iamName(128), iam("PutRolePolicy")),
  rule(POLICY, "name", iamName(128), iam("CreatePolicy")),
  rule(POLICY, "path", iamPath, iam("CreatePolicy")),
  rule(POLICY, "description", iamDescription, iam("CreatePolicy")),
  rule(PROFILE, "name", iamName(128), iam("CreateInstanceProfile")),
  rule(PROFILE, "path", iamPath, iam("CreateInstanceProfile")),

  // KMS
  rule(
    "aws:kms/alias:Alias",
    "name",
    made(
      1,
      256,
      /^alias\/[a-zA-Z0-9/_-]+$/,
      `characters: "alias/" then letters, digits and /_-`,
      notStartingWith("alias/aws/"),
    ),
    page("kms/latest/APIReference/API_CreateAlias"),
  ),
  rule("aws:kms/key:Key", "description", upTo(8192), page("kms/latest/APIReference/API_CreateKey")),

  // Secrets Manager
  rule(
    SECRET,
    "name",
    made(1, 512, /^[A-Za-z0-9/_+=.@-]+$/, "letters, digits and /_+=.@-", {
      says: "does not end with a hyphen and six characters (read as an ARN suffix)",
      holds: (v) => !/-[^-]{6}$/.test(v),
    }),
    page("secretsmanager/latest/apireference/API_CreateSecret"),
  ),
  rule(SECRET, "description", upTo(2048), page("secretsmanager/latest/apireference/API_CreateSecret")),

  // CloudWatch Logs and alarms
  rule("aws:cloudwatch/logGroup:LogGroup", "name", logGroupName, logs("CreateLogGroup")),
  rule(FILTER, "name", made(1, 512, /^[^:*]+$/, "characters except : and *"), logs("PutMetricFilter")),
  rule(FILTER, "metricTransformation.name", upTo(255, 1), logs("MetricTransformation")),
  rule(
    FILTER,
    "metricTransformation.namespace",
    made(1, 255, /^[^:*$]+$/, "characters except :*$"),
    logs("MetricTransformation"),
  ),
  rule(
    "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    "name",
    made(1, 60, /^[\w-]+$/, "letters, digits, hyphens and underscores"),
    logs("PutDeliverySource"),
  ),
  rule(
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    "name",
    made(1, 60, /^[\w-]+$/, "letters, digits, hyphens and underscores"),
    logs("PutDeliveryDestination"),
  ),
  rule(
    ALARM,
    "name",
    { ...upTo(255, 1), checks: [noControlCharacters], allowed: "1-255 characters; no control characters" },
    page("AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm"),
  ),
  rule(ALARM, "alarmDescription", upTo(1024), page("AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm")),

  // SNS and SQS
  rule("aws:sns/topic:Topic", "name", fifoName(256, "fifoTopic"), page("sns/latest/api/API_CreateTopic")),
  rule("aws:sns/topic:Topic", "displayName", upTo(100), page("sns/latest/api/API_SetTopicAttributes")),
  rule(
    "aws:sqs/queue:Queue",
    "name",
    fifoName(80, "fifoQueue"),
    page("AWSSimpleQueueService/latest/APIReference/API_CreateQueue"),
  ),

  // S3
  rule(
    "aws:s3/bucket:Bucket",
    "bucket",
    made(
      3,
      63,
      /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
      "lower-case letters, digits, periods and hyphens, a letter or digit at both ends",
      { says: "has no two adjacent periods", holds: (v) => !v.includes("..") },
      { says: "is not an IP address", holds: (v) => !/^\d+\.\d+\.\d+\.\d+$/.test(v) },
      notStartingWith("xn--", "sthree-", "amzn-s3-demo-"),
      notEndingWith("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"),
    ),
    page("AmazonS3/latest/userguide/bucketnamingrules"),
  ),

  // Elastic Load Balancing
  rule(
    "aws:lb/loadBalancer:LoadBalancer",
    "name",
    made(
      1,
      32,
      /^[A-Za-z0-9-]+$/,
      "letters, digits and hyphens",
      noLeadingHyphen,
      noTrailingHyphen,
      notStartingWith("internal-"),
    ),
    elb("CreateLoadBalancer"),
  ),
  rule(
    "aws:lb/targetGroup:TargetGroup",
    "name",
    made(1, 32, /^[A-Za-z0-9-]+$/, "letters, digits and hyphens", noLeadingHyphen, noTrailingHyphen),
    elb("CreateTargetGroup"),
  ),
  rule("aws:lb/targetGroup:TargetGroup", "healthCheck.path", upTo(1024, 1), elb("CreateTargetGroup")),
  rule(
    "aws:lb/listenerRule:ListenerRule",
    "conditions[].httpHeader.httpHeaderName",
    upTo(40, 1),
    elb("HttpHeaderConditionConfig"),
  ),
  rule(
    "aws:lb/listenerRule:ListenerRule",
    "conditions[].hostHeader.values[]",
    made(1, 128, /^[A-Za-z0-9.*?-]+$/, "letters, digits, - . and the wildcards * ?"),
    elb("HostHeaderConditionConfig"),
  ),

  // RDS
  rule(RDS_CLUSTER, "clusterIdentifier", identifier(63), rds("CreateDBCluster")),
  rule(RDS_CLUSTER, "finalSnapshotIdentifier", identifier(255), rds("DeleteDBCluster")),
  rule(RDS_CLUSTER, "databaseName", postgresName, rds("CreateDBCluster")),
  rule(RDS_CLUSTER, "masterUsername", masterUsername, rds("CreateDBCluster")),
  rule("aws:rds/clusterInstance:ClusterInstance", "identifier", identifier(63), rds("CreateDBInstance")),
  // CreateGlobalCluster states no limits; ModifyGlobalCluster states them for a new identifier.
  rule("aws:rds/globalCluster:GlobalCluster", "globalClusterIdentifier", identifier(63), rds("ModifyGlobalCluster")),
  rule(
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "name",
    identifier(255),
    rds("CreateDBClusterParameterGroup"),
  ),
  rule(
    "aws:rds/subnetGroup:SubnetGroup",
    "name",
    made(
      1,
      255,
      /^[A-Za-z0-9._ -]+$/,
      "letters, digits, periods, underscores, spaces and hyphens",
      notEqualTo("default"),
    ),
    rds("CreateDBSubnetGroup"),
  ),

  // ElastiCache
  rule(REPLICATION_GROUP, "replicationGroupId", identifier(40), elasticache("CreateReplicationGroup")),
  rule(REPLICATION_GROUP, "description", required, elasticache("CreateReplicationGroup")),
  rule(
    CACHE_SUBNETS,
    "name",
    made(1, 255, /^[A-Za-z0-9-]+$/, "letters, digits and hyphens"),
    elasticache("CreateCacheSubnetGroup"),
  ),
  rule(CACHE_SUBNETS, "description", required, elasticache("CreateCacheSubnetGroup")),

  // Amazon MQ
  rule("aws:mq/broker:Broker", "brokerName", word(50), page("amazon-mq/latest/api-reference/brokers")),
  rule(
    "aws:mq/broker:Broker",
    "users[].username",
    made(2, 100, /^[A-Za-z0-9._-]+$/, "letters, digits and ._- (RabbitMQ)", notEqualTo("guest")),
    page("amazon-mq/latest/api-reference/brokers"),
  ),

  // ECS
  rule("aws:ecs/cluster:Cluster", "name", word(255), ecs("CreateCluster")),
  rule("aws:ecs/service:Service", "name", word(255), ecs("CreateService")),
  rule(TASK, "family", word(255), ecs("RegisterTaskDefinition")),
  rule(TASK, "volumes[].name", word(255), ecs("Volume")),
  // Inside containerDefinitions (JSON text, opened by the check: JSON_INPUTS).
  rule(TASK, "containerDefinitions[].name", word(255), ecs("ContainerDefinition")),
  rule(
    TASK,
    "containerDefinitions[].portMappings[].name",
    made(1, 64, /^[a-z0-9_-]+$/, "lower-case letters, digits, underscores and hyphens", noLeadingHyphen),
    ecs("PortMapping"),
  ),
  rule(TASK, "containerDefinitions[].logConfiguration.options.awslogs-group", logGroupName, logs("CreateLogGroup")),
  // The stream is named <prefix>/<container name>/<task id>.
  rule(
    TASK,
    "containerDefinitions[].logConfiguration.options.awslogs-stream-prefix",
    made(1, 512, /^[^:*]+$/, "characters except : and *"),
    logs("CreateLogStream"),
  ),

  // EventBridge Scheduler
  rule(SCHEDULE, "name", scheduleName, scheduler("CreateSchedule")),
  rule(SCHEDULE, "groupName", scheduleName, scheduler("CreateSchedule")),
  rule(SCHEDULE, "description", upTo(512), scheduler("CreateSchedule")),
  rule("aws:scheduler/scheduleGroup:ScheduleGroup", "name", scheduleName, scheduler("CreateScheduleGroup")),

  // CloudFront
  rule("aws:cloudfront/distribution:Distribution", "comment", upTo(128), cloudfront("DistributionConfig")),
  rule(
    "aws:cloudfront/distribution:Distribution",
    "orderedCacheBehaviors[].pathPattern",
    made(
      1,
      MAX_PATH_PATTERN_LENGTH,
      PATH_PATTERN,
      "of A-Z a-z 0-9 _ - . * $ / ~ \" ' @ : + & ? (docs/aws-behaviours.md #32)",
    ),
    cloudfront("CacheBehavior"),
  ),
  rule(
    "aws:cloudfront/originAccessControl:OriginAccessControl",
    "name",
    upTo(64, 1),
    cloudfront("OriginAccessControlConfig"),
  ),
  rule("aws:cloudfront/cachePolicy:CachePolicy", "comment", upTo(128), cloudfront("CachePolicyConfig")),
  rule(
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    "comment",
    upTo(128),
    cloudfront("ResponseHeadersPolicyConfig"),
  ),

  // WAF
  rule(WAF, "name", wafName, waf("CreateWebACL")),
  rule(
    WAF,
    "description",
    made(1, 256, /^[\w+=:#@/\-,.]([\w+=:#@/\-,.\s]*[\w+=:#@/\-,.])?$/, "letters, digits, spaces and _+=:#@/-,.", {
      says: "has no space at either end",
      holds: (v) => v.trim() === v,
    }),
    waf("CreateWebACL"),
  ),
  rule(WAF, "visibilityConfig.metricName", wafMetric, waf("VisibilityConfig")),
  rule(WAF, "rules[].name", wafName, waf("Rule")),
  rule(WAF, "rules[].visibilityConfig.metricName", wafMetric, waf("VisibilityConfig")),

  // Route 53
  rule(
    "aws:route53/record:Record",
    "setIdentifier",
    upTo(128, 1),
    page("Route53/latest/APIReference/API_ResourceRecordSet"),
  ),

  // ARC Region switch
  rule(
    REGION_SWITCH_PLAN,
    "name",
    made(
      1,
      32,
      /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/,
      "letters, digits and hyphens",
      noLeadingHyphen,
      noTrailingHyphen,
    ),
    regionSwitch("CreatePlan"),
  ),
  rule(
    REGION_SWITCH_PLAN,
    "regions[]",
    made(1, undefined, /^[a-z]{2}-[a-z-]+-\d+$/, "a region name such as us-east-1"),
    regionSwitch("CreatePlan"),
  ),
  rule(
    REGION_SWITCH_PLAN,
    "workflows[].steps[].globalAuroraConfigs[].globalClusterIdentifier",
    made(1, 255, /^[A-Za-z][0-9A-Za-z-:._]*$/, "letters, digits and -:._, a letter first"),
    regionSwitch("GlobalAuroraConfiguration"),
  ),
  rule(
    REGION_SWITCH_PLAN,
    "workflows[].steps[].globalAuroraConfigs[].databaseClusterArns[]",
    made(
      1,
      undefined,
      /^arn:aws[a-zA-Z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[A-Za-z][0-9A-Za-z-:._]*$/,
      "an Aurora cluster ARN (arn:aws:rds:<region>:<account>:cluster:<id>)",
    ),
    regionSwitch("GlobalAuroraConfiguration"),
  ),

  // AWS Budgets
  rule(
    "aws:budgets/budget:Budget",
    "name",
    made(1, 100, /^[^:\\]+$/, "characters except : and \\", {
      says: 'does not contain "/action/"',
      holds: (v) => !v.includes("/action/"),
    }),
    page("aws-cost-management/latest/APIReference/API_budgets_Budget"),
  ),

  // Application Auto Scaling
  rule(
    "aws:appautoscaling/policy:Policy",
    "name",
    { ...upTo(256, 1), checks: [noControlCharacters], allowed: "1-256 printable characters" },
    autoscaling("PutScalingPolicy"),
  ),
  rule(
    "aws:appautoscaling/scheduledAction:ScheduledAction",
    "name",
    made(1, 256, /^[^:/|]+$/, "characters except : / |", noControlCharacters, {
      says: "has no space at either end",
      holds: (v) => v.trim() === v,
    }),
    autoscaling("PutScheduledAction"),
  ),
  // ARC zonal autoshift: practice-run windows, UTC, each within one day
  rule(
    "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration",
    "blockedWindows[]",
    made(
      19,
      19,
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01][0-9]|2[0-3]):[0-5][0-9]-(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01][0-9]|2[0-3]):[0-5][0-9]$/,
      "characters: Day:HH:MM-Day:HH:MM in UTC",
      { says: "starts and ends on the same day", holds: (v) => v.slice(0, 3) === v.slice(10, 13) },
    ),
    page("arc-zonal-shift/latest/api/API_PracticeRunConfiguration"),
  ),
];

/** The rules for one resource type. */
export function rulesFor(type: string): InputRule[] {
  return INPUT_RULES.filter((r) => r.type === type);
}
