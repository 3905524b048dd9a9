import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { AuroraDatabase, AuroraDatabaseArgs } from "../components/data/aurora-database";
import { stackBaseName } from "../config/cell";
import { cellConfigOf, stackSuite } from "./support/evaluate";
import { taskGroupIds } from "./support/task-groups";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";
import { reveal, timeoutMinutes } from "../offline/recorded-values";
import { arnInRegion } from "./support/arns";

const CLUSTER = "aws:rds/cluster:Cluster";
const GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const SECRET = "aws:secretsmanager/secret:Secret";
const PASSWORD = "random:index/randomPassword:RandomPassword";

function assertLongTimeouts(resource: RecordedResource, least: number): void {
  const timeouts = resource.customTimeouts;
  assert.ok(timeouts, `${resource.name} has no customTimeouts`);
  for (const phase of ["create", "update", "delete"] as const) {
    assert.ok(
      timeoutMinutes(timeouts[phase]) >= least,
      `${resource.name} ${phase} timeout ${timeouts[phase]} < ${least}m`,
    );
  }
}

function urnOf(resource: pulumi.Resource): Promise<string> {
  return new Promise((done) => resource.urn.apply(done));
}

describe("cell Aurora global database", () => {
  const suite = stackSuite();

  suite.eachStack(({ config, evaluation, cloud }) => {
    const db = config.data.database;
    const primaryStack = stackBaseName(config.shared.primaryStack);
    const cluster = () => cloud().one(CLUSTER);
    const instances = () => cloud().ofType(INSTANCE);
    const keyArn = () => cloud().one("aws:kms/key:Key").state.arn;
    const databaseGroup = () => {
      const groups = cloud()
        .ofType("aws:ec2/securityGroup:SecurityGroup")
        .filter((g) => g.parentType === "storefront:data:AuroraDatabase");
      assert.equal(groups.length, 1);
      return groups[0];
    };
    /** The master secret's ARN this cell's tasks must use: the primary's, or its replica in this region. */
    const masterSecretArn = () => arnInRegion(suite.byName(primaryStack).outputs.databaseSecretArn, config.region);

    // RDS.27, RDS.7, RDS.12, RDS.37, RDS.16, RDS.23
    it("encrypts the cluster with the cell key, with IAM auth, postgresql logs, tagged snapshots, deletion protection and a non-default port", () => {
      const inputs = cluster().inputs;
      assert.equal(inputs.engine, "aurora-postgresql");
      assert.equal(inputs.engineVersion, db.engineVersion);
      assert.equal(inputs.storageEncrypted, true);
      assert.equal(inputs.kmsKeyId, keyArn());
      assert.equal(inputs.iamDatabaseAuthenticationEnabled, true);
      assert.deepEqual(inputs.enabledCloudwatchLogsExports, ["postgresql"]);
      assert.equal(inputs.copyTagsToSnapshot, true);
      assert.equal(inputs.deletionProtection, true);
      assert.equal(inputs.port, db.port);
      assert.notEqual(inputs.port, 5432);
    });

    it("keeps the configured backups in the quiet-hour windows and takes a named final snapshot", () => {
      const inputs = cluster().inputs;
      assert.ok(inputs.backupRetentionPeriod >= 7);
      assert.equal(inputs.backupRetentionPeriod, db.backupRetentionDays);
      assert.equal(inputs.preferredBackupWindow, config.data.windows.databaseBackup);
      assert.equal(inputs.preferredMaintenanceWindow, config.data.windows.databaseMaintenance);
      assert.equal(inputs.skipFinalSnapshot, false);
      // Named after the cluster, with a suffix drawn once: a rebuilt cell's second teardown
      // must not collide with the first one's snapshot.
      const suffix = cloud().one("random:index/randomId:RandomId", "final-snapshot");
      assert.equal(inputs.finalSnapshotIdentifier, `${inputs.clusterIdentifier}-final-${suffix.state.hex}`);
      assert.match(inputs.finalSnapshotIdentifier, /^[a-z][a-z0-9-]*[a-z0-9]$/);
      assert.doesNotMatch(inputs.finalSnapshotIdentifier, /--/);
    });

    it("places the cluster in the isolated subnets behind only its own security group, with TLS forced", () => {
      const inputs = cluster().inputs;
      const subnets = cloud().one("aws:rds/subnetGroup:SubnetGroup");
      assert.equal(inputs.dbSubnetGroupName, subnets.state.name);
      assert.deepEqual(subnets.inputs.subnetIds, cloud().one("awsx:ec2:Vpc").state.isolatedSubnetIds);
      assert.deepEqual(inputs.vpcSecurityGroupIds, [databaseGroup().id]);
      const parameters = cloud().one("aws:rds/clusterParameterGroup:ClusterParameterGroup");
      assert.equal(inputs.dbClusterParameterGroupName, parameters.state.name);
      assert.equal(parameters.inputs.family, `aurora-postgresql${db.engineVersion.split(".")[0]}`);
      assert.ok(parameters.inputs.parameters.some((p: any) => p.name === "rds.force_ssl" && p.value === "1"));
    });

    it("sets no availabilityZones on the cluster (AWS adding an AZ would replace it)", () => {
      assert.equal(cluster().inputs.availabilityZones, undefined);
    });

    // docs/aws-behaviours.md #2, #3
    it("protects the cluster, ignores the fields AWS moves, and waits long enough for Aurora", () => {
      const resource = cluster();
      assert.equal(resource.protect, true);
      for (const field of ["engineVersion", "replicationSourceIdentifier", "globalClusterIdentifier"]) {
        assert.ok(resource.ignoreChanges.includes(field), `ignoreChanges lacks ${field}`);
      }
      assertLongTimeouts(resource, 60);
    });

    it("creates the postgresql log group first, with the configured retention and the cell key", () => {
      const name = `/aws/rds/cluster/${cluster().inputs.clusterIdentifier}/postgresql`;
      const groups = cloud()
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .filter((g) => g.inputs.name === name);
      assert.equal(groups.length, 1, `no log group ${name}`);
      assert.equal(groups[0].inputs.retentionInDays, config.logRetentionDays);
      assert.equal(groups[0].inputs.kmsKeyId, keyArn());
      assert.ok(cluster().dependsOn.includes(groups[0].urn));
    });

    // RDS.15, RDS.2, RDS.35, docs/aws-behaviours.md #3
    it("runs minReaders + 1 private instances of the configured class over at least two of the cell's AZs", () => {
      const all = instances();
      assert.equal(all.length, db.minReaders + 1);
      assert.ok(all.length >= 2);
      const zones = new Set(all.map((i) => i.inputs.availabilityZone));
      assert.ok(zones.size >= 2, `instances share ${[...zones].join(", ")}`);
      for (const zone of zones) assert.ok(evaluation().outputs.availabilityZones.includes(zone), zone);
      for (const instance of all) {
        assert.equal(instance.inputs.clusterIdentifier, cluster().id);
        assert.equal(instance.inputs.instanceClass, db.instanceClass);
        assert.equal(instance.inputs.publiclyAccessible, false);
        assert.equal(instance.inputs.autoMinorVersionUpgrade, true);
        assert.ok(instance.ignoreChanges.includes("engineVersion"));
        assertLongTimeouts(instance, 30);
      }
      assert.equal(all[0].inputs.promotionTier, 0, "the writer is the first choice on failover");
    });

    // RDS.6
    it("turns on Performance Insights with the cell key and enhanced monitoring through an RDS-only role", () => {
      const roleArns = new Set(instances().map((i) => i.inputs.monitoringRoleArn));
      assert.equal(roleArns.size, 1);
      const role = cloud()
        .ofType("aws:iam/role:Role")
        .find((r) => roleArns.has(r.state.arn));
      assert.ok(role, "monitoring role not found");
      const trust = JSON.parse(role.inputs.assumeRolePolicy);
      assert.deepEqual(
        trust.Statement.map((s: any) => [s.Principal, s.Action, s.Condition]),
        [
          [
            { Service: "monitoring.rds.amazonaws.com" },
            "sts:AssumeRole",
            { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
          ],
        ],
      );
      const attached = cloud()
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.inputs.role === role.state.name)
        .map((a) => a.inputs.policyArn);
      assert.deepEqual(attached, ["arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"]);
      for (const instance of instances()) {
        assert.equal(instance.inputs.performanceInsightsEnabled, true);
        assert.equal(instance.inputs.performanceInsightsKmsKeyId, keyArn());
        assert.ok(instance.inputs.monitoringInterval > 0);
      }
    });

    it("scales readers on CPU between minReaders and maxReaders once every instance exists", () => {
      const targets = cloud()
        .ofType("aws:appautoscaling/target:Target")
        .filter((t) => t.inputs.serviceNamespace === "rds");
      assert.equal(targets.length, 1);
      const target = targets[0];
      assert.equal(target.inputs.scalableDimension, "rds:cluster:ReadReplicaCount");
      assert.equal(target.inputs.resourceId, `cluster:${cluster().inputs.clusterIdentifier}`);
      assert.equal(target.inputs.minCapacity, db.minReaders);
      assert.equal(target.inputs.maxCapacity, db.maxReaders);
      for (const instance of instances()) assert.ok(target.dependsOn.includes(instance.urn), instance.name);
      const policies = cloud()
        .ofType("aws:appautoscaling/policy:Policy")
        .filter((p) => p.inputs.serviceNamespace === "rds" && p.inputs.resourceId === target.inputs.resourceId);
      assert.equal(policies.length, 1);
      assert.equal(policies[0].inputs.policyType, "TargetTrackingScaling");
      assert.equal(policies[0].inputs.scalableDimension, "rds:cluster:ReadReplicaCount");
      const tracking = policies[0].inputs.targetTrackingScalingPolicyConfiguration;
      assert.equal(tracking.predefinedMetricSpecification.predefinedMetricType, "RDSReaderAverageCPUUtilization");
      assert.equal(tracking.targetValue, db.readerCpuTargetPercent);
    });

    it("admits only the cell's task security groups (web, worker, jobs) on the database port, and has no inline rules", () => {
      const group = databaseGroup();
      assert.equal(group.inputs.ingress, undefined);
      assert.equal(group.inputs.egress, undefined);
      const tasks = taskGroupIds(cloud());
      assert.ok(tasks.includes(cloud().one("aws:ec2/securityGroup:SecurityGroup", "web-tasks").id));
      const rules = cloud()
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.securityGroupId === group.id)
        .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.ipProtocol])
        .sort();
      assert.deepEqual(
        rules,
        tasks.map((id) => [id, db.port, db.port, "tcp"]),
      );
      const cidrs = cloud()
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.securityGroupId === group.id)
        .filter((r) => r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? r.inputs.prefixListId);
      assert.deepEqual(cidrs, []);
    });

    it("gives the tasks the master secret in their own region, and grants their execution role exactly it", () => {
      const expected = masterSecretArn();
      const task = cloud().one("aws:ecs/taskDefinition:TaskDefinition", "-web-task");
      const valueFroms: string[] = JSON.parse(task.inputs.containerDefinitions)[0].secrets.map((s: any) => s.valueFrom);
      assert.ok(valueFroms.includes(`${expected}:username::`), valueFroms.join(", "));
      assert.ok(valueFroms.includes(`${expected}:password::`), valueFroms.join(", "));
      for (const arn of valueFroms) assert.equal(arn.split(":")[3], config.region, arn);
      const role = cloud()
        .ofType("aws:iam/role:Role")
        .find((r) => r.state.arn === task.inputs.executionRoleArn);
      assert.ok(role, "execution role not found");
      const readable = cloud()
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === role.state.name)
        .flatMap((p) => JSON.parse(p.inputs.policy).Statement)
        .filter((s: any) => [s.Action].flat().includes("secretsmanager:GetSecretValue"))
        .flatMap((s: any) => [s.Resource].flat());
      assert.ok(readable.includes(expected), readable.join(", "));
    });

    if (config.isPrimary) {
      // docs/aws-behaviours.md #2, RDS.27, RDS.7
      it("sets write forwarding as configured in the primary too, so a cluster demoted by a switchover needs no change", () => {
        assert.equal(cluster().inputs.enableGlobalWriteForwarding, config.data.database.writeForwarding);
      });

      it("creates the encrypted, protected global cluster at the configured version, without a database name", () => {
        const global = cloud().one(GLOBAL_CLUSTER);
        assert.equal(global.inputs.engine, "aurora-postgresql");
        assert.equal(global.inputs.engineVersion, db.engineVersion);
        assert.equal(global.inputs.storageEncrypted, true);
        assert.equal(global.inputs.deletionProtection, true);
        assert.equal(global.inputs.databaseName, undefined, "a databaseName diff replaces the global cluster");
        assert.equal(global.protect, true);
        assertLongTimeouts(global, 60);
        assert.equal(cluster().inputs.globalClusterIdentifier, global.id);
      });

      // RDS.24, docs/aws-behaviours.md #1
      it("names the database and admin user from config, with the generated, protected password", () => {
        const inputs = cluster().inputs;
        assert.equal(inputs.databaseName, db.databaseName);
        assert.equal(inputs.masterUsername, db.masterUsername);
        assert.notEqual(inputs.masterUsername, "postgres");
        const password = reveal(inputs.masterPassword);
        const generated = cloud()
          .ofType(PASSWORD)
          .filter((p) => p.state.result === password);
        assert.equal(generated.length, 1, "the master password is not a generated RandomPassword's result");
        assert.equal(generated[0].protect, true);
        assert.equal(generated[0].inputs.special, false, 'RDS refuses / " @ in master passwords');
        assert.equal(inputs.manageMasterUserPassword, undefined);
      });

      it("keeps the master credentials in a protected secret under the cell key, replicated to exactly the configured regions", () => {
        const arn = evaluation().outputs.databaseSecretArn;
        const secrets = cloud()
          .ofType(SECRET)
          .filter((s) => s.state.arn === arn);
        assert.equal(secrets.length, 1, `exported databaseSecretArn ${arn} is no secret of the stack`);
        const secret = secrets[0];
        assert.equal(secret.inputs.kmsKeyId, keyArn());
        assert.equal(secret.protect, true);
        assert.deepEqual(
          secret.inputs.replicas.map((r: { region: string }) => r.region),
          db.replicaRegions,
        );
        const versions = cloud()
          .ofType("aws:secretsmanager/secretVersion:SecretVersion")
          .filter((v) => v.inputs.secretId === secret.id);
        assert.equal(versions.length, 1);
        const stored = JSON.parse(reveal(versions[0].inputs.secretString));
        assert.equal(stored.username, cluster().inputs.masterUsername);
        assert.equal(stored.password, reveal(cluster().inputs.masterPassword));
        assert.equal(stored.port, db.port);
        assert.equal(stored.dbname, db.databaseName);
        assert.equal(evaluation().outputs.databaseName, db.databaseName);
      });

      // docs/aws-behaviours.md #1
      it("exports the global cluster id only through the writer instance, so secondaries join after it", async () => {
        const exported = evaluation().exported.globalClusterIdentifier;
        assert.ok(pulumi.Output.isInstance(exported));
        // The SDK's (internal) record of the resources an Output waits for.
        const tracked = exported as unknown as {
          resources(): Set<pulumi.Resource>;
          allResources?(): Promise<Set<pulumi.Resource>>;
        };
        const resources = await (tracked.allResources?.() ?? tracked.resources());
        const urns = await Promise.all([...resources].map(urnOf));
        assert.ok(urns.includes(instances()[0].urn), `depends on ${urns.join(", ")}`);
        assert.equal(evaluation().outputs.globalClusterIdentifier, cloud().one(GLOBAL_CLUSTER).id);
      });
    } else {
      it("creates no global cluster of its own", () => {
        assert.deepEqual(cloud().ofType(GLOBAL_CLUSTER), []);
      });

      // docs/aws-behaviours.md #1
      it("joins the primary's global cluster with no user, password or database name, forwarding writes as configured", () => {
        const primary = suite.byName(primaryStack);
        const inputs = cluster().inputs;
        assert.equal(inputs.globalClusterIdentifier, primary.outputs.globalClusterIdentifier);
        assert.equal(inputs.globalClusterIdentifier, primary.cloud.one(GLOBAL_CLUSTER).id);
        for (const field of ["masterUsername", "masterPassword", "databaseName", "manageMasterUserPassword"]) {
          assert.equal(inputs[field], undefined, `a secondary must not set ${field}`);
        }
        assert.equal(inputs.enableGlobalWriteForwarding, config.data.database.writeForwarding);
        assert.notEqual(inputs.kmsKeyId, primary.cloud.one("aws:kms/key:Key").state.arn);
      });

      // docs/aws-behaviours.md #1
      it("generates no master password or secret, and relies on the primary replicating its secret here", () => {
        const primary = suite.byName(primaryStack);
        const own = (c: typeof primary.cloud) =>
          c
            .ofType("storefront:data:GeneratedCredentials")
            .filter((g) => g.parentType === "storefront:data:AuroraDatabase");
        assert.equal(own(primary.cloud).length, 1);
        assert.deepEqual(own(cloud()), []);
        const masterSecret = primary.cloud
          .ofType(SECRET)
          .find((s) => s.state.arn === primary.outputs.databaseSecretArn);
        assert.ok(masterSecret);
        assert.ok(
          !cloud()
            .ofType(SECRET)
            .some((s) => s.name === masterSecret.name),
        );
        const primaryPassword = reveal(primary.cloud.one(CLUSTER).inputs.masterPassword);
        const masterPassword = primary.cloud.ofType(PASSWORD).find((p) => p.state.result === primaryPassword);
        assert.ok(masterPassword);
        assert.ok(
          !cloud()
            .ofType(PASSWORD)
            .some((p) => p.name === masterPassword.name),
        );
        assert.ok(cellConfigOf(primaryStack).data.database.replicaRegions.includes(config.region));
      });
    }
  });
});

