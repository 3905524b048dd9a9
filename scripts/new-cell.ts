/**
 * `npm run new-cell`: adds a region as a new cell, the way docs/add-a-region.md describes.
 *
 *   npm run new-cell -- --region ap-northeast-1 --time-zone Asia/Tokyo --peak 20:00-00:00
 *                       [--from eu-west-1] [--cidr 10.30.0.0/16]
 *                       [--min-tasks N] [--peak-min-tasks N] [--max-tasks N] [--alarm-email ADDRESS]
 *
 * Validates everything first (region, time zone, peak window, a CIDR overlapping no cell,
 * a region that offers every service the cell uses), then writes Pulumi.<region>.yaml
 * from the `--from` cell's file (comments kept), adds the region to the home's
 * `storefront:database.replicaRegions` and to the edge's `storefront:cells` (raising the
 * edge's price class when it does not serve the region), checks the whole fleet as the
 * plan would, regenerates the CI/CD workflows (.github/workflows, from the deploy order)
 * and prints the next commands in deploy order, `npm run diagram` first among them (the
 * committed diagram is drawn from an evaluation of every stack, too slow to run here).
 * It never overwrites a stack file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Document, isMap, isScalar, YAMLMap } from "yaml";
import { isIanaTimeZone, parsePeakWindow } from "../capacity/schedule";
import { checkCellRegion } from "../config/cell-regions";
import { PROJECT_ROOT, loadStackConfig } from "../config/files";
import { PRICE_CLASSES, PriceClass, readGlobalConfig } from "../config/global";
import { readCellConfig, stackBaseName } from "../config/cell";
import { cellBudgetLimit, globalBudgetLimit } from "../cost/budget-limit";
import { edgeLoadOf } from "../cost/estimate";
import { pricedRegions } from "../cost/prices";
import { checkPeakWindowLength } from "../config/peak-window-length";
import { priceClassServing } from "../config/price-class";
import { checkRegion, stackKindOf } from "../config/shared";
import { deployOrder } from "../config/deploy-order";
import { cidrsOverlap, parseCidr } from "../network/cidr";
import {
  applyWrites,
  documentText,
  FileWrites,
  problemsAfter,
  readDocument,
  redrawStep,
  sequenceAt,
  workflowChanges,
} from "./cell-files";

export const NEW_CELL_USAGE = `Usage: npm run new-cell -- --region REGION --time-zone ZONE --peak HH:MM-HH:MM [options]

  --region REGION         the new cell's region (its stack takes the same name)
  --time-zone ZONE        IANA time zone of the region's shoppers, e.g. Asia/Tokyo
  --peak HH:MM-HH:MM      the local shopping peak, e.g. 20:00-00:00
  --from STACK            the cell whose file is copied (default: the last cell in deploy order)
  --cidr BLOCK            the VPC block (default: the next free 10.x0.0.0/16)
  --min-tasks N, --peak-min-tasks N, --max-tasks N   the web service's capacity
  --alarm-email ADDRESS   where the new cell's alarms go`;

/** What the command line asks for. */
export interface NewCellOptions {
  region: string;
  timeZone: string;
  peak: string;
  from?: string;
  cidr?: string;
  minTasks?: number;
  peakMinTasks?: number;
  maxTasks?: number;
  alarmEmail?: string;
}

/** What new-cell would write, what it changed, and what to run next (command, why). */
export interface CellChange {
  writes: FileWrites;
  changes: string[];
  nextSteps: [string, string][];
}

const FLAGS: Record<string, keyof NewCellOptions> = {
  "--region": "region",
  "--time-zone": "timeZone",
  "--peak": "peak",
  "--from": "from",
  "--cidr": "cidr",
  "--min-tasks": "minTasks",
  "--peak-min-tasks": "peakMinTasks",
  "--max-tasks": "maxTasks",
  "--alarm-email": "alarmEmail",
};
const COUNTS: (keyof NewCellOptions)[] = ["minTasks", "peakMinTasks", "maxTasks"];

