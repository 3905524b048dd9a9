/**
 * Fleets of N cells for `npm run bench`: a temporary copy of a project's Pulumi files with
 * cells added the way `npm run new-cell` adds them (planNewCell validates each one and works
 * out the edits to the new stack file, the home's replicaRegions and the edge's cells;
 * the next free 10.x0.0.0/16 block keeps the CIDRs apart). Regions come from
 * config/cell-regions.ts, in its order, skipping the ones the project already runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CELL_REGIONS } from "../../config/cell-regions";
import { cellStacks } from "../../config/deploy-order";
import { loadStackConfig } from "../../config/files";
import { applyWrites } from "../cell-files";
import { planNewCell } from "../new-cell";

/** The local time zone of each cell region's shoppers; a region missing here is given UTC. */
export const REGION_TIME_ZONES: Readonly<Record<string, string>> = {
  "us-east-1": "America/New_York",
  "us-east-2": "America/Chicago",
  "us-west-2": "America/Los_Angeles",
  "ca-central-1": "America/Toronto",
  "eu-west-1": "Europe/Dublin",
  "eu-west-2": "Europe/London",
  "eu-central-1": "Europe/Berlin",
  "eu-north-1": "Europe/Stockholm",
  "ap-northeast-1": "Asia/Tokyo",
  "ap-northeast-2": "Asia/Seoul",
  "ap-southeast-1": "Asia/Singapore",
  "ap-southeast-2": "Australia/Sydney",
  "ap-south-1": "Asia/Kolkata",
};

/** The evening peak every generated cell gets (local time). */
export const GENERATED_PEAK = "19:00-23:00";

/**
 * What a copy leaves out of the program: tests, docs, generated files and installed
 * dependencies (linked instead). Everything else is copied, so a new source folder is never
 * missing from the copy.
 */
const NOT_PROGRAM = new Set([".git", ".github", ".ci", "node_modules", "test", "docs", "diagram"]);

/**
 * A copy of `root`'s Pulumi.yaml and stack files in a new temporary directory; with
 * `program`, also the program's source with its dependencies linked, so the program run
 * there reads the copy's stack files as its own (as `npm run plan` in that checkout would).
 */
export function copyProject(root: string, program = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-bench-"));
  for (const entry of fs.readdirSync(root)) {
    if (/^Pulumi(\..+)?\.yaml$/.test(entry)) fs.copyFileSync(path.join(root, entry), path.join(dir, entry));
    else if (program && !NOT_PROGRAM.has(entry) && !entry.endsWith(".md")) {
      fs.cpSync(path.join(root, entry), path.join(dir, entry), {
        recursive: true,
        filter: (source) => !/[\\/](node_modules|bin)$/.test(source),
      });
    }
  }
  if (program) {
    for (const modules of ["node_modules", path.join("policy", "node_modules")]) {
      if (fs.existsSync(path.join(root, modules))) fs.symlinkSync(path.join(root, modules), path.join(dir, modules));
    }
  }
  return dir;
}

/** The regions a fleet of `cells` cells adds to the project at `root`, or why it cannot. */
export function regionsToAdd(root: string, cells: number): { regions: string[] } | { problem: string } {
  const taken = cellStacks(root).map((stack) => loadStackConfig(stack, root)["aws:region"]);
  const missing = cells - taken.length;
  if (missing < 0) {
    return { problem: `the project already has ${taken.length} cells, more than the ${cells} asked for` };
  }
  const free = CELL_REGIONS.filter((region) => !taken.includes(region));
  if (free.length < missing) {
    return {
      problem: `a fleet of ${cells} cells needs ${missing} more regions, but config/cell-regions.ts allows only ${free.length} besides the ${taken.length} the project runs (${taken.join(", ")})`,
    };
  }
  return { regions: free.slice(0, missing) };
}

/**
 * Writes a fleet of `cells` cells into a temporary copy of the project at `root` (with the
 * program's source when `program` is set: see copyProject) and returns the copy's directory.
 * Each cell is added with planNewCell from the last cell in deploy order, so the copy passes
 * every check `npm run new-cell` makes; throws with the reason when a cell cannot be added
 * (too few regions, a refusal).
 */
export function generateFleet(root: string, cells: number, program = false): string {
  const wanted = regionsToAdd(root, cells);
  if ("problem" in wanted) throw new Error(`cannot build a fleet of ${cells} cells: ${wanted.problem}`);
  const dir = copyProject(root, program);
  try {
    for (const region of wanted.regions) {
      const timeZone = REGION_TIME_ZONES[region] ?? "UTC";
      const change = planNewCell(dir, { region, timeZone, peak: GENERATED_PEAK });
      if ("problems" in change) {
        throw new Error(`cannot add ${region} to a fleet of ${cells} cells:\n  ${change.problems.join("\n  ")}`);
      }
      applyWrites(dir, change.writes);
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}
