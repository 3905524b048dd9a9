/**
 * The diagram's DOT sources, from one evaluation of the fleet: what `npm run diagram`
 * writes to diagram/ and what the stale check compares with the committed files.
 */
import * as path from "node:path";
import { PROJECT_ROOT } from "../../config/files";
import { StackEvaluation } from "../../offline/evaluate";
import { buildCellView } from "./cell-view";
import { toDot } from "./dot";
import { buildFleetView } from "./fleet-view";
import { Diagram } from "./model";

/** Where the diagram lives, committed. */
export const DIAGRAM_DIR = path.join(PROJECT_ROOT, "diagram");

/** Where `npm run diagram` reads the stack files from and writes the views to. */
export interface DiagramTarget {
  /** Directory holding Pulumi.yaml and the stack files. */
  root: string;
  /** Directory the .dot and .svg files are written to: `--out`, else `<root>/diagram`. */
  out: string;
}

/**
 * The target of `npm run diagram [-- --root DIR] [--out DIR]`. The output follows the root,
 * so drawing another directory's stack files never overwrites this checkout's diagram/.
 */
export function diagramTarget(args: readonly string[], cwd = process.cwd()): DiagramTarget {
  const flag = (name: string) => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const value = args[at + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a directory`);
    return path.resolve(cwd, value);
  };
  const root = flag("--root") ?? PROJECT_ROOT;
  return { root, out: flag("--out") ?? path.join(root, "diagram") };
}

/** Both views of a fleet evaluated from the stack files under `root`. */
export function diagramsOf(fleet: StackEvaluation[], root: string): Diagram[] {
  return [buildFleetView(fleet, root), buildCellView(fleet, root)];
}

/** Each view's file name (without extension) and DOT source. */
export function diagramSources(fleet: StackEvaluation[], root: string): { name: string; dot: string }[] {
  return diagramsOf(fleet, root).map((diagram) => ({ name: diagram.name, dot: toDot(diagram) }));
}
