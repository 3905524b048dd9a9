import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { loadStackConfig } from "../config/files";
import { GlobalConfig, readGlobalConfig } from "../config/global";
import { writerHostName } from "../components/edge/host-names";
import {
  approvalPolicy,
  executionPolicy,
  PolicyDocument,
  UNSCOPED_ACTIONS,
} from "../components/recovery/execution-policy";
import { REGION_SWITCH_PRINCIPAL } from "../components/recovery/region-switch";
import { evaluateFleet, evaluateStack, StackEvaluation } from "../offline/evaluate";
import { RecordedResource } from "../offline/mock-cloud";
import { planPairings } from "../recovery/plan-coverage";
import {
  DOCUMENTED_FIGURES,
  formatDuration,
  RECOVERY_TIME_AIM_SECONDS,
  RecoveryFigures,
  recoveryTime,
} from "../recovery/recovery-time";
import { takeoverCapacity, UNGRACEFUL_MINIMUM_SUCCESS_PERCENT } from "../recovery/takeover-capacity";
import { fleetsUnderTest } from "./support/fleets";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";

const PLAN = "aws:arcregionswitch/plan:Plan";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const HEALTH_CHECKS_INVOKE = "aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks";

describe("recovery: takeover capacity (pure)", () => {
  it("sizes the survivor for its own peak plus the lost cell's, as a percentage of the lost cell's tasks", () => {
    const sizing = takeoverCapacity(
      { region: "eu-west-1", peakMinTasks: 8, maxTasks: 40 },
      { region: "us-east-1", peakMinTasks: 12, maxTasks: 60 },
    );
    assert.deepEqual(sizing, {
      survivor: "eu-west-1",
      lost: "us-east-1",
      requiredTasks: 20,
      targetPercent: 167,
      ceiling: 40,
      fits: true,
    });
  });

  it("says when the survivor's ceiling leaves no room", () => {
    const sizing = takeoverCapacity(
      { region: "eu-west-1", peakMinTasks: 8, maxTasks: 10 },
      { region: "us-east-1", peakMinTasks: 12, maxTasks: 60 },
    );
    assert.equal(sizing.fits, false);
    assert.equal(sizing.requiredTasks, 20);
  });

  it("refuses a peak floor below 1, a ceiling below the floor and a cell taking over itself", () => {
    const lost = { region: "us-east-1", peakMinTasks: 12, maxTasks: 60 };
    assert.throws(
      () => takeoverCapacity({ region: "eu-west-1", peakMinTasks: 0, maxTasks: 4 }, lost),
      /eu-west-1 peakMinTasks/,
    );
    assert.throws(
      () => takeoverCapacity({ region: "eu-west-1", peakMinTasks: 8, maxTasks: 7 }, lost),
      /eu-west-1 maxTasks/,
    );
    assert.throws(() => takeoverCapacity(lost, lost), /both us-east-1/);
  });
});

