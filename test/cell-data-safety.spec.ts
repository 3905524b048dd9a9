import { strict as assert } from "node:assert";
import { ORIGIN_SECRET_RESOURCE } from "../stacks/cell-roles";
import * as pulumi from "@pulumi/pulumi";
import { stackBaseName } from "../config/cell";
import { RecordedResource } from "../offline/mock-cloud";
import { stackSuite } from "./support/evaluate";
import { timeoutMinutes } from "../offline/recorded-values";

/** Resources whose loss loses data or locks clients out: each must be protected. */
const STATEFUL_TYPES = [
  "aws:rds/globalCluster:GlobalCluster",
  "aws:rds/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:mq/broker:Broker",
  "aws:s3/bucket:Bucket",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "random:index/randomPassword:RandomPassword",
];

/** Creation times from docs/aws-behaviours.md ("Creation times"), minutes: a create timeout must exceed them. */
const AURORA_CREATE_MINUTES = 15;
const ELASTICACHE_PROVIDER_DEFAULT_MINUTES = 60;
const MQ_CREATE_MINUTES: Record<string, number> = { CLUSTER_MULTI_AZ: 30, SINGLE_INSTANCE: 5 };

/** Outputs the global stack reads from every cell. */
const CELL_OUTPUTS = [
  "keyArn",
  "mediaBucketName",
  "mediaBucketArn",
  "mediaBucketDomainName",
  "databaseClusterIdentifier",
  "databaseWriterEndpoint",
  "databaseReaderEndpoint",
];
/** Outputs only the primary has: secondaries join its global cluster and read its secret. */
const PRIMARY_OUTPUTS = ["globalClusterIdentifier", "databaseSecretArn", "databaseName"];

