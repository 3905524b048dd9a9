/**
 * The other cell stack files of a checkout, as a stack's program reads them before it
 * registers anything: the roles check (config/primary-switch.ts) and the N+1 switch
 * (config/regional-headroom.ts) judge the fleet from them. One reader, so both see the same
 * files; a file that cannot be read comes back with its error and each check decides what
 * that means for it. The edge stack is skipped.
 */
import { checkoutRoot, listStacks, loadStackConfig } from "./files";
import { RawConfig } from "./reader";
import { stackKindOf } from "./shared";

/** A cell stack file of the checkout. */
export interface CellFile {
  stack: string;
  raw: RawConfig;
}

/** A sibling cell stack file: its raw config, or why it could not be read. */
export type SiblingFile = CellFile | { stack: string; error: string };

/** Every stack file of the checkout at `root` but `stack`'s and the edge's. */
export function siblingFiles(stack: string, root = checkoutRoot()): SiblingFile[] {
  const files: SiblingFile[] = [];
  for (const other of listStacks(root).filter((s) => s !== stack)) {
    let raw: RawConfig;
    try {
      raw = loadStackConfig(other, root);
    } catch (error) {
      files.push({ stack: other, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (stackKindOf(raw) !== "global") files.push({ stack: other, raw });
  }
  return files;
}

/** The files that could be read. */
export function readableFiles(files: readonly SiblingFile[]): CellFile[] {
  return files.filter((file): file is CellFile => "raw" in file);
}
