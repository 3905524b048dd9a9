/**
 * `npm run diagram`: evaluates every stack offline (the machinery of `npm run plan`, one
 * evaluation) and draws the architecture from what the program registered, into diagram/:
 * fleet.dot and cell.dot (the sources, compared by the stale check) and their SVGs.
 *
 *   npm run diagram                 the stack files of this checkout
 *   npm run diagram -- --root DIR   the stack files of another directory (Pulumi.yaml in DIR)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/files";
import { evaluateFleet } from "../offline/evaluate";
import { renderSvg } from "./diagram/render";
import { DIAGRAM_DIR, diagramSources } from "./diagram/sources";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rootFlag = args.indexOf("--root");
  const root = rootFlag >= 0 ? path.resolve(args[rootFlag + 1] ?? ".") : PROJECT_ROOT;
  const fleet = await evaluateFleet(root);
  fs.mkdirSync(DIAGRAM_DIR, { recursive: true });
  for (const { name, dot } of diagramSources(fleet, root)) {
    fs.writeFileSync(path.join(DIAGRAM_DIR, `${name}.dot`), dot);
    fs.writeFileSync(path.join(DIAGRAM_DIR, `${name}.svg`), await renderSvg(dot));
    console.log(`diagram/${name}.dot, diagram/${name}.svg`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
