/**
 * Where each resource's physical name comes from when the program does not set it, and
 * which registered types and inputs the rules in config/aws-input-rules.ts deliberately
 * leave alone. Together they let a check prove that every resource type the program
 * registers, and every name- or description-like input it sets, was looked at.
 *
 * Generated names:
 * - Pulumi auto-names an absent `name`-like input as `<logical name>-<7 random hex
 *   characters>` (an 8-character suffix), lower-cased for some types. Sources: the
 *   provider's overrides (pulumi/pulumi-aws `provider/resource_overrides.go`,
 *   `provider/autonaming.go`) and `tfbridge.AutoName` (pulumi/pulumi-terraform-bridge:
 *   separator, then `Randlen: 7` hex digits).
 * - A `namePrefix`-style input is completed by the Terraform provider with a 26-character
 *   unique suffix (`id.PrefixedUniqueId`, hashicorp/terraform-plugin-sdk `helper/id`).
 * - With neither, some types get a whole name from the provider (`tf-` and 26 characters),
 *   which the program does not control and which AWS accepts.
 */

/** Characters Pulumi appends to an auto-name: a hyphen and 7 random hex characters. */
export const AUTO_NAME_SUFFIX_LENGTH = 8;
/** Characters the provider appends to a name prefix. */
export const PREFIX_SUFFIX_LENGTH = 26;

export interface NameSource {
  /** The input that holds the resource's physical name. */
  input: string;
  /** How Pulumi auto-names it when the input is absent; absent when it does not. */
  autoName?: {
    /** The auto-name is lower-cased. */
    lowercase?: boolean;
    /** Text put before the logical name (`alias/` for KMS aliases). */
    prefix?: string;
    /** Input whose `true` makes Pulumi append `.fifo`. */
    fifoFlag?: string;
  };
  /** Input holding a prefix the provider completes with a 26-character suffix. */
  prefixInput?: string;
}

const auto = (input = "name", prefixInput?: string): NameSource => ({ input, autoName: {}, prefixInput });

export const NAME_SOURCES: Readonly<Record<string, NameSource>> = {
  "aws:ec2/securityGroup:SecurityGroup": auto("name", "namePrefix"),
  "aws:iam/role:Role": auto("name", "namePrefix"),
  "aws:iam/rolePolicy:RolePolicy": auto("name", "namePrefix"),
  "aws:iam/policy:Policy": auto("name", "namePrefix"),
  "aws:iam/instanceProfile:InstanceProfile": auto("name", "namePrefix"),
  "aws:kms/alias:Alias": { input: "name", autoName: { prefix: "alias/" }, prefixInput: "namePrefix" },
  "aws:secretsmanager/secret:Secret": auto("name", "namePrefix"),
  "aws:cloudwatch/logGroup:LogGroup": auto("name", "namePrefix"),
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": auto(),
  "aws:cloudwatch/logDeliverySource:LogDeliverySource": auto(),
  "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": auto(),
  "aws:cloudwatch/metricAlarm:MetricAlarm": auto(),
  "aws:sns/topic:Topic": { input: "name", autoName: { fifoFlag: "fifoTopic" }, prefixInput: "namePrefix" },
  "aws:sqs/queue:Queue": { input: "name", autoName: { fifoFlag: "fifoQueue" }, prefixInput: "namePrefix" },
  "aws:s3/bucket:Bucket": { input: "bucket", autoName: { lowercase: true }, prefixInput: "bucketPrefix" },
  "aws:lb/loadBalancer:LoadBalancer": auto("name", "namePrefix"),
  "aws:lb/targetGroup:TargetGroup": auto("name", "namePrefix"),
  "aws:rds/cluster:Cluster": { input: "clusterIdentifier", prefixInput: "clusterIdentifierPrefix" },
  "aws:rds/clusterInstance:ClusterInstance": { input: "identifier", prefixInput: "identifierPrefix" },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": auto("name", "namePrefix"),
  "aws:rds/subnetGroup:SubnetGroup": auto("name", "namePrefix"),
  "aws:elasticache/replicationGroup:ReplicationGroup": { input: "replicationGroupId", autoName: { lowercase: true } },
  "aws:elasticache/subnetGroup:SubnetGroup": auto(),
  "aws:mq/broker:Broker": auto("brokerName"),
  "aws:ecs/cluster:Cluster": auto(),
  "aws:ecs/service:Service": auto(),
  "aws:scheduler/schedule:Schedule": auto("name", "namePrefix"),
  "aws:scheduler/scheduleGroup:ScheduleGroup": auto("name", "namePrefix"),
  "aws:cloudfront/cachePolicy:CachePolicy": auto(),
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": auto(),
  "aws:cloudfront/originAccessControl:OriginAccessControl": auto(),
  "aws:wafv2/webAcl:WebAcl": auto("name", "namePrefix"),
  "aws:appautoscaling/policy:Policy": auto(),
};

