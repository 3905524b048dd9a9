/**
 * `storefront:requireRegionalHeadroom`: when it is on, a fleet that cannot take the traffic
 * of any one failed region (capacity/regional-headroom.ts) is refused. The plan refuses it
 * for the whole fleet; a cell stack's program refuses it before registering anything, from
 * its own config and the checkout's other cell stack files.
 */
import { describeHeadroom, fleetHeadroom, HeadroomVerdict } from "../capacity/regional-headroom";
import { CellConfig, readCellConfig } from "./cell";
import { SiblingFile } from "./sibling-files";
import { ConfigError, ConfigProblem } from "./reader";

/** The key of the switch, as written in Pulumi.yaml. */
export const REQUIRE_HEADROOM_KEY = "storefront:requireRegionalHeadroom";

/** What to do about a fleet that does not hold N+1. */
export const HEADROOM_FIX =
  "raise storefront:web.traffic.failoverRps (or web.maxTasks) of the cell named, add a cell, or see npm run report";

/** The problem to report when the switch is on and the verdict is not a pass, else undefined. */
export function headroomProblem(verdict: HeadroomVerdict): ConfigProblem | undefined {
  if (verdict.status === "holds") return undefined;
  return {
    key: REQUIRE_HEADROOM_KEY,
    value: true,
    message: `is on, and ${describeHeadroom(verdict)}: ${HEADROOM_FIX}`,
  };
}

/**
 * Throws a ConfigError when `config` turns the switch on and the fleet of this cell and
 * `siblings` (the other cell stack files) does not hold N+1. A sibling file that cannot be
 * read or is invalid is refused, naming the file: leaving it out would judge a smaller fleet
 * than the one deployed.
 */
export function checkRequiredHeadroom(config: CellConfig, siblings: readonly SiblingFile[]): void {
  if (!config.shared.requireRegionalHeadroom) return;
  const cells = [config];
  const unreadable: ConfigProblem[] = [];
  for (const sibling of siblings.filter((s) => s.stack !== config.stack)) {
    const refuse = (why: string) =>
      unreadable.push({
        key: REQUIRE_HEADROOM_KEY,
        value: true,
        message: `is on, and N+1 cannot be judged: Pulumi.${sibling.stack}.yaml ${why}; fix that file (npm run plan lists its problems)`,
      });
    if ("error" in sibling) {
      refuse(`cannot be read (${sibling.error})`);
      continue;
    }
    try {
      cells.push(readCellConfig(sibling.raw, sibling.stack));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      refuse(`is invalid (${error.problems.length} problem${error.problems.length === 1 ? "" : "s"})`);
    }
  }
  if (unreadable.length > 0) throw new ConfigError(config.stack, unreadable);
  const problem = headroomProblem(fleetHeadroom(cells));
  if (problem) throw new ConfigError(config.stack, [problem]);
}
