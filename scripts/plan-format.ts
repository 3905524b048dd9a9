/** Layout helpers the plan's stack sections share. */
import { MOCK_ACCOUNT_ID, RecordedResource } from "../offline/mock-cloud";

/** What a section prints besides the settings a reviewer reads. */
export interface SectionOptions {
  /** Resource counts by component and type (`--resources`); otherwise one total line. */
  resources: boolean;
}

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

/** The resource total, and the counts by component and type when asked for. */
export function resourceRows(resources: RecordedResource[], options: SectionOptions): string[] {
  if (!options.resources) return [row("resources", `${resources.length} (by type: npm run plan -- --resources)`)];
  return [row("resources", `${resources.length} (by component)`), ...describeResources(resources)];
}

/**
 * Fragments only the mock cloud produces: its account id and the ids, suffixes and host
 * names it makes up where AWS would assign them. A value holding one is not what the
 * deployed stack will output.
 */
const MOCK_VALUE = new RegExp(
  [
    MOCK_ACCOUNT_ID,
    "0a1b2c3",
    "-id\\b",
    '"vpc-',
    "-1234567890\\.",
    "c0abcdefghij",
    "\\.abc123\\.",
    "-AbCdEf",
    "distribution/E[0-9A-Z]{13}",
    '"E[0-9A-Z]{13}"',
    "\\bd[0-9a-z]{13}\\.cloudfront\\.net",
  ].join("|"),
);

/** The marker after a value the mock cloud made up. */
export const MOCK_MARK = "(mock value)";

/** Whether a printed value holds something the mock cloud made up (an account id, a generated id or name). */
export function isMockValue(printed: string): boolean {
  return MOCK_VALUE.test(printed);
}

/** Marks every line of a section that shows a value the mock cloud made up (once). */
export function markMockLines(section: string): string {
  return section
    .split("\n")
    .map((line) => (isMockValue(line) && !line.endsWith(MOCK_MARK) ? `${line} ${MOCK_MARK}` : line))
    .join("\n");
}

/** A stack's outputs, secrets hidden, each value the mocks made up marked as such. */
export function outputRows(outputs: Record<string, unknown>, secretNames: readonly string[]): string[] {
  return [
    row("outputs", `values marked ${MOCK_MARK} are made up offline; AWS assigns the real ones`),
    ...Object.entries(outputs).map(([key, value]) => {
      if (secretNames.includes(key) || key === "originVerifySecret")
        return row(`  ${key}`, "[secret]", OUTPUT_LABEL_WIDTH);
      const printed = JSON.stringify(value) ?? String(value);
      return row(`  ${key}`, isMockValue(printed) ? `${printed} ${MOCK_MARK}` : printed, OUTPUT_LABEL_WIDTH);
    }),
  ];
}

export const OUTPUT_LABEL_WIDTH = 28;

export function row(label: string, value: string, width = 16): string {
  return `${label.padEnd(width)}  ${value}`;
}
