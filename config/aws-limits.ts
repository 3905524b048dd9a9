/**
 * Values AWS itself allows, so the config can refuse what an API would refuse at deploy time.
 *
 * Task sizes Fargate accepts (Linux, platform 1.4.0):
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
 */

interface MemoryRange {
  /** Smallest memory (MiB) for this CPU size. */
  from: number;
  /** Largest memory (MiB) for this CPU size. */
  to: number;
  /** Allowed increments (MiB) between `from` and `to`. */
  step: number;
  /** Values below `from` that are also allowed (the 0.25 vCPU size has 512 MiB). */
  extra?: number[];
}

/** CPU units (1024 = 1 vCPU) to the memory range Fargate accepts with it. */
const FARGATE_SIZES: Readonly<Record<number, MemoryRange>> = {
  256: { from: 1024, to: 2048, step: 1024, extra: [512] },
  512: { from: 1024, to: 4096, step: 1024 },
  1024: { from: 2048, to: 8192, step: 1024 },
  2048: { from: 4096, to: 16384, step: 1024 },
  4096: { from: 8192, to: 30720, step: 1024 },
  8192: { from: 16384, to: 61440, step: 4096 },
  16384: { from: 32768, to: 122880, step: 8192 },
};

export const FARGATE_CPU_UNITS: readonly number[] = Object.keys(FARGATE_SIZES).map(Number);

/** The memory values (MiB) Fargate accepts with `cpu`, or an empty list for an unknown CPU size. */
export function fargateMemoryOptions(cpu: number): number[] {
  const range = FARGATE_SIZES[cpu];
  if (!range) return [];
  const values = [...(range.extra ?? [])];
  for (let memory = range.from; memory <= range.to; memory += range.step) values.push(memory);
  return values;
}

/** A message saying what is wrong with a CPU/memory pair, or `undefined` when Fargate accepts it. */
export function checkFargateSize(cpu: number, memory: number): string | undefined {
  const options = fargateMemoryOptions(cpu);
  if (options.length === 0) return `CPU must be one of ${FARGATE_CPU_UNITS.join(", ")} (units of 1/1024 vCPU)`;
  if (options.includes(memory)) return undefined;
  const range = FARGATE_SIZES[cpu];
  return (
    `Fargate does not run ${cpu} CPU units with ${memory} MiB; with ${cpu} CPU units memory must be ` +
    `${range.extra ? `${range.extra.join(", ")} or ` : ""}${range.from}..${range.to} MiB in steps of ${range.step}`
  );
}

/** Retention periods CloudWatch Logs accepts (days); any other value is refused by the API. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * Regions CloudFront runs Origin Shield in, and which of them serves an origin in any other
 * region: CloudFront refuses an Origin Shield region outside its list, so a cell in, say,
 * eu-north-1 is shielded from a neighbouring region.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html
 */
export const ORIGIN_SHIELD_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "sa-east-1",
] as const;

/** The nearest Origin Shield region for an origin in a region that has none. */
const NEAREST_SHIELD: Readonly<Record<string, string>> = {
  "us-west-1": "us-west-2",
  "ca-central-1": "us-east-1",
  "ca-west-1": "us-west-2",
  "mx-central-1": "us-east-2",
  "eu-west-3": "eu-west-2",
  "eu-north-1": "eu-central-1",
  "eu-south-1": "eu-central-1",
  "eu-south-2": "eu-west-1",
  "eu-central-2": "eu-central-1",
  "il-central-1": "eu-central-1",
  "me-south-1": "ap-south-1",
  "me-central-1": "ap-south-1",
  "af-south-1": "eu-west-1",
  "ap-east-1": "ap-southeast-1",
  "ap-south-2": "ap-south-1",
  "ap-northeast-3": "ap-northeast-1",
  "ap-southeast-3": "ap-southeast-1",
  "ap-southeast-4": "ap-southeast-2",
  "ap-southeast-5": "ap-southeast-1",
  "ap-southeast-7": "ap-southeast-1",
};

export function isOriginShieldRegion(region: string): boolean {
  return (ORIGIN_SHIELD_REGIONS as readonly string[]).includes(region);
}

/**
 * The Origin Shield region for an origin in `region`: the region itself when Origin Shield
 * runs there, else its nearest neighbour; `undefined` for a region this table does not
 * know (the origin then goes unshielded rather than failing the deployment).
 */
export function originShieldRegionFor(region: string): string | undefined {
  return isOriginShieldRegion(region) ? region : NEAREST_SHIELD[region];
}
