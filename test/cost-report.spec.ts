/**
 * The cost report (docs/cost.md, written by `npm run report`) and the plan's estimate lines: every
 * stack, the fleet, both baselines and what is left out; a stack without prices is named as
 * such, never priced at zero.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readCellConfig } from "../config/cell";
import { cellStacks, deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { fleetEstimate } from "../cost/estimate";
import { LEFT_OUT, SPOT_PRICE_NOTE } from "../cost/assumptions";
import { costReportText, estimateSummary } from "../scripts/cost-report";
import * as prettier from "prettier";
import { NOT_PRICED } from "../cost/prices";
import { pricedFleetRoot } from "./fixtures/priced-fleet";
import { THIRD_CELL, THREE_CELLS_ROOT } from "./fixtures/three-cells";

describe("cost report", () => {
  it("has a section per stack, the fleet, both baselines with their ratios, and what is left out", () => {
    const root = pricedFleetRoot();
    const text = costReportText(root);
    for (const stack of deployOrder(root)) assert.match(text, new RegExp(`\\n## ${stack}\\n`));
    assert.match(text, /\| \*\*fleet\*\* \| \*\*\$[\d,]+\*\* \|/);
    // Both ratios, whole fleet and scaled tiers alone, as the estimate computes them.
    const cells = cellStacks(root).map((stack) => readCellConfig(loadStackConfig(stack, root), stack));
    const fleet = fleetEstimate(cells, "global");
    const dollars = (value: number) => `\\$${Math.round(value).toLocaleString("en-US")}`;
    for (const [label, whole, wholeRatio, scaled, scaledRatio] of [
      [
        "\\(a\\) the same fleet provisioned statically for its peak all day",
        fleet.staticPeakUsd,
        fleet.ratioToStaticPeak,
        fleet.scaledTiers.staticPeakUsd,
        fleet.scaledTiers.ratioToStaticPeak,
      ],
      [
        "\\(b\\) that static fleet on x86, on-demand only",
        fleet.staticPeakX86OnDemandUsd,
        fleet.ratioToStaticPeakX86OnDemand,
        fleet.scaledTiers.staticPeakX86OnDemandUsd,
        fleet.scaledTiers.ratioToStaticPeakX86OnDemand,
      ],
    ] as const) {
      assert.match(
        text,
        new RegExp(
          `\\| ${label} \\| ${dollars(whole)} \\| ${wholeRatio.toFixed(2)} of it \\| ${dollars(scaled)} \\| ${scaledRatio.toFixed(2)} of it \\|`,
        ),
      );
    }
    assert.match(text, new RegExp(`\\| \\*\\*fleet\\*\\* \\| \\*\\*${dollars(fleet.monthlyUsd)}\\*\\* \\|`));
    assert.match(text, /\n## Baselines\n/);
    for (const item of LEFT_OUT) assert.ok(text.includes(`- ${item}`), item);
    assert.match(text, /aws ce update-cost-allocation-tags-status/);
  });

  it("lists the items each region leaves out, and says Spot is an assumption", () => {
    const text = costReportText(pricedFleetRoot());
    for (const [region, items] of Object.entries(NOT_PRICED)) {
      assert.ok(text.includes(`${region}: ${items.join(", ")}`), region);
    }
    assert.ok(text.includes(SPOT_PRICE_NOTE));
  });

  it("names a stack it cannot price and gives no fleet total", () => {
    const text = costReportText(THREE_CELLS_ROOT);
    assert.match(text, new RegExp(`\\| ${THIRD_CELL} \\| no prices for ${THIRD_CELL}`));
    assert.match(text, /The fleet's total and the baselines need prices for every stack/);
    assert.doesNotMatch(text, /\*\*fleet\*\*/);
    const summary = estimateSummary(THREE_CELLS_ROOT);
    assert.match(summary, new RegExp(`${THIRD_CELL}\\s+not estimated: no prices for ${THIRD_CELL}`));
    assert.match(summary, /fleet\s+not estimated/);
  });

  it("prints one line per stack and the fleet total for the plan", () => {
    const root = pricedFleetRoot();
    const lines = estimateSummary(root).split("\n").slice(1);
    assert.deepEqual(
      lines.map((line) => line.trim().split(/\s+/)[0]),
      [...deployOrder(root), "fleet"],
    );
    for (const line of lines) assert.match(line, /\$[\d,]+\/month$/);
    // The shipped fleet: a line per stack, each an estimate or the price it lacks.
    const shipped = estimateSummary().split("\n").slice(1);
    assert.deepEqual(
      shipped.map((line) => line.trim().split(/\s+/)[0]),
      [...deployOrder(), "fleet"],
    );
    for (const line of shipped.slice(0, -1)) {
      assert.match(line, /\$[\d,]+\/month$|not estimated: no prices? for \S+ in \S+/);
    }
  });

  it("docs/cost.md is the generated report (npm run report)", async () => {
    const file = path.join(PROJECT_ROOT, "docs", "cost.md");
    const options = (await prettier.resolveConfig(file)) ?? {};
    const expected = await prettier.format(costReportText(), { ...options, filepath: file });
    assert.ok(fs.readFileSync(file, "utf8") === expected, "docs/cost.md is current: run npm run report");
  });
});
