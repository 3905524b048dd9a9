import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { FargateTask, FargateTaskArgs } from "../components/cell/fargate-task";
import { DataAccess } from "../components/data/client-access";
import { MockCloud, RecordedResource } from "../offline/mock-cloud";

const ACCOUNT = "123456789012";
const DB_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-master-AbCdEf`;
const BROKER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:broker-admin-AbCdEf`;
const PARTNER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:partner-api-AbCdEf`;
const CELL_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/cell-key-id`;
const BUCKET = "arn:aws:s3:::storefront-media-0a1b2c3";

/** A data tier made of literal values, so every expectation below is known in advance. */
const dataAccess: DataAccess = {
  region: "us-east-1",
  environment: { DB_WRITER_HOST: "writer.cluster.example", BROKER_URL: "amqps://b-1.mq.us-east-1.on.aws:5671" },
  secrets: [
    { name: "DB_PASSWORD", valueFrom: `${DB_SECRET}:password::` },
    { name: "BROKER_PASSWORD", valueFrom: `${BROKER_SECRET}:password::` },
  ],
  secretArns: [DB_SECRET, BROKER_SECRET],
  kmsKeyArn: CELL_KEY,
  bucketArn: BUCKET,
  stores: [
    { name: "database", securityGroupId: "sg-database", port: 5432 },
    { name: "broker", securityGroupId: "sg-broker", port: 5671 },
  ],
};

const syncArgs: FargateTaskArgs = {
  accountId: ACCOUNT,
  region: "us-east-1",
  family: "catalog-sync",
  containerName: "sync",
  image: "ghcr.io/example/storefront-jobs:1.4.0",
  command: ["node", "jobs/catalog-sync.js"],
  cpu: 512,
  memory: 1024,
  environment: { SYNC_MODE: "incremental" },
  secrets: [{ name: "PARTNER_API_KEY", valueFrom: `${PARTNER_SECRET}:apiKey::` }],
  secretArns: [PARTNER_SECRET],
  dataAccess,
  securityGroupId: "sg-sync-tasks",
  logRetentionDays: 90,
  logKmsKeyArn: CELL_KEY,
  stopTimeoutSeconds: 90,
};

