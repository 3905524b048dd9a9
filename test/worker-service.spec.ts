import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { WorkerService, WorkerServiceArgs } from "../components/cell/worker-service";
import { DataAccess } from "../components/data/client-access";
import { resolve } from "./support/evaluate";
import { MockCloud } from "../offline/mock-cloud";

const ACCOUNT = "123456789012";
const DB_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-master-AbCdEf`;
const BROKER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:broker-admin-AbCdEf`;

/** A data tier made of literal values, so every expectation below is known in advance. */
const dataAccess: DataAccess = {
  region: "us-east-1",
  environment: { BROKER_URL: "amqps://b-1.mq.us-east-1.on.aws:5671" },
  secrets: [
    { name: "DB_PASSWORD", valueFrom: `${DB_SECRET}:password::` },
    { name: "BROKER_PASSWORD", valueFrom: `${BROKER_SECRET}:password::` },
  ],
  secretArns: [DB_SECRET, BROKER_SECRET],
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/cell-key-id`,
  bucketArn: "arn:aws:s3:::storefront-media-0a1b2c3",
  stores: [
    { name: "database", securityGroupId: "sg-database", port: 5432 },
    { name: "broker", securityGroupId: "sg-broker", port: 5671 },
  ],
};

const base: Omit<WorkerServiceArgs, "clusterReady"> = {
  accountId: ACCOUNT,
  region: "us-east-1",
  clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/cell-0a1b2c3`,
  clusterName: "cell-0a1b2c3",
  vpcId: "vpc-cell",
  subnetIds: ["subnet-private-a", "subnet-private-b"],
  image: "ghcr.io/example/storefront-worker:3.1.0",
  command: ["node", "worker.js"],
  cpu: 512,
  memory: 1024,
  minTasks: 2,
  maxTasks: 12,
  onDemandBase: 1,
  onDemandWeight: 1,
  spotWeight: 3,
  environment: { QUEUE: "orders" },
  dataAccess,
  logRetentionDays: 14,
  brokerName: "storefront-us-east-1",
  messagesPerTask: 250,
  stopTimeoutSeconds: 120,
};

/** All on Spot, a floor of one, a shorter stop timeout and another broker. */
const spotOnly: Partial<WorkerServiceArgs> = {
  minTasks: 1,
  maxTasks: 4,
  onDemandBase: 0,
  onDemandWeight: 0,
  spotWeight: 1,
  stopTimeoutSeconds: 45,
  brokerName: "storefront-eu-west-1",
  messagesPerTask: 40,
  dataAccess: undefined,
};

