/**
 * The cost report (docs/cost.md, written by `npm run report`) and the plan's estimate lines: every
 * stack, the fleet, both baselines and what is left out; a stack without prices is named as
 * such, never priced at zero. Over the shipped stack files only invariants are checked (a
 * resized cell or an unpriced new region keeps them true); exact layout is checked on the
 * fixture fleet. docs/cost.md's figures are not checked for staleness: `npm run report`
 * rewrites them and the plan prints the live ones.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readCellConfig } from "../config/cell";
import { cellStacks, deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { cellEstimate, fleetEstimate } from "../cost/estimate";
import { LEFT_OUT, SPOT_PRICE_NOTE } from "../cost/assumptions";
import { PriceError } from "../cost/prices";
import { costReportText, estimateSummary } from "../scripts/cost-report";
import { NOT_PRICED } from "../cost/prices";
import { pricedFleetRoot } from "./fixtures/priced-fleet";
import { THIRD_CELL, THREE_CELLS_ROOT } from "./fixtures/three-cells";

const dollars = (value: number) => `\\$${Math.round(value).toLocaleString("en-US")}`;

/** The fleet estimate of the stack files at `root`, or undefined when a stack has no prices. */
function pricedFleet(root = PROJECT_ROOT) {
  const cells = cellStacks(root).map((stack) => readCellConfig(loadStackConfig(stack, root), stack));
  try {
    return fleetEstimate(
      cells,
      deployOrder(root).find((stack) => !cellStacks(root).includes(stack)),
    );
  } catch (error) {
    if (error instanceof PriceError) return undefined;
    throw error;
  }
}

/** A printed dollar figure ("$1,234", "**$1,234**", "$12.34", "$1,234 priced + ...") as a number. */
const money = (cell: string) => Number(/\$([\d,.]+)/.exec(cell)![1].replace(/,/g, ""));

/** The count of items without a price a printed figure names ("... + 3 items without a price"), else 0. */
const unpricedCount = (cell: string) => Number(/\+ (\d+) items? without a price/.exec(cell)?.[1] ?? 0);

/** The fleet row's text after the figure: nothing when every line is priced. */
const fleetSuffix = (count: number) => (count === 0 ? "" : ` priced items only \\+ ${count} items? without a price`);

