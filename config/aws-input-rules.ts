/**
 * What AWS accepts in the names, identifiers and descriptions the program sets, as data:
 * one rule per resource type and input, with the AWS documentation page it comes from.
 * The Terraform-based provider checks few of these (often only a length) and the mocks none,
 * so a value AWS refuses would otherwise surface only at `pulumi up`, sometimes on an input
 * that also forces replacement. offline/aws-input-check.ts applies these rules to every
 * resource the program registers; docs/aws-input-rules.md is rendered from this table.
 */

/** One extra condition on a value beyond its length and character set. */
export interface TextCheck {
  /** The condition in words, for messages and the docs table. */
  says: string;
  /** True when `value` satisfies it; `inputs` are the resource's other inputs (for FIFO flags). */
  holds(value: string, inputs: Record<string, unknown>): boolean;
}

export interface InputRule {
  /** Resource type token, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
  type: string;
  /** Input path; `[]` stands for every element of a list (`rules[].name`). */
  input: string;
  /** Fewest characters AWS accepts. */
  min: number;
  /** Most characters AWS accepts (absent when AWS documents no limit). */
  max?: number;
  /** The characters AWS accepts, matched against the whole value. */
  pattern?: RegExp;
  /** Further conditions (no double hyphen, starts with a letter, FIFO suffix ...). */
  checks?: readonly TextCheck[];
  /** The whole constraint in words. */
  allowed: string;
  /** The AWS documentation page that states it. */
  source: string;
}

const startsWithLetter: TextCheck = { says: "starts with a letter", holds: (v) => /^[A-Za-z]/.test(v) };
const noLeadingHyphen: TextCheck = { says: "does not start with a hyphen", holds: (v) => !v.startsWith("-") };
const noTrailingHyphen: TextCheck = { says: "does not end with a hyphen", holds: (v) => !v.endsWith("-") };
const noDoubleHyphen: TextCheck = { says: "has no two consecutive hyphens", holds: (v) => !v.includes("--") };
const noControlCharacters: TextCheck = {
  says: "has no control characters",
  // eslint-disable-next-line no-control-regex
  holds: (v) => !/[\u0000-\u001f\u007f]/.test(v),
};

function notStartingWith(...prefixes: string[]): TextCheck {
  return {
    says: `does not start with ${prefixes.map((p) => `"${p}"`).join(" or ")}`,
    holds: (v) => !prefixes.some((p) => v.startsWith(p)),
  };
}

function notEndingWith(...suffixes: string[]): TextCheck {
  return {
    says: `does not end with ${suffixes.map((s) => `"${s}"`).join(" or ")}`,
    holds: (v) => !suffixes.some((s) => v.endsWith(s)),
  };
}

/** FIFO queues and topics end with `.fifo`, and only they do. */
function fifoSuffix(flag: string): TextCheck {
  return {
    says: `ends with ".fifo" exactly when ${flag} is true`,
    holds: (v, inputs) => v.endsWith(".fifo") === (inputs[flag] === true),
  };
}

/** Characters EC2 accepts in security group names and in group and rule descriptions (in a VPC). */
const EC2_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const EC2_TEXT_WORDS = "a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* (no apostrophe or quote)";
const EC2_SG = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html";
const EC2_RULE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html";

const IAM_NAME = /^[\w+=,.@-]+$/;
const IAM_NAME_WORDS = "letters, digits and +=,.@_-";
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
const IAM_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
const IAM_ROLE = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html";
const IAM_POLICY = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html";
const IAM_PROFILE = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html";

const RDS_CLUSTER = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html";

/** RDS identifiers: letters, digits and hyphens, a letter first, no trailing or doubled hyphen. */
function rdsIdentifier(type: string, input: string, max: number, source: string): InputRule {
  return {
    type,
    input,
    min: 1,
    max,
    pattern: /^[A-Za-z0-9-]+$/,
    checks: [startsWithLetter, noTrailingHyphen, noDoubleHyphen],
    allowed: `1-${max} letters, digits and hyphens; starts with a letter; no trailing hyphen, no two consecutive hyphens`,
    source,
  };
}

/** Names made of letters, digits, hyphens and underscores (ECS, SNS, SQS, Amazon MQ ...). */
function wordName(type: string, input: string, max: number, source: string): InputRule {
  return {
    type,
    input,
    min: 1,
    max,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: `1-${max} letters, digits, hyphens and underscores`,
    source,
  };
}

