import { ConfigError, RawConfig } from "../config/reader";
import { cellStack } from "./cell";

/** Stack kinds this program builds, chosen by `storefront:kind`. */
export const STACK_KINDS = ["cell"] as const;

/** Runs the program for one stack: picks the stack kind from config and builds it. */
export async function runStack(raw: RawConfig, stack: string): Promise<Record<string, unknown>> {
  const kind = raw["storefront:kind"] ?? "cell";
  switch (kind) {
    case "cell":
      return { ...(await cellStack(raw, stack)) };
    default:
      throw new ConfigError(stack, [
        {
          key: "storefront:kind",
          value: kind,
          message: `must be one of ${STACK_KINDS.map((k) => `"${k}"`).join(", ")}`,
        },
      ]);
  }
}
