import { strict as assert } from "node:assert";
import { stackSuite } from "./support/evaluate";
import { MockCloud, RecordedResource } from "../offline/mock-cloud";

/** The cell's worker service as the stack programs build it, against each stack's config. */
describe("cell worker service", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, cloud, config }) => {
    const worker = () => config.background.worker;
    const childOf = (type: string, parentType: string): RecordedResource => {
      const matches = cloud()
        .ofType(type)
        .filter((r) => r.parentType === parentType);
      assert.equal(matches.length, 1, `one ${type} under ${parentType}`);
      return matches[0];
    };
    const service = () => childOf("aws:ecs/service:Service", "storefront:cell:WorkerService");
    const target = () => childOf("aws:appautoscaling/target:Target", "storefront:cell:WorkerScaling");
    const policy = () => childOf("aws:appautoscaling/policy:Policy", "storefront:cell:WorkerScaling");
    const metric = (name: string) =>
      policy().inputs.targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics.find(
        (m: any) => m.metricStat?.metric.metricName === name,
      ).metricStat.metric;
    const dimension = (name: string, key: string) =>
      metric(name).dimensions.find((d: { name: string }) => d.name === key)?.value;
    const cluster = (c: MockCloud) => c.one("aws:ecs/cluster:Cluster");

    it("runs one worker service, in the cell's cluster and region", () => {
      assert.equal(cloud().ofType("storefront:cell:WorkerService").length, 1);
      assert.equal(service().inputs.cluster, cluster(cloud()).state.arn);
      assert.equal(service().region, stack);
    });

    it("splits the tasks between on-demand and Spot as storefront:worker configures", () => {
      const { onDemandBase, onDemandWeight, spotWeight } = worker();
      const strategy = service().inputs.capacityProviderStrategies;
      const onDemand = strategy.find((s: any) => s.capacityProvider === "FARGATE");
      const spot = strategy.find((s: any) => s.capacityProvider === "FARGATE_SPOT");
      if (onDemandBase > 0 || onDemandWeight > 0) {
        assert.deepEqual([onDemand.base, onDemand.weight], [onDemandBase, onDemandWeight]);
      } else {
        assert.equal(onDemand, undefined);
      }
      if (spotWeight > 0) assert.deepEqual([spot.base, spot.weight], [0, spotWeight]);
      else assert.equal(spot, undefined);
    });

    it("scales between the configured bounds on the configured backlog per task", () => {
      const { minTasks, maxTasks, messagesPerTask } = worker();
      assert.deepEqual([target().inputs.minCapacity, target().inputs.maxCapacity], [minTasks, maxTasks]);
      assert.equal(service().inputs.desiredCount, minTasks);
      assert.equal(policy().inputs.targetTrackingScalingPolicyConfiguration.targetValue, messagesPerTask);
      assert.equal(
        target().inputs.resourceId,
        `service/${cluster(cloud()).state.name}/${service().state.name}`,
        "the scalable target is this cell's worker service",
      );
    });

    it("reads the backlog of this cell's broker and the running tasks of this cell's worker service", () => {
      assert.equal(dimension("MessageReadyCount", "Broker"), cloud().one("aws:mq/broker:Broker").inputs.brokerName);
      assert.equal(dimension("RunningTaskCount", "ClusterName"), cluster(cloud()).state.name);
      assert.equal(dimension("RunningTaskCount", "ServiceName"), service().state.name);
      // RunningTaskCount is a Container Insights metric: without it the divisor has no data.
      const insights = cluster(cloud()).inputs.settings.find((s: { name: string }) => s.name === "containerInsights");
      assert.ok(["enabled", "enhanced"].includes(insights?.value), "Container Insights publishes RunningTaskCount");
    });

    it("runs in the cell's private subnets without public IPs, in a group no one may enter", () => {
      const group = childOf("aws:ec2/securityGroup:SecurityGroup", "storefront:cell:WorkerService");
      assert.deepEqual(service().inputs.networkConfiguration, {
        subnets: cloud().one("awsx:ec2:Vpc").state.privateSubnetIds,
        securityGroups: [group.id],
        assignPublicIp: false,
      });
      assert.equal(service().inputs.loadBalancers, undefined);
      assert.deepEqual(
        cloud()
          .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
          .filter((r) => r.inputs.securityGroupId === group.id),
        [],
      );
    });

    it("reaches exactly the cell's data stores, each admitting it on the store's own port, and HTTPS out", () => {
      const group = childOf("aws:ec2/securityGroup:SecurityGroup", "storefront:cell:WorkerService").id;
      const storeGroup = (parentType: string) => childOf("aws:ec2/securityGroup:SecurityGroup", parentType).id;
      // Amazon MQ for RabbitMQ takes AMQP over TLS on 5671 only.
      const stores = [
        [storeGroup("storefront:data:AuroraDatabase"), cloud().one("aws:rds/cluster:Cluster").inputs.port],
        [
          storeGroup("storefront:data:ValkeyCache"),
          cloud().one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.port,
        ],
        [storeGroup("storefront:data:RabbitMqBroker"), 5671],
      ].sort();
      const ingress = cloud()
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.referencedSecurityGroupId === group)
        .map((r) => [r.inputs.securityGroupId, r.inputs.fromPort, r.inputs.toPort]);
      assert.deepEqual(ingress.sort(), stores.map(([id, port]) => [id, port, port]).sort());
      const egress = cloud()
        .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .filter((r) => r.inputs.securityGroupId === group)
        .map((r) => [r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort]);
      assert.deepEqual(
        egress.sort(),
        [...stores.map(([id, port]) => [id, port, port]), ["0.0.0.0/0", 443, 443]].sort(),
      );
    });

    it("runs the configured image, command, size and stop timeout", () => {
      const { image, command, cpu, memory, stopTimeoutSeconds } = worker();
      const definition = cloud()
        .ofType("aws:ecs/taskDefinition:TaskDefinition")
        .find((r) => r.state.arn === service().inputs.taskDefinition);
      assert.ok(definition, "the service runs a recorded task definition");
      assert.deepEqual([definition.inputs.cpu, definition.inputs.memory], [String(cpu), String(memory)]);
      const container = JSON.parse(definition.inputs.containerDefinitions)[0];
      assert.equal(container.image, image);
      assert.deepEqual(container.command, command);
      assert.equal(container.stopTimeout, stopTimeoutSeconds);
    });
  });
});
