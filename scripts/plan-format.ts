/** Layout helpers the plan's stack sections share. */
import { RecordedResource } from "../offline/mock-cloud";

/** Resources grouped by the component that owns them, with counts per type. */
export function describeResources(resources: RecordedResource[]): string[] {
  const byParent = new Map<string, Map<string, number>>();
  for (const resource of resources) {
    const parent = resource.parentType || "(stack)";
    const counts = byParent.get(parent) ?? new Map<string, number>();
    counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    byParent.set(parent, counts);
  }
  return [...byParent.entries()].flatMap(([parent, counts]) => [
    `    ${parent}`,
    ...[...counts.entries()].map(([type, count]) => `      ${String(count).padStart(2)} x ${type}`),
  ]);
}

export const OUTPUT_LABEL_WIDTH = 28;

export function row(label: string, value: string, width = 16): string {
  return `${label.padEnd(width)}  ${value}`;
}
