import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { RabbitMqBroker } from "../components/data/rabbitmq-broker";
import { ValkeyCache } from "../components/data/valkey-cache";
import { fixtureRaw } from "./fixtures/three-cells";
import { evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";
import { taskGroupIds } from "./support/task-groups";
import { MockCloud, RecordedResource } from "../offline/mock-cloud";
import { isSecretInput, reveal, timeoutMinutes } from "../offline/recorded-values";

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

/** The ingress rules attached to a security group, as separate resources. */
function ingressInto(cloud: { ofType(type: string): RecordedResource[] }, groupId: string): RecordedResource[] {
  return cloud.ofType(INGRESS_RULE).filter((rule) => rule.inputs.securityGroupId === groupId);
}

describe("cell cache and broker", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, cloud, config }) => {
    const cache = () => cloud().one("aws:elasticache/replicationGroup:ReplicationGroup", "cache");
    const broker = () => cloud().one("aws:mq/broker:Broker", "broker");
    const keyArn = () => cloud().one("aws:kms/key:Key", "key").state.arn;

    describe("Valkey replication group", () => {
      it("runs the configured Valkey version and node type with a replica in another AZ and failover", () => {
        // ElastiCache.3: automatic failover and multi-AZ need at least one replica.
        const group = cache();
        assert.equal(group.inputs.engine, "valkey");
        assert.equal(group.inputs.engineVersion, config.data.cache.engineVersion);
        assert.equal(group.inputs.nodeType, config.data.cache.nodeType);
        assert.equal(group.inputs.numCacheClusters, config.data.cache.nodes);
        assert.ok(group.inputs.numCacheClusters >= 2, "failover needs a replica");
        assert.equal(group.inputs.automaticFailoverEnabled, true);
        assert.equal(group.inputs.multiAzEnabled, true);
      });

      it("places the primary and each replica in the cell's AZs in order, never two in one while AZs remain", () => {
        // Multi-AZ only turns failover on; without explicit placement ElastiCache picks the AZs.
        const zones: string[] = suite.byName(stack).outputs.availabilityZones;
        const placed: string[] = cache().inputs.preferredCacheClusterAzs;
        assert.equal(placed.length, config.data.cache.nodes);
        for (const zone of placed) assert.ok(zones.includes(zone), `${zone} is not an AZ of the cell`);
        assert.equal(new Set(placed).size, Math.min(placed.length, zones.length));
        assert.equal(placed[0], zones[0]);
      });

      it("encrypts at rest with the cell key and requires TLS in transit", () => {
        // ElastiCache.4 / ElastiCache.5.
        const group = cache();
        assert.equal(group.inputs.atRestEncryptionEnabled, true);
        assert.equal(group.inputs.kmsKeyId, keyArn());
        assert.equal(group.inputs.transitEncryptionEnabled, true);
        assert.equal(group.inputs.transitEncryptionMode, "required");
      });

      it("authenticates with the generated token kept in a protected secret encrypted with the cell key", () => {
        // ElastiCache.6: an auth token, generated once and stored only in state and Secrets Manager.
        const group = cache();
        const password = cloud().one("random:index/randomPassword:RandomPassword", "cache-auth-password");
        assert.ok(isSecretInput(group.inputs.authToken), "the auth token must be a secret in state");
        assert.equal(reveal(group.inputs.authToken), password.state.result);
        // ElastiCache accepts 16-128 printable characters without @, " or /.
        assert.ok(password.inputs.length >= 16 && password.inputs.length <= 128);
        assert.equal(password.inputs.special, false);
        assert.equal(password.protect, true);

        const secret = cloud().one("aws:secretsmanager/secret:Secret", "cache-auth");
        assert.equal(secret.inputs.kmsKeyId, keyArn());
        assert.equal(secret.protect, true);
        const version = cloud().one("aws:secretsmanager/secretVersion:SecretVersion", "cache-auth");
        assert.equal(version.inputs.secretId, secret.id);
        assert.equal(JSON.parse(reveal(version.inputs.secretString)).password, password.state.result);
      });

      it("keeps daily snapshots and runs snapshot and maintenance in the cell's quiet windows", () => {
        // ElastiCache.1: automatic backups.
        const group = cache();
        assert.ok(config.data.cache.snapshotRetentionDays >= 1);
        assert.equal(group.inputs.snapshotRetentionLimit, config.data.cache.snapshotRetentionDays);
        assert.equal(group.inputs.snapshotWindow, config.data.windows.cacheSnapshot);
        assert.equal(group.inputs.maintenanceWindow, config.data.windows.cacheMaintenance);
      });

      it("lives in its own subnet group over the isolated subnets, behind its own security group only", () => {
        const group = cache();
        const vpc = cloud().one("awsx:ec2:Vpc");
        const subnetGroup = cloud().one("aws:elasticache/subnetGroup:SubnetGroup", "cache");
        assert.deepEqual(subnetGroup.inputs.subnetIds, vpc.state.isolatedSubnetIds);
        assert.equal(group.inputs.subnetGroupName, subnetGroup.state.name);
        const own = cloud().one(SECURITY_GROUP, "cache");
        assert.equal(own.inputs.vpcId, vpc.state.vpcId);
        assert.deepEqual(group.inputs.securityGroupIds, [own.id]);
      });

      it("admits only the cell's task security groups (web, worker, jobs) on the Valkey port", () => {
        const group = cache();
        const own = cloud().one(SECURITY_GROUP, "cache");
        const tasks = taskGroupIds(cloud());
        assert.ok(tasks.includes(cloud().one(SECURITY_GROUP, "web-tasks").id));
        assert.equal(own.inputs.ingress, undefined, "rules are separate resources");
        // Valkey's port, TLS only.
        assert.equal(group.inputs.port, 6379);
        assert.deepEqual(
          ingressInto(cloud(), own.id)
            .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort])
            .sort(),
          tasks.map((id) => [id, 6379, 6379]),
        );
      });

      it("is protected and allows creation longer than the 40-50 minutes it takes", () => {
        const group = cache();
        assert.equal(group.protect, true);
        assert.ok(timeoutMinutes(group.customTimeouts?.create) >= 60, `create timeout ${group.customTimeouts?.create}`);
      });

      it("delivers the slow log to a log group encrypted with the cell key", () => {
        const logGroup = cloud().one("aws:cloudwatch/logGroup:LogGroup", "cache-slow-log");
        assert.equal(logGroup.inputs.kmsKeyId, keyArn());
        assert.equal(logGroup.inputs.retentionInDays, config.logRetentionDays);
        assert.deepEqual(cache().inputs.logDeliveryConfigurations, [
          {
            destination: logGroup.state.name,
            destinationType: "cloudwatch-logs",
            logFormat: "json",
            logType: "slow-log",
          },
        ]);
      });
    });

    describe("RabbitMQ broker", () => {
      it("runs the configured RabbitMQ version, instance type and deployment mode, privately", () => {
        const mq = broker();
        assert.equal(mq.inputs.engineType, "RabbitMQ");
        assert.equal(mq.inputs.engineVersion, config.data.broker.engineVersion);
        assert.equal(mq.inputs.hostInstanceType, config.data.broker.instanceType);
        assert.equal(mq.inputs.deploymentMode, config.data.broker.deploymentMode);
        assert.equal(mq.inputs.publiclyAccessible, false);
      });

      it("runs a three-node cluster across AZs in every stack file", () => {
        // MQ.6: production brokers are clusters.
        assert.equal(config.data.broker.deploymentMode, "CLUSTER_MULTI_AZ");
        assert.equal(broker().inputs.deploymentMode, "CLUSTER_MULTI_AZ");
      });

      it("spreads the cluster over three distinct private subnets of the cell's VPC", () => {
        const privateSubnets = cloud().one("awsx:ec2:Vpc").state.privateSubnetIds as string[];
        const subnets = broker().inputs.subnetIds as string[];
        assert.equal(subnets.length, Math.min(3, privateSubnets.length));
        assert.equal(new Set(subnets).size, subnets.length);
        for (const subnet of subnets) assert.ok(privateSubnets.includes(subnet), `${subnet} is not a private subnet`);
      });

      it("writes general logs and asks for no audit log", () => {
        // RabbitMQ has no audit log: asking for one fails the create.
        assert.deepEqual(broker().inputs.logs, { general: true });
      });

      it("upgrades minor versions automatically in the broker's quiet window, in the cell's own time zone", () => {
        // MQ.3, and docs/aws-behaviours.md #9: RabbitMQ 3.13+ requires automatic minor version upgrades.
        const mq = broker();
        assert.equal(mq.inputs.autoMinorVersionUpgrade, true);
        assert.match(mq.inputs.engineVersion, /^\d+\.\d+$/);
        assert.deepEqual(mq.inputs.maintenanceWindowStartTime, config.data.windows.brokerMaintenance);
        assert.equal(mq.inputs.maintenanceWindowStartTime.timeZone, config.timeZone);
      });

      it("sets no encryptionOptions, which Amazon MQ refuses for RabbitMQ", () => {
        assert.equal(broker().inputs.encryptionOptions, undefined);
      });

      it("creates one admin user from the generated password stored in the admin secret", () => {
        const mq = broker();
        const password = cloud().one("random:index/randomPassword:RandomPassword", "broker-admin-password");
        const version = cloud().one("aws:secretsmanager/secretVersion:SecretVersion", "broker-admin");
        const stored = JSON.parse(reveal(version.inputs.secretString));
        assert.ok(isSecretInput(mq.inputs.users), "the admin password must be a secret in state");
        const users = reveal(mq.inputs.users);
        assert.equal(users.length, 1);
        assert.equal(users[0].password, password.state.result);
        assert.equal(users[0].username, stored.username);
        // A RabbitMQ user is a name and a password; consoleAccess and groups are ActiveMQ-only fields.
        assert.deepEqual(Object.keys(users[0]).sort(), ["password", "username"]);
        assert.equal(stored.password, password.state.result);
        // Amazon MQ refuses , : = in passwords; letters and digits only.
        assert.equal(password.inputs.special, false);
        assert.equal(password.protect, true);
        const secret = cloud().one("aws:secretsmanager/secret:Secret", "broker-admin");
        assert.equal(secret.inputs.kmsKeyId, cloud().one("aws:kms/key:Key", "key").state.arn);
        assert.equal(secret.protect, true);
      });

      it("ignores later changes to users, which would recreate the broker empty at a new endpoint", () => {
        // docs/aws-behaviours.md #9.
        assert.ok(broker().ignoreChanges.includes("users"));
      });

      it("is protected, deletes before replacing its fixed name, and allows a cluster's long creation", () => {
        // docs/aws-behaviours.md #9: cluster creation can exceed 30 minutes.
        const mq = broker();
        assert.equal(mq.protect, true);
        assert.ok(mq.inputs.brokerName.length <= 50);
        assert.equal(mq.deleteBeforeReplace, true);
        assert.ok(timeoutMinutes(mq.customTimeouts?.create) >= 60, `create timeout ${mq.customTimeouts?.create}`);
      });

      it("uses only its own rule-less security group; the cell's tasks get in on 5671 through separate rules", () => {
        // docs/aws-behaviours.md #9: security groups cannot be changed on a RabbitMQ broker.
        const own = cloud().one(SECURITY_GROUP, "broker");
        const tasks = taskGroupIds(cloud());
        assert.deepEqual(broker().inputs.securityGroups, [own.id]);
        assert.equal(own.inputs.vpcId, cloud().one("awsx:ec2:Vpc").state.vpcId);
        assert.deepEqual([own.inputs.ingress ?? [], own.inputs.egress ?? []], [[], []]);
        const legacy = cloud()
          .ofType("aws:ec2/securityGroupRule:SecurityGroupRule")
          .filter((r) => r.inputs.securityGroupId === own.id);
        assert.equal(legacy.length, 0);
        const rules = ingressInto(cloud(), own.id);
        assert.deepEqual(
          rules
            .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort])
            .sort(),
          tasks.map((id) => [id, "tcp", 5671, 5671]),
        );
        for (const rule of rules) assert.equal(rule.inputs.cidrIpv4, undefined);
      });

      it("exports the broker's AMQPS endpoint without credentials", () => {
        const endpoint = suite.byName(stack).outputs.brokerEndpoint;
        assert.equal(endpoint, broker().state.instances[0].endpoints[0]);
        assert.match(endpoint, /^amqps:\/\/[^@]+:5671$/);
      });
    });
  });

  describe("with a single-instance broker (us-east-1, mq.m7g.medium)", () => {
    let variant: StackEvaluation;
    before(async () => {
      const raw = fixtureRaw("us-east-1");
      const single = { deploymentMode: "SINGLE_INSTANCE", instanceType: "mq.m7g.medium", engineVersion: "3.13" };
      // cost/prices.ts has no mq.m7g.medium figure: the budget's limit is set (docs/cost.md).
      const budget = JSON.stringify({ limitUsd: 2000 });
      variant = await evaluateStack("us-east-1", {
        raw: { ...raw, "storefront:broker": JSON.stringify(single), "storefront:budget": budget },
      });
    });

    it("places the single instance in exactly the first private subnet", () => {
      const mq = variant.cloud.one("aws:mq/broker:Broker", "broker");
      const privateSubnets = variant.cloud.one("awsx:ec2:Vpc").state.privateSubnetIds as string[];
      assert.equal(mq.inputs.deploymentMode, "SINGLE_INSTANCE");
      assert.equal(mq.inputs.hostInstanceType, "mq.m7g.medium");
      assert.deepEqual(mq.inputs.subnetIds, [privateSubnets[0]]);
    });
  });
});

