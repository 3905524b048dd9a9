/**
 * Reading values as the mock engine recorded them: secret inputs arrive wrapped in Pulumi's
 * secret envelope, and custom timeouts as Go durations.
 */
import * as pulumi from "@pulumi/pulumi";

/** Whether a recorded input arrived marked secret (so the engine encrypts it in state). */
export function isSecretInput(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** A recorded input with its secret envelope removed. */
export function reveal(value: any): any {
  return isSecretInput(value) ? value.value : value;
}

/** Minutes of a Go duration such as "90m", "2h" or "1h30m"; NaN when it is not one. */
export function timeoutMinutes(duration: string | undefined): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? "");
  if (!duration || !match) return NaN;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) + Number(match[3] ?? 0) / 60;
}
