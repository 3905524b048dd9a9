/**
 * The cost estimate: prices (a missing one is an error), the bill of materials of a fixture
 * cell, totals that are the sums of their rows, the baselines' ratios, and the budget each
 * stack creates, read against the config of the fleet under test.
 */
import * as assert from "node:assert/strict";
import { CellConfig, readCellConfig } from "../config/cell";
import { readGlobalConfig } from "../config/global";
import { cellStacks } from "../config/deploy-order";
import { loadStackConfig } from "../config/files";
import { cellBill, cellInventory, jobRunsPerDay, Scenario, splitTasks } from "../cost/bill-of-materials";
import { cellEstimate, edgeLoadOf, fleetEstimate, globalEstimate, priceBill, StackEstimate } from "../cost/estimate";
import { NOT_PRICED, PriceError, priceOf, PRICES } from "../cost/prices";
import { peakOfDay, pricedDay, webTasksByUtcHour } from "../cost/task-hours";
import { cellCapacityDay } from "../capacity/cell-capacity";
import { budgetLimitUsd, stackTagFilter } from "../config/budget";
import { cellBudgetLimit } from "../cost/budget-limit";
import { fixtureRaw } from "./fixtures/three-cells";
import { fleetsUnderTest } from "./support/fleets";
import { evaluateFleet } from "./support/evaluate";
import { configErrorOf } from "./support/config-errors";
import { MOCK_ACCOUNT_ID } from "../offline/mock-cloud";

const fixtureCell = (stack: string, edits: Record<string, string> = {}) =>
  readCellConfig({ ...fixtureRaw(stack), ...edits }, stack);

function assertSums(estimate: StackEstimate): void {
  const rows = estimate.rows.reduce((sum, row) => sum + row.monthlyUsd, 0);
  assert.ok(Math.abs(estimate.monthlyUsd - rows) < 1e-6, `${estimate.stack}: total is the sum of its rows`);
  const components = estimate.byComponent.reduce((sum, c) => sum + c.monthlyUsd, 0);
  assert.ok(Math.abs(estimate.monthlyUsd - components) < 1e-6, `${estimate.stack}: total is the sum of its components`);
  for (const row of estimate.rows) {
    assert.ok(row.monthlyUsd >= 0 && Number.isFinite(row.monthlyUsd), `${estimate.stack} ${row.item}`);
    assert.equal(row.monthlyUsd, row.quantity * row.unitPrice.usd * row.factor);
  }
}

