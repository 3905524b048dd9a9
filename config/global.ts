/**
 * The typed configuration of the `global` stack (the edge in front of the cells), with every
 * default and every check in one place. Like `readCellConfig`, `readGlobalConfig` never
 * touches Pulumi, so tests and `npm run plan` run it on the stack files directly.
 *
 * What the edge learns only at run time (each cell's region, role and VPC block, from its
 * stack outputs) is checked by `checkEdgeCells`, a pure function the stack calls before it
 * registers any AWS resource.
 */
import { checkCellPlacement, retention, stackBaseName } from "./cell";
import { isOriginShieldRegion, ORIGIN_SHIELD_REGIONS, originShieldRegionFor } from "./aws-limits";
import { ConfigError, ConfigProblem, ConfigReader, RawConfig } from "./reader";
import { readSharedConfig, SharedConfig, STACK_KINDS, STACK_NAME_PATTERN } from "./shared";
import { unknownKeyProblems } from "./unknown-keys";
import { readWritePaths } from "./write-paths";
import { BudgetConfig, readBudgetConfig } from "./budget";
import { readLostCells } from "./lost-cells";

/** CloudFront price classes: which edge locations serve viewers (100: North America and Europe). */
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** Bounds of a WAF rate-based rule's limit (requests per client IP per evaluation window). */
export const RATE_LIMIT = { min: 100, max: 2_000_000_000, default: 2000 };

/** Seconds CloudFront caches a catalog read when the origin sends no Cache-Control: briefly, at most 5 minutes. */
export const CATALOG_CACHE_SECONDS = { min: 1, max: 300, default: 60 };

export interface GlobalConfig {
  /** The stack name, e.g. `global`. */
  stack: string;
  shared: SharedConfig;
  /** Stack names of the cells the edge routes to, the primary first (the deploy order puts the home first). */
  cells: string[];
  /** Which CloudFront edge locations serve viewers. */
  priceClass: PriceClass;
  /** Requests one client IP may make in any 5 minutes before WAF blocks it. */
  rateLimitPer5Minutes: number;
  /** Seconds CloudFront caches a catalog read. */
  catalogCacheSeconds: number;
  /** Retention of the edge's logs, days. */
  logRetentionDays: number;
  /** Region of Origin Shield in front of the primary cell's media bucket: the primary's region (or its nearest Origin Shield region) unless set. */
  originShieldRegion: string;
  /** CloudFront path patterns that write, sent to `writer.<domain>` (the primary cell). */
  writePaths: string[];
  /** The stack's monthly AWS Budget: margin over the estimate, or a set limit. */
  budget: BudgetConfig;
  /** Cells whose region is down (`lostCells`, stack base names): their `isPrimary` output is ignored. */
  lostCells: string[];
}

/** Reads and validates the global stack's config; throws one `ConfigError` listing every problem. */
export function readGlobalConfig(raw: RawConfig, stack: string): GlobalConfig {
  const problems: ConfigProblem[] = unknownKeyProblems(raw, "storefront", "global");
  const config = ConfigReader.forNamespace(raw, "storefront", problems);

  const shared = readSharedConfig(config);
  if (config.oneOf("kind", STACK_KINDS, "global") !== "global") {
    config.problem("kind", config.raw("kind"), 'must be "global" in the edge\'s stack file');
  }
  const cells = readCells(config, shared, stack);
  const waf = config.object("waf", ["rateLimitPer5Minutes"]);

  const result: GlobalConfig = {
    stack,
    shared,
    cells,
    priceClass: config.oneOf("priceClass", PRICE_CLASSES, "PriceClass_100"),
    rateLimitPer5Minutes: waf.integer("rateLimitPer5Minutes", RATE_LIMIT.default, RATE_LIMIT),
    catalogCacheSeconds: config.integer("catalogCacheSeconds", CATALOG_CACHE_SECONDS.default, CATALOG_CACHE_SECONDS),
    logRetentionDays: retention(config, "logRetentionDays", 30),
    originShieldRegion: config.string(
      "originShieldRegion",
      originShieldRegionFor(shared.primaryRegion) ?? shared.primaryRegion,
      (region) =>
        isOriginShieldRegion(region)
          ? undefined
          : `must be a region CloudFront runs Origin Shield in: ${ORIGIN_SHIELD_REGIONS.join(", ")}`,
    ),
    writePaths: readWritePaths(config),
    budget: readBudgetConfig(config),
    lostCells: readLostCells(config, shared, cells),
  };
  if (problems.length > 0) throw new ConfigError(stack, problems);
  return result;
}

/**
 * The cell list: stack names, each once, the primary stack first. The edge
 * reads each through a StackReference, so a name that is not a stack fails the deploy late;
 * checking the shape here fails it before anything is read.
 */
