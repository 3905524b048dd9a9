/**
 * The plan's N+1 check: a fleet that cannot take the traffic of any one failed region gets a
 * WARNING block at the top of the plan, or fails the plan when Pulumi.yaml sets
 * `storefront:requireRegionalHeadroom: true`.
 */
import { describeFailoverDetail, describeHeadroom, fleetHeadroom } from "../capacity/regional-headroom";
import { CellConfig } from "../config/cell";
import { HEADROOM_FIX, headroomProblem, REQUIRE_HEADROOM_KEY } from "../config/regional-headroom";
import { formatProblem } from "../config/reader";

/** The fleet's N+1 problem, whether it is required, or undefined when it holds. */
export function checkFleetHeadroom(cells: readonly CellConfig[]): { required: boolean; text: string } | undefined {
  const verdict = fleetHeadroom(cells);
  const problem = headroomProblem(verdict);
  if (!problem) return undefined;
  const required = cells.some((cell) => cell.shared.requireRegionalHeadroom);
  return required
    ? { required, text: `N+1 regional headroom is required: ${formatProblem(problem)}` }
    : { required, text: `${describeHeadroom(verdict)}: ${HEADROOM_FIX}` };
}

/** A block no reader of the plan can miss. */
export function warningBlock(text: string): string {
  const rule = "!".repeat(78);
  return [
    "",
    rule,
    "WARNING: the fleet does not hold N+1 regional headroom",
    `  ${text}`,
    `  Set ${REQUIRE_HEADROOM_KEY}: true in Pulumi.yaml to refuse such a fleet.`,
    rule,
  ].join("\n");
}

/**
 * The N+1 verdict, printed under the estimate whether it holds or not, then per cell the
 * failover traffic the fleet actually sends it (against its hand-set failoverRps) and the
 * hour with the largest need over the scheduled floor.
 */
export function headroomSummary(cells: readonly CellConfig[]): string {
  const verdict = fleetHeadroom(cells);
  return [
    "N+1 regional headroom (npm run report, docs/capacity.md):",
    describeHeadroom(verdict),
    ...describeFailoverDetail(verdict),
  ].join("\n  ");
}
