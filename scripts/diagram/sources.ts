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

/** Both views of a fleet evaluated from the stack files under `root`. */
export function diagramsOf(fleet: StackEvaluation[], root: string): Diagram[] {
  return [buildFleetView(fleet, root), buildCellView(fleet, root)];
}

/** Each view's file name (without extension) and DOT source. */
export function diagramSources(fleet: StackEvaluation[], root: string): { name: string; dot: string }[] {
  return diagramsOf(fleet, root).map((diagram) => ({ name: diagram.name, dot: toDot(diagram) }));
}