describe("recovery: recovery time and data-loss window (pure)", () => {
  const figures: RecoveryFigures = {
    detectionSeconds: 100,
    ecsScaleOutSeconds: 200,
    auroraSwitchoverSeconds: 300,
    auroraFailoverSeconds: 50,
    healthCheckIntervalSeconds: 10,
    healthCheckFailureThreshold: 3,
    dnsTtlSeconds: 60,
    replicationLagSeconds: 2,
  };

  it("sums a planned switchover's steps, without detection, and loses nothing", () => {
    const estimate = recoveryTime("planned", figures);
    assert.deepEqual(
      estimate.steps.map((s) => s.seconds),
      [200, 300, 30, 60],
    );
    assert.equal(estimate.totalSeconds, 590);
    assert.equal(estimate.dataLossSeconds, 0);
  });

  it("sums an unplanned failover's steps, detection first, and loses the replication lag", () => {
    const estimate = recoveryTime("unplanned", figures);
    assert.deepEqual(
      estimate.steps.map((s) => s.seconds),
      [100, 200, 50, 30, 60],
    );
    assert.equal(estimate.totalSeconds, 440);
    assert.equal(estimate.dataLossSeconds, 2);
    assert.ok(
      estimate.steps.every((s) => !/approv/i.test(s.name)),
      "the approval step is excluded",
    );
  });

  it("meets the aim with the documented figures: under 15 minutes unplanned, no loss planned", () => {
    assert.ok(recoveryTime("unplanned").totalSeconds < RECOVERY_TIME_AIM_SECONDS);
    assert.equal(recoveryTime("planned").dataLossSeconds, 0);
    assert.ok(recoveryTime("unplanned").dataLossSeconds > 0, "a failover can lose the replication lag");
  });

  it("is what docs/region-switch.md tabulates", () => {
    const doc = readFileSync(path.join(__dirname, "..", "docs", "region-switch.md"), "utf8");
    const total = doc.split("\n").find((line) => line.includes("**total**"));
    assert.ok(total, "docs/region-switch.md has a total row");
    for (const mode of ["planned", "unplanned"] as const) {
      const estimate = recoveryTime(mode);
      assert.ok(total.includes(`**${formatDuration(estimate.totalSeconds)}**`), `${mode} total in: ${total}`);
      for (const step of estimate.steps) {
        assert.ok(doc.includes(formatDuration(step.seconds)), `${step.name}: ${formatDuration(step.seconds)}`);
      }
    }
  });

  it("refuses a negative figure", () => {
    assert.throws(() => recoveryTime("planned", { ...DOCUMENTED_FIGURES, dnsTtlSeconds: -1 }), /dnsTtlSeconds/);
  });
});

describe("recovery: plan coverage (pure)", () => {
  it("pairs each secondary with the primary, in fleet order, and none for one cell", () => {
    const cells = [
      { region: "us-east-1", isPrimary: true },
      { region: "eu-west-1", isPrimary: false },
      { region: "ap-southeast-2", isPrimary: false },
    ];
    assert.deepEqual(planPairings("shop", cells), [
      { name: "shop-eu-west-1", primary: "us-east-1", secondary: "eu-west-1" },
      { name: "shop-ap-southeast-2", primary: "us-east-1", secondary: "ap-southeast-2" },
    ]);
    assert.deepEqual(planPairings("shop", cells.slice(0, 1)), []);
    assert.throws(() => planPairings("shop", cells.slice(1)), /exactly one primary/);
  });
});

/** Every action and resource of a policy, flattened. */
function statementsOf(policy: PolicyDocument) {
  return policy.Statement.map((s) => ({
    actions: s.Action,
    resources: typeof s.Resource === "string" ? [s.Resource] : s.Resource,
  }));
}

/** Least privilege: no wildcard in an action; `*` only for the actions IAM cannot scope; everything else on `allowed`. */
function assertLeastPrivilege(policy: PolicyDocument, allowed: Set<string>, label: string): void {
  for (const { actions, resources } of statementsOf(policy)) {
    for (const action of actions) assert.ok(!action.includes("*"), `${label}: wildcard action ${action}`);
    if (resources.includes("*")) {
      assert.deepEqual(resources, ["*"], `${label}: * mixed with ARNs`);
      for (const action of actions) {
        assert.ok((UNSCOPED_ACTIONS as readonly string[]).includes(action), `${label}: ${action} granted on *`);
      }
    } else {
      for (const resource of resources) assert.ok(allowed.has(resource), `${label}: ${resource} is not the plan's`);
    }
  }
}

