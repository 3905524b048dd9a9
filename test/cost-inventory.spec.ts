/**
 * The estimate is computed from what the stacks create: for every fleet under test, the
 * counts and sizes the bill of materials reads from config (cost/bill-of-materials.ts) equal
 * the resources the program registers for that config. A change to the program that the
 * estimate does not follow (a fourth broker instance, another endpoint, x86 tasks) fails here.
 */
import * as assert from "node:assert/strict";
import { CellConfig, readCellConfig } from "../config/cell";
import { readGlobalConfig } from "../config/global";
import { loadStackConfig } from "../config/files";
import { fargateCapacityStrategy, spotPercentMix } from "../capacity/fargate-mix";
import { cellCapacityDay, capacityInputOf, SEASONS } from "../capacity/cell-capacity";
import { cellInventory } from "../cost/bill-of-materials";
import { edgeHealthChecks, WAF_RULES } from "../cost/edge-bill";
import { fleetsUnderTest } from "./support/fleets";
import { evaluateFleet, StackEvaluation } from "./support/evaluate";

describe("cost: the bill of materials matches the recorded resources", () => {
  for (const { name, root } of fleetsUnderTest()) {
    describe(name, () => {
      let fleet: StackEvaluation[] = [];
      const configs = new Map<string, CellConfig>();
      const configOf = (stack: string) => configs.get(stack)!;
      before(async () => {
        fleet = await evaluateFleet(root);
        for (const { stack } of fleet.filter((s) => s.stack !== "global")) {
          configs.set(stack, readCellConfig(loadStackConfig(stack, root), stack));
        }
      });

      it("every cell: NAT gateways, endpoints, Aurora, cache, broker, keys, secrets and buckets", () => {
        const cells = fleet.filter((s) => s.stack !== "global");
        assert.ok(cells.length > 0);
        for (const { stack, cloud } of cells) {
          const config = configOf(stack);
          const inventory = cellInventory(config);
          const at = (what: string) => `${name} ${stack}: ${what}`;

          const vpc = cloud.one("awsx:ec2:Vpc").inputs;
          const natGateways = vpc.natGateways.strategy === "OnePerAz" ? vpc.availabilityZoneNames.length : 1;
          assert.equal(inventory.natGateways, natGateways, at("NAT gateways"));

          const endpoints = cloud
            .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
            .filter((e) => e.inputs.vpcEndpointType === "Interface");
          assert.deepEqual(
            endpoints.map((e) => String(e.inputs.serviceName).replace(`com.amazonaws.${config.region}.`, "")).sort(),
            [...inventory.interfaceEndpoints].sort(),
            at("interface endpoints"),
          );
          for (const e of endpoints) assert.equal(e.inputs.subnetIds.length, inventory.endpointAzs, at("endpoint AZs"));

          const instances = cloud.ofType("aws:rds/clusterInstance:ClusterInstance");
          assert.equal(instances.length, inventory.auroraInstances, at("Aurora instances"));
          for (const i of instances) assert.equal(i.inputs.instanceClass, inventory.auroraInstanceClass, at("class"));
          const readers = cloud
            .ofType("aws:appautoscaling/target:Target")
            .find((t) => t.inputs.scalableDimension === "rds:cluster:ReadReplicaCount");
          assert.equal(readers?.inputs.minCapacity + 1, inventory.auroraInstances, at("reader floor"));
          assert.equal(readers?.inputs.maxCapacity + 1, inventory.auroraInstancesAtCeiling, at("reader ceiling"));

          const cache = cloud.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs;
          assert.equal(cache.numCacheClusters, inventory.cacheNodes, at("cache nodes"));
          assert.equal(cache.nodeType, inventory.cacheNodeType, at("cache node type"));

          const broker = cloud.one("aws:mq/broker:Broker").inputs;
          assert.equal(broker.hostInstanceType, inventory.brokerInstanceType, at("broker instance type"));
          assert.equal(broker.deploymentMode, inventory.brokerDeploymentMode, at("broker mode"));
          // A cluster runs three brokers, one per subnet; a single instance one.
          assert.equal(broker.subnetIds.length, inventory.brokerInstances, at("broker instances"));

          assert.equal(cloud.ofType("aws:kms/key:Key").length, inventory.kmsKeys, at("KMS keys"));
          const secrets = cloud.ofType("aws:secretsmanager/secret:Secret");
          assert.equal(secrets.length, inventory.secrets, at("secrets"));
          const replicas = secrets.reduce((sum, s) => sum + (s.inputs.replicas?.length ?? 0), 0);
          assert.equal(replicas, inventory.secretReplicas, at("secret replicas"));
          assert.equal(cloud.ofType("aws:s3/bucket:Bucket").length, inventory.buckets, at("buckets"));
        }
      });

      it("every cell: ARM64 task sizes, the web floors by hour and the Fargate mixes priced", () => {
        for (const { stack, cloud } of fleet.filter((s) => s.stack !== "global")) {
          const config = configOf(stack);
          const at = (what: string) => `${name} ${stack}: ${what}`;
          const task = (suffix: string) => cloud.one("aws:ecs/taskDefinition:TaskDefinition", suffix).inputs;
          for (const [suffix, size] of [
            ["-web-task", config.web],
            ["-worker-task", config.background.worker],
          ] as const) {
            const inputs = task(suffix);
            assert.equal(Number(inputs.cpu), size.cpu, at(`${suffix} cpu`));
            assert.equal(Number(inputs.memory), size.memory, at(`${suffix} memory`));
          }
          for (const definition of cloud.ofType("aws:ecs/taskDefinition:TaskDefinition")) {
            assert.equal(
              definition.inputs.runtimePlatform.cpuArchitecture,
              "ARM64",
              at(`${definition.name} is priced as ARM64`),
            );
          }
          const floors = cloud
            .ofType("aws:appautoscaling/scheduledAction:ScheduledAction")
            .filter((a) => a.name.includes("-web-"))
            .map((a) => a.inputs.scalableTargetAction.minCapacity);
          // The floors the capacity model (and so the estimate) reads are the floors the program schedules.
          if (capacityInputOf(config)) {
            for (const season of SEASONS) {
              for (const hour of cellCapacityDay(config, season)) {
                assert.ok(
                  floors.includes(hour.floorTasks),
                  at(`${season} ${hour.utcHour}:00 floor ${hour.floorTasks}`),
                );
              }
            }
          }

          const strategy = (suffix: string) =>
            cloud
              .one("aws:ecs/service:Service", suffix)
              .inputs.capacityProviderStrategies.map((s: Record<string, unknown>) => ({ ...s }));
          assert.deepEqual(
            strategy("-web"),
            fargateCapacityStrategy(spotPercentMix(config.web.minTasks, config.web.spotPercent)),
            at("web mix"),
          );
          assert.deepEqual(strategy("-worker"), fargateCapacityStrategy(config.background.worker), at("worker mix"));
        }
      });

      it("the edge: the health checks the program and ARC create, and the web ACL's rules", () => {
        const edge = fleet.find((s) => s.stack === "global");
        assert.ok(edge, `${name} has a global stack`);
        const config = readGlobalConfig(loadStackConfig("global", root), "global");
        const priced = edgeHealthChecks(config.cells.length);
        assert.equal(edge.cloud.ofType("aws:route53/healthCheck:HealthCheck").length, priced.program);
        // ARC creates two Route 53 health checks per plan (one per region of the plan).
        assert.equal(edge.cloud.ofType("aws:arcregionswitch/plan:Plan").length * 2, priced.regionSwitch);
        assert.equal(edge.cloud.one("aws:wafv2/webAcl:WebAcl").inputs.rules.length, WAF_RULES);
      });
    });
  }
});
