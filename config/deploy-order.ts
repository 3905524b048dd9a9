/**
 * The order stacks deploy in, derived from the stack files alone: the primary cell first
 * (it creates the global cluster and the secrets the others reference), then every other
 * cell by name, then the global stack (it reads every cell). The offline plan, the tests
 * and the CI/CD pipeline all take the order from here.
 */
import { stackBaseName } from "./cell";
import { listStacks, loadStackConfig, PROJECT_ROOT } from "./files";
import { stackKindOf } from "./shared";

/** Every stack file's name in deploy order. */
export function deployOrder(root = PROJECT_ROOT): string[] {
  const raws = new Map(listStacks(root).map((stack) => [stack, loadStackConfig(stack, root)]));
  const stacks = [...raws.keys()];
  const edges = stacks.filter((stack) => stackKindOf(raws.get(stack)!) === "global");
  const cells = stacks.filter((stack) => !edges.includes(stack));
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
