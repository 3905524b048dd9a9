/**
 * Which Region switch plans cover a fleet. A plan spans exactly two regions (docs/aws-behaviours.md
 * #21), and writes can only move to a region whose Aurora cluster can become the writer, from
 * the region that holds the writer now. So there is one plan per secondary cell, pairing it
 * with the primary: N cells, N - 1 plans, each able to hand writes to its secondary and back.
 * Pairs of two secondaries would never run (neither holds the writer). Pure, so the coverage
 * is tested without Pulumi.
 */

/** A cell as coverage sees it. */
export interface CoveredCell {
  region: string;
  isPrimary: boolean;
}

export interface PlanPairing {
  /** The plan's name: `<app>-<secondary region>` (at most 12 + 1 + 14 = 27 of the 32 characters ARC allows). */
  name: string;
  /** The region that holds the writer now (the plan's primary region). */
  primary: string;
  /** The region the plan can hand writes to. */
  secondary: string;
}

/** One plan per secondary cell, in the fleet's order; none for a one-cell fleet. */
export function planPairings(app: string, cells: readonly CoveredCell[]): PlanPairing[] {
  const primaries = cells.filter((cell) => cell.isPrimary);
  if (primaries.length !== 1) {
    throw new Error(
      `planPairings: expected exactly one primary cell, got ${primaries.map((c) => c.region).join(", ") || "none"}`,
    );
  }
  const primary = primaries[0].region;
  return cells
    .filter((cell) => !cell.isPrimary)
    .map((cell) => ({ name: `${app}-${cell.region}`, primary, secondary: cell.region }));
}
