/**
 * What both views read from a fleet's evaluation: which stacks are cells and which is the
 * edge, a cell's title and media bucket, and the ids of a cell's nodes in the fleet view.
 */
import { readCellConfig } from "../../config/cell";
import { loadStackConfig } from "../../config/files";
import { StackEvaluation } from "../../offline/evaluate";
import { RecordedResource } from "../../offline/mock-cloud";
import { DiagramBuilder, Flow } from "./model";
import { ExternalCall, StoreKind } from "./recorded";

/** The cell stacks of a fleet (they export `kind: cell`), in deploy order, and the edge stack. */
export function splitFleet(fleet: StackEvaluation[]): { cells: StackEvaluation[]; edge?: StackEvaluation } {
  return {
    cells: fleet.filter((e) => e.outputs.kind === "cell"),
    edge: fleet.find((e) => e.outputs.kind === "global"),
  };
}

/** A cell's roles as its outputs state them: home or joiner, and primary (the writer) if it is. */
export function cellRoles(cell: StackEvaluation): string[] {
  return [cell.outputs.isHome ? "home" : "joiner", ...(cell.outputs.isPrimary ? ["primary"] : [])];
}

/** The title of a cell's box: stack, role, region, time zone and local peak. */
export function cellTitle(cell: StackEvaluation, root: string): string[] {
  const config = readCellConfig(loadStackConfig(cell.stack, root), cell.stack);
  return [
    `Cell ${cell.stack} (${cellRoles(cell).join(", ")}) in ${cell.outputs.region}`,
    `${config.timeZone}, local peak ${config.peakWindowText}`,
  ];
}

/** Node ids of a cell's parts, shared with the specs. */
export const cellNode = {
  alb: (stack: string) => `${stack}/alb`,
  workload: (stack: string, key: string) => `${stack}/${key}`,
  store: (stack: string, kind: string) => `${stack}/${kind}`,
  bucket: (stack: string) => `${stack}/media`,
  healthAlarm: (stack: string) => `${stack}/health-alarm`,
};

/** The line a store's traffic is drawn with. */
export function flowOf(kind: StoreKind): Flow {
  return kind === "database" ? "sql" : kind === "broker" ? "amqp" : "cache";
}

/** The cell's media bucket (the object store's, not the load balancer's log bucket). */
export function mediaBucketOf(cell: StackEvaluation): RecordedResource | undefined {
  return cell.cloud.ofType("aws:s3/bucket:Bucket").find((b) => b.parentType === "storefront:data:ObjectStore");
}

/** The node id of an external system, drawn once however many cells and jobs call it. */
export const externalNode = (system: string) => `external/${system}`;

/** A box with each external system the calls reach, once, by name (they lie outside AWS: no resource behind them). */
export function addExternalSystems(diagram: DiagramBuilder, calls: ExternalCall[]): void {
  if (calls.length === 0) return;
  const group = diagram.group({ id: "external", label: ["External catalog systems (outside AWS)"], kind: "outside" });
  for (const call of [...calls].sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0))) {
    if (diagram.has(externalNode(call.system))) continue;
    diagram.node({
      id: externalNode(call.system),
      label: [call.system, ...(call.url ? [call.url] : [])],
      kind: "external",
      group,
      sources: [],
      outside: true,
    });
  }
}