describe("recovery: execution policy (pure)", () => {
  const resources = {
    globalClusterArn: "arn:aws:rds::111122223333:global-cluster:shop-global",
    databaseClusterArns: [
      "arn:aws:rds:us-east-1:111122223333:cluster:a",
      "arn:aws:rds:eu-west-1:111122223333:cluster:b",
    ],
    ecsClusterArns: ["arn:aws:ecs:us-east-1:111122223333:cluster/a", "arn:aws:ecs:eu-west-1:111122223333:cluster/b"],
    ecsServiceArns: [
      "arn:aws:ecs:us-east-1:111122223333:service/a/web",
      "arn:aws:ecs:eu-west-1:111122223333:service/b/web",
    ],
    hostedZoneId: "Z0EXAMPLE",
    planArn: "arn:aws:arc-region-switch::111122223333:plan/shop-eu-west-1:abc123",
    executionRoleArn: "arn:aws:iam::111122223333:role/shop-switch-eu-west-1-execution",
  };

  it("grants each block's actions on exactly the plan's resources", () => {
    const policy = executionPolicy(resources);
    const allowed = new Set([
      resources.globalClusterArn,
      ...resources.databaseClusterArns,
      ...resources.ecsClusterArns,
      ...resources.ecsServiceArns,
      "arn:aws:route53:::hostedzone/Z0EXAMPLE",
      resources.planArn,
      resources.executionRoleArn,
    ]);
    assertLeastPrivilege(policy, allowed, "execution policy");
    const actions = statementsOf(policy).flatMap((s) => s.actions);
    for (const needed of [
      "rds:SwitchoverGlobalCluster",
      "rds:FailoverGlobalCluster",
      "ecs:UpdateService",
      "application-autoscaling:RegisterScalableTarget",
      "route53:ListResourceRecordSets",
      "iam:SimulatePrincipalPolicy",
      "arc-region-switch:GetPlan",
      "arc-region-switch:GetPlanExecution",
      "arc-region-switch:ListPlanExecutions",
    ]) {
      assert.ok(actions.includes(needed), `missing ${needed}`);
    }
    // Approving a step is the approver's action, not the plan's.
    assert.ok(!actions.includes("arc-region-switch:ApprovePlanExecutionStep"), "the execution role may approve");
    const simulate = statementsOf(policy).find((s) => s.actions.includes("iam:SimulatePrincipalPolicy"))!;
    assert.deepEqual(simulate.resources, [resources.executionRoleArn]);
    const failover = statementsOf(policy).find((s) => s.actions.includes("rds:FailoverGlobalCluster"))!;
    assert.deepEqual(failover.resources, [resources.globalClusterArn, ...resources.databaseClusterArns]);
  });

  it("lets approvers approve steps of the given plans only", () => {
    assert.deepEqual(approvalPolicy(["arn:p1", "arn:p2"]).Statement, [
      { Effect: "Allow", Action: ["arc-region-switch:ApprovePlanExecutionStep"], Resource: ["arn:p1", "arn:p2"] },
    ]);
  });
});

/** A fleet's edge and cells, as the global stack read them. */
interface Fleet {
  edge: StackEvaluation;
  cells: StackEvaluation[];
  config: GlobalConfig;
}

function fleetOf(evaluations: StackEvaluation[], root: string): Fleet {
  const config = readGlobalConfig(loadStackConfig("global", root), "global");
  const find = (stack: string) => evaluations.find((e) => e.stack === stack)!;
  return { edge: find("global"), cells: config.cells.map(find), config };
}

