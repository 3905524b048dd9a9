/**
 * `npm run remove-cell -- <stack>`: retires a cell in the order docs/add-a-region.md gives.
 *
 *   npm run remove-cell -- eu-west-1            the edge stops listing it; its deletion protection goes off
 *   npm run remove-cell -- eu-west-1 --finish   after `pulumi stack rm`: its file and its secret replica go
 *
 * The first step edits the edge's `storefront:cells` and the cell's
 * `storefront:deletionProtection`, and prints the teardown in order; the cell's stack file
 * stays until its stack is destroyed (the teardown needs it). `--finish` deletes the file
 * and removes the region from the home's `storefront:database.replicaRegions`. Both
 * steps regenerate the CI/CD workflows (the deploy order changes) and put `npm run diagram`
 * first among the next steps. Neither the home (it owns the global cluster and the shared
 * secrets) nor the primary (switch it first, docs/recovery.md) is removed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isScalar } from "yaml";
import { stackBaseName } from "../config/cell";
import { deployOrder, homeStackOf, primaryStackOf } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { RECOVERY_RUNBOOK, SWITCHOVER_RUNBOOK } from "../config/primary-switch";
import { stackKindOf } from "../config/shared";
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

export const REMOVE_CELL_USAGE = `Usage: npm run remove-cell -- STACK [--finish]

  STACK      the cell stack to retire (not the primary)
  --finish   after the cell's stack is destroyed and removed: delete its file and its
             region from the home's replicaRegions`;

/** Runs remove-cell against the project at `root`: writes the files only when everything is valid. */
export function removeCell(root: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  if (args.includes("--help")) return { code: 0, stdout: REMOVE_CELL_USAGE, stderr: "" };
  const finish = args.includes("--finish");
  const rest = args.filter((a) => a !== "--finish");
  const refuse = (message: string) => ({ code: 1, stdout: "", stderr: `Nothing written: ${message}` });
  if (rest.length !== 1 || rest[0].startsWith("-")) {
    return { code: 1, stdout: "", stderr: `name one cell stack\n\n${REMOVE_CELL_USAGE}` };
  }
  const [stack] = rest;
  const order = deployOrder(root);
  const raws = new Map(order.map((s) => [s, loadStackConfig(s, root)]));
  const cells = order.filter((s) => stackKindOf(raws.get(s)!) !== "global");
  const edges = order.filter((s) => stackKindOf(raws.get(s)!) === "global");
  if (!cells.includes(stack)) return refuse(`"${stack}" is not a cell stack here (cells: ${cells.join(", ")})`);
  const own = raws.get(stack)!;
  // The home holds the replica list of the master secret (it is first in deploy order).
  const home = homeStackOf(own);
  if (home === stack) {
    return refuse(
      `"${stack}" is the home cell (homeStack): it holds the global cluster, the master secret and the origin secret every other cell uses, so it is removed last, alone (${RECOVERY_RUNBOOK})`,
    );
  }
  if (primaryStackOf(own) === stack) {
    return refuse(
      `"${stack}" is the primary cell: switch the writer to another cell and make that the primary first (${SWITCHOVER_RUNBOOK})`,
    );
  }
  const listing = edges.filter((edge) =>
    (JSON.parse(raws.get(edge)!["storefront:cells"] ?? "[]") as string[]).map(stackBaseName).includes(stack),
  );
  const region = raws.get(stack)!["aws:region"];
  const writes: FileWrites = {};
  const changes: string[] = [];
  let steps: [string, string][];

  if (!finish) {
    if (listing.length === 0) {
      return refuse(
        `no edge lists "${stack}" any more: destroy its stack, then run npm run remove-cell -- ${stack} --finish`,
      );
    }
    for (const edge of listing) {
      const file = `Pulumi.${edge}.yaml`;
      const doc = readDocument(root, file);
      const list = sequenceAt(doc, ["config", "storefront:cells"])!;
      list.items = list.items.filter((item) => !(isScalar(item) && stackBaseName(String(item.value)) === stack));
      writes[file] = documentText(doc);
      changes.push(`removed ${stack} from storefront:cells in ${file}`);
    }
    const file = `Pulumi.${stack}.yaml`;
    const doc = readDocument(root, file);
    doc.setIn(["config", "storefront:deletionProtection"], false);
    writes[file] = documentText(doc);
    changes.push(`set storefront:deletionProtection: false in ${file}`);
    steps = [
      ...listing.map((edge): [string, string] => [`pulumi up --stack ${edge}`, `the edge stops routing to ${stack}`]),
      [`pulumi up --stack ${stack}`, "turns deletion protection off on the load balancer and the database"],
      [`pulumi state unprotect --all --yes --stack ${stack}`, "lets Pulumi delete the protected stores"],
      [
        `empty the media and log buckets of ${stack}, every version`,
        'they are versioned: docs/deploying.md, "Tearing down"',
      ],
      [`pulumi destroy --stack ${stack}`, "the database member leaves the global cluster; final snapshots stay"],
      [`pulumi stack rm ${stack}`, "forgets the stack"],
      [`npm run remove-cell -- ${stack} --finish`, `deletes ${file} and ${region} from the home's replicaRegions`],
    ];
  } else {
    if (listing.length > 0) {
      return refuse(`${listing.join(", ")} still list "${stack}": run npm run remove-cell -- ${stack} first`);
    }
    writes[`Pulumi.${stack}.yaml`] = null;
    changes.push(`deleted Pulumi.${stack}.yaml`);
    const file = `Pulumi.${home}.yaml`;
    const doc = readDocument(root, file);
    const replicas = sequenceAt(doc, ["config", "storefront:database", "replicaRegions"]);
    if (replicas) {
      replicas.items = replicas.items.filter((item) => !(isScalar(item) && item.value === region));
      writes[file] = documentText(doc);
      changes.push(`removed ${region} from storefront:database.replicaRegions in ${file}`);
    }
    steps = [[`pulumi up --stack ${home}`, `deletes the master secret's replica in ${region}`]];
  }

  const problems = problemsAfter(root, writes);
  if (problems.length > 0) return refuse(problems.join("\n"));
  applyWrites(root, writes);
  changes.push(...workflowChanges(root));
  steps.unshift(redrawStep(root));
  const stdout = [
    ...changes.map((line) => `- ${line}`),
    "",
    "Next, in this order:",
    ...steps.map(([command, why], i) => `  ${i + 1}. ${command}\n       ${why}`),
  ].join("\n");
  return { code: 0, stdout, stderr: "" };
}

if (require.main === module) {
  const root = process.env.STOREFRONT_ROOT ?? PROJECT_ROOT;
  if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) throw new Error(`no Pulumi.yaml in ${root}`);
  const { code, stdout, stderr } = removeCell(root, process.argv.slice(2));
  if (stdout) console.log(stdout);
  if (stderr) console.error(stderr);
  process.exit(code);
}