/** The rows of the Markdown table that follows `header` in `text` (cells trimmed, separator skipped). */
function tableAfter(text: string, header: string, from = 0): string[][] {
  const start = text.indexOf(`${header}\n`, from);
  assert.ok(start >= 0, `no table "${header}"`);
  const rows: string[][] = [];
  for (const line of text.slice(start).split("\n").slice(2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** Every priced stack section's printed component rows, item rows and total, and the Fleet table. */
function printedTables(text: string) {
  const stacks = [...text.matchAll(/\n## ([^\n]+)\n\n\| component \| per month \|/g)].map((m) => {
    const at = m.index!;
    const components = tableAfter(text, "| component | per month |", at);
    const items = tableAfter(text, "| component | item | quantity | unit price | per month |", at);
    const total = components.find((row) => row[0] === "**total**")!;
    return {
      stack: m[1],
      components: components.filter((row) => row !== total).map((row) => money(row[1])),
      items: items.map((row) => money(row[4])),
      total: money(total[1]),
    };
  });
  const fleetRows = tableAfter(text, "| stack | per month |");
  return { stacks, fleetRows };
}

/** Both baselines' rows as the estimate computes them: whole fleet and scaled tiers alone, each with its ratio. */
function assertBaselineRows(text: string, fleet: ReturnType<typeof fleetEstimate>): void {
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
}

describe("cost report", () => {
  it("has a section per priced stack and, when every stack is priced, the fleet and both baselines with their ratios", () => {
    const text = costReportText();
    for (const item of LEFT_OUT) assert.ok(text.includes(`- ${item}`), item);
    assert.match(text, /\n## Baselines\n/);
    assert.match(text, /aws ce update-cost-allocation-tags-status/);
    const fleet = pricedFleet();
    if (!fleet) {
      assert.match(text, /The fleet's total and the baselines need prices for every stack/);
      assert.doesNotMatch(text, /\*\*fleet\*\*/);
      return;
    }
    for (const stack of deployOrder()) assert.match(text, new RegExp(`\\n## ${stack}\\n`));
    assert.match(
      text,
      new RegExp(
        `\\| \\*\\*fleet\\*\\* \\| \\*\\*${dollars(fleet.monthlyUsd)}\\*\\*${fleetSuffix(fleet.unpricedCount)} \\|`,
      ),
    );
    // Lines priced in some scenario only are named under the ratios, which leave them out.
    assert.equal(
      text.includes("computed only over the bill lines priced in all three"),
      fleet.leftOutOfRatios.length > 0,
    );
    for (const line of fleet.leftOutOfRatios)
      assert.ok(text.includes(`\n- ${line.stack}, ${line.component}: `), line.stack);
    assertBaselineRows(text, fleet);
  });

  it("has a section per stack, the fleet and both baselines with their ratios on a fully priced fleet (fixture)", () => {
    const root = pricedFleetRoot();
    const text = costReportText(root);
    for (const stack of deployOrder(root)) assert.match(text, new RegExp(`\\n## ${stack}\\n`));
    assert.match(text, /\| \*\*fleet\*\* \| \*\*\$[\d,]+\*\* \|/);
    // Both ratios, whole fleet and scaled tiers alone, as the estimate computes them.
    const cells = cellStacks(root).map((stack) => readCellConfig(loadStackConfig(stack, root), stack));
    const fleet = fleetEstimate(cells, "global");
    assertBaselineRows(text, fleet);
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
  });

  it("prints the plan's estimate lines in a fixed layout (fixture fleet)", () => {
    const lines = estimateSummary(THREE_CELLS_ROOT).split("\n");
    assert.match(lines[0], /^Estimated monthly cost \(on-demand list prices of .+; docs\/cost\.md\):$/);
    const order = deployOrder(THREE_CELLS_ROOT);
    assert.deepEqual(
      lines.slice(1).map((line) => line.trim().split(/\s+/)[0]),
      [...order, "fleet"],
    );
    const width = Math.max(...order.map((s) => s.length), "fleet".length);
    for (const [i, stack] of order.entries()) {
      // The edge serves every cell, so it is unpriced with the third cell's region; the
      // fixture's eu-west-1 cell lacks the eu-west-1 items cost/prices.ts leaves out.
      const unpriced = stack === THIRD_CELL || !cellStacks(THREE_CELLS_ROOT).includes(stack);
      const missing =
        stack === "eu-west-1"
          ? cellEstimate(readCellConfig(loadStackConfig(stack, THREE_CELLS_ROOT), stack)).unpriced
          : [];
      if (stack === "eu-west-1") assert.ok(missing.length > 0, "the fixture's eu-west-1 is partly priced");
      const expected = unpriced
        ? `not estimated: no prices for ${THIRD_CELL} (cost/prices.ts holds `
        : stack === "eu-west-1"
          ? new RegExp(
              `^\\$\\d{1,3}(,\\d{3})*\\/month priced \\+ ${missing.length} items without a price \\(listed in docs\\/cost\\.md\\)$`,
            )
          : /^\$\d{1,3}(,\d{3})*\/month$/;
      const line = lines[i + 1];
      assert.equal(line.slice(0, 2 + width + 2), `  ${stack.padEnd(width)}  `, `${stack} is aligned`);
      if (typeof expected === "string") assert.ok(line.slice(4 + width).startsWith(expected), line);
      else assert.match(line.slice(4 + width), expected);
    }
    assert.equal(lines[lines.length - 1], `  ${"fleet".padEnd(width)}  not estimated (a stack above lacks prices)`);
  });

  it("prints one line per stack and the fleet for the plan: a price per month, or why not", () => {
    const lines = estimateSummary().split("\n").slice(1);
    assert.deepEqual(
      lines.map((line) => line.trim().split(/\s+/)[0]),
      [...deployOrder(), "fleet"],
    );
    const stackLines = lines.slice(0, -1);
    // Each stack is priced, partly priced with a count, or not estimated.
    const figure = /\$[\d,]+\/month( priced \+ \d+ items? without a price \(listed in docs\/cost\.md\))?$/;
    for (const line of stackLines)
      assert.match(line, new RegExp(`(${figure.source}|not estimated: no prices for \\S+.*)$`));
    const allEstimated = stackLines.every((line) => figure.test(line));
    const fleet = pricedFleet();
    assert.equal(allEstimated, fleet !== undefined);
    const last = lines[lines.length - 1];
    if (!fleet) {
      assert.match(last, /not estimated \(a stack above lacks prices\)$/);
      return;
    }
    const count = stackLines.reduce((sum, line) => sum + unpricedCount(line), 0);
    assert.equal(count, fleet.unpricedCount);
    assert.match(
      last,
      count === 0
        ? /\$[\d,]+\/month$/
        : new RegExp(`\\$[\\d,]+\\/month, priced items only \\(${count} items? without a price\\)$`),
    );
    const sum = stackLines.reduce((total, line) => total + money(line), 0);
    assert.ok(Math.abs(sum - money(last)) <= stackLines.length / 2, `stacks ${sum} vs fleet ${money(last)}`);
  });

  for (const [name, root] of [
    ["the shipped stack files", PROJECT_ROOT],
    ["the fixture fleet", THREE_CELLS_ROOT],
  ] as const) {
    it(`prints totals that are the sums of the printed rows (${name})`, () => {
      const text = costReportText(root);
      const { stacks, fleetRows } = printedTables(text);
      const stackRows = fleetRows.filter((row) => row[0] !== "**fleet**");
      const priced = stackRows.filter((row) => row[1].startsWith("$"));
      assert.deepEqual(
        stacks.map((s) => s.stack),
        priced.map((row) => row[0]),
        "a section per priced stack",
      );
      assert.ok(stacks.length > 0, "at least one priced stack");
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      for (const s of stacks) {
        // Whole-dollar rows each round by up to 50 cents; the item rows are printed to the cent.
        assert.ok(Math.abs(sum(s.items) - s.total) <= 1, `${s.stack}: items ${sum(s.items)} vs total ${s.total}`);
        assert.ok(
          Math.abs(sum(s.components) - s.total) <= 0.5 * s.components.length,
          `${s.stack}: components ${sum(s.components)} vs total ${s.total}`,
        );
        assert.equal(money(priced.find((row) => row[0] === s.stack)![1]), s.total, `${s.stack}: Fleet table`);
      }
      const fleet = fleetRows.find((row) => row[0] === "**fleet**");
      assert.equal(fleet !== undefined, priced.length === stackRows.length, "a fleet total only when all are priced");
      if (fleet) {
        const total = sum(priced.map((row) => money(row[1])));
        assert.ok(Math.abs(total - money(fleet[1])) <= 1, `stacks ${total} vs fleet ${money(fleet[1])}`);
        assert.equal(
          unpricedCount(fleet[1]),
          sum(priced.map((row) => unpricedCount(row[1]))),
          "unpriced lines counted",
        );
        assert.equal(fleet[1].includes("priced items only"), unpricedCount(fleet[1]) > 0);
      }
      // A partly priced stack lists each line without a price under its section.
      for (const row of priced) {
        const at = text.indexOf(`\n## ${row[0]}\n`);
        const section = text.slice(at, text.indexOf("\n## ", at + 1));
        const listed =
          section.split("Without a price")[1]?.match(/\n- .+ a month.*, no published price for `\S+`/g) ?? [];
        assert.equal(listed.length, unpricedCount(row[1]), `${row[0]}: its unpriced lines`);
      }
    });
  }

  it("docs/cost.md is the generated report (npm run report rewrites its figures)", () => {
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "cost.md"), "utf8");
    assert.match(doc, /^# Cost\n/);
    assert.match(doc, /Generated by `npm run report`/);
    for (const heading of ["## Fleet", "## What the estimate leaves out", "## Assumptions", "## Prices"]) {
      assert.ok(doc.includes(`\n${heading}\n`), heading);
    }
  });
});
