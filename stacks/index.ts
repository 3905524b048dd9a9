import { RawConfig } from "../config/reader";
import { cellStack } from "./cell";

/**
 * Runs the program for one stack. Every stack is a cell for now: `readCellConfig` refuses
 * any other `storefront:kind`, in the same error as every other problem of the stack file.
 */
export async function runStack(raw: RawConfig, stack: string): Promise<Record<string, unknown>> {
  return { ...(await cellStack(raw, stack)) };
}
