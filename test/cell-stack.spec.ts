import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { fixtureRaw } from "./fixtures/three-cells";
import { MockCloud } from "../offline/mock-cloud";
import { cellConfigOf, cellStacks, evaluateStack, mockStackName, stackSuite } from "./support/evaluate";

describe("cell stacks", () => {
  const suite = stackSuite();
  const { byName } = suite;

  suite.eachStack(({ stack, config, cloud }) => {
    it("makes only invokes the mocks know, and meets no mock error", () => {
      assert.deepEqual(cloud().unknownInvokes, []);
      assert.deepEqual(cloud().errors, []);
      assert.ok(cloud().invokes.length > 0);
    });

    it("registers every resource under a distinct URN", () => {
      const urns = cloud().resources.map((r) => r.urn);
      assert.ok(urns.length > 40);
      assert.equal(new Set(urns).size, urns.length);
    });

    it("creates one aws provider for the stack's region, with the default tags", () => {
      const providers = cloud().ofType("pulumi:providers:aws");
      assert.equal(providers.length, 1);
      assert.equal(providers[0].inputs.region, stack);
      const tags = JSON.parse(providers[0].inputs.defaultTags).tags;
      assert.deepEqual(tags, {
        app: config.shared.app,
        cell: stack,
        stack,
        owner: config.shared.owner,
        "managed-by": "pulumi",
      });
    });

    it("creates every AWS resource through that provider, none through a default provider", () => {
      const aws = cloud().resources.filter((r) => r.custom && r.type.startsWith("aws:"));
      assert.ok(aws.length > 40);
      for (const resource of aws) {
        assert.doesNotMatch(
          resource.provider,
          /::default/,
          `${resource.type} ${resource.name} uses a default provider`,
        );
        assert.equal(resource.region, stack, `${resource.type} ${resource.name}`);
      }
      for (const invoke of cloud().invokes) assert.equal(invoke.region, stack, invoke.token);
    });

    it("groups everything under one RegionalCell component", () => {
      const cell = cloud().one("storefront:cell:RegionalCell");
      assert.equal(cell.parentType, "");
      const children = cloud().resources.filter((r) => r.parentType === "storefront:cell:RegionalCell");
      assert.deepEqual(children.map((r) => r.type).sort(), [
        "storefront:cell:Cluster",
        "storefront:cell:Ingress",
        "storefront:cell:Network",
        "storefront:cell:ServiceScaling",
        "storefront:cell:WebService",
        "storefront:cell:WorkerService",
        "storefront:data:AuroraDatabase",
        "storefront:data:CellKey",
        "storefront:data:ObjectStore",
        "storefront:data:RabbitMqBroker",
        "storefront:data:ValkeyCache",
        "storefront:jobs:ExternalSystems",
        "storefront:jobs:ScheduledJobs",
        "storefront:ops:CellAlarms",
        ...(config.zonalAutoshift.enabled ? ["storefront:ops:ZonalAutoshift"] : []),
      ]);
      const loose = cloud().resources.filter((r) => r.custom && r.parentType === "" && !r.type.startsWith("pulumi:"));
      assert.deepEqual(
        loose.map((r) => r.type),
        // The home's two origin secret slots stay at the top, where the first was created.
        byName(stack).outputs.isHome
          ? ["random:index/randomPassword:RandomPassword", "random:index/randomPassword:RandomPassword"]
          : [],
      );
    });

    it("exports what other stacks read: region, VPC CIDR, ALB DNS name and zone id", () => {
      const { outputs } = byName(stack);
      const alb = cloud().one("aws:lb/loadBalancer:LoadBalancer");
      assert.equal(outputs.region, stack);
      assert.equal(outputs.vpcCidr, cellConfigOf(stack).cidr);
      assert.equal(outputs.albDnsName, alb.state.dnsName);
      assert.equal(outputs.albZoneId, alb.state.zoneId);
      assert.equal(outputs.originHostName, `origin.${config.shared.domain}`);
      assert.equal(outputs.availabilityZones.length, config.azCount);
    });

    it("exports the health alarm Route 53 follows: the web target group's healthy tasks, in a form Route 53 accepts", () => {
      const { outputs } = byName(stack);
      const alarm = cloud().one("aws:cloudwatch/metricAlarm:MetricAlarm", "-health");
      const alb = cloud().one("aws:lb/loadBalancer:LoadBalancer");
      const targetGroup = cloud().one("aws:lb/targetGroup:TargetGroup");
      assert.equal(outputs.healthAlarmName, alarm.inputs.name);
      assert.equal(outputs.healthAlarmName, `${config.shared.app}-${stack}-web-no-healthy-tasks`);
      assert.equal(alarm.region, stack);
      assert.equal(alarm.inputs.namespace, "AWS/ApplicationELB");
      assert.equal(alarm.inputs.metricName, "HealthyHostCount");
      assert.deepEqual(alarm.inputs.dimensions, {
        LoadBalancer: alb.state.arnSuffix,
        TargetGroup: targetGroup.state.arnSuffix,
      });
      assert.equal(alarm.inputs.comparisonOperator, "LessThanThreshold");
      assert.equal(alarm.inputs.threshold, 1);
      assert.equal(alarm.inputs.treatMissingData, "breaching");
      // Route 53 follows only standard-resolution alarms on a plain statistic, without metric math.
      assert.ok(["Average", "Minimum", "Maximum", "Sum", "SampleCount"].includes(alarm.inputs.statistic));
      assert.ok(alarm.inputs.period >= 60);
      assert.equal(alarm.inputs.extendedStatistic, undefined);
      assert.equal(alarm.inputs.metricQueries, undefined);
    });
  });

  describe("home cell", () => {
    it("generates the origin secret's two slots, protects the active one, and exports the active one and both as secret outputs", async () => {
      const home = suite.all()[0];
      const { activeSlot } = cellConfigOf(home.stack).originSecret;
      const slots = ["origin-verify-secret", "origin-verify-secret-b"].map((name) =>
        home.cloud.one("random:index/randomPassword:RandomPassword", name),
      );
      const active = slots[activeSlot === "a" ? 0 : 1];
      assert.deepEqual(
        slots.map((slot) => slot.protect),
        slots.map((slot) => slot === active),
      );
      for (const slot of slots) assert.ok(slot.inputs.length >= 32);
      assert.equal(home.outputs.originVerifySecret, active.state.result);
      assert.deepEqual(
        home.outputs.originVerifySecrets,
        slots.map((slot) => slot.state.result),
      );
      for (const name of ["originVerifySecret", "originVerifySecrets"]) {
        assert.equal(await pulumi.isSecret(home.exported[name] as pulumi.Output<unknown>), true, name);
      }
      assert.equal(home.outputs.isHome, true);
      assert.equal(home.cloud.ofType("pulumi:pulumi:StackReference").length, 0);
    });
  });

  describe("joiner cells", () => {
    it("each reads the origin secret from the home stack through a StackReference, and neither makes nor exports one", () => {
      const primary = suite.all()[0].stack;
      assert.equal(cellConfigOf(primary).isHome, true);
      // A one-cell fleet is valid (remove-cell allows it): then there is nothing to check here.
      for (const stack of cellStacks().filter((s) => s !== primary)) {
        const secondary = byName(stack);
        const references = secondary.cloud.ofType("pulumi:pulumi:StackReference");
        assert.deepEqual(
          references.map((r) => r.inputs.name),
          [mockStackName(primary)],
        );
        assert.equal(
          secondary.cloud
            .ofType("random:index/randomPassword:RandomPassword")
            .filter((r) => r.name.startsWith("origin-verify-secret")).length,
          0,
        );
        assert.equal("originVerifySecret" in secondary.outputs, false);
        assert.equal("originVerifySecrets" in secondary.outputs, false);
        assert.equal(secondary.outputs.isHome, false);
      }
    });
  });

  describe("bad config", () => {
    it("stops with every problem, as a RunError, before any resource is registered", async () => {
      const raw = { ...fixtureRaw("eu-west-1"), "storefront:cidr": "10.10.0.0/8", "storefront:timeZone": "CET" };
      const cloud = new MockCloud();
      let failure: unknown;
      try {
        await evaluateStack("eu-west-1", { raw, cloud });
      } catch (error) {
        failure = error;
      }
      assert.ok(failure instanceof pulumi.RunError, `expected a RunError, got ${failure}`);
      const message = (failure as Error).message;
      assert.match(message, /storefront:cidr = "10\.10\.0\.0\/8": /);
      assert.match(message, /storefront:timeZone = "CET": must be an IANA time zone name/);
      assert.deepEqual(cloud.resources, []);
      assert.deepEqual(cloud.invokes, []);
    });

    it("refuses a stack kind it does not know", async () => {
      const raw = { ...fixtureRaw("eu-west-1"), "storefront:kind": "edge" };
      await assert.rejects(evaluateStack("eu-west-1", { raw }), /storefront:kind = "edge": must be one of "cell"/);
    });
  });
});
