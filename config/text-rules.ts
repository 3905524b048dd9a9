/**
 * The vocabulary of the AWS input rules (config/aws-input-rules.ts): a length, a character
 * set and named extra conditions, each able to say in words what it wants, and a function
 * that tells why a value breaks a rule.
 */

/** One condition on a value beyond its length and character set. */
export interface TextCheck {
  /** The condition in words, for messages and the docs table. */
  says: string;
  /** True when `value` satisfies it; `inputs` are the resource's other inputs (for FIFO flags). */
  holds(value: string, inputs: Record<string, unknown>): boolean;
}

/** What a text value must be. */
export interface TextRule {
  /** Fewest characters accepted. */
  min: number;
  /** Most characters accepted (absent when no limit is documented). */
  max?: number;
  /** The accepted characters and form, matched against the whole value. */
  pattern?: RegExp;
  /** Further conditions. */
  checks?: readonly TextCheck[];
  /** The whole constraint in words. */
  allowed: string;
}

export const startsWithLetter: TextCheck = { says: "starts with a letter", holds: (v) => /^[A-Za-z]/.test(v) };
export const noLeadingHyphen: TextCheck = { says: "does not start with a hyphen", holds: (v) => !v.startsWith("-") };
export const noTrailingHyphen: TextCheck = { says: "does not end with a hyphen", holds: (v) => !v.endsWith("-") };
export const noDoubleHyphen: TextCheck = { says: "has no two consecutive hyphens", holds: (v) => !v.includes("--") };
export const noControlCharacters: TextCheck = {
  says: "has no control characters",
  // eslint-disable-next-line no-control-regex
  holds: (v) => !/[\u0000-\u001f\u007f]/.test(v),
};

export function notStartingWith(...prefixes: string[]): TextCheck {
  return {
    says: `does not start with ${prefixes.map((p) => `"${p}"`).join(" or ")}`,
    holds: (v) => !prefixes.some((p) => v.startsWith(p)),
  };
}

export function notEndingWith(...suffixes: string[]): TextCheck {
  return {
    says: `does not end with ${suffixes.map((s) => `"${s}"`).join(" or ")}`,
    holds: (v) => !suffixes.some((s) => v.endsWith(s)),
  };
}

export function notEqualTo(...values: string[]): TextCheck {
  return { says: `is not ${values.map((v) => `"${v}"`).join(" or ")}`, holds: (v) => !values.includes(v) };
}

/** FIFO queues and topics end with `.fifo`, and only they do. */
export function fifoSuffix(flag: string): TextCheck {
  return {
    says: `ends with ".fifo" exactly when ${flag} is true`,
    holds: (v, inputs) => v.endsWith(".fifo") === (inputs[flag] === true),
  };
}

/** At most `max` characters of any kind. */
export function upTo(max: number, min = 0): TextRule {
  return { min, max, allowed: `${min}-${max} characters` };
}

/** `min`-`max` characters matching `pattern` (described by `words`), with further checks. */
export function made(
  min: number,
  max: number | undefined,
  pattern: RegExp,
  words: string,
  ...checks: TextCheck[]
): TextRule {
  const length = max === undefined ? `${min} or more` : `${min}-${max}`;
  const allowed = [`${length} ${words}`, ...checks.map((c) => c.says)].join("; ");
  return { min, max, pattern, checks, allowed };
}

/** Why a rule refuses `value` (its first broken condition), or `undefined` when it accepts it. */
export function ruleBreach(rule: TextRule, value: string, inputs: Record<string, unknown> = {}): string | undefined {
  if (value.length < rule.min) return `shorter than ${rule.min} characters`;
  if (rule.max !== undefined && value.length > rule.max) return `${value.length} characters, more than ${rule.max}`;
  if (rule.pattern && !rule.pattern.test(value)) {
    const pattern = rule.pattern;
    // A character is refused when it fails both between letters and in place among letters.
    const chars = [...new Set(value)];
    const refused = chars.filter(
      (c) => !pattern.test(`a${c}a`) && !pattern.test([...value].map((x) => (x === c ? x : "a")).join("")),
    );
    return refused.length > 0 && refused.length < chars.length
      ? `has characters AWS refuses here: ${JSON.stringify(refused.join(""))}`
      : "does not have the form AWS requires";
  }
  const broken = rule.checks?.find((check) => !check.holds(value, inputs));
  return broken ? `must be a value that ${broken.says}` : undefined;
}
