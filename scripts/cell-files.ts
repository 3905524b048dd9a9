/**
 * Comment-preserving edits of stack files (the YAML documents are edited, not rewritten,
 * so every comment and the layout stay), and the temporary-copy check that `new-cell` and
 * `remove-cell` run before they write anything, and what both do after writing: regenerate
 * the workflows and name the diagram redraw.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Document, isSeq, parseDocument, YAMLSeq } from "yaml";
import { PROJECT_ROOT } from "../config/files";
import { checkFleetConfig } from "./plan-run";
import { writeWorkflows } from "./workflows";

/** New contents of files under a project root; `null` deletes the file. */
export type FileWrites = Record<string, string | null>;

/** Reads a stack file as an editable YAML document. */
export function readDocument(root: string, file: string): Document {
  return parseDocument(fs.readFileSync(path.join(root, file), "utf8"));
}

/** The document's text, laid out as the repository's files are. */
export function documentText(doc: Document): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The items of a list at `keys` (e.g. config → storefront:cells), as a YAML sequence, or undefined. */
export function sequenceAt(doc: Document, keys: string[]): YAMLSeq | undefined {
  const node = doc.getIn(keys, true);
  return isSeq(node) ? node : undefined;
}

/** The values of a list at `keys` as strings. */
export function listAt(doc: Document, keys: string[]): string[] {
  return (sequenceAt(doc, keys)?.toJSON() ?? []).map(String);
}

/** Fleet problems the project would have with `writes` applied (checked in a temporary copy). */
export function problemsAfter(root: string, writes: FileWrites): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-cells-"));
  try {
    for (const file of fs.readdirSync(root).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) {
      fs.copyFileSync(path.join(root, file), path.join(dir, file));
    }
    applyWrites(dir, writes);
    return checkFleetConfig(dir).failures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes (or deletes) the files. */
export function applyWrites(root: string, writes: FileWrites): void {
  for (const [file, text] of Object.entries(writes)) {
    const target = path.join(root, file);
    if (text === null) fs.rmSync(target, { force: true });
    else fs.writeFileSync(target, text);
  }
}

/** Regenerates the workflows under `root` and says which files changed. */
export function workflowChanges(root: string): string[] {
  const written = writeWorkflows(root);
  return written.length > 0 ? [`regenerated ${written.join(", ")} from the new deploy order`] : [];
}

/** The step that redraws the committed diagram, for the project at `root`; `npm test` fails until it is done. */
export function redrawStep(root: string): [string, string] {
  const command = path.resolve(root) === PROJECT_ROOT ? "npm run diagram" : `npm run diagram -- --root ${root}`;
  return [command, "redraws diagram/; commit it with the stack files and .github/workflows (npm test checks both)"];
}
