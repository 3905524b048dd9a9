/**
 * What moving the primary may and may not do. After an Aurora switchover or failover puts
 * the writer in another region, the operator names that cell in `primaryRegion` and
 * `primaryStack` and deploys (docs/recovery.md). The home cell (`homeStack`) created the
 * global cluster, the master secret and the origin-verify secret and keeps them: its stack
 * file is the one that holds the database's name, admin user and secret replica regions.
 * These checks refuse only the edits that are still unsafe, each naming the key, the value
 * and the runbook:
 *
 * - the home moved (homeStack names another cell than the one whose file holds the home's
 *   database fields, typically because homeStack was left to default to a moved primary):
 *   that cell would create a second global cluster and new secrets;
 * - homeStack or primaryStack naming no cell stack file of the checkout;
 * - a primary that is not a member of the global database (its region is neither the home's
 *   nor in the home's `database.replicaRegions`): there is no cluster there to write;
 * - cells that disagree about the primary or the home (a stack file overriding
 *   `primaryRegion`, `primaryStack` or `homeStack`): more than one primary.
 */
import { homeStackOf, primaryStackOf } from "./deploy-order";
import { checkoutRoot } from "./files";
import { CellFile, readableFiles, siblingFiles } from "./sibling-files";
import { RawConfig } from "./reader";
import { stackKindOf } from "./shared";

/** The runbooks for moving the primary. */
export const RECOVERY_RUNBOOK = "docs/recovery.md";

/** Where the switchover runbook lives. */
export const SWITCHOVER_RUNBOOK = 'docs/recovery.md, "Planned switchover"';

/** The database fields only the home's stack file holds: they mark the home. */
export const HOME_DATABASE_FIELDS = ["databaseName", "masterUsername", "replicaRegions"] as const;

export type { CellFile } from "./sibling-files";

/** The raw `storefront:database` object, or an empty one when it is not an object. */
function databaseOf(raw: RawConfig): Record<string, unknown> {
  try {
    const database: unknown = JSON.parse(raw["storefront:database"] ?? "{}");
    return typeof database === "object" && database !== null ? (database as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The home-only database fields a raw cell config sets. */
export function homeDatabaseFields(raw: RawConfig): string[] {
  const database = databaseOf(raw);
  return HOME_DATABASE_FIELDS.filter((field) => field in database);
}

/** The shared keys that decide the roles, as one cell file has them. */
function rolesOf(raw: RawConfig): { primaryRegion: string; primaryStack: string; homeStack: string } {
  return {
    primaryRegion: raw["storefront:primaryRegion"] ?? "",
    primaryStack: primaryStackOf(raw),
    homeStack: homeStackOf(raw),
  };
}

/**
 * Every problem with the roles of a fleet's cells (`cells` are the checkout's cell stack
 * files); empty when the primary may be where config puts it. Pure: the plan runs it on the
 * stack files, and each deploy on its own file and its siblings.
 */
export function checkRoles(cells: readonly CellFile[]): string[] {
  if (cells.length === 0) return [];
  const problems: string[] = [];
  const stacks = cells.map((cell) => cell.stack);
  const roles = rolesOf(cells[0].raw);
  for (const cell of cells.slice(1)) {
    const own = rolesOf(cell.raw);
    for (const key of ["primaryRegion", "primaryStack", "homeStack"] as const) {
      if (own[key] !== roles[key]) {
        problems.push(
          `storefront:${key} = "${own[key]}" in stack "${cell.stack}" but "${roles[key]}" in stack "${cells[0].stack}": a fleet has one primary and one home; set ${key} in Pulumi.yaml only (${RECOVERY_RUNBOOK})`,
        );
      }
    }
  }
  if (problems.length > 0) return problems;

  const holders = cells.filter((cell) => homeDatabaseFields(cell.raw).length > 0);
  const [holder] = holders;
  if (holders.length === 1 && holder.stack !== roles.homeStack) {
    const defaulted = cells[0].raw["storefront:homeStack"] === undefined;
    return [
      `storefront:homeStack = "${roles.homeStack}"${defaulted ? " (defaulting to primaryStack)" : ""}, but the global database was created by "${holder.stack}": ` +
        `Pulumi.${holder.stack}.yaml holds the home's storefront:database.${homeDatabaseFields(holder.raw).join(", ")}. ` +
        `The home never moves, not even with the primary (a new home would create a second global cluster and new secrets): set storefront:homeStack: ${holder.stack} in Pulumi.yaml (${SWITCHOVER_RUNBOOK})`,
    ];
  }
  for (const [key, named] of [
    ["homeStack", roles.homeStack],
    ["primaryStack", roles.primaryStack],
  ] as const) {
    if (!stacks.includes(named)) {
      problems.push(
        `storefront:${key} = "${named}" names no cell stack file here (cells: ${stacks.join(", ")}): name the cell's stack (${RECOVERY_RUNBOOK})`,
      );
    }
  }
  if (problems.length > 0) return problems;

  const home = cells.find((cell) => cell.stack === roles.homeStack)!;
  const primary = cells.find((cell) => cell.stack === roles.primaryStack)!;
  const region = primary.raw["aws:region"];
  const replicaRegions = databaseOf(home.raw).replicaRegions;
  const members = [home.raw["aws:region"], ...(Array.isArray(replicaRegions) ? replicaRegions : [])];
  if (!members.includes(region)) {
    problems.push(
      `storefront:primaryStack = "${primary.stack}" (primaryRegion "${roles.primaryRegion}"): ${region} is not in storefront:database.replicaRegions of the home "${home.stack}", so the global database has no cluster there to write to. ` +
        `Add the cell first (docs/add-a-region.md), deploy it, switch the writer over to it, then make it the primary (${SWITCHOVER_RUNBOOK})`,
    );
  }
  return problems;
}

/**
 * The checks for one stack being deployed, over its own config (which the engine hands the
 * program, overrides included) and the checkout's other cell stack files: a refusal here
 * stops `pulumi up` before any resource is registered. `undefined` when nothing is wrong.
 */
export function checkDeployedRoles(stack: string, raw: RawConfig, siblings: readonly CellFile[]): string | undefined {
  if (stackKindOf(raw) === "global") return undefined;
  const problems = checkRoles([{ stack, raw }, ...siblings.filter((s) => s.stack !== stack)]);
  return problems.length > 0 ? problems.join("\n") : undefined;
}

/** The other cell stack files of the checkout at `root`; a file that cannot be read is left out (its own deploy reports it). */
export function siblingCellFiles(stack: string, root = checkoutRoot()): CellFile[] {
  return readableFiles(siblingFiles(stack, root));
}
