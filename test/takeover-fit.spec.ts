import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { MockCloud } from "../offline/mock-cloud";
import { planTakeovers, takeoverShortfalls } from "../recovery/takeover-capacity";
import { evaluateStack, StackEvaluation } from "./support/evaluate";
import { evaluateThreeCells, fixtureRaw } from "./fixtures/three-cells";

describe("recovery: does each plan's survivor fit the traffic it takes over", () => {
  const cells = [
    { region: "us-east-1", isPrimary: true, peakMinTasks: 10, maxTasks: 30 },
    { region: "eu-west-1", isPrimary: false, peakMinTasks: 6, maxTasks: 15 },
    { region: "ap-southeast-2", isPrimary: false, peakMinTasks: 4, maxTasks: 40 },
  ];

  it("sizes both moves of each plan (primary and one secondary), and names every survivor short of tasks", () => {
    const takeovers = planTakeovers(cells);
    assert.deepEqual(
      takeovers.map((t) => [t.survivor, t.lost, t.requiredTasks, t.ceiling, t.fits]),
      [
        ["eu-west-1", "us-east-1", 16, 15, false],
        ["us-east-1", "eu-west-1", 16, 30, true],
        ["ap-southeast-2", "us-east-1", 14, 40, true],
        ["us-east-1", "ap-southeast-2", 14, 30, true],
      ],
    );
    assert.deepEqual(takeoverShortfalls(takeovers), [
      "eu-west-1 taking over us-east-1 needs 16 web tasks, above its web.maxTasks 15: raise web.maxTasks in eu-west-1 (docs/region-switch.md)",
    ]);
    assert.deepEqual(planTakeovers([cells[0]]), []);
  });

  describe("the edge with storefront:requireRegionalHeadroom on (fixture fleet)", () => {
    let upstream: StackEvaluation[] = [];
    before(async () => {
      upstream = (await evaluateThreeCells()).filter((e) => e.stack !== "global");
    });
    const edge = async (cells: StackEvaluation[]) => {
      const cloud = new MockCloud();
      const raw = { ...fixtureRaw("global"), "storefront:requireRegionalHeadroom": "true" };
      try {
        await evaluateStack("global", { upstream: cells, raw, cloud });
        return { cloud, message: undefined };
      } catch (error) {
        assert.ok(error instanceof pulumi.RunError, String(error));
        return { cloud, message: (error as Error).message };
      }
    };

    it("refuses a secondary whose ceiling cannot take the primary's traffic, before any AWS resource", async () => {
      const primary = upstream[0];
      const tight = upstream.map((cell, i) =>
        i === 1 ? { ...cell, outputs: { ...cell.outputs, webMaxTasks: cell.outputs.webPeakMinTasks } } : cell,
      );
      const { message, cloud } = await edge(tight);
      const survivor = upstream[1];
      const needed = survivor.outputs.webPeakMinTasks + primary.outputs.webPeakMinTasks;
      assert.match(
        message ?? "",
        new RegExp(
          `storefront:requireRegionalHeadroom = true: is on, and ${survivor.outputs.region} taking over ${primary.outputs.region} needs ${needed} web tasks, above its web.maxTasks ${survivor.outputs.webPeakMinTasks}`,
        ),
      );
      assert.deepEqual([...new Set(cloud.resources.map((r) => r.type))], ["pulumi:pulumi:StackReference"]);
    });
  });
});