describe("cache and broker guard clauses", () => {
  before(async () => {
    await new MockCloud().install("guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const network = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], kmsKeyArn: "arn:key" };
  const cacheArgs = {
    ...network,
    nodeType: "cache.m7g.large",
    engineVersion: "8.0",
    nodes: 2,
    snapshotRetentionDays: 3,
    snapshotWindow: "09:00-10:00",
    maintenanceWindow: "tue:10:00-tue:11:00",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    logRetentionDays: 30,
  };

  it("ValkeyCache refuses a single node, which cannot fail over", () => {
    assert.throws(
      () => new ValkeyCache("cache", { ...cacheArgs, nodes: 1 }),
      /ValkeyCache cache: nodes must be a whole number from 2 to 6, got 1 \(failover needs a replica\)/,
    );
  });

  it("ValkeyCache refuses to put every node in one AZ", () => {
    assert.throws(
      () => new ValkeyCache("one-az", { ...cacheArgs, availabilityZones: ["us-east-1a", "us-east-1a"] }),
      /one-az: needs at least two distinct availabilityZones/,
    );
  });

  it("RabbitMqBroker refuses a broker name Amazon MQ would reject", () => {
    const args = {
      ...network,
      deploymentMode: "CLUSTER_MULTI_AZ" as const,
      instanceType: "mq.m7g.large",
      engineVersion: "3.13" as const,
      maintenanceWindow: { dayOfWeek: "WEDNESDAY", timeOfDay: "05:00", timeZone: "UTC" },
    };
    assert.throws(
      () => new RabbitMqBroker("bad-chars", { ...args, brokerName: "storefront us-east-1" }),
      /brokerName must be 1-50 of letters, digits, - and _, got "storefront us-east-1"/,
    );
    assert.throws(
      () => new RabbitMqBroker("too-long", { ...args, brokerName: "b".repeat(51) }),
      /brokerName must be 1-50/,
    );
  });
});