function readCells(config: ConfigReader, shared: SharedConfig, stack: string): string[] {
  const cells = config.stringList("cells");
  if (cells === undefined) {
    if (!config.has("cells")) {
      config.problem("cells", undefined, "is required: the stack names of the cells, the primary (primaryStack) first");
    }
    return [];
  }
  if (cells.length === 0) {
    config.problem("cells", cells, "must list at least one cell stack, the primary first");
    return cells;
  }
  const malformed = cells.filter((name) => !STACK_NAME_PATTERN.test(name));
  if (malformed.length > 0) {
    config.problem(
      "cells",
      cells,
      `must hold stack names, optionally qualified as org/project/stack (not ${malformed.map((n) => `"${n}"`).join(", ")})`,
    );
  }
  const repeated = cells.filter((name, i) => cells.indexOf(name) !== i);
  if (repeated.length > 0) {
    config.problem("cells", cells, `must name each stack once (repeated: ${[...new Set(repeated)].join(", ")})`);
  }
  if (cells.some((name) => stackBaseName(name) === stack)) {
    config.problem("cells", cells, `must list cell stacks only, not this stack "${stack}"`);
  }
  const primary = stackBaseName(shared.primaryStack);
  const primaryAt = cells.findIndex((name) => stackBaseName(name) === primary);
  if (primaryAt < 0) {
    config.problem("cells", cells, `must include the primary stack "${shared.primaryStack}" (primaryStack), first`);
  } else if (primaryAt > 0) {
    config.problem(
      "cells",
      cells,
      `must list the primary stack "${shared.primaryStack}" first (the media origin group prefers it), not at position ${primaryAt + 1}`,
    );
  }
  return cells;
}

/** What the edge reads from each cell's stack outputs to check the fleet. */
export interface EdgeCellIdentity {
  /** The stack name as listed in `storefront:cells`. */
  stack: string;
  /** The stack's `kind` output. */
  kind: string;
  region: string;
  isPrimary: boolean;
  /** Whether the cell created the global database and owns the origin secret (`isHome` output). */
  isHome: boolean;
  /** The cell's VPC block (`vpcCidr` output). */
  cidr: string;
  /** The host name the cell's certificate and listener serve (`originHostName` output). */
  originHostName: string;
}

/**
 * Problems between the cells as their outputs describe them: a stack that is not a cell,
 * not exactly one primary (and not the first listed), two cells in one region, overlapping
 * VPC blocks, a cell serving another origin host name than the edge routes to, or a home
 * cell (whose origin secret the edge sends) other than `homeStack`. Each problem names the
 * stacks. The primary may be any listed cell that config names: it moves after a switchover,
 * the home never does. The cells' own config passed the same checks when they were
 * deployed one by one; this catches cells that were never deployed together.
 */
export function checkEdgeCells(
  cells: readonly EdgeCellIdentity[],
  originHostName: string,
  homeStack?: string,
  primaryStack?: string,
): string[] {
  const problems: string[] = [];
  for (const cell of cells.filter((c) => c.kind !== "cell")) {
    problems.push(`stack "${cell.stack}" exports kind "${cell.kind}": storefront:cells must list cell stacks only`);
  }
  const primaries = cells.filter((cell) => cell.isPrimary);
  if (primaries.length === 0) {
    problems.push(
      `no primary cell among ${cells.map((c) => `"${c.stack}"`).join(", ")}: deploy the primary stack and list it first in storefront:cells`,
    );
  } else if (primaries.length > 1) {
    problems.push(
      `stacks ${primaries.map((c) => `"${c.stack}" (${c.region})`).join(", ")} all export isPrimary: exactly one cell is the primary (a cell whose region is down cannot be deployed to say otherwise: name it in storefront:lostCells, docs/recovery.md "Unplanned failover")`,
    );
  } else if (cells[0] !== primaries[0]) {
    problems.push(
      `the primary cell is "${primaries[0].stack}" but storefront:cells lists "${cells[0].stack}" first: list the primary first`,
    );
  } else if (primaryStack !== undefined && stackBaseName(primaries[0].stack) !== primaryStack) {
    // After a move the cells say where the writer is only once they are deployed: an edge
    // deployed first would weight the writer record to the former primary.
    problems.push(
      `stack "${primaries[0].stack}" exports isPrimary but storefront:primaryStack is "${primaryStack}": deploy the cells in deploy order (the home, the new primary, the rest) before the edge`,
    );
  }
  const homes = cells.filter((cell) => cell.isHome);
  if (homeStack !== undefined && (homes.length !== 1 || stackBaseName(homes[0].stack) !== homeStack)) {
    problems.push(
      homes.length === 0
        ? `no listed cell exports isHome: storefront:homeStack "${homeStack}" must be listed in storefront:cells and deployed before the edge (it owns the origin secret)`
        : `stacks ${homes.map((c) => `"${c.stack}"`).join(", ")} export isHome but storefront:homeStack is "${homeStack}": exactly one cell, the home, owns the global database and the origin secret`,
    );
  }
  problems.push(...checkCellPlacement(cells));
  for (const cell of cells.filter((c) => c.originHostName !== originHostName)) {
    problems.push(
      `stack "${cell.stack}" serves origin host "${cell.originHostName}" but the edge routes ${originHostName}: the cell and the edge must share storefront:domain`,
    );
  }
  return problems;
}
