/**
 * Where a failed region's users go. Route 53 latency routing answers each resolver with the
 * healthy record of lowest measured latency from that resolver's network; when a cell's
 * health check fails, its users' next-lowest-latency region takes them. The users of a
 * region sit, network-wise, near that region, so the model sends all of a failed cell's
 * traffic to the surviving cell whose region has the lowest round-trip time from the failed
 * region.
 *
 * Source: approximate median round-trip times between AWS regions, rounded to 5 ms, after
 * the public inter-region grid CloudPing publishes (https://www.cloudping.co/grid, p50),
 * compiled 2026-12. Only each region's order of neighbours is used, so drifts of a few
 * milliseconds change nothing; check the grid and extend the table when a region is added
 * to config/cell-regions.ts (a spec checks every allowed region is covered). Pure: no
 * Pulumi imports.
 */

/** When the latencies below were read. */
export const REGION_LATENCY_AS_OF = "2026-12";

/** Where they were read. */
export const REGION_LATENCY_SOURCE = "https://www.cloudping.co/grid (p50; approximate, rounded to 5 ms)";

const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
] as const;

/**
 * Round-trip milliseconds, upper triangle: row i lists the latency from REGIONS[i] to each
 * later region, in REGIONS order.
 */
const LATENCY_MS: readonly (readonly number[])[] = [
  /* us-east-1      */ [15, 65, 15, 70, 75, 90, 110, 145, 175, 215, 200, 185],
  /* us-east-2      */ [50, 25, 80, 85, 100, 120, 135, 165, 200, 190, 200],
  /* us-west-2      */ [60, 125, 135, 145, 160, 100, 125, 165, 140, 215],
  /* ca-central-1   */ [70, 80, 90, 105, 150, 180, 215, 205, 190],
  /* eu-west-1      */ [15, 25, 40, 200, 235, 170, 255, 120],
  /* eu-west-2      */ [15, 30, 210, 240, 165, 265, 110],
  /* eu-central-1   */ [20, 225, 230, 155, 250, 110],
  /* eu-north-1     */ [240, 250, 175, 270, 135],
  /* ap-northeast-1 */ [35, 70, 105, 130],
  /* ap-northeast-2 */ [75, 140, 135],
  /* ap-southeast-1 */ [95, 60],
  /* ap-southeast-2 */ [150],
];

/** Regions the table covers. */
export const LATENCY_REGIONS: readonly string[] = REGIONS;

/** Round-trip milliseconds between two regions of the table (0 for a region to itself); undefined when either is not in it. */
export function regionLatencyMs(a: string, b: string): number | undefined {
  const [i, j] = [REGIONS.indexOf(a as never), REGIONS.indexOf(b as never)];
  if (i < 0 || j < 0) return undefined;
  if (i === j) return 0;
  const [low, high] = i < j ? [i, j] : [j, i];
  return LATENCY_MS[low][high - low - 1];
}

/**
 * The surviving region that takes `failed`'s users: the one of lowest latency from it (ties
 * go to the region listed first). Throws when a region is not in the table, naming the file
 * to extend.
 */
export function nearestSurvivor(failed: string, survivors: readonly string[]): string {
  if (survivors.length === 0) throw new Error(`no surviving region to take ${failed}'s traffic`);
  const scored = survivors.map((region) => {
    const ms = regionLatencyMs(failed, region);
    if (ms === undefined) {
      throw new Error(
        `no latency between ${failed} and ${region} in capacity/nearest-region.ts: add the region (it covers ${REGIONS.join(", ")})`,
      );
    }
    return { region, ms };
  });
  return scored.reduce((best, next) => (next.ms < best.ms ? next : best)).region;
}
