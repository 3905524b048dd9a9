import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { loadStackConfig } from "../config/files";
import { fixtureRaw, THREE_CELLS_ROOT } from "./fixtures/three-cells";
import {
  CATALOG_CACHE_SECONDS,
  checkEdgeCells,
  EdgeCellIdentity,
  GlobalConfig,
  PRICE_CLASSES,
  RATE_LIMIT,
  readGlobalConfig,
} from "../config/global";
import { ConfigError, RawConfig } from "../config/reader";
import { cellStacks } from "./support/evaluate";

/** The global stack file, with overrides: a string sets the key, `undefined` deletes it. */
function globalRaw(overrides: Record<string, string | undefined> = {}): RawConfig {
  const raw: Record<string, string> = { ...fixtureRaw("global") };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete raw[key];
    else raw[key] = value;
  }
  return raw;
}

const cellsKey = (cells: unknown) => ({ "storefront:cells": JSON.stringify(cells) });

function errorOf(raw: RawConfig): ConfigError {
  let config: GlobalConfig | undefined;
  try {
    config = readGlobalConfig(raw, "global");
  } catch (error) {
    if (error instanceof ConfigError) return error;
    assert.fail(`expected a ConfigError, got ${String(error)}`);
  }
  assert.fail(`expected a ConfigError, but the config was accepted (cells ${config.cells.join(", ")})`);
}

function assertProblem(error: ConfigError, key: string, text: string): void {
  const found = error.problems.some((p) => p.key === key && p.message.includes(text));
  assert.ok(found, `expected ${key}: ...${text}...; got:\n${error.message}`);
}

