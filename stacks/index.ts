import { RawConfig } from "../config/reader";
import { stackKindOf } from "../config/shared";
import { cellStack } from "./cell";
import { globalStack } from "./global";

/**
 * Runs the program for one stack, by its `storefront:kind`: `global` is the edge, anything
 * else a cell (`readCellConfig` refuses a kind it does not know, in the same error as every
 * other problem of the stack file).
 */
export async function runStack(raw: RawConfig, stack: string): Promise<Record<string, unknown>> {
  if (stackKindOf(raw) === "global") return { ...(await globalStack(raw, stack)) };
  return { ...(await cellStack(raw, stack)) };
}