describe("recovery: Region switch plans and the writer record in the global stack", () => {
  for (const { name, root } of fleetsUnderTest().slice(0, 2)) {
    describe(`with the ${name}`, () => {
      let fleet: Fleet;
      before(async () => {
        fleet = fleetOf(await evaluateFleet(root), root);
      });
      const primaryOf = () => fleet.cells.find((c) => c.outputs.isPrimary === true)!;
      const secondariesOf = () => fleet.cells.filter((c) => c.outputs.isPrimary !== true);
      const plans = () => fleet.edge.cloud.ofType(PLAN);
      const planFor = (secondary: StackEvaluation): RecordedResource => {
        const found = plans().filter((p) => p.inputs.regions[1] === secondary.outputs.region);
        assert.equal(found.length, 1, `plans for ${secondary.outputs.region}`);
        return found[0];
      };

      it("has one plan per secondary cell, spanning the primary's region and the secondary's", () => {
        assert.equal(plans().length, fleet.cells.length - 1);
        const primary = primaryOf().outputs.region;
        for (const secondary of secondariesOf()) {
          const plan = planFor(secondary);
          assert.deepEqual(plan.inputs.regions, [primary, secondary.outputs.region]);
          assert.equal(plan.inputs.primaryRegion, primary);
          assert.equal(plan.inputs.recoveryApproach, "activePassive");
          assert.equal(plan.inputs.name, `${fleet.config.shared.app}-${secondary.outputs.region}`);
          assert.deepEqual(
            plan.inputs.workflows.map((w: any) => [w.workflowTargetAction, w.workflowTargetRegion]),
            [
              ["activate", primary],
              ["activate", secondary.outputs.region],
            ],
          );
        }
        assert.deepEqual(
          fleet.edge.outputs.regionSwitchPlans,
          plans().map((p) => {
            // Each plan's two moves, sized from the cells' exported capacity.
            const [first, second] = p.inputs.regions.map((region: string) => {
              const cell = fleet.cells.find((c) => c.outputs.region === region)!;
              return { region, peakMinTasks: cell.outputs.webPeakMinTasks, maxTasks: cell.outputs.webMaxTasks };
            });
            return {
              name: p.inputs.name,
              arn: p.state.arn,
              regions: p.inputs.regions,
              takeovers: [takeoverCapacity(second, first), takeoverCapacity(first, second)],
            };
          }),
        );
      });

      it("runs approval, ECS capacity, Aurora and Route 53 blocks on the cells' own ARNs", () => {
        const primary = primaryOf();
        const approver = fleet.edge.cloud.one(ROLE, "-approver");
        for (const secondary of secondariesOf()) {
          const pair = [primary, secondary];
          for (const workflow of planFor(secondary).inputs.workflows) {
            const target = pair.find((c) => c.outputs.region === workflow.workflowTargetRegion)!;
            const source = pair.find((c) => c !== target)!;
            const steps = workflow.steps as any[];
            assert.deepEqual(
              steps.map((s) => s.executionBlockType),
              ["ManualApproval", "ECSServiceScaling", "AuroraGlobalDatabase", "Route53HealthCheck"],
            );
            const [approval, ecs, aurora, route53] = steps;
            assert.equal(approval.executionApprovalConfigs[0].approvalRole, approver.state.arn);

            const scaling = ecs.ecsCapacityIncreaseConfigs[0];
            assert.deepEqual(
              scaling.services,
              pair.map((c) => ({ clusterArn: c.outputs.clusterArn, serviceArn: c.outputs.webServiceArn })),
            );
            assert.match(scaling.services[0].serviceArn, /^arn:aws:ecs:[a-z0-9-]+:\d{12}:service\/.+\/.+$/);
            const sizing = takeoverCapacity(
              {
                region: target.outputs.region,
                peakMinTasks: target.outputs.webPeakMinTasks,
                maxTasks: target.outputs.webMaxTasks,
              },
              {
                region: source.outputs.region,
                peakMinTasks: source.outputs.webPeakMinTasks,
                maxTasks: source.outputs.webMaxTasks,
              },
            );
            assert.equal(scaling.targetPercent, sizing.targetPercent);
            // Ungraceful: done at half the target, not held for the step's whole timeout.
            assert.deepEqual(scaling.ungraceful, { minimumSuccessPercentage: UNGRACEFUL_MINIMUM_SUCCESS_PERCENT });
            assert.ok(UNGRACEFUL_MINIMUM_SUCCESS_PERCENT > 0 && UNGRACEFUL_MINIMUM_SUCCESS_PERCENT < 100);

            const database = aurora.globalAuroraConfigs[0];
            assert.equal(database.behavior, "switchoverOnly");
            assert.deepEqual(database.ungracefuls, [{ ungraceful: "failover" }]);
            assert.equal(database.globalClusterIdentifier, primary.outputs.globalClusterIdentifier);
            assert.deepEqual(
              database.databaseClusterArns,
              pair.map((c) => c.outputs.databaseClusterArn),
            );

            const records = route53.route53HealthCheckConfigs[0];
            assert.equal(records.hostedZoneId, fleet.config.shared.hostedZoneId);
            assert.equal(records.recordName, writerHostName(fleet.config.shared.domain));
            assert.deepEqual(
              records.recordSets,
              pair.map((c) => ({ recordSetIdentifier: c.outputs.region, region: c.outputs.region })),
            );
          }
        }
      });

      it("gives each plan its own execution role, trusted by ARC only and allowed only its blocks' actions on its pair's ARNs", () => {
        const primary = primaryOf();
        const policies = fleet.edge.cloud.ofType(ROLE_POLICY);
        const roles = fleet.edge.cloud.ofType(ROLE);
        for (const secondary of secondariesOf()) {
          const plan = planFor(secondary);
          const role = roles.find((r) => r.state.arn === plan.inputs.executionRole)!;
          assert.ok(role, `execution role of ${plan.inputs.name}`);
          assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
            { Effect: "Allow", Principal: { Service: REGION_SWITCH_PRINCIPAL }, Action: "sts:AssumeRole" },
          ]);
          const attached = policies.filter((p) => p.inputs.role === role.state.name);
          assert.equal(attached.length, 1);
          const pair = [primary, secondary];
          const allowed = new Set([
            `arn:aws:rds::${plan.state.arn.split(":")[4]}:global-cluster:${primary.outputs.globalClusterIdentifier}`,
            ...pair.flatMap((c) => [c.outputs.databaseClusterArn, c.outputs.clusterArn, c.outputs.webServiceArn]),
            `arn:aws:route53:::hostedzone/${fleet.config.shared.hostedZoneId}`,
            plan.state.arn,
            role.state.arn,
          ]);
          const policy = JSON.parse(attached[0].inputs.policy) as PolicyDocument;
          assertLeastPrivilege(policy, allowed, plan.inputs.name);
          // Every one of the pair's ARNs is granted (the blocks need them), and no other cell's.
          const granted = new Set(statementsOf(policy).flatMap((s) => s.resources));
          for (const arn of allowed) assert.ok(granted.has(arn), `${plan.inputs.name} lacks ${arn}`);
        }
        const approver = roles.find((r) => r.name.endsWith("-approver"))!;
        const approval = policies.filter((p) => p.inputs.role === approver.state.name);
        assert.equal(approval.length, plans().length > 0 ? 1 : 0);
        if (approval.length === 1) {
          assert.deepEqual(JSON.parse(approval[0].inputs.policy), approvalPolicy(plans().map((p) => p.state.arn)));
        }
      });

      it("routes writer.<domain> to the primary, moving on the health checks the plans created", () => {
        const host = writerHostName(fleet.config.shared.domain);
        const records = fleet.edge.cloud.ofType(RECORD).filter((r) => r.inputs.name === host);
        assert.deepEqual(
          records.map((r) => r.inputs.setIdentifier).sort(),
          fleet.cells.map((c) => c.outputs.region).sort(),
        );
        // What ARC answered for each plan's health checks.
        const answered = fleet.edge.cloud.invokes.filter((i) => i.token === HEALTH_CHECKS_INVOKE);
        assert.deepEqual(
          answered.map((i) => i.inputs.planArn).sort(),
          plans()
            .map((p) => p.state.arn)
            .sort(),
        );
        const checkOf = (planArn: string, region: string): string => {
          const result = answered.find((i) => i.inputs.planArn === planArn)!.result!;
          const found = result.healthChecks.filter((c: any) => c.region === region && c.recordName === host);
          assert.equal(found.length, 1, `${planArn} health checks for ${region}`);
          return found[0].healthCheckId;
        };
        for (const cell of fleet.cells) {
          const record = records.find((r) => r.inputs.setIdentifier === cell.outputs.region)!;
          assert.equal(record.inputs.type, "A");
          assert.deepEqual(record.inputs.weightedRoutingPolicies, [{ weight: cell.outputs.isPrimary ? 1 : 0 }]);
          assert.deepEqual(record.inputs.aliases, [
            { name: cell.outputs.albDnsName, zoneId: cell.outputs.albZoneId, evaluateTargetHealth: false },
          ]);
          if (!cell.outputs.isPrimary) {
            assert.equal(record.inputs.healthCheckId, checkOf(planFor(cell).state.arn, cell.outputs.region));
          }
        }
        const primaryRecord = records.find((r) => r.inputs.setIdentifier === primaryOf().outputs.region)!;
        const calculated = fleet.edge.cloud.ofType(HEALTH_CHECK).filter((c) => c.inputs.type === "CALCULATED");
        if (plans().length === 0) {
          assert.equal(primaryRecord.inputs.healthCheckId, undefined);
          assert.equal(calculated.length, 0);
          return;
        }
        assert.equal(calculated.length, 1);
        assert.equal(primaryRecord.inputs.healthCheckId, calculated[0].id);
        const primaryChecks = plans().map((p) => checkOf(p.state.arn, primaryOf().outputs.region));
        assert.deepEqual([...calculated[0].inputs.childHealthchecks].sort(), primaryChecks.sort());
        assert.equal(
          calculated[0].inputs.childHealthThreshold,
          primaryChecks.length,
          "healthy only while every plan keeps it",
        );
      });
    });
  }

  describe("pinned on the three-cell fixture", () => {
    let fleet: Fleet;
    before(async () => {
      fleet = fleetOf(await evaluateFleet(THREE_CELLS_ROOT), THREE_CELLS_ROOT);
    });

    it("has two plans with the takeover percentages of its cells' peaks", () => {
      const plans = fleet.edge.cloud.ofType(PLAN);
      assert.deepEqual(
        plans.map((p) => [
          p.inputs.name,
          ...p.inputs.workflows.map(
            (w: any) => `${w.workflowTargetRegion} ${w.steps[1].ecsCapacityIncreaseConfigs[0].targetPercent}%`,
          ),
        ]),
        [
          // us-east-1 peak 12, eu-west-1 8, ap-southeast-2 6.
          ["storefront-eu-west-1", "us-east-1 250%", "eu-west-1 167%"],
          ["storefront-ap-southeast-2", "us-east-1 300%", "ap-southeast-2 150%"],
        ],
      );
    });
  });
  describe("after the primary moves (the edge fed the fixture's cells with their roles swapped)", () => {
    let moved: Fleet;
    before(async () => {
      const three = await evaluateFleet(THREE_CELLS_ROOT);
      const [oldPrimary, newPrimary, third] = ["us-east-1", "eu-west-1", "ap-southeast-2"].map(
        (stack) => three.find((e) => e.stack === stack)!,
      );
      // Only the primary moves: the home (us-east-1) keeps the global database and the
      // origin secret, and says so through isHome, as docs/region-switch.md describes.
      assert.equal(oldPrimary.outputs.isHome, true);
      assert.equal(newPrimary.outputs.isHome, false);
      const upstream = [
        { ...newPrimary, outputs: { ...newPrimary.outputs, isPrimary: true } },
        { ...oldPrimary, outputs: { ...oldPrimary.outputs, isPrimary: false } },
        third,
      ];
      const raw = {
        ...loadStackConfig("global", THREE_CELLS_ROOT),
        "storefront:primaryRegion": "eu-west-1",
        "storefront:primaryStack": "eu-west-1",
        "storefront:homeStack": "us-east-1",
        "storefront:cells": JSON.stringify(["eu-west-1", "us-east-1", "ap-southeast-2"]),
      };
      const edge = await evaluateStack("global", { raw, upstream });
      moved = { edge, cells: upstream, config: readGlobalConfig(raw, "global") };
    });

    it("weights the writer record to the new primary and pairs every plan with it", () => {
      const host = writerHostName(moved.config.shared.domain);
      const weights = moved.edge.cloud
        .ofType(RECORD)
        .filter((r) => r.inputs.name === host)
        .map((r) => [r.inputs.setIdentifier, r.inputs.weightedRoutingPolicies[0].weight])
        .sort();
      assert.deepEqual(weights, [
        ["ap-southeast-2", 0],
        ["eu-west-1", 1],
        ["us-east-1", 0],
      ]);
      assert.deepEqual(
        moved.edge.cloud.ofType(PLAN).map((p) => p.inputs.regions),
        [
          ["eu-west-1", "us-east-1"],
          ["eu-west-1", "ap-southeast-2"],
        ],
      );
    });
  });
});
