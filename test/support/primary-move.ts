/**
 * A copy of a fleet with the primary moved, edited as docs/recovery.md has an operator edit
 * it after an Aurora switchover: Pulumi.yaml names the new primary (`primaryRegion`,
 * `primaryStack`) and pins the home (`homeStack`, so it stops defaulting to the primary), and
 * the edge lists the new primary first. Nothing else changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { homeStackOf } from "../../config/deploy-order";
import { loadStackConfig } from "../../config/files";
import { stackKindOf } from "../../config/shared";
import { deployOrder } from "../../config/deploy-order";
import { fleetCopy } from "./fixture-copy";

/** Rewrites a YAML file of `dir` through `edit`, keeping comments and layout. */
function editYaml(dir: string, file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const target = path.join(dir, file);
  const doc = parseDocument(fs.readFileSync(target, "utf8"));
  edit(doc);
  fs.writeFileSync(target, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
}

/** A copy of the fleet at `root` whose primary is the cell stack `to`; the home stays where it was. */
export function fleetWithPrimaryMoved(root: string, to: string): string {
  const stacks = deployOrder(root);
  const raws = new Map(stacks.map((stack) => [stack, loadStackConfig(stack, root)]));
  const cells = stacks.filter((stack) => stackKindOf(raws.get(stack)!) !== "global");
  if (!cells.includes(to)) throw new Error(`${to} is not a cell stack of ${root}`);
  const home = homeStackOf(raws.get(cells[0])!);
  const region = raws.get(to)!["aws:region"];

  const dir = fleetCopy(root);
  editYaml(dir, "Pulumi.yaml", (doc) => {
    doc.setIn(["config", "primaryRegion", "default"], region);
    doc.setIn(["config", "primaryStack", "default"], to);
    if (!doc.hasIn(["config", "homeStack"])) {
      doc.setIn(["config", "homeStack"], doc.createNode({ type: "string", description: "The home cell's stack." }));
    }
    doc.setIn(["config", "homeStack", "default"], home);
  });
  for (const edge of stacks.filter((stack) => stackKindOf(raws.get(stack)!) === "global")) {
    editYaml(dir, `Pulumi.${edge}.yaml`, (doc) => {
      const listed = (doc.getIn(["config", "storefront:cells"]) as { toJSON(): string[] }).toJSON();
      const reordered = [to, ...listed.filter((stack) => stack !== to)];
      doc.setIn(["config", "storefront:cells"], doc.createNode(reordered));
    });
  }
  return dir;
}
