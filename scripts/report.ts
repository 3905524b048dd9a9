/**
 * `npm run report`: what the fleet's stack files add up to, in sections (capacity first;
 * further sections append their text to `reportSections`). Also writes the follow-the-sun
 * chart to docs/follow-the-sun.svg.
 *
 *   npm run report                 the repository's stack files
 *   npm run report -- --root DIR   the stack files of another checkout (chart not written)
 *
 * Exits 1 when a stack file is invalid, printing every problem, as the plan does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { capacityInputOf, CellCapacityInput } from "../capacity/cell-capacity";
import { CellConfig } from "../config/cell";
import { PROJECT_ROOT } from "../config/files";
import { checkFleetConfig } from "./plan-run";
import { capacitySection } from "./report-capacity";
import { followTheSunSvg } from "./report-chart";

/** Where the chart is written. */
export const CHART_FILE = path.join(PROJECT_ROOT, "docs", "follow-the-sun.svg");

/** The report's sections for a fleet's cells, in order. */
export function reportSections(cells: readonly CellConfig[]): string[] {
  return [capacitySection(cells)];
}

/** The chart of a fleet's modelled cells. */
export function fleetChart(cells: readonly CellConfig[]): string {
  return followTheSunSvg(cells.map(capacityInputOf).filter((c): c is CellCapacityInput => c !== undefined));
}

function main(args: string[]): number {
  const rootAt = args.indexOf("--root");
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1] ?? ".") : PROJECT_ROOT;
  const fleet = checkFleetConfig(root);
  const invalid = fleet.failures.filter((failure) => !failure.startsWith("N+1 regional headroom is required"));
  if (invalid.length > 0) {
    console.error(invalid.join("\n"));
    return 1;
  }
  const cells = fleet.order.map((stack) => fleet.cells.get(stack)).filter((c): c is CellConfig => c !== undefined);
  console.log(reportSections(cells).join("\n\n"));
  if (root === PROJECT_ROOT) {
    fs.writeFileSync(CHART_FILE, fleetChart(cells));
    console.log(`\nChart: ${path.relative(PROJECT_ROOT, CHART_FILE)}`);
  }
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
