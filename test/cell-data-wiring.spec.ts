import { strict as assert } from "node:assert";
import { stackBaseName } from "../config/cell";
import { MockCloud, RecordedResource } from "../offline/mock-cloud";
import { stackSuite } from "./support/evaluate";
import { reveal } from "../offline/recorded-values";
import { arnInRegion } from "./support/arns";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

/** A policy's statements without Sids, with Action and Resource as sorted lists, in a stable order. */
function statements(policy: string): unknown[] {
  return JSON.parse(policy)
    .Statement.map((s: any) => ({
      Effect: s.Effect,
      Action: [s.Action].flat().sort(),
      Resource: [s.Resource].flat().sort(),
      ...(s.Condition ? { Condition: s.Condition } : {}),
    }))
    .sort((a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function sortedStatements(list: unknown[]): unknown[] {
  return [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("cell data tier wiring into the web service", () => {
  const suite = stackSuite();

  suite.eachStack(({ config, cloud }) => {
    const primary = () => suite.byName(stackBaseName(config.shared.primaryStack));
    const task = () => cloud().one(TASK_DEFINITION, "-web-task");
    const container = () => JSON.parse(task().inputs.containerDefinitions)[0];
    const cluster = () => cloud().one("aws:rds/cluster:Cluster");
    const cacheGroup = () => cloud().one("aws:elasticache/replicationGroup:ReplicationGroup");
    const broker = () => cloud().one("aws:mq/broker:Broker");
    const key = () => cloud().one("aws:kms/key:Key");
    const mediaBucket = () => cloud().one("aws:s3/bucket:Bucket", "-media");
    const webGroup = () => cloud().one("aws:ec2/securityGroup:SecurityGroup", "web-tasks");
    const roleOf = (arn: string) => {
      const roles = cloud()
        .ofType("aws:iam/role:Role")
        .filter((r) => r.state.arn === arn);
      assert.equal(roles.length, 1, `one role with ARN ${arn}`);
      return roles[0];
    };
    /** The data tier's policy on a role: the one RolePolicy of the DataClientAccess component attached to it. */
    const dataPolicyOn = (role: RecordedResource) => {
      const policies = cloud()
        .ofType(ROLE_POLICY)
        .filter((p) => p.parentType === "storefront:data:DataClientAccess" && p.inputs.role === role.state.name);
      assert.equal(policies.length, 1, `one data policy on role ${role.name}`);
      return policies[0];
    };
    const executionPolicy = () => dataPolicyOn(roleOf(task().inputs.executionRoleArn));
    const taskPolicy = () => dataPolicyOn(roleOf(task().inputs.taskRoleArn));

    /** The secret (in `evaluation`) whose stored JSON holds `password`: the credentials the store really uses. */
    const secretHolding = (evaluation: MockCloud, password: unknown) => {
      assert.equal(typeof reveal(password), "string", "the store's password must be set");
      const versions = evaluation
        .ofType(SECRET_VERSION)
        .filter((v) => JSON.parse(reveal(v.inputs.secretString)).password === reveal(password));
      assert.equal(versions.length, 1, "exactly one secret version stores the store's password");
      const secrets = evaluation.ofType(SECRET).filter((s) => s.id === versions[0].inputs.secretId);
      assert.equal(secrets.length, 1);
      return secrets[0];
    };
    /** The database master secret: the home's own, or its replica in this region, from the home's output. */
    const databaseSecretArn = (): string =>
      config.isPrimary
        ? secretHolding(cloud(), cluster().inputs.masterPassword).state.arn
        : arnInRegion(primary().outputs.databaseSecretArn, config.region);
    const cacheSecretArn = (): string => secretHolding(cloud(), cacheGroup().inputs.authToken).state.arn;
    const brokerSecretArn = (): string => secretHolding(cloud(), reveal(broker().inputs.users)[0].password).state.arn;
    const secretArns = () => [databaseSecretArn(), cacheSecretArn(), brokerSecretArn()].sort();

    /** Stores the tasks reach: the security group each store really runs with, and its port. */
    const stores = () => {
      const only = (groups: string[]) => {
        assert.equal(groups.length, 1);
        return groups[0];
      };
      return [
        { name: "database", group: only(cluster().inputs.vpcSecurityGroupIds), port: config.data.database.port },
        { name: "cache", group: only(cacheGroup().inputs.securityGroupIds), port: 6379 },
        { name: "broker", group: only(broker().inputs.securityGroups), port: 5671 },
      ];
    };
    const rulesOn = (type: string, group: string) =>
      cloud()
        .ofType(type)
        .filter((r) => r.inputs.securityGroupId === group);
    const storeRules = () =>
      stores().map((store) => ({
        store,
        out: rulesOn(EGRESS_RULE, webGroup().id).filter((r) => r.inputs.referencedSecurityGroupId === store.group),
        into: rulesOn(INGRESS_RULE, store.group).filter((r) => r.inputs.referencedSecurityGroupId === webGroup().id),
      }));

    it("gives the tasks every store's location as plain environment, taken from the recorded stores", () => {
      const group = cacheGroup();
      const brokerEndpoints: string[] = broker().state.instances[0].endpoints;
      const amqps = brokerEndpoints.filter((e) => e.startsWith("amqps://"));
      assert.equal(amqps.length, 1);
      // The prefix CloudFront serves, as the media bucket's policy grants it.
      const bucketPolicy = cloud()
        .ofType("aws:s3/bucketPolicy:BucketPolicy")
        .filter((p) => p.inputs.bucket === mediaBucket().id);
      assert.equal(bucketPolicy.length, 1);
      const cloudFront = JSON.parse(bucketPolicy[0].inputs.policy).Statement.find(
        (s: any) => s.Principal?.Service === "cloudfront.amazonaws.com",
      );
      const resource = String(cloudFront.Resource);
      assert.ok(resource.startsWith(`${mediaBucket().state.arn}/`) && resource.endsWith("*"), resource);
      const prefix = resource.slice(`${mediaBucket().state.arn}/`.length, -1);
      assert.match(prefix, /^[a-z0-9-]+\/$/);
      assert.equal(group.inputs.port, 6379);
      assert.equal(cluster().inputs.port, config.data.database.port);
      const expected: Record<string, string> = {
        // A secondary has only its local reader endpoint; Aurora forwards writes there when forwarding is on.
        DB_WRITER_HOST: config.isPrimary ? cluster().state.endpoint : cluster().state.readerEndpoint,
        DB_READER_HOST: cluster().state.readerEndpoint,
        DB_PORT: String(config.data.database.port),
        DB_NAME: config.isPrimary ? config.data.database.databaseName : primary().outputs.databaseName,
        DB_WRITE_FORWARDING: String(!config.isPrimary && config.data.database.writeForwarding),
        CACHE_HOST: group.state.primaryEndpointAddress,
        CACHE_READER_HOST: group.state.readerEndpointAddress,
        CACHE_PORT: String(group.inputs.port),
        CACHE_TLS: String(group.inputs.transitEncryptionEnabled),
        BROKER_URL: amqps[0],
        MEDIA_BUCKET: mediaBucket().state.bucket,
        MEDIA_PREFIX: prefix,
      };
      const environment: { name: string; value: string }[] = container().environment;
      for (const [name, value] of Object.entries(expected)) {
        assert.ok(value, `${name}: the recorded store must give a value`);
        const entries = environment.filter((e) => e.name === name);
        assert.deepEqual(entries, [{ name, value }], name);
      }
      // CACHE_TLS=true holds only while the group requires TLS, not merely offers it.
      assert.deepEqual([group.inputs.transitEncryptionEnabled, group.inputs.transitEncryptionMode], [true, "required"]);
      if (config.isPrimary) {
        assert.equal(cluster().inputs.databaseName, expected.DB_NAME);
        assert.notEqual(expected.DB_WRITER_HOST, expected.DB_READER_HOST);
      } else {
        // The tasks are told forwarding is on only when the cluster really forwards (docs/writes.md).
        assert.equal(cluster().inputs.enableGlobalWriteForwarding, config.data.database.writeForwarding);
      }
    });

    // ECS.8: credentials only as ECS secrets, read from Secrets Manager at task start.
    it("hands credentials over only as ECS secrets from the secrets that hold the stores' real passwords", () => {
      const database = databaseSecretArn();
      const cache = cacheSecretArn();
      const brokerSecret = brokerSecretArn();
      const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
      assert.deepEqual(
        byName(container().secrets),
        byName([
          { name: "DB_USERNAME", valueFrom: `${database}:username::` },
          { name: "DB_PASSWORD", valueFrom: `${database}:password::` },
          { name: "CACHE_AUTH_TOKEN", valueFrom: `${cache}:password::` },
          { name: "BROKER_USERNAME", valueFrom: `${brokerSecret}:username::` },
          { name: "BROKER_PASSWORD", valueFrom: `${brokerSecret}:password::` },
        ]),
      );
      const envNames = container().environment.map((e: { name: string }) => e.name);
      for (const secret of container().secrets) assert.ok(!envNames.includes(secret.name), secret.name);
    });

    it("reads the database secret's replica in this region, which the home's secret really replicates to", () => {
      if (config.isPrimary) {
        const secret = secretHolding(cloud(), cluster().inputs.masterPassword);
        assert.equal(primary().outputs.databaseSecretArn, secret.state.arn);
        return;
      }
      const primarySecret = secretHolding(
        primary().cloud,
        primary().cloud.one("aws:rds/cluster:Cluster").inputs.masterPassword,
      );
      assert.equal(primary().outputs.databaseSecretArn, primarySecret.state.arn);
      assert.ok(
        primarySecret.inputs.replicas.some((r: { region: string }) => r.region === config.region),
        `the home's master secret must replicate to ${config.region}`,
      );
      assert.equal(databaseSecretArn().split(":")[3], config.region);
      // A secondary sets no credentials of its own (docs/aws-behaviours.md #1).
      assert.equal(cluster().inputs.masterPassword, undefined);
      assert.equal(cluster().inputs.masterUsername, undefined);
    });

    // ECS.8: the strongest check that nothing leaks: no generated password appears in the task definition.
    it("puts no generated password into any environment value or anywhere in the task definition", () => {
      const upstream = config.isPrimary ? [] : [primary().cloud];
      const passwords: string[] = [cloud(), ...upstream].flatMap((c) =>
        c.ofType("random:index/randomPassword:RandomPassword").map((p) => p.state.result),
      );
      assert.ok(passwords.length >= 3, "the database, cache and broker passwords at least");
      for (const password of passwords) assert.ok(typeof password === "string" && password.length >= 16);
      const serialized = JSON.stringify(task().inputs);
      for (const { name, value } of container().environment as { name: string; value: string }[]) {
        for (const password of passwords) assert.ok(!value.includes(password), `${name} carries a password`);
      }
      for (const password of passwords)
        assert.ok(!serialized.includes(password), "the task definition carries a password");
    });

    // Both roles read the three secrets and decrypt them with the cell key, only through Secrets Manager.
    const readSecretStatements = () => [
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns() },
      {
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [key().state.arn],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${config.region}.amazonaws.com` } },
      },
    ];

    it("lets the execution role read exactly the three secrets and decrypt with the cell key only through Secrets Manager", () => {
      assert.deepEqual(statements(executionPolicy().inputs.policy), sortedStatements([...readSecretStatements()]));
    });

    // ECS injects the credentials with the execution role; the application never reads them itself.
    it("lets the task role use exactly the media bucket and the cell key through S3, and read no secret", () => {
      const bucketArn = mediaBucket().state.arn;
      assert.deepEqual(
        statements(taskPolicy().inputs.policy),
        sortedStatements([
          { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] },
          {
            Effect: "Allow",
            Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            Resource: [`${bucketArn}/*`],
          },
          {
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [key().state.arn],
            Condition: { StringEquals: { "kms:ViaService": `s3.${config.region}.amazonaws.com` } },
          },
        ]),
      );
    });

    // IAM.1, IAM.21: no "*" and no "<service>:*" action in any IAM policy of the stack.
    it("grants no wildcard action in any role policy of the stack", () => {
      const policies = cloud().ofType(ROLE_POLICY);
      assert.ok(policies.includes(executionPolicy()) && policies.includes(taskPolicy()));
      for (const policy of policies) {
        for (const statement of JSON.parse(policy.inputs.policy).Statement) {
          if (statement.Effect !== "Allow") continue;
          assert.equal(statement.NotAction, undefined, `${policy.name}: Allow with NotAction`);
          for (const action of [statement.Action].flat()) {
            assert.ok(typeof action === "string" && !/^([a-z0-9-]+:)?\*$/i.test(action), `${policy.name}: ${action}`);
          }
        }
      }
    });

    it("opens exactly one rule pair per store and client (web, worker, each job), group to group, on the store's port", () => {
      // Every task group of the cell: the web service's, the worker's and one per job it
      // lists (a job built but disabled here keeps its group, so a primary move adds none).
      const clients = cloud()
        .ofType("aws:ec2/securityGroup:SecurityGroup")
        .filter((g) => g.name.endsWith("-tasks"))
        .map((g) => g.id)
        .sort();
      assert.equal(clients.length, 2 + config.background.jobs.length);
      assert.ok(clients.includes(webGroup().id));
      const shape = (r: RecordedResource) => [
        r.inputs.ipProtocol,
        r.inputs.fromPort,
        r.inputs.toPort,
        r.inputs.referencedSecurityGroupId,
        r.inputs.securityGroupId,
      ];
      for (const store of stores()) {
        const out = clients.flatMap((client) =>
          rulesOn(EGRESS_RULE, client).filter((r) => r.inputs.referencedSecurityGroupId === store.group),
        );
        assert.deepEqual(
          out.map(shape).sort(),
          clients.map((client) => ["tcp", store.port, store.port, store.group, client]).sort(),
          `egress to the ${store.name}`,
        );
        assert.deepEqual(
          rulesOn(INGRESS_RULE, store.group).map(shape).sort(),
          clients.map((client) => ["tcp", store.port, store.port, client, store.group]).sort(),
          `ingress to the ${store.name}: only from the cell's task groups, one rule each`,
        );
      }
    });

    // EC2.18: the stores admit no address range at all, only the tasks' security group.
    it("gives no store security group a CIDR or prefix-list rule, inline or separate", () => {
      for (const { name, group } of stores()) {
        const storeGroup = cloud()
          .ofType("aws:ec2/securityGroup:SecurityGroup")
          .filter((g) => g.id === group);
        assert.equal(storeGroup.length, 1, name);
        assert.deepEqual([storeGroup[0].inputs.ingress ?? [], storeGroup[0].inputs.egress ?? []], [[], []], name);
        const rules = [...rulesOn(INGRESS_RULE, group), ...rulesOn(EGRESS_RULE, group)];
        assert.ok(rules.length > 0, name);
        for (const rule of rules) {
          assert.deepEqual(
            [rule.inputs.cidrIpv4, rule.inputs.cidrIpv6, rule.inputs.prefixListId],
            [undefined, undefined, undefined],
            `${name}: ${rule.name}`,
          );
        }
        assert.equal(rulesOn(LEGACY_RULE, group).length, 0, name);
      }
    });

    it("starts no task before the store rules and the secret-reading policies exist", () => {
      const service = cloud().one("aws:ecs/service:Service", "-web");
      const needed = [...storeRules().flatMap(({ out, into }) => [...out, ...into]), executionPolicy(), taskPolicy()];
      assert.equal(needed.length, stores().length * 2 + 2);
      for (const resource of needed) {
        assert.ok(service.dependsOn.includes(resource.urn), `the service must wait for ${resource.name}`);
      }
    });

    it("encrypts the web log group with the cell key", () => {
      const groupName = container().logConfiguration.options["awslogs-group"];
      const groups = cloud()
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .filter((g) => g.state.name === groupName);
      assert.equal(groups.length, 1);
      assert.equal(groups[0].inputs.kmsKeyId, key().state.arn);
    });
  });
});