describe("readGlobalConfig", () => {
  it("reads the repository's global stack file: every cell stack file, the primary first", () => {
    const raw = loadStackConfig("global");
    const config = readGlobalConfig(raw, "global");
    assert.deepEqual(config.cells, JSON.parse(raw["storefront:cells"]));
    // The edge routes to every cell the repository has, in deploy order.
    assert.deepEqual(config.cells, cellStacks());
    assert.equal(config.cells[0], config.shared.primaryStack);
    assert.equal(config.priceClass, raw["storefront:priceClass"]);
    assert.equal(config.rateLimitPer5Minutes, JSON.parse(raw["storefront:waf"]).rateLimitPer5Minutes);
    assert.equal(config.catalogCacheSeconds, Number(raw["storefront:catalogCacheSeconds"]));
    assert.equal(config.logRetentionDays, Number(raw["storefront:logRetentionDays"]));
  });

  it("defaults what the file leaves out: PriceClass_100, 2000 requests per IP, 60 s, 30 days, Origin Shield in the primary's region", () => {
    const config = readGlobalConfig(
      globalRaw({
        "storefront:priceClass": undefined,
        "storefront:waf": undefined,
        "storefront:catalogCacheSeconds": undefined,
        "storefront:logRetentionDays": undefined,
      }),
      "global",
    );
    assert.equal(config.priceClass, "PriceClass_100");
    assert.equal(config.rateLimitPer5Minutes, RATE_LIMIT.default);
    assert.equal(config.catalogCacheSeconds, CATALOG_CACHE_SECONDS.default);
    assert.equal(config.logRetentionDays, 30);
    assert.equal(config.originShieldRegion, config.shared.primaryRegion);
  });

  it("accepts every price class, the rate limit's bounds and a qualified primary stack name", () => {
    for (const priceClass of PRICE_CLASSES) {
      assert.equal(
        readGlobalConfig(globalRaw({ "storefront:priceClass": priceClass }), "global").priceClass,
        priceClass,
      );
    }
    for (const limit of [RATE_LIMIT.min, RATE_LIMIT.max]) {
      const raw = globalRaw({ "storefront:waf": JSON.stringify({ rateLimitPer5Minutes: limit }) });
      assert.equal(readGlobalConfig(raw, "global").rateLimitPer5Minutes, limit);
    }
    const qualified = readGlobalConfig(globalRaw(cellsKey(["acme/storefront/us-east-1", "eu-west-1"])), "global");
    assert.deepEqual(qualified.cells, ["acme/storefront/us-east-1", "eu-west-1"]);
  });

  const badCases: { name: string; overrides: Record<string, string | undefined>; key: string; text: string }[] = [
    {
      name: "no cell list",
      overrides: { "storefront:cells": undefined },
      key: "storefront:cells",
      text: "is required",
    },
    {
      name: "an empty cell list",
      overrides: cellsKey([]),
      key: "storefront:cells",
      text: "must list at least one cell stack",
    },
    {
      name: "a cell listed twice",
      overrides: cellsKey(["us-east-1", "eu-west-1", "eu-west-1"]),
      key: "storefront:cells",
      text: "must name each stack once (repeated: eu-west-1)",
    },
    {
      name: "the primary not first",
      overrides: cellsKey(["eu-west-1", "us-east-1"]),
      key: "storefront:cells",
      text: 'must list the primary stack "us-east-1" first (the media origin group prefers it), not at position 2',
    },
    {
      name: "the primary missing",
      overrides: cellsKey(["eu-west-1"]),
      key: "storefront:cells",
      text: 'must include the primary stack "us-east-1"',
    },
    {
      name: "a name that is not a stack name",
      overrides: cellsKey(["us-east-1", "eu west 1"]),
      key: "storefront:cells",
      text: 'must hold stack names, optionally qualified as org/project/stack (not "eu west 1")',
    },
    {
      name: "the edge's own stack in the list",
      overrides: cellsKey(["us-east-1", "global"]),
      key: "storefront:cells",
      text: 'must list cell stacks only, not this stack "global"',
    },
    {
      name: "a cell list that is not a list",
      overrides: { "storefront:cells": "us-east-1" },
      key: "storefront:cells",
      text: "must be structured YAML",
    },
    {
      name: "an unknown price class",
      overrides: { "storefront:priceClass": "PriceClass_300" },
      key: "storefront:priceClass",
      text: 'must be one of "PriceClass_100", "PriceClass_200", "PriceClass_All"',
    },
    {
      name: "a rate limit below WAF's minimum",
      overrides: { "storefront:waf": JSON.stringify({ rateLimitPer5Minutes: 99 }) },
      key: "storefront:waf.rateLimitPer5Minutes",
      text: "must be a whole number from 100 to 2000000000",
    },
    {
      name: "a rate limit above WAF's maximum",
      overrides: { "storefront:waf": JSON.stringify({ rateLimitPer5Minutes: 2_000_000_001 }) },
      key: "storefront:waf.rateLimitPer5Minutes",
      text: "must be a whole number from 100 to 2000000000",
    },
    {
      name: "a fractional rate limit",
      overrides: { "storefront:waf": JSON.stringify({ rateLimitPer5Minutes: 150.5 }) },
      key: "storefront:waf.rateLimitPer5Minutes",
      text: "must be a whole number",
    },
    {
      name: "a misspelt waf field",
      overrides: { "storefront:waf": JSON.stringify({ rateLimit: 500 }) },
      key: "storefront:waf.rateLimit",
      text: "is not a known field; did you mean `rateLimitPer5Minutes`?",
    },
    {
      name: "catalog reads never cached",
      overrides: { "storefront:catalogCacheSeconds": "0" },
      key: "storefront:catalogCacheSeconds",
      text: "must be a whole number from 1 to 300",
    },
    {
      name: "catalog reads cached longer than 5 minutes",
      overrides: { "storefront:catalogCacheSeconds": "301" },
      key: "storefront:catalogCacheSeconds",
      text: "must be a whole number from 1 to 300",
    },
    {
      name: "a retention CloudWatch Logs does not offer",
      overrides: { "storefront:logRetentionDays": "31" },
      key: "storefront:logRetentionDays",
      text: "must be a retention CloudWatch Logs accepts",
    },
    {
      name: "an Origin Shield region that is not a region",
      overrides: { "storefront:originShieldRegion": "virginia" },
      key: "storefront:originShieldRegion",
      text: "must be a region CloudFront runs Origin Shield in",
    },
    {
      name: "a region where CloudFront runs no Origin Shield",
      overrides: { "storefront:originShieldRegion": "eu-north-1" },
      key: "storefront:originShieldRegion",
      text: "must be a region CloudFront runs Origin Shield in: us-east-1, us-east-2, us-west-2",
    },
    {
      name: "a cell's kind in the edge's file",
      overrides: { "storefront:kind": "cell" },
      key: "storefront:kind",
      text: 'must be "global"',
    },
  ];

  for (const bad of badCases) {
    it(`refuses ${bad.name}, naming ${bad.key}, the value and what is allowed`, () => {
      const raw = globalRaw(bad.overrides);
      const error = errorOf(raw);
      assertProblem(error, bad.key, bad.text);
      // The message shows the value as written (or "(not set)").
      const line = error.message.split("\n").find((l) => l.includes(`${bad.key} = `) && l.includes(bad.text));
      assert.ok(line, error.message);
    });
  }

  it("reports every problem of the file in one error", () => {
    const error = errorOf(
      globalRaw({
        ...cellsKey(["eu-west-1", "eu-west-1"]),
        "storefront:priceClass": "cheap",
        "storefront:waf": JSON.stringify({ rateLimitPer5Minutes: 10 }),
      }),
    );
    assertProblem(error, "storefront:cells", "must name each stack once");
    assertProblem(error, "storefront:cells", 'must include the primary stack "us-east-1"');
    assertProblem(error, "storefront:priceClass", "must be one of");
    assertProblem(error, "storefront:waf.rateLimitPer5Minutes", "must be a whole number from 100");
    assert.match(error.message, /^Invalid configuration for stack "global" \(4 problems\)/);
  });
});

/** The identities the edge reads from the fixture fleet's cells, as their config defines them. */
function fixtureCells(): EdgeCellIdentity[] {
  return cellStacks(THREE_CELLS_ROOT).map((stack) => {
    const config = readCellConfig(fixtureRaw(stack), stack);
    return {
      stack,
      kind: "cell",
      region: config.region,
      isPrimary: config.isPrimary,
      isHome: config.isHome,
      cidr: config.cidr,
      originHostName: `origin.${config.shared.domain}`,
    };
  });
}