/** The options, or every problem with the command line. */
export function parseNewCellArgs(args: readonly string[]): NewCellOptions | { problems: string[] } {
  const values: Record<string, string | number> = {};
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const field = FLAGS[args[i]];
    const value = args[i + 1];
    if (!field) {
      problems.push(`unknown argument ${args[i]}; arguments are ${Object.keys(FLAGS).join(", ")}`);
      continue;
    }
    i++;
    if (value === undefined || value.startsWith("--")) problems.push(`${args[i - 1]} needs a value`);
    else if (COUNTS.includes(field)) {
      if (!/^[1-9]\d{0,3}$/.test(value)) problems.push(`${args[i - 1]} = "${value}": must be a whole number from 1`);
      else values[field] = Number(value);
    } else values[field] = value;
  }
  for (const required of ["--region", "--time-zone", "--peak"]) {
    if (!(FLAGS[required] in values) && !problems.some((p) => p.startsWith(required))) {
      problems.push(`${required} is required`);
    }
  }
  return problems.length > 0 ? { problems } : (values as unknown as NewCellOptions);
}

/** The cell stacks of a project with their raw config. */
function cellsOf(root: string) {
  return deployOrder(root)
    .map((stack) => ({ stack, raw: loadStackConfig(stack, root) }))
    .filter(({ raw }) => stackKindOf(raw) !== "global");
}

/** The first 10.x0.0.0/16 block (10.10 to 10.250) that overlaps no cell's VPC: the "next free" one the docs hand out. */
export function nextFreeCidr(cellCidrs: readonly string[]): string | undefined {
  const taken = cellCidrs.map((c) => parseCidr(c)).flatMap((p) => ("cidr" in p ? [p.cidr] : []));
  for (let n = 10; n <= 250; n += 10) {
    const candidate = `10.${n}.0.0/16`;
    const parsed = parseCidr(candidate);
    if ("cidr" in parsed && !taken.some((t) => cidrsOverlap(t, parsed.cidr))) return candidate;
  }
  return undefined;
}

