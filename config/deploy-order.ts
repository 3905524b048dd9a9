/**
 * The order stacks deploy in, derived from the stack files alone, and the one place that
 * decides it:
 *
 * 1. the home cell (`homeStack`): it created the global cluster and the secrets the others
 *    reference, so any new output they read exists before they deploy;
 * 2. the primary cell, when the primary has moved away from the home: after an Aurora
 *    switchover or failover its tasks still write through forwarding until it is deployed;
 * 3. the other cells in the order the edge lists them (`storefront:cells`), then any cell the
 *    edge does not list yet by name;
 * 4. the global stack (it reads every cell, and checks exactly one primary and one home).
 *
 * Moving the primary is deployed in this same order (docs/recovery.md). The offline plan,
 * the tests and the CI/CD pipeline all take the order from here.
 */
import { stackBaseName } from "./cell";
import { listStacks, loadStackConfig, PROJECT_ROOT } from "./files";
import { stackKindOf } from "./shared";

/** The edge's `storefront:cells` as stack base names, or none when the value is not a list. */
function listedCells(raw: Record<string, string>): string[] {
  try {
    const cells: unknown = JSON.parse(raw["storefront:cells"] ?? "[]");
    return Array.isArray(cells) ? cells.filter((c): c is string => typeof c === "string").map(stackBaseName) : [];
  } catch {
    return [];
  }
}

/** The primary stack a raw config names; primaryStack defaults to primaryRegion, as readSharedConfig has it. */
export function primaryStackOf(raw: Record<string, string>): string {
  return stackBaseName(raw["storefront:primaryStack"] ?? raw["storefront:primaryRegion"] ?? "");
}

/** The home stack a raw config names; homeStack defaults to primaryStack, as readSharedConfig has it. */
export function homeStackOf(raw: Record<string, string>): string {
  return raw["storefront:homeStack"] ? stackBaseName(raw["storefront:homeStack"]) : primaryStackOf(raw);
}

/** Every stack file's name in deploy order. */
export function deployOrder(root = PROJECT_ROOT): string[] {
  const raws = new Map(listStacks(root).map((stack) => [stack, loadStackConfig(stack, root)]));
  const stacks = [...raws.keys()];
  const edges = stacks.filter((stack) => stackKindOf(raws.get(stack)!) === "global");
  const listed = edges.flatMap((edge) => listedCells(raws.get(edge)!));
  const rank = (stack: string) => (listed.includes(stack) ? listed.indexOf(stack) : listed.length);
  const cells = stacks.filter((stack) => !edges.includes(stack)).sort((a, b) => rank(a) - rank(b));
  const first = [cells.find((stack) => homeStackOf(raws.get(stack)!) === stack)];
  first.push(cells.find((stack) => primaryStackOf(raws.get(stack)!) === stack));
  const leading = [...new Set(first.filter((stack): stack is string => stack !== undefined))];
  return [...leading, ...cells.filter((stack) => !leading.includes(stack)), ...edges];
}

/** The cell stacks (every stack file but the global one), in deploy order. */
export function cellStacks(root = PROJECT_ROOT): string[] {
  return deployOrder(root).filter((stack) => stackKindOf(loadStackConfig(stack, root)) !== "global");
}