describe("WorkerService", () => {
  describe("built", () => {
    const cloud = new MockCloud();
    const built: Record<string, { args: WorkerServiceArgs; worker: WorkerService }> = {};
    let clusterReadyUrn: string;
    before(async () => {
      await cloud.install("worker-service");
      const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
      const capacity = new aws.ecs.ClusterCapacityProviders(
        "cluster",
        { clusterName: base.clusterName, capacityProviders: ["FARGATE", "FARGATE_SPOT"] },
        { provider },
      );
      for (const [name, variant] of [
        ["orders", {}],
        ["spot", spotOnly],
      ] as const) {
        const args: WorkerServiceArgs = { ...base, ...variant, clusterReady: [capacity] };
        built[name] = { args, worker: new WorkerService(name, args, { providers: [provider] }) };
      }
      clusterReadyUrn = await resolve(capacity.urn);
      // Every registration has reached the mocks before anything is read.
      await pulumi.runtime.disconnect();
    });

    const service = (name: string) => cloud.one("aws:ecs/service:Service", name);
    const container = (name: string) =>
      JSON.parse(cloud.one("aws:ecs/taskDefinition:TaskDefinition", `${name}-task`).inputs.containerDefinitions)[0];
    const policy = (name: string) => cloud.one("aws:appautoscaling/policy:Policy", `${name}-scaling-backlog`);
    const metrics = (name: string) =>
      policy(name).inputs.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics;

    it("splits the tasks between FARGATE and FARGATE_SPOT by the base and weights passed", () => {
      const { args } = built.orders;
      assert.deepEqual(service("orders").inputs.capacityProviderStrategies, [
        { capacityProvider: "FARGATE", base: args.onDemandBase, weight: args.onDemandWeight },
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: args.spotWeight },
      ]);
      // No on-demand share at all: ECS is not handed a provider it may not use.
      assert.deepEqual(service("spot").inputs.capacityProviderStrategies, [
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: built.spot.args.spotWeight },
      ]);
    });

    it("runs in the given private subnets without a public IP, in its own group, behind no load balancer", () => {
      for (const name of ["orders", "spot"]) {
        const { args } = built[name];
        const group = cloud.one("aws:ec2/securityGroup:SecurityGroup", `${name}-tasks`);
        assert.equal(group.inputs.vpcId, args.vpcId);
        assert.deepEqual(service(name).inputs.networkConfiguration, {
          subnets: args.subnetIds,
          securityGroups: [group.id],
          assignPublicIp: false,
        });
        assert.equal(service(name).inputs.loadBalancers, undefined);
        assert.equal(service(name).inputs.healthCheckGracePeriodSeconds, undefined);
        assert.equal(service(name).inputs.cluster, args.clusterArn);
      }
      assert.equal(cloud.ofType("aws:lb/targetGroup:TargetGroup").length, 0);
      assert.equal(cloud.ofType("aws:lb/listenerRule:ListenerRule").length, 0);
    });

    it("admits no inbound traffic at all, and sends only HTTPS out besides the data stores' rules", () => {
      for (const name of ["orders", "spot"]) {
        const group = cloud.one("aws:ec2/securityGroup:SecurityGroup", `${name}-tasks`);
        assert.equal(group.inputs.ingress, undefined);
        assert.equal(
          cloud
            .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.inputs.securityGroupId === group.id).length,
          0,
        );
        const stores = built[name].args.dataAccess?.stores ?? [];
        const out = cloud
          .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
          .filter((r) => r.inputs.securityGroupId === group.id)
          .map((r) => [r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort]);
        assert.deepEqual(out, [
          ["0.0.0.0/0", 443, 443],
          ...stores.map((store) => [store.securityGroupId, store.port, store.port]),
        ]);
      }
    });

    // docs/aws-behaviours.md #10: re-applying desiredCount fights autoscaling.
    it("starts minTasks, leaves desiredCount to autoscaling afterwards and rolls back failed deployments", () => {
      for (const name of ["orders", "spot"]) {
        const recorded = service(name);
        assert.equal(recorded.inputs.desiredCount, built[name].args.minTasks);
        assert.deepEqual(recorded.ignoreChanges, ["desiredCount"]);
        assert.deepEqual(recorded.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
        assert.equal(recorded.inputs.propagateTags, "SERVICE");
        assert.equal(recorded.inputs.enableEcsManagedTags, true);
      }
    });

    it("waits for the cluster's capacity providers and for every role policy and rule its tasks need", () => {
      const dependsOn = service("orders").dependsOn;
      assert.ok(dependsOn.includes(clusterReadyUrn));
      const needed = cloud.resources.filter(
        (r) =>
          r.name.startsWith("orders-") &&
          [
            "aws:iam/rolePolicy:RolePolicy",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
          ].includes(r.type) &&
          r.parentType !== "storefront:cell:WorkerService",
      );
      // The execution policy, the data tier's two role policies and a rule pair per store.
      assert.equal(needed.length, 1 + 2 + 2 * dataAccess.stores.length);
      for (const resource of needed) assert.ok(dependsOn.includes(resource.urn), resource.name);
    });

    it("gives SIGTERM the stop timeout passed", () => {
      assert.equal(container("orders").stopTimeout, base.stopTimeoutSeconds);
      assert.equal(container("spot").stopTimeout, spotOnly.stopTimeoutSeconds);
      assert.equal(container("orders").image, base.image);
      assert.deepEqual(container("orders").command, base.command);
      assert.deepEqual(container("orders").secrets, dataAccess.secrets);
    });

    it("scales the service between minTasks and maxTasks, without ignoring a changed floor", () => {
      for (const name of ["orders", "spot"]) {
        const { args } = built[name];
        const target = cloud.one("aws:appautoscaling/target:Target", `${name}-scaling-target`);
        assert.equal(target.inputs.resourceId, `service/${args.clusterName}/${service(name).state.name}`);
        assert.equal(target.inputs.serviceNamespace, "ecs");
        assert.equal(target.inputs.scalableDimension, "ecs:service:DesiredCount");
        assert.deepEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [args.minTasks, args.maxTasks]);
        assert.deepEqual(target.ignoreChanges, [], "no scheduled actions own the floor");
        assert.equal(policy(name).inputs.resourceId, target.inputs.resourceId);
      }
    });

    it("tracks the broker's ready messages per running task of this service at messagesPerTask", () => {
      for (const name of ["orders", "spot"]) {
        const { args } = built[name];
        const config = policy(name).inputs.targetTrackingScalingPolicyConfiguration;
        assert.equal(policy(name).inputs.policyType, "TargetTrackingScaling");
        assert.equal(config.targetValue, args.messagesPerTask);
        assert.deepEqual([config.scaleOutCooldown, config.scaleInCooldown], [60, 300]);
        const all = metrics(name);
        const ready = all.find((m: any) => m.metricStat?.metric.metricName === "MessageReadyCount");
        const tasks = all.find((m: any) => m.metricStat?.metric.metricName === "RunningTaskCount");
        assert.deepEqual(ready.metricStat, {
          metric: {
            namespace: "AWS/AmazonMQ",
            metricName: "MessageReadyCount",
            dimensions: [{ name: "Broker", value: args.brokerName }],
          },
          stat: "Average",
        });
        assert.deepEqual(tasks.metricStat, {
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: [
              { name: "ClusterName", value: args.clusterName },
              { name: "ServiceName", value: service(name).state.name },
            ],
          },
          stat: "Average",
        });
        // Only the quotient is the tracked metric; the divisor never drops below one task.
        const returned = all.filter((m: any) => m.returnData === true);
        assert.equal(returned.length, 1);
        assert.equal(returned[0].expression, `${ready.id} / IF(${tasks.id} > 0, ${tasks.id}, 1)`);
        assert.equal(all.length, 3);
      }
    });

    it("exposes the recorded service, group, task definition, scaling target and policy", async () => {
      const { worker } = built.orders;
      const exposed = await resolve({
        serviceName: worker.serviceName,
        serviceArn: worker.serviceArn,
        securityGroupId: worker.securityGroupId,
        taskDefinitionArn: worker.taskDefinitionArn,
        logGroupName: worker.logGroupName,
        scalingPolicyArn: worker.scalingPolicyArn,
        scalingResourceId: worker.scalingResourceId,
      });
      assert.deepEqual(exposed, {
        serviceName: service("orders").state.name,
        serviceArn: service("orders").id,
        securityGroupId: cloud.one("aws:ec2/securityGroup:SecurityGroup", "orders-tasks").id,
        taskDefinitionArn: cloud.one("aws:ecs/taskDefinition:TaskDefinition", "orders-task").state.arn,
        logGroupName: cloud.one("aws:cloudwatch/logGroup:LogGroup", "orders-logs").state.name,
        scalingPolicyArn: policy("orders").state.arn,
        scalingResourceId: cloud.one("aws:appautoscaling/target:Target", "orders-scaling-target").inputs.resourceId,
      });
      assert.equal(service("orders").inputs.taskDefinition, exposed.taskDefinitionArn);
    });
  });

  describe("guard clauses", () => {
    const args = (overrides: Partial<WorkerServiceArgs>): WorkerServiceArgs => ({
      ...base,
      clusterReady: [],
      ...overrides,
    });
    before(async () => {
      await new MockCloud().install("worker-service-guards");
    });
    after(async () => {
      await pulumi.runtime.disconnect();
    });

    it("refuses a floor above the ceiling, or a floor of no task", () => {
      assert.throws(
        () => new WorkerService("order", args({ minTasks: 5, maxTasks: 4 })),
        /scalable target order-scaling-target: need minTasks \(5\) <= maxTasks \(4\)/,
      );
      assert.throws(
        () => new WorkerService("idle", args({ minTasks: 0 })),
        /scalable target idle-scaling-target: task counts must be a whole number from 1 to 1000, got 0/,
      );
    });

    // ECS refuses a capacity provider strategy whose weights are all zero.
    it("refuses a strategy whose weights are both zero", () => {
      assert.throws(
        () => new WorkerService("weights", args({ onDemandWeight: 0, spotWeight: 0 })),
        /onDemandWeight and spotWeight must not both be 0/,
      );
      assert.throws(
        () => new WorkerService("negative", args({ spotWeight: -1 })),
        /spotWeight must be a whole number from 0 to 1000, got -1/,
      );
    });

    it("refuses a stop timeout above Fargate's 120 seconds", () => {
      assert.throws(
        () => new WorkerService("stop", args({ stopTimeoutSeconds: 121 })),
        /FargateTask stop: stopTimeoutSeconds must be a whole number from 2 to 120, got 121/,
      );
    });

    it("refuses a backlog target that is not above zero", () => {
      assert.throws(
        () => new WorkerService("target", args({ messagesPerTask: 0 })),
        /WorkerScaling target-scaling: messagesPerTask must be a whole number from 1 to 100000, got 0/,
      );
    });
  });
});