/** Validates the options against the project at `root` and works out every file change; writes nothing. */
export function planNewCell(root: string, options: NewCellOptions): CellChange | { problems: string[] } {
  const problems: string[] = [];
  const cells = cellsOf(root);
  const { region, timeZone, peak } = options;
  const file = `Pulumi.${region}.yaml`;

  const regionProblem = checkRegion(region) ?? checkCellRegion(region);
  if (regionProblem) problems.push(`--region "${region}": ${regionProblem}`);
  if (fs.existsSync(path.join(root, file)))
    problems.push(`${file} exists already: new-cell never overwrites a stack file`);
  const sameRegion = cells.find((cell) => cell.raw["aws:region"] === region);
  if (sameRegion) problems.push(`--region "${region}": the cell "${sameRegion.stack}" runs there already`);
  if (!isIanaTimeZone(timeZone)) {
    problems.push(`--time-zone "${timeZone}": must be an IANA time zone name such as "Asia/Tokyo" or "Europe/Dublin"`);
  }
  const window = parsePeakWindow(peak);
  const windowProblem = "error" in window ? window.error : checkPeakWindowLength(peak, window.window);
  if (windowProblem) problems.push(`--peak "${peak}": ${windowProblem}`);

  const source = options.from ?? cells.at(-1)?.stack;
  if (!source || !cells.some((cell) => cell.stack === source)) {
    problems.push(`--from "${source}": must be a cell stack of this project (${cells.map((c) => c.stack).join(", ")})`);
  }
  const cidrs = cells.map((cell) => cell.raw["storefront:cidr"] ?? "");
  const cidr = options.cidr ?? nextFreeCidr(cidrs);
  if (!cidr) problems.push("--cidr: no 10.x0.0.0/16 block is free; name a free /16../20 private block");
  else {
    const parsed = parseCidr(cidr);
    if ("error" in parsed) problems.push(`--cidr "${cidr}": ${parsed.error}`);
    else {
      for (const cell of cells) {
        const other = parseCidr(cell.raw["storefront:cidr"] ?? "");
        if ("cidr" in other && cidrsOverlap(other.cidr, parsed.cidr)) {
          problems.push(`--cidr "${cidr}" overlaps the cell "${cell.stack}" (${cell.raw["storefront:cidr"]})`);
        }
      }
    }
  }
  // The deploy order starts with the home (homeStack): its file holds replicaRegions.
  const home = cells[0];
  if (!home) problems.push("the project has no cell stack file to add a cell to");
  if (problems.length > 0) return { problems };

  // The new cell's file: the source cell's, with the region's values.
  const doc = readDocument(root, `Pulumi.${source}.yaml`);
  const sourceZone = String(doc.getIn(["config", "storefront:timeZone"]));
  doc.setIn(["config", "aws:region"], region);
  doc.setIn(["config", "storefront:cidr"], cidr);
  doc.setIn(["config", "storefront:timeZone"], timeZone);
  doc.setIn(["config", "storefront:peakWindow"], peak);
  for (const field of ["databaseName", "masterUsername", "replicaRegions"]) {
    doc.deleteIn(["config", "storefront:database", field]);
  }
  for (const field of COUNTS) {
    if (options[field] !== undefined) doc.setIn(["config", "storefront:web", field], options[field]);
  }
  if (options.alarmEmail) doc.setIn(["config", "storefront:alarms", "email"], options.alarmEmail);
  // A job that names the source cell's zone meant "local time": it follows the new cell's.
  const jobs = sequenceAt(doc, ["config", "storefront:jobs"]);
  for (const job of jobs?.items ?? []) {
    if (isMap(job) && String(job.get("timeZone")) === sourceZone) job.set("timeZone", timeZone);
  }
  const budgetNote = unpricedBudget(root, doc, region, source!);
  // The file's opening comment names the new cell; comments that name the source's time
  // zone (cron times are local) now name the new one.
  const cellText = documentText(doc)
    .replace(/^(#[^\n]*\n)*/, `# Joiner cell: ${region}. Deploy after the home cell.\n`)
    .split("\n")
    .map((line) => (line.trimStart().startsWith("#") ? line.split(sourceZone).join(timeZone) : line))
    .join("\n");
  const writes: FileWrites = { [file]: cellText };
  const changes = [`created ${file} from Pulumi.${source}.yaml: CIDR ${cidr}, peak ${peak} ${timeZone}`];
  if (budgetNote) changes.push(`${budgetNote} in ${file}`);

  // The home replicates the database master secret to the new region.
  const homeFile = `Pulumi.${home.stack}.yaml`;
  const homeDoc = readDocument(root, homeFile);
  const replicas = sequenceAt(homeDoc, ["config", "storefront:database", "replicaRegions"]);
  if (replicas) replicas.add(homeDoc.createNode(region));
  else homeDoc.setIn(["config", "storefront:database", "replicaRegions"], homeDoc.createNode([region], { flow: true }));
  writes[homeFile] = documentText(homeDoc);
  changes.push(`added ${region} to storefront:database.replicaRegions in ${homeFile}`);

  // The edge routes to it, from edge locations that serve its shoppers.
  const edges = deployOrder(root).filter((stack) => stackKindOf(loadStackConfig(stack, root)) === "global");
  for (const edge of edges) {
    const edgeFile = `Pulumi.${edge}.yaml`;
    const edgeDoc = readDocument(root, edgeFile);
    const edgeBudgetNote = unpricedEdgeBudget(root, edge, edgeDoc, region);
    sequenceAt(edgeDoc, ["config", "storefront:cells"])?.add(edgeDoc.createNode(region));
    changes.push(`added ${region} to storefront:cells in ${edgeFile}`);
    if (edgeBudgetNote) changes.push(`${edgeBudgetNote} in ${edgeFile}`);
    const current = String(loadStackConfig(edge, root)["storefront:priceClass"] ?? "PriceClass_100") as PriceClass;
    const needed = priceClassServing(region);
    if (PRICE_CLASSES.indexOf(needed) > PRICE_CLASSES.indexOf(current)) {
      edgeDoc.setIn(["config", "storefront:priceClass"], needed);
      const pair = (edgeDoc.get("config", true) as YAMLMap).items.find(
        (item) => isScalar(item.key) && item.key.value === "storefront:priceClass",
      );
      if (pair && isScalar(pair.key))
        pair.key.commentBefore = ` Edge locations near every cell's shoppers (${needed} serves ${region}).`;
      changes.push(
        `raised storefront:priceClass in ${edgeFile} from ${current} to ${needed}: ${current} has no edge locations near ${region}`,
      );
    }
    writes[edgeFile] = documentText(edgeDoc);
  }

  const fleetProblems = problemsAfter(root, writes);
  if (fleetProblems.length > 0) return { problems: fleetProblems };

  const edge = edges[0] ?? "global";
  const nextSteps: [string, string][] = [
    [`$EDITOR ${file}`, "review sizes, quietTime, jobs (cron times are local) and alarms.email"],
    [`npm run plan -- ${region}`, "the new cell offline, its peak in local time and UTC"],
    redrawStep(root),
    [`pulumi up --stack ${home.stack}`, `the home replicates the database master secret to ${region}`],
    [`pulumi stack init ${region} && pulumi up --stack ${region}`, "over an hour: database member, cache, broker"],
    [`aws secretsmanager put-secret-value --region ${region} ...`, "fill the external systems' secrets"],
    ...edges.map((e): [string, string] => [
      `pulumi up --stack ${e}`,
      `routes to ${region} once its health alarm is OK`,
    ]),
    [
      `pulumi config set storefront:edgeDistributionArn "$(pulumi stack output distributionArn --stack ${edge})" --stack ${region}`,
      "admit only the edge to the media bucket",
    ],
    [`pulumi up --stack ${region}`, "applies it"],
  ];
  return { writes, changes, nextSteps };
}

/**
 * A cell in a region cost/prices.ts holds no prices for cannot have its budget computed, and
 * its deploy would stop: the new file gets the source cell's limit, said so in a comment for
 * the operator to review (replacing the comment a limit copied from the source carries, which
 * speaks of the source). Nothing when the region is priced.
 */
function unpricedBudget(root: string, doc: Document, region: string, source: string): string | undefined {
  if (pricedRegions().includes(region)) return undefined;
  const copied = doc.getIn(["config", "storefront:budget"], true);
  if (isMap(copied) && doc.getIn(["config", "storefront:budget", "limitUsd"]) !== undefined) {
    copied.commentBefore = undefined;
  }
  const limit = cellBudgetLimit(readCellConfig(loadStackConfig(source, root), source));
  setWithComment(
    doc,
    ["config", "storefront:budget", "limitUsd"],
    limit,
    ` No prices for ${region} in cost/prices.ts: ${source}'s budget limit (USD a month); review it.`,
  );
  return `set storefront:budget.limitUsd to ${limit} (${source}'s limit: no prices for ${region})`;
}

/**
 * The edge prices each cell's traffic by the cell's region; with an unpriced cell it cannot,
 * so (unless it sets a limit already) its limit grows from today's in proportion to the cells.
 */
function unpricedEdgeBudget(root: string, edge: string, doc: Document, region: string): string | undefined {
  if (pricedRegions().includes(region) || doc.getIn(["config", "storefront:budget", "limitUsd"]) !== undefined) {
    return undefined;
  }
  const config = readGlobalConfig(loadStackConfig(edge, root), edge);
  const cells = config.cells.map((name) => readCellConfig(loadStackConfig(stackBaseName(name), root), name));
  const limit = Math.ceil((globalBudgetLimit(config, cells.map(edgeLoadOf)) * (cells.length + 1)) / cells.length);
  setWithComment(
    doc,
    ["config", "storefront:budget", "limitUsd"],
    limit,
    ` No prices for ${region} in cost/prices.ts: today's limit for ${cells.length} cells, scaled to ${cells.length + 1}; review it.`,
  );
  return `set storefront:budget.limitUsd to ${limit} (no prices for ${region}: today's limit scaled by cells)`;
}

/** Sets a value in a stack file's document with a comment above its key. */
function setWithComment(doc: Document, keys: string[], value: number, comment: string): void {
  doc.setIn(keys, value);
  const parent = doc.getIn(keys.slice(0, -1), true);
  const pair = isMap(parent)
    ? parent.items.find((item) => isScalar(item.key) && item.key.value === keys[keys.length - 1])
    : undefined;
  if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
}

/** Runs new-cell against the project at `root`: writes the files only when everything is valid. */
export function newCell(root: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  if (args.includes("--help")) return { code: 0, stdout: NEW_CELL_USAGE, stderr: "" };
  const options = parseNewCellArgs(args);
  if ("problems" in options)
    return { code: 1, stdout: "", stderr: `${options.problems.join("\n")}\n\n${NEW_CELL_USAGE}` };
  const change = planNewCell(root, options);
  if ("problems" in change) return { code: 1, stdout: "", stderr: `Nothing written:\n${change.problems.join("\n")}` };
  applyWrites(root, change.writes);
  change.changes.push(...workflowChanges(root));
  return { code: 0, stdout: describeChange(change), stderr: "" };
}

/** What changed and the next commands, numbered in deploy order. */
export function describeChange(change: CellChange): string {
  return [
    ...change.changes.map((line) => `- ${line}`),
    "",
    "Next, in deploy order:",
    ...change.nextSteps.map(([command, why], i) => `  ${i + 1}. ${command}\n       ${why}`),
  ].join("\n");
}

if (require.main === module) {
  const { code, stdout, stderr } = newCell(process.env.STOREFRONT_ROOT ?? PROJECT_ROOT, process.argv.slice(2));
  if (stdout) console.log(stdout);
  if (stderr) console.error(stderr);
  process.exit(code);
}