describe("AuroraDatabase guard clauses", () => {
  before(async () => {
    await new MockCloud().install("aurora-guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const valid: AuroraDatabaseArgs = {
    clusterIdentifier: "storefront-us-east-1",
    membership: {
      role: "home",
      globalClusterIdentifier: "storefront-global",
      databaseName: "storefront",
      masterUsername: "storefront_admin",
      secretReplicaRegions: [],
    },
    engineVersion: "16.6",
    instanceClass: "db.r7g.large",
    port: 5433,
    minReaders: 2,
    maxReaders: 6,
    readerCpuTargetPercent: 60,
    backupRetentionDays: 14,
    logRetentionDays: 30,
    deletionProtection: true,
    backupWindow: "09:00-10:00",
    maintenanceWindow: "sun:10:00-sun:11:00",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    vpcId: "vpc-1",
    subnetIds: ["subnet-1", "subnet-2", "subnet-3"],
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
    accountId: "123456789012",
  };

  // RDS.15
  it("refuses a cluster without a reader (one instance cannot survive an AZ)", () => {
    assert.throws(
      () => new AuroraDatabase("no-readers", { ...valid, minReaders: 0 }),
      /no-readers: reader counts must be a whole number from 1 to 15, got 0/,
    );
  });

  it("refuses a reader ceiling below the floor or above Aurora's 15", () => {
    assert.throws(
      () => new AuroraDatabase("low-ceiling", { ...valid, maxReaders: 1 }),
      /low-ceiling: need minReaders \(2\) <= maxReaders \(1\)/,
    );
    assert.throws(
      () => new AuroraDatabase("high-ceiling", { ...valid, maxReaders: 16 }),
      /high-ceiling: reader counts must be a whole number from 1 to 15, got 16/,
    );
  });

  it("refuses fewer than two AZs to spread the instances over", () => {
    assert.throws(
      () => new AuroraDatabase("one-az", { ...valid, availabilityZones: ["us-east-1a"] }),
      /one-az: needs at least two distinct availabilityZones/,
    );
    // A repeated zone would put the writer and its failover target in one AZ.
    assert.throws(
      () => new AuroraDatabase("same-az", { ...valid, availabilityZones: ["us-east-1a", "us-east-1a"] }),
      /same-az: needs at least two distinct availabilityZones/,
    );
  });
});