function maxLength(type: string, input: string, max: number, source: string, min = 0): InputRule {
  return { type, input, min, max, allowed: `${min}-${max} characters`, source };
}

const WAF_NAME = /^[\w-]+$/;
const WAF_METRIC = /^[\w#:.\-/]+$/;
const WAF_METRIC_RULE = {
  min: 1,
  max: 255,
  pattern: WAF_METRIC,
  checks: [{ says: `is not "All" or "Default_Action"`, holds: (v: string) => v !== "All" && v !== "Default_Action" }],
  allowed: `1-255 letters, digits and _#:.-/; not "All" or "Default_Action"`,
  source: "https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html",
};

const S3_BUCKET_RULES = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";

export const INPUT_RULES: readonly InputRule[] = [
  // EC2 security groups: CreateSecurityGroup answers anything else with InvalidParameterValue.
  ...["aws:ec2/securityGroup:SecurityGroup"].flatMap((type) => [
    {
      type,
      input: "description",
      min: 0,
      max: 255,
      pattern: EC2_TEXT,
      allowed: `0-255 of ${EC2_TEXT_WORDS}`,
      source: EC2_SG,
    },
    {
      type,
      input: "name",
      min: 1,
      max: 255,
      pattern: EC2_TEXT,
      checks: [notStartingWith("sg-")],
      allowed: `1-255 of ${EC2_TEXT_WORDS}; not starting with "sg-"`,
      source: EC2_SG,
    },
    {
      type,
      input: "ingress[].description",
      min: 0,
      max: 255,
      pattern: EC2_TEXT,
      allowed: `0-255 of ${EC2_TEXT_WORDS}`,
      source: EC2_RULE,
    },
    {
      type,
      input: "egress[].description",
      min: 0,
      max: 255,
      pattern: EC2_TEXT,
      allowed: `0-255 of ${EC2_TEXT_WORDS}`,
      source: EC2_RULE,
    },
  ]),
  ...[
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
  ].map((type) => ({
    type,
    input: "description",
    min: 0,
    max: 255,
    pattern: EC2_TEXT,
    allowed: `0-255 of ${EC2_TEXT_WORDS}`,
    source: EC2_RULE,
  })),

  // IAM
  {
    type: "aws:iam/role:Role",
    input: "name",
    min: 1,
    max: 64,
    pattern: IAM_NAME,
    allowed: `1-64 ${IAM_NAME_WORDS}`,
    source: IAM_ROLE,
  },
  {
    type: "aws:iam/role:Role",
    input: "path",
    min: 1,
    max: 512,
    pattern: IAM_PATH,
    allowed: "1-512 characters: / or /printable ASCII/",
    source: IAM_ROLE,
  },
  {
    type: "aws:iam/role:Role",
    input: "description",
    min: 0,
    max: 1000,
    pattern: IAM_DESCRIPTION,
    allowed: "0-1000 printable Latin-1 characters, tabs and line breaks",
    source: IAM_ROLE,
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    input: "name",
    min: 1,
    max: 128,
    pattern: IAM_NAME,
    allowed: `1-128 ${IAM_NAME_WORDS}`,
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
  },
  {
    type: "aws:iam/policy:Policy",
    input: "name",
    min: 1,
    max: 128,
    pattern: IAM_NAME,
    allowed: `1-128 ${IAM_NAME_WORDS}`,
    source: IAM_POLICY,
  },
  {
    type: "aws:iam/policy:Policy",
    input: "path",
    min: 1,
    max: 512,
    pattern: IAM_PATH,
    allowed: "1-512 characters: / or /printable ASCII/",
    source: IAM_POLICY,
  },
  {
    type: "aws:iam/policy:Policy",
    input: "description",
    min: 0,
    max: 1000,
    pattern: IAM_DESCRIPTION,
    allowed: "0-1000 printable Latin-1 characters, tabs and line breaks",
    source: IAM_POLICY,
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    input: "name",
    min: 1,
    max: 128,
    pattern: IAM_NAME,
    allowed: `1-128 ${IAM_NAME_WORDS}`,
    source: IAM_PROFILE,
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    input: "path",
    min: 1,
    max: 512,
    pattern: IAM_PATH,
    allowed: "1-512 characters: / or /printable ASCII/",
    source: IAM_PROFILE,
  },

  // KMS
  {
    type: "aws:kms/alias:Alias",
    input: "name",
    min: 1,
    max: 256,
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    checks: [notStartingWith("alias/aws/")],
    allowed: `1-256 characters: "alias/" then letters, digits and /_-; not "alias/aws/..."`,
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
  },
  maxLength(
    "aws:kms/key:Key",
    "description",
    8192,
    "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html",
  ),

  // Secrets Manager
  {
    type: "aws:secretsmanager/secret:Secret",
    input: "name",
    min: 1,
    max: 512,
    pattern: /^[A-Za-z0-9/_+=.@-]+$/,
    checks: [
      {
        says: "does not end with a hyphen and six characters (read as an ARN suffix)",
        holds: (v) => !/-[^-]{6}$/.test(v),
      },
    ],
    allowed: "1-512 letters, digits and /_+=.@-; not ending with a hyphen and six characters",
    source: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
  },
  maxLength(
    "aws:secretsmanager/secret:Secret",
    "description",
    2048,
    "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
  ),

  // CloudWatch Logs and alarms
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    input: "name",
    min: 1,
    max: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    checks: [notStartingWith("aws/")],
    allowed: `1-512 letters, digits and ._-/#; not starting with "aws/"`,
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  },
  {
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    input: "name",
    min: 1,
    max: 512,
    pattern: /^[^:*]+$/,
    allowed: "1-512 characters except : and *",
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html",
  },
  maxLength(
    "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    "metricTransformation.name",
    255,
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html",
    1,
  ),
  {
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    input: "metricTransformation.namespace",
    min: 1,
    max: 255,
    pattern: /^[^:*$]+$/,
    allowed: "1-255 characters except :, * and $",
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html",
  },
  ...[
    "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
  ].map((type) => ({
    type,
    input: "name",
    min: 1,
    max: 60,
    pattern: /^[\w-]+$/,
    allowed: "1-60 letters, digits, hyphens and underscores",
    source: type.includes("Source")
      ? "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html"
      : "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html",
  })),
  {
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    input: "name",
    min: 1,
    max: 255,
    checks: [noControlCharacters],
    allowed: "1-255 characters, no control characters",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
  },
  maxLength(
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "alarmDescription",
    1024,
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
  ),

  // SNS and SQS
  {
    ...wordName("aws:sns/topic:Topic", "name", 256, "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html"),
    pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
    checks: [fifoSuffix("fifoTopic")],
    allowed: `1-256 letters, digits, hyphens and underscores; ".fifo" at the end exactly for a FIFO topic`,
  },
  maxLength(
    "aws:sns/topic:Topic",
    "displayName",
    100,
    "https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html",
  ),
  {
    ...wordName(
      "aws:sqs/queue:Queue",
      "name",
      80,
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
    ),
    pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
    checks: [fifoSuffix("fifoQueue")],
    allowed: `1-80 letters, digits, hyphens and underscores; ".fifo" at the end exactly for a FIFO queue`,
  },

  // S3
  {
    type: "aws:s3/bucket:Bucket",
    input: "bucket",
    min: 3,
    max: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    checks: [
      { says: "has no two adjacent periods", holds: (v) => !v.includes("..") },
      { says: "is not an IP address", holds: (v) => !/^\d+\.\d+\.\d+\.\d+$/.test(v) },
      notStartingWith("xn--", "sthree-", "amzn-s3-demo-"),
      notEndingWith("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"),
    ],
    allowed:
      "3-63 lower-case letters, digits, periods and hyphens; a letter or digit at both ends; no reserved prefix or suffix",
    source: S3_BUCKET_RULES,
  },

  // Elastic Load Balancing
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    input: "name",
    min: 1,
    max: 32,
    pattern: /^[A-Za-z0-9-]+$/,
    checks: [noLeadingHyphen, noTrailingHyphen, notStartingWith("internal-")],
    allowed: `1-32 letters, digits and hyphens; no hyphen at either end; not starting with "internal-"`,
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
  },
  {
    type: "aws:lb/targetGroup:TargetGroup",
    input: "name",
    min: 1,
    max: 32,
    pattern: /^[A-Za-z0-9-]+$/,
    checks: [noLeadingHyphen, noTrailingHyphen],
    allowed: "1-32 letters, digits and hyphens; no hyphen at either end",
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
  },

  maxLength(
    "aws:lb/targetGroup:TargetGroup",
    "healthCheck.path",
    1024,
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
    1,
  ),
  maxLength(
    "aws:lb/listenerRule:ListenerRule",
    "conditions[].httpHeader.httpHeaderName",
    40,
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HttpHeaderConditionConfig.html",
    1,
  ),

  // RDS
  rdsIdentifier("aws:rds/cluster:Cluster", "clusterIdentifier", 63, RDS_CLUSTER),
  rdsIdentifier(
    "aws:rds/cluster:Cluster",
    "finalSnapshotIdentifier",
    255,
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html",
  ),
  {
    type: "aws:rds/cluster:Cluster",
    input: "databaseName",
    min: 1,
    max: 63,
    pattern: /^[A-Za-z][A-Za-z0-9_]*$/,
    allowed: "1-63 letters, digits and underscores, starting with a letter (Aurora PostgreSQL)",
    source: RDS_CLUSTER,
  },
  {
    type: "aws:rds/cluster:Cluster",
    input: "masterUsername",
    min: 1,
    max: 63,
    pattern: /^[A-Za-z][A-Za-z0-9_]*$/,
    allowed: "1-63 letters, digits and underscores, starting with a letter (Aurora PostgreSQL)",
    source: RDS_CLUSTER,
  },
  rdsIdentifier(
    "aws:rds/clusterInstance:ClusterInstance",
    "identifier",
    63,
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
  ),
  rdsIdentifier(
    "aws:rds/globalCluster:GlobalCluster",
    "globalClusterIdentifier",
    255,
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html",
  ),
  rdsIdentifier(
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "name",
    255,
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBClusterParameterGroup.html",
  ),
  {
    type: "aws:rds/subnetGroup:SubnetGroup",
    input: "name",
    min: 1,
    max: 255,
    pattern: /^[A-Za-z0-9._ -]+$/,
    checks: [{ says: `is not "default"`, holds: (v) => v.toLowerCase() !== "default" }],
    allowed: `1-255 letters, digits, periods, underscores, spaces and hyphens; not "default"`,
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
  },

  // ElastiCache
  {
    ...rdsIdentifier(
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "replicationGroupId",
      40,
      "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
    ),
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    input: "description",
    min: 1,
    allowed: "required, not empty",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
  },
  {
    type: "aws:elasticache/subnetGroup:SubnetGroup",
    input: "name",
    min: 1,
    max: 255,
    pattern: /^[A-Za-z0-9-]+$/,
    allowed: "1-255 letters, digits and hyphens",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html",
  },
  {
    type: "aws:elasticache/subnetGroup:SubnetGroup",
    input: "description",
    min: 1,
    allowed: "required, not empty",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html",
  },

  // Amazon MQ
  wordName(
    "aws:mq/broker:Broker",
    "brokerName",
    50,
    "https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers.html",
  ),

  {
    type: "aws:mq/broker:Broker",
    input: "users[].username",
    min: 2,
    max: 100,
    pattern: /^[A-Za-z0-9._-]+$/,
    checks: [{ says: `is not "guest"`, holds: (v) => v !== "guest" }],
    allowed: `2-100 letters, digits and ._- (RabbitMQ); not "guest"`,
    source: "https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers.html",
  },

  // ECS
  wordName(
    "aws:ecs/cluster:Cluster",
    "name",
    255,
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html",
  ),
  wordName(
    "aws:ecs/service:Service",
    "name",
    255,
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
  ),
  wordName(
    "aws:ecs/taskDefinition:TaskDefinition",
    "family",
    255,
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
  ),
  wordName(
    "aws:ecs/taskDefinition:TaskDefinition",
    "volumes[].name",
    255,
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html",
  ),

  // EventBridge Scheduler
  ...[
    ["aws:scheduler/schedule:Schedule", "name", "API_CreateSchedule"],
    ["aws:scheduler/schedule:Schedule", "groupName", "API_CreateSchedule"],
    ["aws:scheduler/scheduleGroup:ScheduleGroup", "name", "API_CreateScheduleGroup"],
  ].map(([type, input, page]) => ({
    type,
    input,
    min: 1,
    max: 64,
    pattern: /^[0-9a-zA-Z_.-]+$/,
    allowed: "1-64 letters, digits and _.-",
    source: `https://docs.aws.amazon.com/scheduler/latest/APIReference/${page}.html`,
  })),
  maxLength(
    "aws:scheduler/schedule:Schedule",
    "description",
    512,
    "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html",
  ),

  // CloudFront
  maxLength(
    "aws:cloudfront/distribution:Distribution",
    "comment",
    128,
    "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html",
  ),
  maxLength(
    "aws:cloudfront/originAccessControl:OriginAccessControl",
    "name",
    64,
    "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html",
    1,
  ),
  ...[
    [
      "aws:cloudfront/cachePolicy:CachePolicy",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-cachepolicy-cachepolicyconfig.html",
      "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CachePolicyConfig.html",
    ],
    [
      "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-responseheaderspolicy-responseheaderspolicyconfig.html",
      "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyConfig.html",
    ],
  ].flatMap(([type, nameSource, commentSource]) => [
    {
      type,
      input: "name",
      min: 1,
      max: 128,
      pattern: /^[A-Za-z0-9_-]+$/,
      allowed: "1-128 letters, digits, hyphens and underscores",
      source: nameSource,
    },
    maxLength(type, "comment", 128, commentSource),
  ]),

  // WAF
  {
    type: "aws:wafv2/webAcl:WebAcl",
    input: "name",
    min: 1,
    max: 128,
    pattern: WAF_NAME,
    allowed: "1-128 letters, digits, hyphens and underscores",
    source: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
  },
  {
    type: "aws:wafv2/webAcl:WebAcl",
    input: "description",
    min: 1,
    max: 256,
    pattern: /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]*[\w+=:#@/\-,.]$|^[\w+=:#@/\-,.]$/,
    allowed: "1-256 letters, digits, spaces and _+=:#@/-,. (no other punctuation; no space at either end)",
    source: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
  },
  { type: "aws:wafv2/webAcl:WebAcl", input: "visibilityConfig.metricName", ...WAF_METRIC_RULE },
  {
    type: "aws:wafv2/webAcl:WebAcl",
    input: "rules[].name",
    min: 1,
    max: 128,
    pattern: WAF_NAME,
    allowed: "1-128 letters, digits, hyphens and underscores",
    source: "https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html",
  },
  { type: "aws:wafv2/webAcl:WebAcl", input: "rules[].visibilityConfig.metricName", ...WAF_METRIC_RULE },

  // Route 53
  maxLength(
    "aws:route53/record:Record",
    "setIdentifier",
    128,
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html",
    1,
  ),

  // Application Auto Scaling
  {
    type: "aws:appautoscaling/policy:Policy",
    input: "name",
    min: 1,
    max: 256,
    checks: [noControlCharacters],
    allowed: "1-256 printable characters",
    source: "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html",
  },
  {
    type: "aws:appautoscaling/scheduledAction:ScheduledAction",
    input: "name",
    min: 1,
    max: 256,
    pattern: /^[^:/|]*$/,
    checks: [noControlCharacters, { says: "has no space at either end", holds: (v) => v.trim() === v }],
    allowed: "1-256 printable characters except : / |, no space at either end",
    source: "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html",
  },
];

/** The rules for one resource type. */
export function rulesFor(type: string): InputRule[] {
  return INPUT_RULES.filter((rule) => rule.type === type);
}

/** Why a rule refuses `value` (its first broken condition), or `undefined` when it accepts it. */
export function ruleBreach(rule: InputRule, value: string, inputs: Record<string, unknown> = {}): string | undefined {
  if (value.length < rule.min) return `shorter than ${rule.min} characters`;
  if (rule.max !== undefined && value.length > rule.max) return `${value.length} characters, more than ${rule.max}`;
  if (rule.pattern && !rule.pattern.test(value)) {
    const pattern = rule.pattern;
    // A character is refused when it fails both between letters and in place among letters.
    const chars = [...new Set(value)];
    const refused = chars.filter(
      (c) => !pattern.test(`a${c}a`) && !pattern.test([...value].map((x) => (x === c ? x : "a")).join("")),
    );
    return refused.length > 0 && refused.length < chars.length
      ? `has characters AWS refuses here: ${JSON.stringify(refused.join(""))}`
      : "does not have the form AWS requires";
  }
  const broken = rule.checks?.find((check) => !check.holds(value, inputs));
  return broken ? `must be a value that ${broken.says}` : undefined;
}
