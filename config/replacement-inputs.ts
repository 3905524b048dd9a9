/**
 * Inputs whose change makes the provider delete a resource and create a new one, by resource
 * type: for a data store that means a new, empty store; for a record, a listener or a
 * service, a moment without it. Read from the Terraform provider schemas that `@pulumi/aws`
 * 7 and `@pulumi/random` bridge (fields marked ForceNew or RequiresReplace, and replacements
 * forced in CustomizeDiff): hashicorp/terraform-provider-aws `internal/service/*` and
 * hashicorp/terraform-provider-random `internal/provider/*`. docs/aws-behaviours.md,
 * "Inputs that replace a resource", restates this table with its sources; the replacement
 * specs (everyday edits, moving the primary) compare these inputs before and after.
 */

/** Replace-forcing inputs by resource type token. */
export const REPLACED_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:rds/cluster:Cluster": [
    "availabilityZones",
    "clusterIdentifier",
    "clusterIdentifierPrefix",
    "databaseName",
    "dbSubnetGroupName",
    "engine",
    "engineMode",
    "kmsKeyId",
    "masterUsername",
    "sourceRegion",
    "storageEncrypted",
    "snapshotIdentifier",
    "restoreToPointInTime",
  ],
  "aws:rds/clusterInstance:ClusterInstance": [
    "availabilityZone",
    "clusterIdentifier",
    "dbSubnetGroupName",
    "engine",
    "identifier",
    "identifierPrefix",
  ],
  "aws:rds/globalCluster:GlobalCluster": [
    "databaseName",
    "engine",
    "globalClusterIdentifier",
    "sourceDbClusterIdentifier",
    "storageEncrypted",
  ],
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    "atRestEncryptionEnabled",
    "dataTieringEnabled",
    "globalReplicationGroupId",
    "kmsKeyId",
    "networkType",
    "replicationGroupId",
    "subnetGroupName",
    "snapshotArns",
    "snapshotName",
    "port",
    "engine",
  ],
  "aws:mq/broker:Broker": [
    "brokerName",
    "deploymentMode",
    "encryptionOptions",
    "engineType",
    "publiclyAccessible",
    "subnetIds",
    // Not ForceNew in the schema, but any change recreates a RabbitMQ broker (docs/aws-behaviours.md #9).
    "users",
  ],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId"],
  "aws:kms/alias:Alias": ["name", "namePrefix"],
  "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
  "aws:secretsmanager/secretVersion:SecretVersion": ["secretId"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
  "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
  "aws:lb/loadBalancer:LoadBalancer": ["internal", "loadBalancerType", "name", "namePrefix"],
  "aws:lb/targetGroup:TargetGroup": [
    "name",
    "namePrefix",
    "port",
    "protocol",
    "protocolVersion",
    "targetType",
    "vpcId",
  ],
  "aws:ecs/service:Service": ["cluster", "launchType", "name", "schedulingStrategy"],
  "aws:route53/record:Record": ["name", "zoneId"],
  "aws:route53/healthCheck:HealthCheck": ["type", "requestInterval", "measureLatency", "referenceName"],
  "aws:wafv2/webAcl:WebAcl": ["name", "namePrefix", "scope"],
  "aws:acm/certificate:Certificate": ["domainName", "subjectAlternativeNames", "keyAlgorithm", "validationMethod"],
  // Every argument of the random provider's resources replaces the value.
  "random:index/randomPassword:RandomPassword": [
    "keepers",
    "length",
    "special",
    "upper",
    "lower",
    "numeric",
    "minLower",
    "minUpper",
    "minNumeric",
    "minSpecial",
    "overrideSpecial",
  ],
  "random:index/randomId:RandomId": ["byteLength", "keepers", "prefix"],
  // UpdatePlan changes only the execution role, description, RTO, workflows, alarms and
  // triggers (internal/service/arcregionswitch/plan.go): a plan that moves its primary region
  // is a new plan, with a new ARN and new health checks. Plans hold no state.
  "aws:arcregionswitch/plan:Plan": ["name", "regions", "primaryRegion", "recoveryApproach"],
};

/**
 * Resource types that hold data, identity or a generated value that a new resource would
 * not have: clusters and their instances, the global cluster, caches, brokers, buckets, keys,
 * secrets, queues, log groups and generated passwords and ids. A config change that is not a
 * deliberate data migration (moving the primary, adding a cell) must not replace, delete or
 * even re-key one of these.
 */
export const STATEFUL_TYPES: readonly string[] = [
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:rds/globalCluster:GlobalCluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:mq/broker:Broker",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:sqs/queue:Queue",
  "aws:cloudwatch/logGroup:LogGroup",
  "random:index/randomPassword:RandomPassword",
  "random:index/randomId:RandomId",
];