describe("cell data tier safety", () => {
  const suite = stackSuite();

  suite.eachStack(({ config, cloud, evaluation }) => {
    const key = () => cloud().one("aws:kms/key:Key");
    const mediaBucket = () => {
      const buckets = cloud()
        .ofType("aws:s3/bucket:Bucket")
        .filter((b) => b.state.bucket === evaluation().outputs.mediaBucketName);
      assert.equal(buckets.length, 1, "the exported media bucket is one recorded bucket");
      return buckets[0];
    };
    const onBucket = (type: string) => {
      const found = cloud()
        .ofType(type)
        .filter((r) => r.inputs.bucket === mediaBucket().id);
      assert.equal(found.length, 1, `one ${type} on the media bucket`);
      return found[0];
    };
    const vpc = () => cloud().one("awsx:ec2:Vpc");
    const passwords = (): string[] => {
      const upstream = config.isHome ? [] : [suite.byName(stackBaseName(config.shared.homeStack)).cloud];
      const results = [cloud(), ...upstream].flatMap((c) =>
        c.ofType("random:index/randomPassword:RandomPassword").map((p) => p.state.result),
      );
      for (const result of results) assert.ok(typeof result === "string" && result.length >= 16);
      return results;
    };

    it("protects every stateful resource: databases, cache, broker, buckets, key, secrets and passwords", () => {
      for (const type of STATEFUL_TYPES) {
        const resources = cloud().ofType(type);
        // Only the home creates the global cluster; everything else exists in every cell.
        const expected = type !== "aws:rds/globalCluster:GlobalCluster" || config.isHome;
        assert.equal(resources.length > 0, expected, `${type} present`);
        // The origin secret's inactive slot alone stays unprotected, so that a rotation can
        // regenerate it (docs/recovery.md, "Rotating the origin secret").
        const inactive = config.isHome
          ? ORIGIN_SECRET_RESOURCE[config.originSecret.activeSlot === "a" ? "b" : "a"]
          : undefined;
        for (const resource of resources) {
          assert.equal(resource.protect, resource.name !== inactive, `${type} ${resource.name}`);
        }
      }
    });

    // docs/aws-behaviours.md "Creation times" and #9: a timeout below the real creation time fails the deploy.
    it("gives every database, cache and broker a create timeout above its real creation time", () => {
      // [type, present in this stack, whether a create timeout in minutes covers the real creation time]
      const needs: [string, boolean, (create: number, r: RecordedResource) => boolean][] = [
        ["aws:rds/globalCluster:GlobalCluster", config.isHome, (create) => create > AURORA_CREATE_MINUTES],
        ["aws:rds/cluster:Cluster", true, (create) => create > AURORA_CREATE_MINUTES],
        ["aws:rds/clusterInstance:ClusterInstance", true, (create) => create > AURORA_CREATE_MINUTES],
        [
          "aws:elasticache/replicationGroup:ReplicationGroup",
          true,
          (create) => create >= ELASTICACHE_PROVIDER_DEFAULT_MINUTES,
        ],
        ["aws:mq/broker:Broker", true, (create, r) => create > MQ_CREATE_MINUTES[r.inputs.deploymentMode]],
      ];
      for (const [type, present, enough] of needs) {
        const resources = cloud().ofType(type);
        assert.equal(resources.length > 0, present, `${type} present`);
        for (const resource of resources) {
          const create = timeoutMinutes(resource.customTimeouts?.create);
          assert.ok(enough(create, resource), `${type} ${resource.name}: create timeout ${create} min`);
        }
      }
    });

    // RDS.27, ElastiCache.4, S3 default encryption, CloudWatch Logs: all with the one cell key.
    it("encrypts the database, cache, secrets, media bucket and data-tier and task logs with the one cell key", () => {
      const arn = key().state.arn;
      assert.ok(arn);
      const cluster = cloud().one("aws:rds/cluster:Cluster");
      assert.deepEqual([cluster.inputs.storageEncrypted, cluster.inputs.kmsKeyId], [true, arn]);
      for (const global of cloud().ofType("aws:rds/globalCluster:GlobalCluster")) {
        assert.equal(global.inputs.storageEncrypted, true);
      }
      for (const instance of cloud().ofType("aws:rds/clusterInstance:ClusterInstance")) {
        assert.equal(instance.inputs.performanceInsightsKmsKeyId, arn, instance.name);
      }
      const cache = cloud().one("aws:elasticache/replicationGroup:ReplicationGroup");
      assert.deepEqual([cache.inputs.atRestEncryptionEnabled, cache.inputs.kmsKeyId], [true, arn]);
      const secrets = cloud().ofType("aws:secretsmanager/secret:Secret");
      assert.ok(secrets.length >= 2);
      for (const secret of secrets) assert.equal(secret.inputs.kmsKeyId, arn, secret.name);
      const encryption = onBucket(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      assert.deepEqual(
        encryption.inputs.rules.map((r: any) => r.applyServerSideEncryptionByDefault),
        [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: arn }],
      );
      const logGroups = cloud()
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .filter((g) => g.parentType.startsWith("storefront:data:") || g.parentType === "storefront:cell:FargateTask");
      // The Aurora log, the cache's slow log and the web, worker and job logs at least.
      assert.ok(logGroups.length >= 3, logGroups.map((g) => g.name).join(", "));
      for (const group of logGroups) assert.equal(group.inputs.kmsKeyId, arn, group.name);
    });

    // RDS.2, mq-no-public-access, ElastiCache.6 (own subnet group): stores live in subnets without internet routes.
    it("keeps the database and cache in the isolated subnets and the broker in private ones, none public", () => {
      const { isolatedSubnetIds, privateSubnetIds } = vpc().state;
      assert.ok(isolatedSubnetIds.length >= 2 && privateSubnetIds.length >= 2);
      const cluster = cloud().one("aws:rds/cluster:Cluster");
      const dbSubnets = cloud().one("aws:rds/subnetGroup:SubnetGroup");
      assert.equal(cluster.inputs.dbSubnetGroupName, dbSubnets.state.name);
      assert.deepEqual(dbSubnets.inputs.subnetIds, isolatedSubnetIds);
      const instances = [
        ...cloud().ofType("aws:rds/clusterInstance:ClusterInstance"),
        ...cloud().ofType("aws:rds/instance:Instance"),
      ];
      assert.ok(instances.length >= 2);
      for (const instance of instances) {
        assert.notEqual(instance.inputs.publiclyAccessible, true, instance.name);
        assert.equal(instance.inputs.dbSubnetGroupName, dbSubnets.state.name, instance.name);
      }
      const cache = cloud().one("aws:elasticache/replicationGroup:ReplicationGroup");
      const cacheSubnets = cloud().one("aws:elasticache/subnetGroup:SubnetGroup");
      assert.equal(cache.inputs.subnetGroupName, cacheSubnets.state.name);
      assert.deepEqual(cacheSubnets.inputs.subnetIds, isolatedSubnetIds);
      const broker = cloud().one("aws:mq/broker:Broker");
      assert.equal(broker.inputs.publiclyAccessible, false);
      const brokerSubnets: string[] = broker.inputs.subnetIds;
      // A cluster broker spans up to three of the cell's AZs (azCount may be 2); a single broker one subnet.
      assert.equal(
        brokerSubnets.length,
        broker.inputs.deploymentMode === "CLUSTER_MULTI_AZ" ? Math.min(3, config.azCount) : 1,
      );
      for (const subnet of brokerSubnets) assert.ok(privateSubnetIds.includes(subnet), subnet);
    });

    // EC2.18: no ingress from anywhere; the ALB admits CloudFront through a managed prefix list.
    it("opens no security group to 0.0.0.0/0 or ::/0, in rules or inline", () => {
      const open = (cidr: unknown) => cidr === "0.0.0.0/0" || cidr === "::/0";
      const rules = cloud().ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
      assert.ok(rules.length > 0);
      for (const rule of rules) {
        assert.ok(!open(rule.inputs.cidrIpv4) && !open(rule.inputs.cidrIpv6), rule.name);
      }
      for (const rule of cloud().ofType("aws:ec2/securityGroupRule:SecurityGroupRule")) {
        if (rule.inputs.type !== "ingress") continue;
        const cidrs = [...(rule.inputs.cidrBlocks ?? []), ...(rule.inputs.ipv6CidrBlocks ?? [])];
        assert.ok(!cidrs.some(open), rule.name);
      }
      for (const type of ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"]) {
        for (const group of cloud().ofType(type)) {
          for (const rule of group.inputs.ingress ?? []) {
            const cidrs = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])];
            assert.ok(!cidrs.some(open), group.name);
          }
        }
      }
    });

    // S3.1, S3.8: all four public access blocks on the media bucket.
    it("blocks every kind of public access to the media bucket", () => {
      const block = onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
      for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
        assert.equal(block.inputs[flag], true, flag);
      }
    });

    it("exports what the global stack reads, as non-empty strings; the database identity only from the home", () => {
      const { outputs } = evaluation();
      for (const name of [...CELL_OUTPUTS, ...(config.isHome ? PRIMARY_OUTPUTS : [])]) {
        assert.equal(typeof outputs[name], "string", name);
        assert.ok(outputs[name].length > 0, name);
      }
      if (!config.isHome) for (const name of PRIMARY_OUTPUTS) assert.equal(name in outputs, false, name);
      assert.equal(outputs.keyArn, key().state.arn);
      assert.equal(outputs.mediaBucketArn, mediaBucket().state.arn);
    });

    it("marks only the origin secret's outputs as secret, and no other output carries a generated password", async () => {
      const { exported, outputs } = evaluation();
      const generated = passwords();
      assert.ok(generated.length >= 2);
      const names = Object.keys(exported);
      assert.ok(names.length >= CELL_OUTPUTS.length);
      for (const name of names) {
        const value = exported[name];
        const secret = pulumi.Output.isInstance(value) ? await pulumi.isSecret(value) : false;
        const isOriginSecret = name === "originVerifySecret" || name === "originVerifySecrets";
        assert.equal(secret, isOriginSecret, `${name} secret`);
        if (isOriginSecret) continue;
        const text = JSON.stringify(outputs[name]) ?? "";
        for (const password of generated) assert.ok(!text.includes(password), `${name} carries a password`);
      }
    });
  });
});