describe("cost estimate", () => {
  describe("prices", () => {
    it("every figure has a unit, a date and a public source", () => {
      for (const [region, table] of Object.entries(PRICES)) {
        for (const [key, price] of Object.entries(table)) {
          assert.ok(price.usd >= 0 && price.unit && /^\d{4}-\d{2}$/.test(price.asOf), `${region} ${key}`);
          assert.match(price.source, /https:\/\/aws\.amazon\.com\/|AWS Price List/, `${region} ${key}`);
        }
      }
    });

    it("no figure is borrowed from another region or marked as unconfirmed", () => {
      for (const [region, table] of Object.entries(PRICES)) {
        for (const [key, price] of Object.entries(table)) {
          assert.doesNotMatch(
            price.note ?? "",
            /to confirm|about the same|x us-east-1|us-east-1 rate/i,
            `${region} ${key}`,
          );
        }
      }
    });

    it("an item a region leaves out is absent from its block: asking for it is an error", () => {
      for (const [region, items] of Object.entries(NOT_PRICED)) {
        assert.ok(PRICES[region], region);
        for (const key of items) {
          assert.throws(
            () => priceOf(region, key),
            new RegExp(`no price for ${key.replace(/\./g, "\\.")} in ${region}`),
          );
        }
      }
    });

    it("a region without figures is an error naming it, never zero", () => {
      assert.throws(() => priceOf("ap-southeast-2", "nat.hour"), {
        name: "PriceError",
        message: /no prices for ap-southeast-2/,
      });
      assert.throws(() => priceOf("us-east-1", "aurora.db.x9.huge"), /no price for aurora\.db\.x9\.huge in us-east-1/);
      const line = { component: "c", item: "i", region: "us-east-1", price: "nat.gb", quantity: 1, factor: 1 };
      assert.throws(() => priceBill("s", [line], { "eu-west-1": PRICES["eu-west-1"] }), {
        name: "PriceError",
        message: /no prices for us-east-1/,
      });
    });

    it("a cell whose instance class has no price is partly priced: the line is listed, never priced", () => {
      const cell = fixtureCell("us-east-1", {
        "storefront:cache": JSON.stringify({ nodeType: "cache.r6g.large", engineVersion: "8.0", nodes: 2 }),
      });
      const estimate = cellEstimate(cell);
      assert.deepEqual(
        estimate.unpriced.map((line) => line.why),
        ["no price for cache.cache.r6g.large in us-east-1 (cost/prices.ts)"],
      );
      assert.ok(!estimate.rows.some((row) => row.price === "cache.cache.r6g.large"));
      assert.throws(() => cellBudgetLimit(cell), /storefront:budget\.limitUsd.*no price for cache\.cache\.r6g\.large/s);
    });
  });

  describe("bill of materials of the fixture's us-east-1 cell", () => {
    const cell = fixtureCell("us-east-1");

    it("counts what the config creates", () => {
      assert.deepEqual(cellInventory(cell), {
        natGateways: 3,
        interfaceEndpoints: ["logs", "secretsmanager"],
        endpointAzs: 3,
        auroraInstances: 2,
        auroraInstancesAtCeiling: 7,
        auroraInstanceClass: "db.r7g.large",
        cacheNodes: 2,
        cacheNodeType: "cache.m7g.large",
        brokerInstances: 3,
        brokerInstanceType: "mq.m5.large",
        brokerDeploymentMode: "CLUSTER_MULTI_AZ",
        kmsKeys: 1,
        secrets: 5,
        secretReplicas: 2,
        buckets: 2,
      });
      assert.equal(cellInventory(fixtureCell("us-east-1", { "storefront:natStrategy": "Single" })).natGateways, 1);
    });

    it("prices the capacity model's web tasks, both seasons averaged (New York moves an hour with daylight saving)", () => {
      const [winter, summer] = [cellCapacityDay(cell, "winter"), cellCapacityDay(cell, "summer")];
      assert.deepEqual(
        webTasksByUtcHour(cell),
        winter.map((hour, i) => (hour.tasks + summer[i].tasks) / 2),
      );
      assert.deepEqual(
        webTasksByUtcHour(cell),
        [12, 12, 12, 12, 7.5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 7.5, 12, 12],
      );
      assert.deepEqual(peakOfDay(cell), { webTasks: 12, workerTasks: 8, readers: 4 });
    });

    it("bills a job only where it runs: a secondary bills its every-cell jobs alone", () => {
      const secondary = fixtureCell("eu-west-1");
      const billed = (c: CellConfig) =>
        new Set(
          cellBill(c)
            .filter((l) => l.component === "jobs")
            .map((l) => l.item.split(":")[0]),
        );
      assert.deepEqual([...billed(secondary)], ["job cache-warm"]);
      assert.deepEqual([...billed(cell)], ["job catalog-sync", "job order-reconciliation", "job cache-warm"]);
    });

    it("prices the fixture at pinned figures", () => {
      const estimate = cellEstimate(cell);
      const row = (item: RegExp) => estimate.rows.find((r) => item.test(r.item))!;
      assert.equal(row(/^3 NAT gateways$/).monthlyUsd.toFixed(2), "98.55");
      assert.equal(row(/^writer, 1 x db\.r7g\.large/).monthlyUsd.toFixed(2), "201.48");
      assert.equal(row(/^readers, 1369 x db\.r7g\.large/).monthlyUsd.toFixed(2), "377.78");
      assert.equal(row(/^3 x mq\.m5\.large/).monthlyUsd.toFixed(2), "630.72");
      assert.equal(row(/^5 secrets \+ 2 replicas$/).monthlyUsd.toFixed(2), "2.80");
      assert.equal(estimate.monthlyUsd.toFixed(2), "2017.20");
      assert.equal(cellEstimate(cell, "static-peak").monthlyUsd.toFixed(2), "2659.81");
      assert.equal(cellEstimate(cell, "static-peak-x86-on-demand").monthlyUsd.toFixed(2), "2827.48");
      assertSums(estimate);
    });

    it("splits tasks as ECS places them: the base on demand, the rest by weight", () => {
      assert.deepEqual(splitTasks(8, { onDemandBase: 2, onDemandWeight: 7, spotWeight: 3 }), {
        onDemand: 6.2,
        spot: 1.8,
      });
      assert.deepEqual(splitTasks(1, { onDemandBase: 2, onDemandWeight: 0, spotWeight: 1 }), { onDemand: 1, spot: 0 });
      assert.equal(jobRunsPerDay("rate(5 minutes)"), 288);
    });

    it("baseline (b) bills x86 on-demand task-hours only, at the peak all day", () => {
      const lines = cellBill(cell, "static-peak-x86-on-demand").filter((l) => l.component === "web");
      assert.ok(lines.length > 0 && lines.every((l) => l.price.startsWith("fargate.x86.") && l.factor === 1));
      const vcpuHours = lines.filter((l) => l.price === "fargate.x86.vcpu").reduce((s, l) => s + l.quantity, 0);
      assert.equal(Math.round(vcpuHours), 12 * 730);
      const readers = cellBill(cell, "static-peak").find((l) => l.item.startsWith("readers"))!;
      assert.equal(readers.quantity, 4 * 730);
      const broker = cellBill(cell, "static-peak-x86-on-demand").find((l) => l.component === "broker")!;
      assert.equal(broker.price, "mq.mq.m5.large");
    });
  });

  describe("the shipped fleet", () => {
    const cells = cellStacks().map((stack) => readCellConfig(loadStackConfig(stack), stack));

    it("a cell the table cannot price sets its budget limit; a priced one's total is the sum of its rows", () => {
      for (const cell of cells) {
        let estimate: StackEstimate | undefined;
        try {
          estimate = cellEstimate(cell);
        } catch (error) {
          if (!(error instanceof PriceError)) throw error;
          assert.match(error.message, new RegExp(`^no prices for ${cell.region} `), cell.stack);
        }
        if (estimate) assertSums(estimate);
        for (const line of estimate?.unpriced ?? []) {
          assert.equal(line.why, `no price for ${line.price} in ${cell.region} (cost/prices.ts)`, cell.stack);
          assert.ok(line.quantity > 0, `${cell.stack} ${line.item}: its quantity`);
        }
        if (!estimate || estimate.unpriced.length > 0) {
          assert.ok(cell.budget.limitUsd !== undefined, `${cell.stack}: not wholly priced, so it sets its limit`);
          assert.equal(cellBudgetLimit(cell), cell.budget.limitUsd);
        }
      }
    });

    it("requests and web tasks come from the capacity model's hours", () => {
      for (const c of cells) {
        const seasons = (["winter", "summer"] as const).map((season) => cellCapacityDay(c, season));
        const rps = seasons[0].map((hour, i) => (hour.meanDemandRps + seasons[1][i].meanDemandRps) / 2);
        assert.deepEqual(
          pricedDay(c).map((hour) => hour.requestsPerSecond),
          rps,
        );
        assert.deepEqual(
          webTasksByUtcHour(c),
          seasons[0].map((hour, i) => (hour.tasks + seasons[1][i].tasks) / 2),
        );
      }
    });
  });

  // The fixture's primary cell uses only items the table prices: a fleet of it and the edge.
  describe("a priced fleet (the fixture's us-east-1 cell and the edge)", () => {
    const cells = [fixtureCell("us-east-1")];
    const fleet = fleetEstimate(cells, "global");

    it("each stack's total is the sum of its rows and components, and the fleet's of its stacks", () => {
      for (const stack of fleet.stacks) assertSums(stack);
      assert.ok(Math.abs(fleet.monthlyUsd - fleet.stacks.reduce((s, x) => s + x.monthlyUsd, 0)) < 1e-6);
    });

    it("reports the design as a share of both baselines, which cost at least as much", () => {
      assert.equal(fleet.ratioToStaticPeak, fleet.monthlyUsd / fleet.staticPeakUsd);
      assert.equal(fleet.ratioToStaticPeakX86OnDemand, fleet.monthlyUsd / fleet.staticPeakX86OnDemandUsd);
      assert.ok(fleet.staticPeakUsd >= fleet.monthlyUsd);
      assert.ok(fleet.staticPeakX86OnDemandUsd >= fleet.staticPeakUsd);
      const scaled = fleet.scaledTiers;
      assert.equal(scaled.ratioToStaticPeak, scaled.designUsd / scaled.staticPeakUsd);
      assert.equal(scaled.ratioToStaticPeakX86OnDemand, scaled.designUsd / scaled.staticPeakX86OnDemandUsd);
      assert.ok(scaled.designUsd <= scaled.staticPeakUsd && scaled.staticPeakUsd <= scaled.staticPeakX86OnDemandUsd);
      // Beyond the scaled tiers, the baselines change only the families of (b): jobs' Fargate and the broker.
      for (const c of cells) {
        const fixed = (scenario: Scenario) =>
          cellEstimate(c, scenario)
            .rows.filter((row) => !row.scaled && row.component !== "jobs" && row.component !== "broker")
            .reduce((sum, row) => sum + row.monthlyUsd, 0);
        assert.equal(fixed("static-peak"), fixed("design"), c.stack);
        assert.equal(fixed("static-peak-x86-on-demand"), fixed("design"), c.stack);
      }
    });
  });

  // The fixture's priced fleet with one item taken out of a copy of the table passed in.
  describe("a partly priced fleet (the fixture's us-east-1 cell and the edge, with an item the table lacks)", () => {
    const cells = [fixtureCell("us-east-1")];
    const full = fleetEstimate(cells, "global");
    const without = (key: string) => ({
      ...PRICES,
      "us-east-1": Object.fromEntries(Object.entries(PRICES["us-east-1"]).filter(([k]) => k !== key)),
    });

    it("prices the other lines, lists the missing one with its quantity, and sums the priced lines", () => {
      const partial = fleetEstimate(cells, "global", without("nat.hour"));
      const cell = partial.stacks[0];
      assertSums(cell);
      const nat = cellBill(cells[0], "design").find((l) => l.price === "nat.hour")!;
      assert.deepEqual(cell.unpriced, [
        {
          component: nat.component,
          item: nat.item,
          price: "nat.hour",
          quantity: nat.quantity,
          unit: PRICES["eu-west-1"]["nat.hour"].unit,
          region: "us-east-1",
          why: "no price for nat.hour in us-east-1 (cost/prices.ts)",
        },
      ]);
      const natRow = full.stacks[0].rows.find((row) => row.price === "nat.hour")!;
      assert.ok(Math.abs(cell.monthlyUsd - (full.stacks[0].monthlyUsd - natRow.monthlyUsd)) < 1e-6);
      assert.equal(partial.unpricedCount, 1);
      assert.ok(Math.abs(partial.monthlyUsd - (full.monthlyUsd - natRow.monthlyUsd)) < 1e-6);
      // Unpriced in every scenario: left out of all three, the ratios over the rest.
      assert.ok(Math.abs(partial.staticPeakUsd - (full.staticPeakUsd - natRow.monthlyUsd)) < 1e-6);
      assert.ok(Math.abs(partial.comparableDesignUsd - partial.monthlyUsd) < 1e-6);
      assert.equal(partial.ratioToStaticPeak, partial.comparableDesignUsd / partial.staticPeakUsd);
      assert.deepEqual(
        partial.leftOutOfRatios.map((l) => [l.stack, l.component, l.items.map((i) => i.priced)]),
        [[cells[0].stack, nat.component, [false, false, false]]],
      );
    });

    it("leaves a line priced in one scenario only out of all three scenarios for the ratios", () => {
      // On mq.m7g.large (no figure in the table) the design's broker has no price; baseline (b)'s mq.m5.large has.
      const broker = JSON.parse(fixtureRaw("us-east-1")["storefront:broker"]);
      const m7g = fixtureCell("us-east-1", {
        "storefront:broker": JSON.stringify({ ...broker, instanceType: "mq.m7g.large" }),
      });
      assert.ok(!PRICES["us-east-1"]["mq.mq.m7g.large"], "the table lacks mq.m7g.large");
      const partial = fleetEstimate([m7g], "global");
      const designBroker = cellBill(m7g, "design").find((l) => l.component === "broker")!;
      const x86Broker = cellBill(m7g, "static-peak-x86-on-demand").find((l) => l.component === "broker")!;
      assert.equal(x86Broker.price, "mq.mq.m5.large");
      assert.equal(partial.unpricedCount, 1);
      assert.deepEqual(
        partial.stacks[0].unpriced.map((l) => [l.price, l.quantity]),
        [["mq.mq.m7g.large", designBroker.quantity]],
      );
      // The rest of the bill is the fully priced fixture's: its broker is taken out of every scenario.
      const broker5 = (scenario: Scenario) =>
        cellEstimate(cells[0], scenario).rows.find((row) => row.component === "broker")!.monthlyUsd;
      assert.ok(Math.abs(partial.monthlyUsd - (full.monthlyUsd - broker5("design"))) < 1e-6);
      assert.ok(Math.abs(partial.comparableDesignUsd - partial.monthlyUsd) < 1e-6);
      assert.ok(Math.abs(partial.staticPeakUsd - (full.staticPeakUsd - broker5("static-peak"))) < 1e-6);
      const x86 = full.staticPeakX86OnDemandUsd - broker5("static-peak-x86-on-demand");
      assert.ok(Math.abs(partial.staticPeakX86OnDemandUsd - x86) < 1e-6, "(b) leaves out its priced mq.m5.large too");
      assert.equal(
        partial.ratioToStaticPeakX86OnDemand,
        partial.comparableDesignUsd / partial.staticPeakX86OnDemandUsd,
      );
      assert.deepEqual(partial.leftOutOfRatios, [
        {
          stack: m7g.stack,
          component: "broker",
          items: [
            { scenario: "design", item: designBroker.item, priced: false },
            { scenario: "static-peak", item: designBroker.item, priced: false },
            { scenario: "static-peak-x86-on-demand", item: x86Broker.item, priced: true },
          ],
        },
      ]);
    });

    it("a fully priced fleet leaves nothing out of the ratios", () => {
      assert.equal(full.unpricedCount, 0);
      assert.deepEqual(full.leftOutOfRatios, []);
      assert.equal(full.comparableDesignUsd, full.monthlyUsd);
    });
  });

  describe("budget limits from config", () => {
    it("is the estimate plus the margin, rounded up to whole dollars", () => {
      assert.equal(budgetLimitUsd(100.01, 25), 126);
      const cell = fixtureCell("us-east-1", { "storefront:budget": JSON.stringify({ marginPercent: 10 }) });
      assert.equal(cellBudgetLimit(cell), Math.ceil(cellEstimate(cell).monthlyUsd * 1.1));
      const set = fixtureCell("us-east-1", { "storefront:budget": JSON.stringify({ limitUsd: 900 }) });
      assert.equal(cellBudgetLimit(set), 900);
    });

    it("refuses a margin out of range, naming the key", () => {
      const error = configErrorOf(
        { ...fixtureRaw("us-east-1"), "storefront:budget": JSON.stringify({ marginPercent: 900 }) },
        "us-east-1",
      );
      assert.match(error.message, /storefront:budget\.marginPercent = 900: must be a whole number from 0 to 500/);
    });

    it("asks for a set limit where the table has no prices, naming the key and the region", () => {
      const raw = { ...fixtureRaw("ap-southeast-2") };
      delete raw["storefront:budget"];
      const cell = readCellConfig(raw, "ap-southeast-2");
      assert.throws(() => cellBudgetLimit(cell), /storefront:budget\.limitUsd.*no prices for ap-southeast-2/s);
    });
  });

  for (const { name, root } of fleetsUnderTest()) {
    describe(`the budget of each stack (${name})`, () => {
      it("follows the stack's tag, with the limit from its config and both notifications to an alarm topic", async () => {
        const fleet = await evaluateFleet(root);
        for (const evaluation of fleet) {
          const raw = loadStackConfig(evaluation.stack, root);
          const budgets = evaluation.cloud.ofType("aws:budgets/budget:Budget");
          assert.equal(budgets.length, 1, `${evaluation.stack}: one budget`);
          const { inputs } = budgets[0];
          assert.deepEqual(inputs.costFilters, [{ name: "TagKeyValue", values: [stackTagFilter(evaluation.stack)] }]);
          assert.equal(inputs.budgetType, "COST");
          assert.equal(inputs.timeUnit, "MONTHLY");
          assert.equal(inputs.limitUnit, "USD");
          const expected = expectedLimit(evaluation.stack, raw, root);
          assert.equal(inputs.limitAmount, String(expected), `${evaluation.stack}: limit`);
          assert.deepEqual(
            inputs.notifications.map((n: Record<string, unknown>) => [
              n.notificationType,
              n.threshold,
              n.thresholdType,
            ]),
            [
              ["ACTUAL", 80, "PERCENTAGE"],
              ["FORECASTED", 100, "PERCENTAGE"],
            ],
          );
          for (const n of inputs.notifications) {
            assert.equal(n.subscriberSnsTopicArns.length, 1);
            const topicArn = n.subscriberSnsTopicArns[0];
            const owner = fleet.find((s) =>
              s.cloud.ofType("aws:sns/topic:Topic").some((t) => t.state.arn === topicArn),
            );
            assert.ok(owner, `${evaluation.stack}: notifies an alarm topic of the fleet`);
            // The topic's policy and its key's policy let this account's budgets publish.
            const topicPolicy = owner.cloud
              .ofType("aws:sns/topicPolicy:TopicPolicy")
              .find((p) => p.inputs.arn === topicArn)!.inputs.policy;
            const keyPolicy = owner.cloud.one("aws:kms/key:Key").inputs.policy;
            for (const [what, policy, action] of [
              ["topic", topicPolicy, "sns:Publish"],
              ["key", keyPolicy, "kms:GenerateDataKey*"],
            ]) {
              const grant = JSON.parse(policy).Statement.find(
                (st: { Principal?: { Service?: string } }) => st.Principal?.Service === "budgets.amazonaws.com",
              );
              assert.ok(grant, `${evaluation.stack}: the ${what} policy admits budgets`);
              assert.ok([grant.Action].flat().includes(action), `${what}: ${action}`);
              assert.equal(grant.Condition.StringEquals["aws:SourceAccount"], MOCK_ACCOUNT_ID);
              assert.equal(grant.Condition.ArnLike["aws:SourceArn"], `arn:aws:budgets::${MOCK_ACCOUNT_ID}:*`);
            }
          }
        }
      });
    });
  }
});

const cellConfigs = new Map<string, CellConfig[]>();

/** The limit the config under test asks for: a set limit, or the estimate plus the margin. */
function expectedLimit(stack: string, raw: Record<string, string>, root: string): number {
  const budget = raw["storefront:budget"] ? JSON.parse(raw["storefront:budget"]) : {};
  if (budget.limitUsd !== undefined) return Number(budget.limitUsd);
  const margin = budget.marginPercent ?? 25;
  let cells = cellConfigs.get(root);
  if (!cells) {
    cells = cellStacks(root).map((s) => readCellConfig(loadStackConfig(s, root), s));
    cellConfigs.set(root, cells);
  }
  if (stack !== "global")
    return Math.ceil(cellEstimate(cells.find((c) => c.stack === stack)!).monthlyUsd * (1 + margin / 100));
  const global = readGlobalConfig(raw, stack);
  const listed = global.cells.map((s) => cells.find((c) => c.stack === s)!);
  const edge = globalEstimate(stack, listed.map(edgeLoadOf));
  return Math.ceil(edge.monthlyUsd * (1 + margin / 100));
}
