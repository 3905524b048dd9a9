/**
 * A small typed reader over raw stack configuration that collects every problem instead of
 * stopping at the first, so one run of the program (or of `npm run plan`) shows an operator
 * everything that is wrong with a stack file at once.
 *
 * Raw configuration is what the Pulumi engine hands a program: a flat map from fully
 * qualified keys (`storefront:cidr`, `aws:region`) to strings, where structured values are
 * JSON text. `pulumi.runtime.allConfig()` returns exactly that, and so does
 * `loadStackConfig()` for the stack files in this repository.
 */

import { unknownMessage } from "./unknown-keys";

/** Fully qualified key (`namespace:name`) to its raw string value. */
export type RawConfig = Readonly<Record<string, string>>;

/** One bad value: the key as an operator would type it, the value seen, and what is allowed. */
export interface ConfigProblem {
  key: string;
  value: unknown;
  message: string;
}

/** Thrown before any resource is registered when a stack's configuration is invalid. */
export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid configuration for stack "${stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export function formatProblem(problem: ConfigProblem): string {
  return `${problem.key} = ${describeValue(problem.value)}: ${problem.message}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (typeof value === "string") return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

interface NumberRule {
  min?: number;
  max?: number;
}

/**
 * Reads values under one prefix: a namespace (`storefront:`) or a field of a structured value
 * (`storefront:web.`). Every getter returns a usable value even when the input is bad (the
 * default, or a neutral value), records the problem, and lets validation continue.
 */
export class ConfigReader {
  private constructor(
    private readonly lookup: (name: string) => unknown,
    private readonly prefix: string,
    private readonly sink: ConfigProblem[],
  ) {}

  /** A reader over `namespace:` keys of the raw config, sharing one problem list. */
  static forNamespace(raw: RawConfig, namespace: string, sink: ConfigProblem[]): ConfigReader {
    return new ConfigReader((name) => raw[`${namespace}:${name}`], `${namespace}:`, sink);
  }

  /** The full key as it appears in a stack file, for messages. */
  keyOf(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Whether the key is set at all (an empty string counts as unset, as the CLI writes it). */
  has(name: string): boolean {
    const value = this.lookup(name);
    return value !== undefined && value !== "";
  }

  /** The value as written, for a problem about a key that must not be set at all. */
  raw(name: string): unknown {
    return this.lookup(name);
  }

  problem(name: string, value: unknown, message: string): void {
    this.sink.push({ key: this.keyOf(name), value, message });
  }

  /** A string; `undefined` default means the key is required. `check` returns a message when the value is not allowed. */
  string(name: string, fallback?: string, check?: (value: string) => string | undefined): string {
    const value = this.lookup(name);
    if (value === undefined || value === "") {
      if (fallback === undefined) {
        // The check's own message for an empty value says what form the value takes.
        const form = check?.("");
        this.problem(name, value, form ? `is required: ${form}` : "is required");
        return "";
      }
      return fallback;
    }
    if (typeof value !== "string") {
      this.problem(name, value, "must be a string");
      return fallback ?? "";
    }
    const message = check?.(value);
    if (message) this.problem(name, value, message);
    return value;
  }

  /** One of a fixed set of values. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name, fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(name, value, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
    return fallback;
  }

  /** A whole number within bounds, or `fallback` when unset. Accepts JSON numbers and numeric strings (the CLI stores both). */
  integer(name: string, fallback: number, rule: NumberRule = {}): number {
    const value = this.lookup(name);
    if (value === undefined || value === "") return fallback;
    const parsed =
      typeof value === "number"
        ? value
        : typeof value === "string" && /^-?\d+$/.test(value.trim())
          ? Number(value)
          : NaN;
    const inBounds = (rule.min === undefined || parsed >= rule.min) && (rule.max === undefined || parsed <= rule.max);
    if (!Number.isInteger(parsed) || !inBounds) {
      this.problem(name, value, `must be a whole number${boundsText(rule)}`);
      return fallback;
    }
    return parsed;
  }

  /** true/false (JSON booleans or the strings "true"/"false"). */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.lookup(name);
    if (value === undefined || value === "") return fallback;
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    this.problem(name, value, "must be true or false");
    return fallback;
  }

  /** A list of strings (a YAML list, stored as JSON text). `undefined` when unset. */
  stringList(name: string): string[] | undefined {
    const value = this.parsed(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item === "")) {
      this.problem(name, value, "must be a list of non-empty strings");
      return undefined;
    }
    return value as string[];
  }

  /**
   * A reader over the fields of a structured value (`storefront:web: { cpu: 512 }`), which
   * the CLI stores as JSON text. Unknown fields are reported, since a misspelt field would
   * otherwise be silently replaced by its default.
   */
  object(name: string, knownFields: readonly string[]): ConfigReader {
    const value = this.parsed(name);
    let fields: Record<string, unknown> = {};
    if (value !== undefined) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        this.problem(name, value, "must be an object (a YAML mapping)");
      } else {
        fields = value as Record<string, unknown>;
        for (const field of Object.keys(fields)) {
          if (!knownFields.includes(field)) {
            this.problem(`${name}.${field}`, fields[field], unknownMessage("field", field, knownFields));
          }
        }
      }
    }
    return new ConfigReader((field) => fields[field], `${this.prefix}${name}.`, this.sink);
  }

  /**
   * Readers over the items of a list of structured values (`storefront:jobs: [{ name: ... }]`),
   * each reporting its problems as `<key>[<index>].<field>`, with unknown fields reported.
   * `undefined` when the key is unset, so a caller can tell "not set" from "empty".
   */
  objectList(name: string, knownFields: readonly string[]): ConfigReader[] | undefined {
    const value = this.parsed(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.problem(name, value, "must be a list of mappings");
      return [];
    }
    return value.map((item, index) => {
      const itemName = `${name}[${index}]`;
      let fields: Record<string, unknown> = {};
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        this.problem(itemName, item, "must be a mapping");
      } else {
        fields = item as Record<string, unknown>;
        for (const field of Object.keys(fields).filter((f) => !knownFields.includes(f))) {
          this.problem(`${itemName}.${field}`, fields[field], unknownMessage("field", field, knownFields));
        }
      }
      return new ConfigReader((field) => fields[field], `${this.prefix}${itemName}.`, this.sink);
    });
  }

  private parsed(name: string): unknown {
    const value = this.lookup(name);
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      this.problem(name, value, "must be structured YAML (a list or mapping), not text");
      return undefined;
    }
  }
}

function boundsText(rule: NumberRule): string {
  if (rule.min !== undefined && rule.max !== undefined) return ` from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return ` of at least ${rule.min}`;
  if (rule.max !== undefined) return ` of at most ${rule.max}`;
  return "";
}
