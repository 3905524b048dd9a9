/**
 * Checks recorded resource registrations against the rules AWS documents for names,
 * identifiers and descriptions (config/aws-input-rules.ts). Names the provider generates
 * are checked on the part the program controls, with the suffix counted against the limit
 * (config/aws-name-sources.ts). Inputs the provider takes as JSON text (JSON_INPUTS: a task
 * definition's containerDefinitions) are parsed, so container names, port mapping names and
 * awslogs options are checked like any other input. Pure: it reads the recorded shape and
 * returns messages.
 */
import { INPUT_RULES, InputRule, JSON_INPUTS } from "../config/aws-input-rules";
import { ruleBreach } from "../config/text-rules";
import {
  AUTO_NAME_SUFFIX_LENGTH,
  NAME_SOURCES,
  PREFIX_SUFFIX_LENGTH,
  UNCHECKED_INPUTS,
  UNCONSTRAINED_TYPES,
} from "../config/aws-name-sources";
import { reveal } from "./recorded-values";

/** The part of a recorded registration the check reads (offline/mock-cloud.ts RecordedResource). */
export interface CheckedResource {
  type: string;
  /** Logical name. */
  name: string;
  /** False for component resources, which AWS never sees. */
  custom?: boolean;
  inputs: Record<string, unknown>;
}

export interface InputProblem {
  type: string;
  name: string;
  /** Concrete input path (`rules[2].name`). */
  input: string;
  /** The value AWS would receive (for a generated name, a representative one). */
  value: string;
  /** How a generated value was formed; absent for a value the program set. */
  origin?: string;
  /** What is wrong with it. */
  breach: string;
  allowed: string;
  source: string;
  /** All of the above in one line. */
  message: string;
}

/**
 * A JSON-encoded input (JSON_INPUTS, e.g. a task definition's `containerDefinitions`)
 * parsed, so the rules and the coverage check see the names inside it; any other value,
 * or text that does not parse, as it is.
 */
function decoded(type: string, path: string, value: unknown): unknown {
  if (typeof value !== "string" || !(JSON_INPUTS[type] ?? []).includes(path)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The values at `path` (`a[].b`) of a resource of `type`, with concrete paths; secrets are unwrapped. */
function valuesAt(type: string, inputs: unknown, path: string): { path: string; value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: "", value: inputs }];
  let template = "";
  for (const segment of path.split(".")) {
    const list = segment.endsWith("[]");
    const key = list ? segment.slice(0, -2) : segment;
    template = template ? `${template}.${key}` : key;
    const inputPath = template;
    template = list ? `${template}[]` : template;
    found = found.flatMap(({ path: at, value }) => {
      const here = reveal(value);
      if (typeof here !== "object" || here === null) return [];
      const child = decoded(type, inputPath, reveal((here as Record<string, unknown>)[key]));
      const childPath = at ? `${at}.${key}` : key;
      if (!list) return [{ path: childPath, value: child }];
      return Array.isArray(child) ? child.map((item, i) => ({ path: `${childPath}[${i}]`, value: item })) : [];
    });
  }
  return found.map(({ path: at, value }) => ({ path: at, value: reveal(value) }));
}

/** The name the provider will generate for an absent name input, and how; undefined when the program controls none of it. */
function generatedName(resource: CheckedResource, input: string): { value: string; origin: string } | undefined {
  const source = NAME_SOURCES[resource.type];
  if (!source || source.input !== input) return undefined;
  const prefix = source.prefixInput ? reveal(resource.inputs[source.prefixInput]) : undefined;
  if (typeof prefix === "string") {
    return {
      value: `${prefix}${"0".repeat(PREFIX_SUFFIX_LENGTH)}`,
      origin: `${source.prefixInput} ${JSON.stringify(prefix)} and the provider's ${PREFIX_SUFFIX_LENGTH}-character suffix`,
    };
  }
  if (!source.autoName) return undefined;
  const { lowercase, prefix: fixed = "", fifoFlag } = source.autoName;
  const stem = `${fixed}${resource.name}-${"0".repeat(AUTO_NAME_SUFFIX_LENGTH - 1)}`;
  const fifo = fifoFlag && reveal(resource.inputs[fifoFlag]) === true ? ".fifo" : "";
  return {
    value: `${lowercase ? stem.toLowerCase() : stem}${fifo}`,
    origin: `auto-named from logical name ${JSON.stringify(resource.name)} and Pulumi's ${AUTO_NAME_SUFFIX_LENGTH}-character suffix`,
  };
}

