/**
 * Temporary copies of a fleet's Pulumi files, edited as an operator would edit them, for
 * specs that check what the plan, `npm run new-cell` or a reader make of the edit. Copies
 * are removed when the process exits.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A text replacement in one file of the copy; `from` must occur in the file. */
export interface FileEdit {
  file: string;
  from: string;
  to: string;
}

const copies: string[] = [];
process.on("exit", () => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of `root`'s Pulumi.yaml and stack files in a new temporary directory, with `edits` applied. */
export function fleetCopy(root: string, edits: FileEdit[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-fleet-"));
  copies.push(dir);
  for (const file of fs.readdirSync(root).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  applyEdits(dir, edits);
  return dir;
}

/** Applies text replacements to files of `dir`, failing when a `from` text is missing. */
export function applyEdits(dir: string, edits: FileEdit[]): void {
  for (const { file, from, to } of edits) {
    const target = path.join(dir, file);
    const text = fs.readFileSync(target, "utf8");
    assert.ok(text.includes(from), `${file} has no ${JSON.stringify(from)}`);
    fs.writeFileSync(target, text.replace(from, to));
  }
}