describe("checkEdgeCells: the fleet as the cells' outputs describe it", () => {
  const origin = `origin.${readGlobalConfig(fixtureRaw("global"), "global").shared.domain}`;
  const edit = (index: number, change: Partial<EdgeCellIdentity>) =>
    fixtureCells().map((cell, i) => (i === index ? { ...cell, ...change } : cell));

  it("finds nothing wrong with the fixture fleet's cells", () => {
    const cells = fixtureCells();
    assert.ok(cells.length >= 2 && cells[0].isPrimary, "the primary first, and at least one other cell");
    assert.deepEqual(checkEdgeCells(cells, origin), []);
  });

  it("refuses two cells in one region, naming both stacks and the region", () => {
    const [primary] = fixtureCells();
    const problems = checkEdgeCells(edit(1, { region: primary.region }), origin);
    assert.deepEqual(problems, [`stacks "${primary.stack}" and "eu-west-1" both claim region ${primary.region}`]);
  });

  it("refuses two primaries, naming both stacks", () => {
    const problems = checkEdgeCells(edit(1, { isPrimary: true }), origin);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0], /stacks "us-east-1" \(us-east-1\), "eu-west-1" \(eu-west-1\) all export isPrimary/);
  });

  it("refuses a fleet without a primary, naming the stacks", () => {
    const problems = checkEdgeCells(edit(0, { isPrimary: false }), origin);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0], /no primary cell among "us-east-1", "eu-west-1"/);
  });

  it("refuses a primary that is not listed first", () => {
    const problems = checkEdgeCells([...fixtureCells()].reverse(), origin);
    assert.deepEqual(problems, [
      'the primary cell is "us-east-1" but storefront:cells lists "ap-southeast-2" first: list the primary first',
    ]);
  });

  it("accepts a moved primary listed first while the home, the homeStack, is listed elsewhere", () => {
    const moved = fixtureCells().map((cell, i, all) => ({ ...cell, isPrimary: i === all.length - 1 }));
    const primaryFirst = [moved[moved.length - 1], ...moved.slice(0, -1)];
    assert.deepEqual(checkEdgeCells(primaryFirst, origin, "us-east-1"), []);
  });

  it("refuses cells whose primary is not the primaryStack: the cells deploy before the edge", () => {
    assert.deepEqual(checkEdgeCells(fixtureCells(), origin, "us-east-1", "us-east-1"), []);
    const moved = fixtureCells().map((cell, i, all) => ({ ...cell, isPrimary: i === all.length - 1 }));
    const primaryFirst = [moved[moved.length - 1], ...moved.slice(0, -1)];
    assert.deepEqual(checkEdgeCells(primaryFirst, origin, "us-east-1", primaryFirst[0].stack), []);
    assert.match(
      checkEdgeCells(fixtureCells(), origin, "us-east-1", "eu-west-1").join("\n"),
      /^stack "us-east-1" exports isPrimary but storefront:primaryStack is "eu-west-1": deploy the cells in deploy order/,
    );
  });

  it("refuses a fleet whose home is not the homeStack, or that has none or two", () => {
    assert.match(
      checkEdgeCells(edit(0, { isHome: false }), origin, "us-east-1").join("\n"),
      /^no listed cell exports isHome: storefront:homeStack "us-east-1" must be listed in storefront:cells/,
    );
    assert.match(
      checkEdgeCells(edit(1, { isHome: true }), origin, "us-east-1").join("\n"),
      /^stacks "us-east-1", "eu-west-1" export isHome but storefront:homeStack is "us-east-1"/,
    );
    assert.match(
      checkEdgeCells(fixtureCells(), origin, "eu-west-1").join("\n"),
      /^stacks "us-east-1" export isHome but storefront:homeStack is "eu-west-1"/,
    );
  });

  it("refuses overlapping VPC blocks, naming both stacks and blocks", () => {
    const [primary] = fixtureCells();
    const inside = primary.cidr.replace(/\.0\.0\/16$/, ".128.0/17");
    assert.notEqual(inside, primary.cidr);
    const problems = checkEdgeCells(edit(1, { cidr: inside }), origin);
    assert.deepEqual(problems, [
      `stacks "us-east-1" (${primary.cidr}) and "eu-west-1" (${inside}) have overlapping VPC CIDRs`,
    ]);
  });

  it("refuses a listed stack that is not a cell, and a cell serving another domain", () => {
    const notCell = checkEdgeCells(edit(1, { kind: "global" }), origin);
    assert.deepEqual(notCell, ['stack "eu-west-1" exports kind "global": storefront:cells must list cell stacks only']);
    const otherDomain = checkEdgeCells(edit(1, { originHostName: "origin.other.example.com" }), origin);
    assert.equal(otherDomain.length, 1);
    assert.match(
      otherDomain[0],
      /stack "eu-west-1" serves origin host "origin\.other\.example\.com" but the edge routes origin\.shop/,
    );
  });
});