const PRIVATE_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/storefront/jobs:1.4.0`;

const policyOf = (resource: RecordedResource) => JSON.parse(resource.inputs.policy);
const statementsGranting = (resources: RecordedResource[], action: string) =>
  resources.flatMap((r) => policyOf(r).Statement).filter((s: any) => [s.Action].flat().includes(action));

describe("FargateTask", () => {
  describe("with a data tier and extra secrets", () => {
    const cloud = new MockCloud();
    let sync: FargateTask;
    let bare: FargateTask;
    before(async () => {
      await cloud.install("fargate-task");
      const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
      sync = new FargateTask("sync", syncArgs, { providers: [provider] });
      bare = new FargateTask(
        "bare",
        {
          accountId: ACCOUNT,
          region: "us-east-1",
          family: "bare",
          containerName: "bare",
          image: PRIVATE_IMAGE,
          cpu: 256,
          memory: 512,
          securityGroupId: "sg-bare",
          logRetentionDays: 7,
          stopTimeoutSeconds: 45,
        },
        { providers: [provider] },
      );
      // Every registration has reached the mocks before anything is read.
      await pulumi.runtime.disconnect();
    });

    const container = (suffix: string) =>
      JSON.parse(cloud.one("aws:ecs/taskDefinition:TaskDefinition", suffix).inputs.containerDefinitions)[0];
    /** Inline policies of a role, attached by its name (the role's id is its name). */
    const policiesOf = (roleSuffix: string) => {
      const role = cloud.one("aws:iam/role:Role", roleSuffix);
      return cloud
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === role.id || p.inputs.role === role.state.name);
    };

    it("defines an ARM64 Fargate task of the given family and size, run by its own two roles", () => {
      const task = cloud.one("aws:ecs/taskDefinition:TaskDefinition", "sync-task");
      assert.equal(task.region, "us-east-1");
      assert.equal(task.inputs.family, syncArgs.family);
      assert.deepEqual(task.inputs.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
      assert.deepEqual(task.inputs.requiresCompatibilities, ["FARGATE"]);
      assert.equal(task.inputs.networkMode, "awsvpc");
      assert.deepEqual([task.inputs.cpu, task.inputs.memory], [String(syncArgs.cpu), String(syncArgs.memory)]);
      assert.equal(task.inputs.executionRoleArn, cloud.one("aws:iam/role:Role", "sync-execution").state.arn);
      assert.equal(task.inputs.taskRoleArn, cloud.one("aws:iam/role:Role", "sync-task").state.arn);
    });

    // ECS.4 (not privileged), ECS.5 (read-only root), ECS.9 (logging configured).
    it("hardens the container: read-only root, not privileged, writable /tmp only, init process, logs to CloudWatch", () => {
      const sync = container("sync-task");
      assert.equal(sync.name, syncArgs.containerName);
      assert.equal(sync.image, syncArgs.image);
      assert.deepEqual(sync.command, syncArgs.command);
      assert.equal(sync.essential, true);
      assert.equal(sync.readonlyRootFilesystem, true);
      assert.equal(sync.privileged, false);
      assert.deepEqual(sync.mountPoints, [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
      assert.deepEqual(cloud.one("aws:ecs/taskDefinition:TaskDefinition", "sync-task").inputs.volumes, [
        { name: "tmp" },
      ]);
      assert.deepEqual(sync.linuxParameters, { initProcessEnabled: true });
      assert.equal(sync.portMappings, undefined, "a background task listens on no port");
      const logGroup = cloud.one("aws:cloudwatch/logGroup:LogGroup", "sync-logs");
      assert.deepEqual(sync.logConfiguration, {
        logDriver: "awslogs",
        options: {
          "awslogs-group": logGroup.state.name,
          "awslogs-region": syncArgs.region,
          "awslogs-stream-prefix": syncArgs.containerName,
          mode: "non-blocking",
        },
      });
    });

    it("keeps the logs for the given retention, encrypted with the given key", () => {
      const logGroup = cloud.one("aws:cloudwatch/logGroup:LogGroup", "sync-logs");
      assert.equal(logGroup.inputs.retentionInDays, syncArgs.logRetentionDays);
      assert.equal(logGroup.inputs.kmsKeyId, CELL_KEY);
      const bareLogs = cloud.one("aws:cloudwatch/logGroup:LogGroup", "bare-logs");
      assert.equal(bareLogs.inputs.retentionInDays, 7);
      assert.equal(bareLogs.inputs.kmsKeyId, undefined);
    });

    it("gives SIGTERM the stop timeout passed", () => {
      assert.equal(container("sync-task").stopTimeout, syncArgs.stopTimeoutSeconds);
      assert.equal(container("bare-task").stopTimeout, 45);
    });

    // ECS.8: credentials only as ECS secrets, never as plain environment values.
    it("passes the data tier's and the extra credentials only as ECS secrets", () => {
      const sync = container("sync-task");
      assert.deepEqual(sync.secrets, [...dataAccess.secrets, ...syncArgs.secrets!]);
      const expectedEnv = { ...syncArgs.environment, ...dataAccess.environment };
      assert.deepEqual(
        Object.fromEntries(sync.environment.map((e: { name: string; value: string }) => [e.name, e.value])),
        expectedEnv,
      );
      const plain = JSON.stringify(sync.environment);
      for (const arn of [DB_SECRET, BROKER_SECRET, PARTNER_SECRET]) assert.ok(!plain.includes(arn));
      assert.deepEqual(container("bare-task").secrets, []);
    });

    it("lets the execution role read exactly the data tier's and the extra secrets, decrypting only via Secrets Manager", () => {
      const policies = policiesOf("sync-execution");
      const reads = statementsGranting(policies, "secretsmanager:GetSecretValue");
      assert.deepEqual(
        reads.flatMap((s: any) => [s.Resource].flat()).sort(),
        [DB_SECRET, BROKER_SECRET, PARTNER_SECRET].sort(),
      );
      const decrypts = statementsGranting(policies, "kms:Decrypt");
      assert.ok(decrypts.length > 0);
      for (const statement of decrypts) {
        assert.equal(statement.Resource, CELL_KEY);
        assert.deepEqual(statement.Condition, {
          StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
        });
      }
      const extra = policyOf(cloud.one("aws:iam/rolePolicy:RolePolicy", "sync-secrets"));
      assert.deepEqual(extra.Statement[0].Resource, [PARTNER_SECRET]);
    });

    it("lets the task role use the data tier's bucket but read no secret, since ECS injects them all at start", () => {
      const policies = policiesOf("sync-task");
      assert.ok(policies.length > 0);
      assert.deepEqual(statementsGranting(policies, "secretsmanager:GetSecretValue"), []);
      assert.deepEqual(
        statementsGranting(policies, "kms:Decrypt").filter((s: any) => JSON.stringify(s).includes("secretsmanager")),
        [],
      );
      assert.ok(statementsGranting(policies, "s3:GetObject").length > 0);
      assert.ok(statementsGranting(policies, "s3:GetObject").every((s: any) => s.Resource === `${BUCKET}/*`));
    });

    it("trusts only ECS tasks of this account for both roles", () => {
      for (const role of ["sync-execution", "sync-task", "bare-execution", "bare-task"]) {
        const trust = JSON.parse(cloud.one("aws:iam/role:Role", role).inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement, [
          {
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
          },
        ]);
      }
    });

    it("admits the client's group to each store on the store's port, and no CIDR", () => {
      const egress = cloud
        .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .filter((r) => r.inputs.securityGroupId === syncArgs.securityGroupId);
      assert.deepEqual(
        egress.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.cidrIpv4]),
        dataAccess.stores.map((s) => [s.securityGroupId, s.port, undefined]),
      );
      const ingress = cloud
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.referencedSecurityGroupId === syncArgs.securityGroupId);
      assert.deepEqual(
        ingress.map((r) => [r.inputs.securityGroupId, r.inputs.fromPort]),
        dataAccess.stores.map((s) => [s.securityGroupId, s.port]),
      );
    });

    it("exposes as ready every role policy and security group rule the tasks need before starting", async () => {
      const urns = await Promise.all(sync.ready.map((r) => new Promise<string>((done) => r.urn.apply(done))));
      const needed = cloud.resources
        .filter((r) => r.name.startsWith("sync-"))
        .filter((r) =>
          [
            "aws:iam/rolePolicy:RolePolicy",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
          ].includes(r.type),
        )
        .map((r) => r.urn);
      assert.equal(needed.length, 2 + 2 * dataAccess.stores.length + 2);
      assert.deepEqual([...urns].sort(), [...needed].sort());
    });

    it("lets a private image's execution role pull exactly its repository, and grants no secrets without any", async () => {
      const policies = policiesOf("bare-execution");
      assert.equal(policies.length, 1, "only the log and image policy: no data tier, no extra secrets");
      const ready = await Promise.all(bare.ready.map((r) => new Promise<string>((done) => r.urn.apply(done))));
      assert.deepEqual(ready, [policies[0].urn]);
      const statements = policyOf(policies[0]).Statement;
      assert.deepEqual(
        statements.map((s: any) => [s.Sid, s.Resource]),
        [
          ["WriteLogs", `${cloud.one("aws:cloudwatch/logGroup:LogGroup", "bare-logs").state.arn}:log-stream:*`],
          ["EcrLogin", "*"],
          ["PullImage", `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/storefront/jobs`],
        ],
      );
      assert.equal(cloud.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.startsWith("bare-")).length, 1);
    });
  });

  describe("guard clauses", () => {
    before(async () => {
      await new MockCloud().install("fargate-task-guards");
    });
    after(async () => {
      await pulumi.runtime.disconnect();
    });

    it("refuses a CPU/memory pair Fargate does not run", () => {
      assert.throws(
        () => new FargateTask("size", { ...syncArgs, cpu: 512, memory: 512 }),
        /FargateTask size: cpu 512 \/ memory 512: Fargate does not run 512 CPU units with 512 MiB/,
      );
      assert.throws(
        () => new FargateTask("cpu", { ...syncArgs, cpu: 300 }),
        /FargateTask cpu: cpu 300 .*CPU must be one of/,
      );
    });

    it("refuses a stop timeout outside Fargate's 2..120 seconds", () => {
      for (const value of [1, 121, 30.5]) {
        assert.throws(
          () => new FargateTask(`stop-${value}`, { ...syncArgs, stopTimeoutSeconds: value }),
          new RegExp(`stopTimeoutSeconds must be a whole number from 2 to 120, got ${value}`),
        );
      }
    });

    it("refuses a family or container name ECS does not accept", () => {
      assert.throws(
        () => new FargateTask("family", { ...syncArgs, family: "catalog:sync" }),
        /family must be 1-255 letters, digits, - and _, got "catalog:sync"/,
      );
      assert.throws(
        () => new FargateTask("container", { ...syncArgs, containerName: "" }),
        /containerName must be 1-255 letters, digits, - and _, got ""/,
      );
    });

    it("refuses secrets without the ARNs behind them, and ARNs without secrets", () => {
      assert.throws(
        () => new FargateTask("no-arns", { ...syncArgs, secretArns: [] }),
        /secrets \(1\) and secretArns \(0\) go together/,
      );
      assert.throws(
        () => new FargateTask("no-secrets", { ...syncArgs, secrets: [] }),
        /secrets \(0\) and secretArns \(1\) go together/,
      );
    });

    it("refuses a variable given both as plain environment and as a secret", () => {
      assert.throws(
        () => new FargateTask("twice", { ...syncArgs, environment: { DB_PASSWORD: "plain" } }),
        /environment and secret names repeat: DB_PASSWORD/,
      );
    });
  });
});
