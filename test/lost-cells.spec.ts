import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { readGlobalConfig } from "../config/global";
import { MockCloud } from "../offline/mock-cloud";
import { evaluateStack, StackEvaluation } from "./support/evaluate";
import { evaluateThreeCells, fixtureRaw } from "./fixtures/three-cells";

/**
 * An unplanned failover in the fixture fleet: us-east-1 (home and primary) is lost, the
 * writer failed over to eu-west-1 and the config names it primary. us-east-1 cannot be
 * deployed, so its stack still exports isPrimary: true.
 */
function afterFailover(lostCells?: string[]) {
  const raw: Record<string, string> = {
    ...fixtureRaw("global"),
    "storefront:primaryRegion": "eu-west-1",
    "storefront:primaryStack": "eu-west-1",
    "storefront:homeStack": "us-east-1",
    "storefront:cells": JSON.stringify(["eu-west-1", "us-east-1", "ap-southeast-2"]),
  };
  if (lostCells) raw["storefront:lostCells"] = JSON.stringify(lostCells);
  return raw;
}

async function evaluateEdge(upstream: StackEvaluation[], raw: Record<string, string>) {
  const cloud = new MockCloud();
  try {
    await evaluateStack("global", { upstream, raw, cloud });
    return { cloud, message: undefined };
  } catch (error) {
    assert.ok(error instanceof pulumi.RunError, `expected a RunError, got ${String(error)}`);
    return { cloud, message: (error as Error).message };
  }
}

describe("global: storefront:lostCells (a cell whose region is down)", () => {
  let upstream: StackEvaluation[] = [];
  before(async () => {
    const cells = (await evaluateThreeCells()).filter((e) => e.stack !== "global");
    // The new primary was deployed after the failover; the lost home was not.
    upstream = cells.map((cell) =>
      cell.stack === "eu-west-1" ? { ...cell, outputs: { ...cell.outputs, isPrimary: true } } : cell,
    );
    assert.equal(upstream.find((c) => c.stack === "us-east-1")!.outputs.isPrimary, true);
  });

  it("without it, refuses the stale primary of the lost region before registering any AWS resource", async () => {
    const { message, cloud } = await evaluateEdge(upstream, afterFailover());
    assert.match(message ?? "", /"eu-west-1" \(eu-west-1\), "us-east-1" \(us-east-1\) all export isPrimary/);
    assert.match(message ?? "", /name it in storefront:lostCells/);
    assert.deepEqual([...new Set(cloud.resources.map((r) => r.type))], ["pulumi:pulumi:StackReference"]);
  });

  it("with it, deploys: the writer record weights the new primary only, and the lost cell keeps its records", async () => {
    const { message, cloud } = await evaluateEdge(upstream, afterFailover(["us-east-1"]));
    assert.equal(message, undefined);
    const writer = cloud
      .ofType("aws:route53/record:Record")
      .filter((r) => r.parentType === "storefront:recovery:WriterRecord");
    const weights = Object.fromEntries(
      writer.map((r) => [r.inputs.setIdentifier, r.inputs.weightedRoutingPolicies[0].weight]),
    );
    assert.deepEqual(weights, { "eu-west-1": 1, "us-east-1": 0, "ap-southeast-2": 0 });
    // The lost cell stays behind the latency records and its health check.
    const latency = cloud
      .ofType("aws:route53/record:Record")
      .filter((r) => r.parentType !== "storefront:recovery:WriterRecord" && r.inputs.setIdentifier === "us-east-1");
    assert.ok(latency.length > 0, "the lost cell's latency records are kept");
    assert.ok(
      latency.every((r) => r.inputs.healthCheckId),
      "each behind a health check",
    );
    // Every plan now starts from the new primary.
    const plans = cloud.ofType("aws:arcregionswitch/plan:Plan");
    assert.deepEqual(
      plans.map((p) => p.inputs.primaryRegion),
      plans.map(() => "eu-west-1"),
    );
  });

  it("refuses a lost cell that is not listed, is repeated or is the primary, naming the key and value", () => {
    for (const [lost, text] of [
      [["sa-east-1"], /must name cells listed in storefront:cells \(not "sa-east-1"\)/],
      [["us-east-1", "us-east-1"], /must name each cell once/],
      [["eu-west-1"], /must not name the primary stack "eu-west-1"/],
    ] as const) {
      assert.throws(
        () => readGlobalConfig(afterFailover([...lost]), "global"),
        (error: Error) => {
          assert.match(error.message, /storefront:lostCells = \[/);
          assert.match(error.message, text);
          return true;
        },
      );
    }
  });
});
