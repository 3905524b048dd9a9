import { strict as assert } from "node:assert";
import { defaultExcludedZoneIds } from "../config/excluded-zones";
import { zoneIdPrefix } from "../network/zones";
import * as fs from "node:fs";
import * as path from "node:path";
import { readCellConfig } from "../config/cell";
import { PROJECT_ROOT } from "../config/files";
import { readGlobalConfig } from "../config/global";
import { ConfigError, ConfigProblem, RawConfig } from "../config/reader";
import { stackKindOf } from "../config/shared";
import { SHARED_KEYS } from "../config/unknown-keys";

/**
 * docs/configuration.md against the config readers: every documented default is what the
 * readers produce, every numeric range and list of allowed values is what they accept, and
 * the documented keys are exactly the keys they read. The readers are the source of truth;
 * this spec keeps the reference from drifting away from them.
 */

const REFERENCE = path.join(PROJECT_ROOT, "docs/configuration.md");

type StackKind = "cell" | "global";

interface DocumentedKey {
  key: string;
  /** Which stack kinds read the key: the project table's keys are read by both. */
  kinds: StackKind[];
  defaultText: string;
  allowedText: string;
}

/** The rows of the reference's key tables, by section (`## Project`, `## Cell stacks`, `## Global stack`). */
function documentedKeys(): DocumentedKey[] {
  const keys: DocumentedKey[] = [];
  let kinds: StackKind[] = [];
  for (const line of fs.readFileSync(REFERENCE, "utf8").split("\n")) {
    if (line.startsWith("## ")) {
      kinds = line.startsWith("## Project")
        ? ["cell", "global"]
        : line.startsWith("## Cell")
          ? ["cell"]
          : line.startsWith("## Global")
            ? ["global"]
            : [];
      continue;
    }
    const cells = /^\|(.*)\|$/
      .exec(line.trim())?.[1]
      .split("|")
      .map((cell) => cell.trim());
    const key = cells && /^`([^`]+)`$/.exec(cells[0])?.[1];
    if (!cells || !key) continue;
    assert.ok(kinds.length > 0, `the row of ${key} is outside the Project, Cell and Global sections`);
    assert.equal(cells.length, 3, `the row of ${key} has ${cells.length} columns, not key | default | allowed`);
    keys.push({ key, kinds, defaultText: cells[1], allowedText: cells[2] });
  }
  return keys;
}

// Minimal valid stacks: only the required keys. Each test works on a copy.
const PROJECT: Record<string, unknown> = {
  "storefront:domain": "shop.example.com",
  "storefront:hostedZoneId": "Z0123456789EXAMPLEZONE",
  "storefront:primaryRegion": "us-east-1",
};
const MINIMAL: Record<StackKind, Record<string, unknown>> = {
  cell: {
    ...PROJECT,
    "aws:region": "us-east-1",
    "storefront:cidr": "10.10.0.0/16",
    "storefront:timeZone": "America/New_York",
    "storefront:peakWindow": "18:00-23:00",
    "storefront:web": { image: "registry.example.com/web:1.0.0" },
  },
  global: { ...PROJECT, "storefront:kind": "global", "storefront:cells": ["us-east-1"] },
};
/** One entry with only its required fields, for the keys of list entries (`jobs[].cpu`). */
const LIST_ENTRIES: Record<string, Record<string, unknown>> = {
  jobs: { name: "nightly", schedule: "rate(5 minutes)", command: ["run"] },
  externalSystems: { name: "supplier", baseUrl: "https://catalog.example.com/api" },
};
const STACK_NAME: Record<StackKind, string> = { cell: "us-east-1", global: "global" };

/** `web.cpu` -> ["web", "cpu"]; `jobs[].cpu` -> ["jobs", "cpu"] (the list's first entry). */
function split(key: string): { top: string; field?: string; list: boolean } {
  if (key.includes(":") && !key.startsWith("storefront:")) return { top: key, list: false };
  const [top, field] = key.split(".");
  return top.endsWith("[]") ? { top: top.slice(0, -2), field, list: true } : { top, field, list: false };
}

function fullKey(key: string): string {
  const { top, field, list } = split(key);
  if (top.includes(":")) return top;
  return `storefront:${top}${list ? "[0]" : ""}${field ? `.${field}` : ""}`;
}

/** A minimal stack of `kind`, with the list entry a list key needs, as structured values. */
function baseFor(kind: StackKind, key: string): Record<string, unknown> {
  const base = structuredClone(MINIMAL[kind]);
  const { top, list } = split(key);
  if (list) base[`storefront:${top}`] = [structuredClone(LIST_ENTRIES[top])];
  return base;
}

/** Sets (or with `undefined`, removes) a key in a structured stack. */
function withKey(stack: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const result = structuredClone(stack);
  const { top, field, list } = split(key);
  const name = top.includes(":") ? top : `storefront:${top}`;
  if (!field) {
    if (value === undefined) delete result[name];
    else result[name] = value;
    return result;
  }
  const holder = list
    ? ((result[name] as Record<string, unknown>[])[0] ??= {})
    : ((result[name] ??= {}) as Record<string, unknown>);
  if (value === undefined) delete holder[field];
  else holder[field] = value;
  return result;
}

/** Raw config as the engine hands it over: structured values as JSON text. */
function rawOf(stack: Record<string, unknown>): RawConfig {
  return Object.fromEntries(
    Object.entries(stack).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}

type Read = { config: Record<string, unknown> } | { problems: readonly ConfigProblem[] };

function read(kind: StackKind, stack: Record<string, unknown>): Read {
  try {
    const raw = rawOf(stack);
    const config = kind === "cell" ? readCellConfig(raw, STACK_NAME.cell) : readGlobalConfig(raw, STACK_NAME.global);
    return { config: config as unknown as Record<string, unknown> };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

function accepted(kind: StackKind, stack: Record<string, unknown>): Record<string, unknown> {
  const result = read(kind, stack);
  if ("problems" in result) assert.fail(`expected a valid ${kind} config, got:\n${JSON.stringify(result.problems)}`);
  return result.config;
}

/** The problems naming `key` (an empty list when the reader accepted the key's value). */
function problemsOf(kind: StackKind, stack: Record<string, unknown>, key: string): ConfigProblem[] {
  const result = read(kind, stack);
  return "problems" in result ? result.problems.filter((p) => p.key === fullKey(key)) : [];
}

/** Shared keys the readers keep under `shared` (all but `kind`, which picks the stack program). */
const SHARED_CONFIG_KEYS: readonly string[] = SHARED_KEYS.filter((key) => key !== "kind");
const CELL_SECTIONS: Record<string, string[]> = {
  web: ["web"],
  database: ["data", "database"],
  cache: ["data", "cache"],
  broker: ["data", "broker"],
  objectStore: ["data", "objectStore"],
  worker: ["background", "worker"],
  alarms: ["background", "alarms"],
  jobs: ["background", "jobs", "0"],
  externalSystems: ["background", "externalSystems", "0"],
  budget: ["budget"],
  originSecret: ["originSecret"],
};
const CELL_RENAMED: Record<string, string[]> = {
  "web.traffic": ["webCapacity", "traffic"],
  "web.maxRequestsPerTask": ["webCapacity", "maxRequestsPerTask"],
  "aws:region": ["region"],
  peakWindow: ["peakWindowText"],
  quietTime: ["data", "quietTime"],
  edgeDistributionArn: ["data", "objectStore", "edgeDistributionArn"],
  jobs: ["background", "jobs"],
  externalSystems: ["background", "externalSystems"],
  zonalAutoshift: ["zonalAutoshift", "enabled"],
};
const GLOBAL_RENAMED: Record<string, string[]> = {
  "waf.rateLimitPer5Minutes": ["rateLimitPer5Minutes"],
  "budget.marginPercent": ["budget", "marginPercent"],
  "budget.limitUsd": ["budget", "limitUsd"],
};

/** Where the readers put a documented key's value. Throws for a key this map does not know. */
function pathOf(kind: StackKind, key: string): string[] {
  if (SHARED_CONFIG_KEYS.includes(key)) return ["shared", key];
  const renamed = (kind === "cell" ? CELL_RENAMED : GLOBAL_RENAMED)[key];
  if (renamed) return renamed;
  const { top, field } = split(key);
  if (!field) return [top];
  const section = kind === "cell" ? CELL_SECTIONS[top] : undefined;
  if (!section) throw new Error(`config-reference.spec: no place known for ${kind} key ${key}`);
  return [...section, field];
}

function valueAt(kind: StackKind, config: Record<string, unknown>, key: string): unknown {
  let value: unknown = config;
  for (const step of pathOf(kind, key)) {
    assert.ok(value !== null && typeof value === "object", `${key}: nothing at ${pathOf(kind, key).join(".")}`);
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** A value as the reference writes it between backticks. */
function written(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Defaults the reference describes in words, each with the check that proves the words: the
 * words must mention `mentions`, and `check` asserts what the readers do.
 */
const DESCRIBED: Record<string, { mentions: string[]; check: () => void }> = {
  "cell excludedZoneIds": {
    mentions: ["dated list"],
    check: () => {
      const config = accepted("cell", MINIMAL.cell) as { region: string; excludedZoneIds: string[] };
      assert.deepEqual(config.excludedZoneIds, defaultExcludedZoneIds(zoneIdPrefix(config.region)));
    },
  },
  "cell kind": {
    mentions: ["cell"],
    check: () => {
      assert.equal(stackKindOf(rawOf(MINIMAL.cell)), "cell", "a stack file without storefront:kind is a cell");
      accepted("cell", MINIMAL.cell);
    },
  },
  "global kind": {
    mentions: ["required", "cell"],
    check: () => {
      const stack = withKey(MINIMAL.global, "kind", undefined);
      assert.equal(stackKindOf(rawOf(stack)), "cell", "a stack file without storefront:kind is read as a cell");
    },
  },
  "cell jobs": {
    mentions: ["catalog-sync", "rate(5 minutes)"],
    check: () => {
      const stack = withKey(MINIMAL.cell, "externalSystems", [LIST_ENTRIES.externalSystems]);
      const config = accepted("cell", withKey(stack, "worker.image", "registry.example.com/worker:2.0.0"));
      const jobs = valueAt("cell", config, "jobs") as { name: string; schedule: string; image: string }[];
      assert.deepEqual(
        jobs.map((job) => [job.name, job.schedule, job.image]),
        [["catalog-sync", "rate(5 minutes)", "registry.example.com/worker:2.0.0"]],
      );
      assert.deepEqual(valueAt("cell", config, "jobs[].externalSystems"), [LIST_ENTRIES.externalSystems.name]);
    },
  },
  "cell jobs[].maxEventAgeSeconds": {
    mentions: ["interval", "60 s", "an hour", "`cron`"],
    check: () => {
      const age = (schedule: string) =>
        valueAt(
          "cell",
          accepted("cell", withKey(baseFor("cell", "jobs[].x"), "jobs[].schedule", schedule)),
          "jobs[].maxEventAgeSeconds",
        );
      assert.equal(age("rate(5 minutes)"), 300);
      assert.equal(age("rate(1 minute)"), 60);
      assert.equal(age("rate(6 hours)"), 3600);
      assert.equal(age("cron(30 3 * * ? *)"), 3600);
    },
  },
  "cell jobs[].alarmAfterMinutes": {
    mentions: ["three intervals", "10 minutes", "none for `cron`"],
    check: () => {
      const after = (schedule: string) =>
        valueAt(
          "cell",
          accepted("cell", withKey(baseFor("cell", "jobs[].x"), "jobs[].schedule", schedule)),
          "jobs[].alarmAfterMinutes",
        );
      assert.equal(after("rate(5 minutes)"), 15);
      assert.equal(after("rate(1 minute)"), 10);
      assert.equal(after("rate(3 days)"), 2 * 3 * 1440);
      assert.equal(after("cron(30 3 * * ? *)"), undefined);
    },
  },
  "cell externalSystems[].secretName": {
    mentions: ["<app>/external/<name>"],
    check: () => {
      const stack = withKey(baseFor("cell", "externalSystems[].x"), "app", "shop");
      const config = accepted("cell", stack);
      assert.equal(
        valueAt("cell", config, "externalSystems[].secretName"),
        `shop/external/${LIST_ENTRIES.externalSystems.name}`,
      );
    },
  },
  "global originShieldRegion": {
    mentions: ["primaryRegion", "nearest"],
    check: () => {
      const shield = (primaryRegion: string) =>
        valueAt(
          "global",
          accepted(
            "global",
            withKey(withKey(MINIMAL.global, "primaryRegion", primaryRegion), "cells", [primaryRegion]),
          ),
          "originShieldRegion",
        );
      assert.equal(shield("eu-west-1"), "eu-west-1", "a primary region with Origin Shield shields itself");
      assert.equal(shield("eu-north-1"), "eu-central-1", "a primary region without takes its nearest");
    },
  },
};

/** Where a documented key is read: the cell or global stack (project keys through the cell reader). */
function kindOf(entry: DocumentedKey): StackKind {
  return entry.kinds[0];
}

function checkDefault(entry: DocumentedKey): void {
  const kind = kindOf(entry);
  const text = entry.defaultText;
  const described = DESCRIBED[`${kind} ${entry.key}`];
  if (described) {
    for (const word of described.mentions)
      assert.ok(text.includes(word), `${entry.key}: "${text}" does not mention ${word}`);
    described.check();
    return;
  }
  const base = baseFor(kind, entry.key);
  if (text === "(required)") {
    const problems = problemsOf(kind, withKey(base, entry.key, undefined), entry.key);
    assert.ok(problems.length > 0, `${entry.key} is documented as required, but the ${kind} reader accepts it unset`);
    return;
  }
  const actual = valueAt(kind, accepted(kind, base), entry.key);
  if (text.startsWith("(unset")) {
    assert.equal(actual, undefined, `${entry.key} is documented as unset by default, but reads ${written(actual)}`);
    return;
  }
  const code = /^`([^`]+)`$/.exec(text)?.[1];
  assert.ok(
    code,
    `${entry.key}: the default "${text}" is neither a value, (required), (unset) nor a described default`,
  );
  const max = /^max\(([\w.]+), (\d+)\)$/.exec(code);
  const same = /^= ([\w.:]+)$/.exec(code);
  if (max) {
    const [, other, floor] = max;
    const otherValue = valueAt(kind, accepted(kind, base), other) as number;
    assert.equal(actual, Math.max(otherValue, Number(floor)), `${entry.key} with ${other} at its default`);
    const raised = Number(floor) + 1;
    const config = accepted(kind, withKey(base, other, raised));
    assert.equal(valueAt(kind, config, entry.key), raised, `${entry.key} with ${other} = ${raised}`);
  } else if (same) {
    const source = valueAt(kind, accepted(kind, base), same[1]);
    assert.ok(source !== undefined, `${entry.key}: ${same[1]} has no value to follow`);
    assert.deepEqual(actual, source, `${entry.key} must follow ${same[1]}`);
  } else {
    assert.equal(
      written(actual),
      code,
      `${entry.key}: documented default ${code}, the ${kind} reader gives ${written(actual)}`,
    );
  }
}

function assertAccepted(kind: StackKind, stack: Record<string, unknown>, key: string, value: unknown): void {
  const problems = problemsOf(kind, stack, key).map((p) => p.message);
  assert.ok(
    problems.length === 0,
    `${key} = ${written(value)} is documented as allowed, but refused: ${problems.join("; ")}`,
  );
}

/** `1-1000` or `100-2,000,000,000` at the start of the allowed column: both ends accepted, one beyond refused. */
function checkRange(entry: DocumentedKey): boolean {
  const range = /^(\d[\d,]*)-(\d[\d,]*)\b/.exec(entry.allowedText);
  if (!range) return false;
  const kind = kindOf(entry);
  const base = baseFor(kind, entry.key);
  // Only whole-number keys: "3-16 of a-z" is a length rule of a string key.
  if (typeof valueAt(kind, accepted(kind, base), entry.key) !== "number") return false;
  const [min, max] = [range[1], range[2]].map((n) => Number(n.replace(/,/g, "")));
  for (const value of [min, max]) assertAccepted(kind, withKey(base, entry.key, value), entry.key, value);
  for (const value of [min - 1, max + 1]) {
    const problems = problemsOf(kind, withKey(base, entry.key, value), entry.key);
    assert.ok(problems.length > 0, `${entry.key} = ${value} is outside the documented ${min}-${max} but accepted`);
  }
  return true;
}

/** `one of `a`, `b`` at the start of the allowed column: each accepted, anything else refused. */
function checkOneOf(entry: DocumentedKey): boolean {
  const list = /^one of ((?:`[^`]+`(?:, )?)+)/.exec(entry.allowedText);
  if (!list) return false;
  const kind = kindOf(entry);
  const base = baseFor(kind, entry.key);
  for (const value of [...list[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])) {
    assertAccepted(kind, withKey(base, entry.key, value), entry.key, value);
  }
  const problems = problemsOf(kind, withKey(base, entry.key, "not-a-listed-value"), entry.key);
  assert.ok(problems.length > 0, `${entry.key} accepts a value its documented list does not hold`);
  return true;
}

/**
 * The keys a reader reads: top-level keys by watching which raw keys it looks up, fields of a
 * mapping or of a list's entries from the "known fields" in its unknown-field problem.
 */
function keysRead(kind: StackKind): string[] {
  const looked = new Set<string>();
  const watched = (stack: Record<string, unknown>) =>
    new Proxy(rawOf(stack), {
      get: (target, key) => {
        if (typeof key === "string" && key.includes(":")) looked.add(key);
        return Reflect.get(target, key) as unknown;
      },
    });
  const reader = (raw: RawConfig) =>
    kind === "cell" ? readCellConfig(raw, STACK_NAME.cell) : readGlobalConfig(raw, STACK_NAME.global);
  reader(watched(MINIMAL[kind]));

  const keys: string[] = [];
  for (const raw of [...looked].sort()) {
    const key = raw.startsWith("storefront:") ? raw.slice("storefront:".length) : raw;
    const fields = knownFields(kind, key);
    if (fields) keys.push(...fields.names.map((field) => `${key}${fields.list ? "[]" : ""}.${field}`));
    if (!fields || fields.list) keys.push(key);
  }
  return keys;
}

function knownFields(kind: StackKind, key: string): { names: string[]; list: boolean } | undefined {
  if (key.includes(":")) return undefined;
  for (const list of [false, true]) {
    const probe = { probeField: 1 };
    const stack = withKey(MINIMAL[kind], key, list ? [probe] : probe);
    const result = read(kind, stack);
    const problem =
      "problems" in result
        ? result.problems.find((p) => p.key === `storefront:${key}${list ? "[0]" : ""}.probeField`)
        : undefined;
    const names = problem && /known fields are (.*)$/.exec(problem.message)?.[1].split(", ");
    if (names) return { names, list };
  }
  return undefined;
}

/** Every entry's failure message, so one run shows every stale row at once. */
function failures(entries: DocumentedKey[], check: (entry: DocumentedKey) => void): string[] {
  const messages: string[] = [];
  for (const entry of entries) {
    try {
      check(entry);
    } catch (error) {
      messages.push(`${entry.key}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  return messages;
}

describe("docs/configuration.md", () => {
  const entries = documentedKeys();

  it("has the key tables of the project, the cells and the edge, and a row for every described default", () => {
    for (const kind of ["cell", "global"] as const) {
      assert.ok(entries.filter((e) => e.kinds.includes(kind)).length > 5, `too few ${kind} keys found`);
    }
    const rows = entries.map((entry) => `${kindOf(entry)} ${entry.key}`);
    assert.deepEqual(
      Object.keys(DESCRIBED).filter((described) => !rows.includes(described)),
      [],
      "described defaults without a row",
    );
  });

  for (const kind of ["cell", "global"] as const) {
    it(`lists exactly the keys the ${kind} reader reads, each once`, () => {
      const documented = entries.filter((e) => e.kinds.includes(kind)).map((e) => e.key);
      assert.deepEqual([...new Set(documented)].length, documented.length, "a key is listed twice");
      const read = keysRead(kind);
      assert.deepEqual(
        read.filter((key) => !documented.includes(key)),
        [],
        `keys the ${kind} reader reads that docs/configuration.md does not list`,
      );
      assert.deepEqual(
        documented.filter((key) => !read.includes(key)),
        [],
        `keys docs/configuration.md lists that the ${kind} reader does not read`,
      );
    });
  }

  it("documents every default as the readers produce it", () => {
    assert.deepEqual(failures(entries, checkDefault), []);
  });

  it("documents every numeric range and list of allowed values as the readers enforce them", () => {
    let checked = 0;
    assert.deepEqual(
      failures(entries, (entry) => {
        if (checkRange(entry) || checkOneOf(entry)) checked++;
      }),
      [],
    );
    assert.ok(checked >= 30, `only ${checked} ranges and lists were checked`);
  });
});
