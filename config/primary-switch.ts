/**
 * Refuses a change of `primaryRegion`/`primaryStack` until switching the primary is
 * supported. The primary created the Aurora global cluster and holds its writer; naming
 * another cell the primary would make that cell create a second global cluster (and a
 * second master secret) instead of taking over the first. The stack files record which
 * cell the global database was created in: only the primary's file holds the database's
 * name, admin user and secret replica regions.
 */
import { listStacks, loadStackConfig, PROJECT_ROOT } from "./files";
import { RawConfig } from "./reader";
import { stackKindOf } from "./shared";

/** Where the switchover runbook lives. */
export const SWITCHOVER_RUNBOOK = 'docs/deploying.md, "Switching the primary region"';

/** `org/project/stack` or `stack` to `stack`. */
const baseName = (name: string) => name.split("/").pop() ?? name;

/** The database fields only the primary's stack file holds. */
const PRIMARY_DATABASE_FIELDS = ["databaseName", "masterUsername", "replicaRegions"];

/** The primary-only database fields a raw cell config sets. */
export function primaryDatabaseFields(raw: RawConfig): string[] {
  try {
    const database: unknown = JSON.parse(raw["storefront:database"] ?? "{}");
    if (typeof database !== "object" || database === null) return [];
    return PRIMARY_DATABASE_FIELDS.filter((field) => field in database);
  } catch {
    return [];
  }
}

/**
 * A problem when the configured primary is not the cell whose file holds the primary's
 * database fields: the primary was changed in config. `cells` are the cell stack files.
 */
export function checkPrimaryUnchanged(cells: readonly { stack: string; raw: RawConfig }[]): string | undefined {
  if (cells.length === 0) return undefined;
  const raw = cells[0].raw;
  const configured = baseName(raw["storefront:primaryStack"] ?? raw["storefront:primaryRegion"] ?? "");
  const holders = cells.filter((cell) => primaryDatabaseFields(cell.raw).length > 0);
  if (holders.length !== 1 || holders[0].stack === configured) return undefined;
  const [holder] = holders;
  return (
    `storefront:primaryStack = "${configured}" (primaryRegion "${raw["storefront:primaryRegion"]}"), but the global database was created by "${holder.stack}": ` +
    `Pulumi.${holder.stack}.yaml holds the primary's storefront:database.${primaryDatabaseFields(holder.raw).join(", ")}. ` +
    `Changing the primary in config would create a second global cluster; switching the primary is not supported yet: set primaryRegion and primaryStack back to "${holder.stack}" and follow ${SWITCHOVER_RUNBOOK}`
  );
}

/**
 * The same check for one stack being deployed: when its config makes it the primary but
 * another stack file of the checkout holds the primary's database fields, the primary was
 * moved in config and this deploy would create a second global cluster. `siblings` are the
 * checkout's other cell stack files (the program reads them next to Pulumi.yaml).
 */
export function checkDeployedPrimary(
  stack: string,
  raw: RawConfig,
  siblings: readonly { stack: string; raw: RawConfig }[],
): string | undefined {
  const configured = baseName(raw["storefront:primaryStack"] ?? raw["storefront:primaryRegion"] ?? "");
  if (configured !== stack || primaryDatabaseFields(raw).length > 0) return undefined;
  return checkPrimaryUnchanged([{ stack, raw }, ...siblings.filter((s) => s.stack !== stack)]);
}

/** The other cell stack files of the checkout at `root`; a file that cannot be read is left out (its own deploy reports it). */
export function siblingCellFiles(stack: string, root = PROJECT_ROOT): { stack: string; raw: RawConfig }[] {
  const files: { stack: string; raw: RawConfig }[] = [];
  for (const other of listStacks(root).filter((s) => s !== stack)) {
    try {
      const raw = loadStackConfig(other, root);
      if (stackKindOf(raw) !== "global") files.push({ stack: other, raw });
    } catch {
      // Not this stack's problem.
    }
  }
  return files;
}
