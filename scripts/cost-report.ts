/**
 * The cost report: the monthly estimate of every stack of a project directory, per
 * component and per row, the fleet's total, both baselines and ratios, the assumptions and
 * prices behind them and what the estimate leaves out. `npm run report` prints `costSection`
 * and writes the whole to docs/cost.md; `npm run plan` prints `estimateSummary` (one line per
 * stack and the total).
 */
import { CellConfig, readCellConfig, stackBaseName } from "../config/cell";
import { deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { GlobalConfig, readGlobalConfig } from "../config/global";
import { stackKindOf } from "../config/shared";
import * as assume from "../cost/assumptions";
import {
  cellEstimate,
  edgeLoadOf,
  FleetEstimate,
  fleetEstimate,
  globalEstimate,
  RATIO_GOAL,
  RatioExclusion,
  StackEstimate,
  UnpricedLine,
} from "../cost/estimate";
import { NOT_PRICED, PRICES, PRICES_AS_OF, PriceError } from "../cost/prices";
import { BASELINES_SECTION, BUDGET_SECTION } from "./cost-doc-text";

// One formatter each: Intl formatters are slow to build and the report formats hundreds of figures.
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const tenths = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const exact = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
const usd = (value: number) => `$${whole.format(value)}`;
const usdCents = (value: number) => `$${cents.format(value)}`;
const amount = (value: number) => tenths.format(value);

interface FleetConfigs {
  cells: CellConfig[];
  edges: GlobalConfig[];
}

function readFleet(root: string): FleetConfigs {
  const cells: CellConfig[] = [];
  const edges: GlobalConfig[] = [];
  for (const stack of deployOrder(root)) {
    const raw = loadStackConfig(stack, root);
    if (stackKindOf(raw) === "global") edges.push(readGlobalConfig(raw, stack));
    else cells.push(readCellConfig(raw, stack));
  }
  return { cells, edges };
}

/** Each stack's estimate in deploy order, or why it cannot be priced. */
function stackEstimates({ cells, edges }: FleetConfigs): { stack: string; estimate?: StackEstimate; error?: string }[] {
  const attempt = (stack: string, estimate: () => StackEstimate) => {
    try {
      return { stack, estimate: estimate() };
    } catch (error) {
      if (error instanceof PriceError) return { stack, error: error.message };
      throw error;
    }
  };
  return [
    ...cells.map((cell) => attempt(cell.stack, () => cellEstimate(cell))),
    ...edges.map((edge) =>
      attempt(edge.stack, () => globalEstimate(edge.stack, listedCells(edge, cells).map(edgeLoadOf))),
    ),
  ];
}

function listedCells(edge: GlobalConfig, cells: CellConfig[]): CellConfig[] {
  return edge.cells.map((name) => cells.find((cell) => cell.stack === stackBaseName(name))).filter((c) => !!c);
}

/** "N items" / "1 item". */
const items = (count: number) => `${count} item${count === 1 ? "" : "s"}`;

/** A stack's figure as the plan prints it: wholly priced, or priced with the lines it lacks counted. */
function stackFigure(estimate: StackEstimate): string {
  const figure = `${usd(estimate.monthlyUsd)}/month`;
  if (estimate.unpriced.length === 0) return figure;
  return `${figure} priced + ${items(estimate.unpriced.length)} without a price (listed in docs/cost.md)`;
}

/** An unpriced line in words: "<item>: 2,190 a month, no published price (...)". */
function unpricedText(line: UnpricedLine): string {
  const unit = line.unit ? ` (billed ${line.unit})` : "";
  return `${line.component}, ${line.item}: ${amount(line.quantity)} a month${unit}, no published price for \`${line.price}\` in ${line.region}`;
}

/** One line per stack and the fleet's total, as `npm run plan` prints them. */
export function estimateSummary(root = PROJECT_ROOT): string {
  const configs = readFleet(root);
  const estimates = stackEstimates(configs);
  const width = Math.max(...estimates.map((e) => e.stack.length), "fleet".length);
  const lines = estimates.map(
    ({ stack, estimate, error }) =>
      `  ${stack.padEnd(width)}  ${estimate ? stackFigure(estimate) : `not estimated: ${error}`}`,
  );
  const priced = estimates.every((e) => e.estimate);
  const total = estimates.reduce((sum, e) => sum + (e.estimate?.monthlyUsd ?? 0), 0);
  const unpriced = estimates.reduce((sum, e) => sum + (e.estimate?.unpriced.length ?? 0), 0);
  const fleet = !priced
    ? "not estimated (a stack above lacks prices)"
    : unpriced === 0
      ? `${usd(total)}/month`
      : `${usd(total)}/month, priced items only (${items(unpriced)} without a price)`;
  lines.push(`  ${"fleet".padEnd(width)}  ${fleet}`);
  return [`Estimated monthly cost (on-demand list prices of ${PRICES_AS_OF}; docs/cost.md):`, ...lines].join("\n");
}

/** A ratio as a table shows it. */
const ratio = (value: number) => value.toFixed(2);

/** A stack's figure in the Fleet table. */
function fleetCell(estimate: StackEstimate): string {
  const figure = usd(estimate.monthlyUsd);
  if (estimate.unpriced.length === 0) return figure;
  return `${figure} priced + ${items(estimate.unpriced.length)} without a price`;
}

/** The fleet's total, both baselines and ratios, and the lines the ratios leave out. */
function baselines(fleet: FleetEstimate): string[] {
  const scaled = fleet.scaledTiers;
  const total =
    fleet.unpricedCount === 0
      ? `| **fleet** | **${usd(fleet.monthlyUsd)}** |`
      : `| **fleet** | **${usd(fleet.monthlyUsd)}** priced items only + ${items(fleet.unpricedCount)} without a price |`;
  const out = [
    total,
    "",
    "Two baselines at the same peak capacity, as the Baselines section of docs/cost.md defines them:",
    "",
    "| | whole fleet | the design costs | scaled tiers alone | the design costs |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| the design (follow-the-sun) | ${usd(fleet.comparableDesignUsd)} | | ${usd(scaled.designUsd)} | |`,
    `| (a) the same fleet provisioned statically for its peak all day | ${usd(fleet.staticPeakUsd)} | ${ratio(fleet.ratioToStaticPeak)} of it | ${usd(scaled.staticPeakUsd)} | ${ratio(scaled.ratioToStaticPeak)} of it |`,
    `| (b) that static fleet on x86, on-demand only | ${usd(fleet.staticPeakX86OnDemandUsd)} | ${ratio(fleet.ratioToStaticPeakX86OnDemand)} of it | ${usd(scaled.staticPeakX86OnDemandUsd)} | ${ratio(scaled.ratioToStaticPeakX86OnDemand)} of it |`,
    "",
    "The scaled tiers are the web and worker tasks and the Aurora readers, which follow demand.",
    fleet.ratioToStaticPeakX86OnDemand <= RATIO_GOAL
      ? `The design meets the goal of at most ${RATIO_GOAL} of baseline (b).`
      : `The goal is at most ${RATIO_GOAL} of baseline (b); the whole fleet is at ${ratio(fleet.ratioToStaticPeakX86OnDemand)}, because what does not follow demand (the Aurora writer, cache, broker, NAT, endpoints, the edge) costs the same, or nearly, in every scenario; the scaled tiers alone are at ${ratio(scaled.ratioToStaticPeakX86OnDemand)}.`,
  ];
  if (fleet.leftOutOfRatios.length === 0) return out;
  const gap = fleet.monthlyUsd - fleet.comparableDesignUsd;
  const below = gap >= 0.5 ? `, so the design row is ${usd(gap)} below the fleet's priced total` : "";
  return [
    ...out,
    "",
    `The three scenarios and both ratios are computed only over the bill lines priced in all three (design, static peak, static peak on x86 on-demand)${below}. These ${fleet.leftOutOfRatios.length} bill lines lack a price in at least one scenario, so they are left out of all three, never guessed:`,
    "",
    ...fleet.leftOutOfRatios.map((line) => `- ${line.stack}, ${line.component}: ${exclusionText(line)}`),
  ];
}

/** A line left out of the ratios: its item and where it has no price. */
function exclusionText(line: RatioExclusion): string {
  const [first] = line.items;
  if (line.items.every((i) => !i.priced && i.item === first.item)) return `${first.item}, no price in any scenario`;
  return line.items.map((i) => `${i.scenario}: ${i.item} (${i.priced ? "priced" : "no price"})`).join("; ");
}

/**
 * The estimate in Markdown: the fleet, both baselines and their ratios (whole fleet and the
 * scaled tiers alone), each stack per component and per row with the lines it cannot price,
 * and what is left out. The report prints it; docs/cost.md holds it with the assumptions,
 * prices and budgets.
 */
export function costSection(root = PROJECT_ROOT): string {
  const configs = readFleet(root);
  const estimates = stackEstimates(configs);
  const out: string[] = [
    "## Fleet",
    "",
    "| stack | per month |",
    "| --- | ---: |",
    ...estimates.map(({ stack, estimate, error }) => `| ${stack} | ${estimate ? fleetCell(estimate) : error} |`),
  ];
  if (estimates.every((e) => e.estimate)) {
    out.push(...baselines(fleetEstimate(configs.cells, configs.edges[0]?.stack)));
  } else {
    out.push("", "The fleet's total and the baselines need prices for every stack.");
  }
  for (const { stack, estimate } of estimates) {
    if (!estimate) continue;
    out.push(
      "",
      `## ${stack}`,
      "",
      "| component | per month |",
      "| --- | ---: |",
      ...estimate.byComponent.map((c) => `| ${c.component} | ${usd(c.monthlyUsd)} |`),
      `| **total** | **${usd(estimate.monthlyUsd)}** |`,
      "",
      "| component | item | quantity | unit price | per month |",
      "| --- | --- | ---: | ---: | ---: |",
      ...estimate.rows.map(
        (row) =>
          `| ${row.component} | ${row.item} | ${amount(row.quantity)} | ${row.unitPrice.usd} ${row.unitPrice.unit}${row.factor === 1 ? "" : ` x ${row.factor}`} | ${usdCents(row.monthlyUsd)} |`,
      ),
    );
    if (estimate.unpriced.length > 0) {
      out.push(
        "",
        `Without a price (not in the total above, never guessed; the stack sets \`storefront:budget.limitUsd\`):`,
        "",
        ...estimate.unpriced.map((line) => `- ${unpricedText(line)}`),
      );
    }
  }
  out.push("", "## What the estimate leaves out", "", ...assume.LEFT_OUT.map((item) => `- ${item}`));
  return out.join("\n");
}

/** The full report in Markdown (docs/cost.md). */
export function costReportText(root = PROJECT_ROOT): string {
  const out: string[] = [
    "# Cost",
    "",
    "<!-- Generated by `npm run report` from the stack files, cost/prices.ts and cost/assumptions.ts: do not edit by hand. -->",
    "",
    `An estimate, not a quote: on-demand list prices in USD as of ${PRICES_AS_OF}, a ${assume.HOURS_PER_MONTH}-hour month, and`,
    "the usage assumptions listed below. Each stack's bill of materials is computed from its",
    "config (what the program creates for it); a spec checks those counts against the resources",
    "the program registers. The web tasks, the requests, the worker tasks and the Aurora readers",
    "come hour by hour from the capacity model (docs/capacity.md), the same functions that set",
    "each stack's budget at deploy time. Check the AWS pricing pages before budgeting.",
    "",
    costSection(root),
    "",
    BASELINES_SECTION,
    "",
    "## Assumptions",
    "",
    "From cost/assumptions.ts and cost/task-hours.ts.",
    "",
    "| assumption | value |",
    "| --- | ---: |",
    ...Object.entries(assume)
      .filter(([, value]) => typeof value === "number")
      .map(([name, value]) => `| \`${name}\` | ${exact.format(value as number)} |`),
    "",
    assume.SPOT_PRICE_NOTE,
    "",
    "## Prices",
    "",
    "From cost/prices.ts. A region the table does not hold is reported as having no prices, never guessed.",
    "",
    "| region | item | USD | unit | source | note |",
    "| --- | --- | ---: | --- | --- | --- |",
    ...Object.entries(PRICES).flatMap(([region, table]) =>
      Object.entries(table).map(
        ([key, price]) =>
          `| ${region} | ${key} | ${price.usd} | ${price.unit} | ${price.source} | ${price.note ?? ""} |`,
      ),
    ),
    "",
    `Not priced, because no published figure for the region was found (a stack that needs one sets \`storefront:budget.limitUsd\`): ${Object.entries(
      NOT_PRICED,
    )
      .map(([region, items]) => `${region}: ${items.join(", ")}`)
      .join("; ")}.`,
    "",
    BUDGET_SECTION,
  ];
  return `${out.join("\n")}\n`;
}
