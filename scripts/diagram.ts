/**
 * `npm run diagram`: evaluates every stack offline (the machinery of `npm run plan`, one
 * evaluation) and draws the architecture from what the program registered, into diagram/:
 * fleet.dot and cell.dot (the sources, compared by the stale check) and their SVGs.
 *
 *   npm run diagram                 the stack files of this checkout, into diagram/
 *   npm run diagram -- --root DIR   the stack files of another directory, into DIR/diagram
 *   npm run diagram -- --out DIR    write the views to DIR instead
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluateFleet } from "../offline/evaluate";
import { renderSvg } from "./diagram/render";
import { diagramSources, diagramTarget } from "./diagram/sources";

async function main(): Promise<void> {
  const { root, out } = diagramTarget(process.argv.slice(2));
  const fleet = await evaluateFleet(root);
  fs.mkdirSync(out, { recursive: true });
  for (const { name, dot } of diagramSources(fleet, root)) {
    fs.writeFileSync(path.join(out, `${name}.dot`), dot);
    fs.writeFileSync(path.join(out, `${name}.svg`), await renderSvg(dot));
    const file = (extension: string) => path.relative(process.cwd(), path.join(out, `${name}.${extension}`));
    console.log(`${file("dot")}, ${file("svg")}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
