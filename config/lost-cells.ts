/**
 * `storefront:lostCells` in the edge's stack file: the cells whose region is down. A lost
 * cell cannot be deployed, so its stack still exports what it was when its region went away;
 * after an unplanned failover that is `isPrimary: true` beside the new primary's, and the
 * edge would refuse two primaries. The edge ignores a lost cell's `isPrimary` output (it is
 * a secondary now, whatever it last said) and keeps every record, route and health check of
 * it as it was: Route 53's health checks already keep viewers off it. Pure, so the rule is
 * tested without Pulumi. Runbook: docs/recovery.md, "Unplanned failover".
 */
import { stackBaseName } from "./cell";
import { ConfigReader } from "./reader";
import { SharedConfig } from "./shared";

/** Reads `lostCells`: each a listed cell, once, not the primary, and not every cell. */
export function readLostCells(config: ConfigReader, shared: SharedConfig, cells: readonly string[]): string[] {
  const lost = config.stringList("lostCells") ?? [];
  const listed = new Set(cells.map(stackBaseName));
  const unknown = lost.filter((name) => !listed.has(stackBaseName(name)));
  if (unknown.length > 0) {
    config.problem(
      "lostCells",
      lost,
      `must name cells listed in storefront:cells (not ${unknown.map((n) => `"${n}"`).join(", ")})`,
    );
  }
  if (new Set(lost.map(stackBaseName)).size !== lost.length) {
    config.problem("lostCells", lost, "must name each cell once");
  }
  if (lost.some((name) => stackBaseName(name) === stackBaseName(shared.primaryStack))) {
    config.problem(
      "lostCells",
      lost,
      `must not name the primary stack "${shared.primaryStack}": move the writer to a cell that is up first (primaryStack)`,
    );
  }
  return lost.map(stackBaseName);
}

/** Whether `stack` is a lost cell: its `isPrimary` output is then read as false. */
export function isLostCell(lostCells: readonly string[], stack: string): boolean {
  return lostCells.includes(stackBaseName(stack));
}
