/**
 * Reading IAM, key, bucket and topic policies as the mock engine recorded them (JSON text),
 * the way AWS evaluates them.
 */

export type Statement = Record<string, any>;

/** The statements of a policy document recorded as JSON text. */
export function statements(policy: string): Statement[] {
  return JSON.parse(policy).Statement;
}

/** A policy element (`Action`, `Resource`, a principal) that may be one value or a list, as a list. */
export function list<T = unknown>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Whether an IAM ARN pattern (`*` and `?` wildcards, as ArnLike and Resource use them) matches a value. */
export function arnMatches(pattern: string, value: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`).test(value);
}
