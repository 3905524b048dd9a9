/**
 * The order stacks deploy in, derived from the stack files alone: the primary cell first
 * (it creates the global cluster and the secrets the others reference), then the other
 * cells in the order the edge lists them (`storefront:cells`), then any cell the edge does
 * not list yet by name, then the global stack (it reads every cell). The offline plan, the
 * tests and the CI/CD pipeline all take the order from here.
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

/** Every stack file's name in deploy order. */
export function deployOrder(root = PROJECT_ROOT): string[] {
  const raws = new Map(listStacks(root).map((stack) => [stack, loadStackConfig(stack, root)]));
  const stacks = [...raws.keys()];
  const edges = stacks.filter((stack) => stackKindOf(raws.get(stack)!) === "global");
  const listed = edges.flatMap((edge) => listedCells(raws.get(edge)!));
  const rank = (stack: string) => (listed.includes(stack) ? listed.indexOf(stack) : listed.length);
  const cells = stacks.filter((stack) => !edges.includes(stack)).sort((a, b) => rank(a) - rank(b));
  const primary = cells.find((stack) => {
    const raw = raws.get(stack)!;
    // primaryStack defaults to primaryRegion, as readSharedConfig has it.
    return stackBaseName(raw["storefront:primaryStack"] ?? raw["storefront:primaryRegion"] ?? "") === stack;
  });
  return [...(primary ? [primary, ...cells.filter((s) => s !== primary)] : cells), ...edges];
}

/** The cell stacks (every stack file but the global one), in deploy order. */
export function cellStacks(root = PROJECT_ROOT): string[] {
  return deployOrder(root).filter((stack) => stackKindOf(loadStackConfig(stack, root)) !== "global");
}
