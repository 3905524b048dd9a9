import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { cellIdentityOf, checkCellFleet, readCellConfig } from "../config/cell";
import { cellStacks } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { readGlobalConfig } from "../config/global";
import { parseCidr, cidrsOverlap } from "../network/cidr";
import { runPlan } from "../scripts/plan-run";
import { nextFreeCidr } from "../scripts/new-cell";
import { EDIT_SET, singleEditFleets } from "./fixtures/edit-set";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { evaluateFleet, StackEvaluation } from "./support/evaluate";
import { fleetsUnderTest } from "./support/fleets";

/** Resource types that hold data or keys: each must be protected from deletion. */
const STATEFUL = [
  "aws:rds/cluster:Cluster",
  "aws:rds/globalCluster:GlobalCluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:mq/broker:Broker",
  "aws:kms/key:Key",
  "aws:s3/bucket:Bucket",
];

describe("invariants of every fleet under test (shipped, fixtures, the edit set, and each edit alone)", function () {
  this.timeout(300_000);

  it("the edit set names every documented edit", () => {
    assert.deepEqual(
      EDIT_SET.map((e) => e.name.split(/[:(]/)[0].trim()),
      [
        "remove a region with npm run remove-cell",
        "add a region with npm run new-cell",
        "resize",
        "move the primary's peak across midnight",
        "a different price class",
        "change the primary's alarm e-mail",
        "add a job to the primary",
      ],
    );
  });

  for (const { name, root } of [...fleetsUnderTest(), ...singleEditFleets()]) {
    describe(name, () => {
      let fleet: StackEvaluation[] = [];
      const cells = () => cellStacks(root).map((stack) => readCellConfig(loadStackConfig(stack, root), stack));
      const edge = () => readGlobalConfig(loadStackConfig("global", root), "global");
      const evaluation = (stack: string) => fleet.find((e) => e.stack === stack)!;
      before(async () => {
        fleet = await evaluateFleet(root);
      });

      it("passes the fleet checks, and the plan prints every stack and exits 0", async () => {
        assert.deepEqual(checkCellFleet(cells().map(cellIdentityOf)), []);
        const { code, stdout, stderr } = await runPlan(["--root", root]);
        assert.equal(code, 0, stderr);
        for (const cell of cells()) assert.ok(stdout.includes(`\n== ${cell.stack} (`), `${cell.stack} in the plan`);
        assert.ok(stdout.includes("\n== global (edge)"));
      });

      it("gives every listed cell exactly one latency record and one health check following its alarm", () => {
        const { cloud } = evaluation("global");
        const app = edge().shared.app;
        for (const stack of edge().cells) {
          const region = evaluation(stack).outputs.region;
          const checks = cloud
            .ofType("aws:route53/healthCheck:HealthCheck")
            .filter((c) => c.inputs.cloudwatchAlarmName === evaluation(stack).outputs.healthAlarmName);
          assert.equal(checks.length, 1, `${stack}: health checks`);
          const records = cloud
            .ofType("aws:route53/record:Record")
            .filter((r) => r.inputs.setIdentifier === region && r.inputs.latencyRoutingPolicies !== undefined);
          assert.deepEqual(
            records.map((r) => [r.name, r.inputs.healthCheckId]),
            [[`${app}-origin-${region}-latency`, checks[0].id]],
          );
        }
      });

      it("joins every secondary to the primary's global cluster, and protects every stateful resource", () => {
        const [primary, ...secondaries] = cells();
        const globalId = evaluation(primary.stack).outputs.globalClusterIdentifier;
        assert.ok(globalId, "the primary exports its global cluster");
        for (const cell of secondaries) {
          const cluster = evaluation(cell.stack).cloud.one("aws:rds/cluster:Cluster");
          assert.equal(cluster.inputs.globalClusterIdentifier, globalId, cell.stack);
        }
        for (const cell of cells()) {
          const stateful = evaluation(cell.stack).cloud.resources.filter((r) => STATEFUL.includes(r.type));
          assert.ok(stateful.length >= 5, `${cell.stack}: ${stateful.length} stateful resources`);
          for (const resource of stateful) assert.equal(resource.protect, true, `${cell.stack}: ${resource.name}`);
        }
      });

      it("raises each cell's web floor to its configured peak floor and lowers it to its configured floor", () => {
        for (const cell of cells()) {
          const actions = evaluation(cell.stack).cloud.ofType("aws:appautoscaling/scheduledAction:ScheduledAction");
          assert.deepEqual(
            actions.map((a) => [a.inputs.scalableTargetAction.minCapacity, a.inputs.scalableTargetAction.maxCapacity]),
            [
              [cell.web.peakMinTasks, cell.web.maxTasks],
              [cell.web.minTasks, cell.web.maxTasks],
            ],
            cell.stack,
          );
          for (const action of actions) assert.equal(action.inputs.timezone, cell.timeZone);
        }
      });
    });
  }

  describe("the CIDR docs/add-a-region.md calls next free", () => {
    const docs = fs.readFileSync(path.join(PROJECT_ROOT, "docs/add-a-region.md"), "utf8");
    const named = /the next free\s+block is `(\d+\.\d+\.\d+\.\d+\/\d+)`/.exec(docs)?.[1];

    it("is the block npm run new-cell picks for the fixture fleet (the docs' example cells)", () => {
      assert.ok(named, "docs/add-a-region.md names the next free block");
      const cidrs = cellStacks(THREE_CELLS_ROOT).map(
        (stack) => loadStackConfig(stack, THREE_CELLS_ROOT)["storefront:cidr"],
      );
      assert.equal(nextFreeCidr(cidrs), named);
    });

    it("is claimed by no fixture fleet", () => {
      const block = parseCidr(named!);
      assert.ok("cidr" in block);
      for (const { name, root } of fleetsUnderTest().filter(
        (f) => f.root !== PROJECT_ROOT && !f.name.includes("after"),
      )) {
        for (const stack of cellStacks(root)) {
          const cidr = parseCidr(loadStackConfig(stack, root)["storefront:cidr"]);
          assert.ok("cidr" in cidr);
          assert.equal(cidrsOverlap(cidr.cidr, block.cidr), false, `${name}: ${stack} claims ${named}`);
        }
      }
    });
  });
});