/** Registered types with no name or description of their own that AWS constrains, and why. */
export const UNCONSTRAINED_TYPES: Readonly<Record<string, string>> = {
  "aws:acm/certificate:Certificate": "named by its domain names, which the config validates as DNS names",
  "aws:acm/certificateValidation:CertificateValidation": "a wait for validation; nothing named",
  "aws:appautoscaling/target:Target": "identified by the scaled resource",
  "aws:cloudwatch/logDelivery:LogDelivery": "identified by its source and destination",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "adopts the VPC's default group, whose name AWS fixes",
  "aws:ec2/flowLog:FlowLog": "nothing named",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "identified by the AWS service name",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "attaches capacity providers to a cluster",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "attaches a managed policy to a role",
  "aws:lb/listener:Listener": "identified by its load balancer and port",
  "aws:route53/healthCheck:HealthCheck": "identified by a generated id",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "a setting of its bucket",
  "aws:s3/bucketLogging:BucketLogging": "a setting of its bucket",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "a setting of its bucket",
  "aws:s3/bucketPolicy:BucketPolicy": "a setting of its bucket",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "a setting of its bucket",
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": "a setting of its bucket",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "a setting of its bucket",
  "aws:s3/bucketVersioning:BucketVersioning": "a setting of its bucket",
  "aws:secretsmanager/secretVersion:SecretVersion": "a value of its secret",
  "aws:sns/topicPolicy:TopicPolicy": "a setting of its topic",
  "aws:sns/topicSubscription:TopicSubscription": "identified by topic and endpoint",
  "aws:sqs/queuePolicy:QueuePolicy": "a setting of its queue",
};

/**
 * Name- or description-like inputs the rules do not check, per type, and why: mostly
 * references to another resource's name (checked where that resource is registered),
 * DNS names (validated with the config) and names AWS itself defines.
 */
