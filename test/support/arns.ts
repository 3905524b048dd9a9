import { strict as assert } from "node:assert";

/**
 * The same ARN in another region: how a Secrets Manager replica's ARN relates to its
 * primary's (same name and suffix). Written here independently of the program's helper.
 */
export function arnInRegion(arn: string, region: string): string {
  const parts = arn.split(":");
  assert.equal(parts.length, 7, `not a secret ARN: ${arn}`);
  parts[3] = region;
  return parts.join(":");
}