function problem(
  resource: CheckedResource,
  rule: InputRule,
  input: string,
  value: string,
  breach: string,
  origin?: string,
): InputProblem {
  const shown = origin ? `${JSON.stringify(value)} (${origin})` : JSON.stringify(value);
  return {
    type: resource.type,
    name: resource.name,
    input,
    value,
    origin,
    breach,
    allowed: rule.allowed,
    source: rule.source,
    message:
      `${resource.type} "${resource.name}" input ${input} = ${shown}: ${breach}. ` +
      `AWS allows ${rule.allowed} (${rule.source})`,
  };
}

/** One value the rules examined: where it sits, what it is, and what is wrong with it, if anything. */
export interface CheckedInput {
  resource: CheckedResource;
  rule: InputRule;
  /** Concrete input path. */
  input: string;
  value: string;
  origin?: string;
  /** Why AWS would refuse it; undefined when it complies. */
  breach?: string;
}

/** Every value the rules examine in these resources, set or generated, with its verdict. */
export function checkedInputs(resources: readonly CheckedResource[]): CheckedInput[] {
  const checked: CheckedInput[] = [];
  for (const resource of resources) {
    if (resource.custom === false) continue;
    for (const rule of INPUT_RULES.filter((r) => r.type === resource.type)) {
      for (const { path, value } of valuesAt(resource.type, resource.inputs, rule.input)) {
        if (value === undefined || value === null) {
          const generated = generatedName(resource, rule.input);
          if (!generated) continue;
          const breach = ruleBreach(rule, generated.value, resource.inputs);
          checked.push({ resource, rule, input: path, value: generated.value, origin: generated.origin, breach });
        } else if (typeof value !== "string") {
          checked.push({
            resource,
            rule,
            input: path,
            value: String(value),
            breach: `is a ${typeof value}, not a string`,
          });
        } else {
          checked.push({ resource, rule, input: path, value, breach: ruleBreach(rule, value, resource.inputs) });
        }
      }
    }
  }
  return checked;
}

/** One problem per input value AWS would refuse, over every custom resource. */
export function inputProblems(resources: readonly CheckedResource[]): InputProblem[] {
  return checkedInputs(resources).flatMap(({ resource, rule, input, value, breach, origin }) =>
    breach ? [problem(resource, rule, input, value, breach, origin)] : [],
  );
}

/** Input names that call for a rule: names, identifiers, descriptions, comments, prefixes, paths. */
const NAME_LIKE =
  /(^|[a-z])(name|Name|description|Description|comment|Comment|identifier|Identifier|family|Family|prefix|Prefix|path|Path)$/;

/** Every leaf path of a recorded input object, list indices written as `[]`; tags are skipped, JSON inputs opened. */
function leafPaths(type: string, value: unknown, at = ""): string[] {
  const here = decoded(type, at, reveal(value));
  if (Array.isArray(here)) return here.flatMap((item) => leafPaths(type, item, `${at}[]`));
  if (typeof here === "object" && here !== null) {
    return Object.entries(here).flatMap(([key, child]) =>
      key === "tags" || key === "tagsAll" ? [] : leafPaths(type, child, at ? `${at}.${key}` : key),
    );
  }
  return at ? [at] : [];
}

/**
 * What the rules leave unexamined: a registered AWS type with neither rules nor a reason to
 * have none, a name source whose input has no rule, and a name-like input set on a resource
 * with no rule and no reason it needs none. A new resource type or input thus cannot slip
 * past the check silently.
 */
export function uncoveredInputs(resources: readonly CheckedResource[]): string[] {
  const gaps = new Set<string>();
  for (const resource of resources) {
    if (resource.custom === false || !resource.type.startsWith("aws:")) continue;
    const rules = INPUT_RULES.filter((r) => r.type === resource.type);
    if (rules.length === 0 && !UNCONSTRAINED_TYPES[resource.type]) {
      gaps.add(`${resource.type}: no input rules, and not listed in UNCONSTRAINED_TYPES`);
    }
    if (rules.length > 0 && UNCONSTRAINED_TYPES[resource.type]) {
      gaps.add(`${resource.type}: has input rules but is listed in UNCONSTRAINED_TYPES`);
    }
    const source = NAME_SOURCES[resource.type];
    const unchecked = UNCHECKED_INPUTS[resource.type] ?? {};
    if (source && !rules.some((r) => r.input === source.input) && !(source.input in unchecked)) {
      gaps.add(`${resource.type}: its name input ${source.input} has no rule`);
    }
    for (const path of new Set(leafPaths(resource.type, resource.inputs))) {
      if (!NAME_LIKE.test(path.split(".").pop() ?? "")) continue;
      if (rules.some((r) => r.input === path) || path in unchecked || path === source?.prefixInput) continue;
      gaps.add(`${resource.type}: input ${path} has no rule and is not listed in UNCHECKED_INPUTS`);
    }
  }
  return [...gaps].sort();
}