export const UNCHECKED_INPUTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "aws:appautoscaling/policy:Policy": {
    "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics[].metricStat.metric.metricName":
      "names a metric its publisher defines",
    "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics[].metricStat.metric.dimensions[].name":
      "names a metric dimension its publisher defines",
  },
  "aws:budgets/budget:Budget": { "costFilters[].name": "a filter type AWS Budgets defines (TagKeyValue)" },
  "aws:cloudfront/distribution:Distribution": {
    "origins[].customHeaders[].name": "HTTP header name agreed with the origin",
    "origins[].domainName": "DNS name of an origin another resource owns",
    "viewerCertificate.acmCertificateArn": "reference",
  },
  "aws:cloudfront/cachePolicy:CachePolicy": { name: "CloudFront's API reference documents no constraint" },
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
    name: "CloudFront's API reference documents no constraint",
  },
  "aws:cloudfront/originAccessControl:OriginAccessControl": {
    description: "free text; CloudFront documents no limit",
  },
  "aws:cloudwatch/logDelivery:LogDelivery": {
    deliverySourceName: "reference to a delivery source",
    "s3DeliveryConfigurations[].suffixPath": "object key template (S3 keys are free text)",
    "s3DeliveryConfigurations[].enableHiveCompatiblePath": "a flag, not a path",
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": { logGroupName: "reference to a log group" },
  "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration": {
    "outcomeAlarms[].alarmIdentifier": "reference to an alarm the cell creates",
    "blockingAlarms[].alarmIdentifier": "reference to an alarm the cell creates",
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    metricName: "names a metric its publisher defines",
    namespace: "names a metric namespace its publisher defines",
    "dimensions.QueueName": "reference to a queue",
    "metricQueries[].metric.metricName": "names a metric its publisher defines",
    "metricQueries[].metric.namespace": "names a metric namespace its publisher defines",
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { serviceName: "AWS service name" },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": { clusterName: "reference to a cluster" },
  "aws:ecs/cluster:Cluster": { "settings[].name": "setting name AWS defines" },
  "aws:ecs/taskDefinition:TaskDefinition": {
    "runtimePlatform.operatingSystemFamily": "value AWS defines",
    "containerDefinitions[].environment[].name":
      "environment variable the application reads; ECS documents no constraint",
    "containerDefinitions[].secrets[].name": "environment variable the application reads; ECS documents no constraint",
    "containerDefinitions[].mountPoints[].containerPath": "a path inside the container's file system",
  },
  "aws:ecs/service:Service": { "loadBalancers[].containerName": "reference to a container of the task definition" },
  "aws:elasticache/replicationGroup:ReplicationGroup": { subnetGroupName: "reference to a subnet group" },
  "aws:rds/cluster:Cluster": {
    dbClusterParameterGroupName: "reference to a parameter group",
    dbSubnetGroupName: "reference to a subnet group",
    globalClusterIdentifier: "reference to the global cluster",
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    clusterIdentifier: "reference to the cluster",
    dbSubnetGroupName: "reference to a subnet group",
    caCertIdentifier: "AWS certificate authority name",
  },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    description: "free text; RDS documents no limit",
    family: "engine family AWS defines",
    "parameters[].name": "engine parameter names AWS defines",
  },
  "aws:rds/subnetGroup:SubnetGroup": { description: "free text; RDS documents no limit" },
  "aws:route53/healthCheck:HealthCheck": { cloudwatchAlarmName: "reference to an alarm" },
  "aws:arcregionswitch/plan:Plan": {
    description: "free text; the Region switch API reference documents no constraint",
    "workflows[].workflowDescription": "free text; the Region switch API reference documents no constraint",
    "workflows[].steps[].name": "the Region switch API reference documents no constraint; unique within a workflow",
    "workflows[].steps[].description": "free text; the Region switch API reference documents no constraint",
    "workflows[].steps[].route53HealthCheckConfigs[].recordName": "DNS name under the configured domain",
    "workflows[].steps[].route53HealthCheckConfigs[].recordSets[].recordSetIdentifier":
      "a record's set identifier, checked where the record is registered",
  },
  "aws:route53/record:Record": {
    name: "DNS name under the configured domain",
    "aliases[].name": "DNS name of the alias target",
  },
  "aws:acm/certificate:Certificate": { domainName: "DNS name from the config" },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    "rules[].filter.prefix": "object key prefix (S3 keys are free text)",
  },
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
    "rules[].filter.prefix": "object key prefix (S3 keys are free text)",
  },
  "aws:s3/bucketLogging:BucketLogging": { targetPrefix: "object key prefix (any UTF-8, up to 1024 bytes)" },
  "aws:wafv2/webAcl:WebAcl": {
    "rules[].statement.managedRuleGroupStatement.name": "AWS managed rule group name",
    "rules[].statement.managedRuleGroupStatement.vendorName": "AWS",
    "rules[].statement.managedRuleGroupStatement.ruleActionOverrides[].name": "rule name inside an AWS managed group",
  },
};
