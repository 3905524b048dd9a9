/**
 * `npm run report`: what the fleet's stack files add up to, in sections: capacity first
 * (the model, N+1, efficiency), then cost (each stack, the fleet, both baselines and their
 * ratios, what is left out), both from the same capacity model. Also writes the
 * follow-the-sun charts to docs/follow-the-sun.svg (winter) and docs/follow-the-sun-summer.svg,
 * and the full cost report to docs/cost.md.
 *
 *   npm run report                 the repository's stack files
 *   npm run report -- --root DIR   the stack files of another checkout (nothing written)
 *
 * Exits 1 when a stack file is invalid, printing every problem, as the plan does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { capacityInputOf, CellCapacityInput, Season, SEASONS } from "../capacity/cell-capacity";
import { CellConfig } from "../config/cell";
import { PROJECT_ROOT } from "../config/files";
import * as prettier from "prettier";
import { costReportText, costSection } from "./cost-report";
import { checkFleetConfig } from "./plan-run";
import { capacitySection } from "./report-capacity";
import { followTheSunSvg } from "./report-chart";

/** Where the charts are written: the winter reference day, and the summer one (DST zones an hour earlier in UTC). */
export const CHART_FILES: Record<Season, string> = {
  winter: path.join(PROJECT_ROOT, "docs", "follow-the-sun.svg"),
  summer: path.join(PROJECT_ROOT, "docs", "follow-the-sun-summer.svg"),
};

/** Where the cost report is written. */
export const COST_FILE = path.join(PROJECT_ROOT, "docs", "cost.md");

/** The report's sections for a fleet's cells, in order: capacity, then the cost of the fleet at `root`. */
export function reportSections(cells: readonly CellConfig[], root = PROJECT_ROOT): string[] {
  return [
    capacitySection(cells),
    `Cost (monthly estimate; the whole report with prices: docs/cost.md)\n\n${costSection(root)}`,
  ];
}

/** The chart of a fleet's modelled cells on the season's reference day. */
export function fleetChart(cells: readonly CellConfig[], season: Season = "winter"): string {
  return followTheSunSvg(
    cells.map(capacityInputOf).filter((c): c is CellCapacityInput => c !== undefined),
    season,
  );
}

async function main(args: string[]): Promise<number> {
  const rootAt = args.indexOf("--root");
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1] ?? ".") : PROJECT_ROOT;
  const fleet = checkFleetConfig(root);
  const invalid = fleet.failures.filter((failure) => !failure.startsWith("N+1 regional headroom is required"));
  if (invalid.length > 0) {
    console.error(invalid.join("\n"));
    return 1;
  }
  const cells = fleet.order.map((stack) => fleet.cells.get(stack)).filter((c): c is CellConfig => c !== undefined);
  console.log(reportSections(cells, root).join("\n\n"));
  if (root === PROJECT_ROOT) {
    for (const season of SEASONS) fs.writeFileSync(CHART_FILES[season], fleetChart(cells, season));
    const options = (await prettier.resolveConfig(COST_FILE)) ?? {};
    fs.writeFileSync(COST_FILE, await prettier.format(costReportText(root), { ...options, filepath: COST_FILE }));
    console.log(
      `\nWritten: ${[...Object.values(CHART_FILES), COST_FILE].map((file) => path.relative(PROJECT_ROOT, file)).join(", ")}`,
    );
  }
  return 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
