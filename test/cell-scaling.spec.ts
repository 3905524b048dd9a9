import { strict as assert } from "node:assert";
import { StackEvaluation, stackSuite } from "./support/evaluate";
import { evaluateThreeCells } from "./fixtures/three-cells";

/** A web service's scheduled actions as the program registered them. */
function scheduledActions(evaluation: StackEvaluation) {
  return evaluation.cloud.ofType("aws:appautoscaling/scheduledAction:ScheduledAction").map((a) => ({
    name: a.inputs.name.replace(/^.*-(before-peak|after-peak)$/, "$1"),
    schedule: a.inputs.schedule,
    timezone: a.inputs.timezone,
    min: a.inputs.scalableTargetAction.minCapacity,
    max: a.inputs.scalableTargetAction.maxCapacity,
  }));
}

/**
 * The follow-the-sun actions the fixture fleet's stack files must produce, worked out by hand
 * from those files (window, lead time, time zone, task counts) rather than by the code under test.
 */
const EXPECTED_ACTIONS: Record<
  string,
  { name: string; schedule: string; timezone: string; min: number; max: number }[]
> = {
  "us-east-1": [
    // 18:00-23:00 New York, raised 30 minutes early.
    { name: "before-peak", schedule: "cron(30 17 * * ? *)", timezone: "America/New_York", min: 12, max: 60 },
    { name: "after-peak", schedule: "cron(0 23 * * ? *)", timezone: "America/New_York", min: 3, max: 60 },
  ],
  "eu-west-1": [
    // 19:00-23:30 Dublin, raised 30 minutes early.
    { name: "before-peak", schedule: "cron(30 18 * * ? *)", timezone: "Europe/Dublin", min: 8, max: 40 },
    { name: "after-peak", schedule: "cron(30 23 * * ? *)", timezone: "Europe/Dublin", min: 2, max: 40 },
  ],
};

describe("cell web scaling", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, cloud, config }) => {
    // The web service's scaling; the database's reader scaling has its own spec.
    const webTarget = () => cloud().one("aws:appautoscaling/target:Target", "web-scaling-target");
    const webPolicies = () =>
      cloud()
        .ofType("aws:appautoscaling/policy:Policy")
        .filter((p) => p.parentType === "storefront:cell:ServiceScaling");
    it("scales the web service between the configured floor and ceiling", () => {
      const target = webTarget();
      const service = cloud().one("aws:ecs/service:Service", "-web");
      const cluster = cloud().one("aws:ecs/cluster:Cluster");
      assert.equal(target.inputs.resourceId, `service/${cluster.state.name}/${service.state.name}`);
      assert.equal(target.inputs.scalableDimension, "ecs:service:DesiredCount");
      assert.equal(target.inputs.minCapacity, config.web.minTasks);
      assert.equal(target.inputs.maxCapacity, config.web.maxTasks);
    });

    it("lets the scheduled actions own the floor: the target ignores minCapacity after creation", () => {
      assert.deepEqual(webTarget().ignoreChanges, ["minCapacity"]);
    });

    it("tracks requests per target on this ALB and target group, and CPU", () => {
      const policies = webPolicies();
      assert.equal(policies.length, 2);
      const requests = policies.find((p) => p.name.endsWith("-requests"))!.inputs
        .targetTrackingScalingPolicyConfiguration;
      const alb = cloud().one("aws:lb/loadBalancer:LoadBalancer");
      const group = cloud().one("aws:lb/targetGroup:TargetGroup");
      assert.deepEqual(requests.predefinedMetricSpecification, {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: `${alb.state.arnSuffix}/${group.state.arnSuffix}`,
      });
      assert.match(
        requests.predefinedMetricSpecification.resourceLabel,
        /^app\/[^/]+\/[0-9a-f]+\/targetgroup\/[^/]+\/[0-9a-f]+$/,
      );
      assert.equal(requests.targetValue, config.web.requestsPerTarget);
      const cpu = policies.find((p) => p.name.endsWith("-cpu"))!.inputs.targetTrackingScalingPolicyConfiguration;
      assert.equal(cpu.predefinedMetricSpecification.predefinedMetricType, "ECSServiceAverageCPUUtilization");
      assert.equal(cpu.targetValue, config.web.cpuTargetPercent);
      for (const policy of policies) assert.equal(policy.inputs.policyType, "TargetTrackingScaling");
    });

    it("raises the floor to the configured peak floor before the local peak and lowers it after, in the cell's own time zone", () => {
      const actions = scheduledActions(suite.byName(stack));
      assert.deepEqual(
        actions.map((a) => [a.name, a.timezone, a.min, a.max]),
        [
          ["before-peak", config.timeZone, config.web.peakMinTasks, config.web.maxTasks],
          ["after-peak", config.timeZone, config.web.minTasks, config.web.maxTasks],
        ],
      );
      assert.deepEqual(
        actions.map((a) => a.schedule),
        config.webSchedule.map((a) => a.schedule),
      );
      const target = webTarget();
      for (const action of cloud().ofType("aws:appautoscaling/scheduledAction:ScheduledAction")) {
        assert.equal(action.inputs.resourceId, target.inputs.resourceId);
      }
    });

    it("creates policies and actions one after another (the API refuses concurrent changes to one target)", () => {
      const chain = [
        webTarget(),
        ...webPolicies(),
        ...cloud().ofType("aws:appautoscaling/scheduledAction:ScheduledAction"),
      ];
      for (let i = 1; i < chain.length; i++) {
        assert.ok(chain[i].dependsOn.includes(chain[i - 1].urn), `${chain[i].name} must wait for ${chain[i - 1].name}`);
      }
    });
  });
});

describe("cell web scaling: the fixture fleet's follow-the-sun actions, worked out by hand", () => {
  let fleet: StackEvaluation[] = [];
  before(async () => {
    fleet = await evaluateThreeCells();
  });
  for (const [stack, expected] of Object.entries(EXPECTED_ACTIONS)) {
    it(`${stack}: ${expected.map((a) => `${a.name} ${a.schedule} min ${a.min}`).join(", ")}`, () => {
      assert.deepEqual(scheduledActions(fleet.find((e) => e.stack === stack)!), expected);
    });
  }
});
