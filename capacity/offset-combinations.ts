/**
 * The distinct combinations of UTC offsets a fleet's time zones take over a year. Zones move
 * their clocks on different dates (in 2026 New York is on summer time from 8 March, Dublin
 * from 29 March; Sydney moves the other way), so two reference days, one per season, miss
 * the weeks in between, when peaks that are apart in January and July can overlap. The N+1
 * check runs once per combination: a handful of days' worth of work, not 365.
 * Pure: no Pulumi imports.
 */
import { offsetMinutesAt } from "./schedule";

/** One combination of offsets and the days of the year that have it. */
export interface OffsetCombination {
  /** Each time zone's offset, minutes east of UTC. */
  offsets: ReadonlyMap<string, number>;
  /** The first UTC day of the year with this combination. */
  firstDay: Date;
  /** Runs of consecutive UTC days with it, ISO dates, inclusive. */
  runs: { from: string; to: string }[];
}

/** The year the scan covers: the year of the reference days (capacity/cell-capacity.ts). */
export const SCAN_YEAR = 2026;

const MS_PER_DAY = 86_400_000;

/**
 * The distinct offset combinations of `timeZones` on the given UTC days (by default every day
 * of SCAN_YEAR), each taken at noon UTC, in order of first appearance.
 */
export function offsetCombinations(timeZones: readonly string[], days?: readonly Date[]): OffsetCombination[] {
  const zones = [...new Set(timeZones)];
  if (days !== undefined) return combinationsOn(zones, days);
  const key = zones.join(" ");
  let year = yearCombinations.get(key);
  if (!year) yearCombinations.set(key, (year = combinationsOn(zones, yearDays(SCAN_YEAR))));
  return year;
}

/** The year's combinations already worked out, by zone list: the plan and the report ask for the same fleet. */
const yearCombinations = new Map<string, OffsetCombination[]>();

function combinationsOn(zones: readonly string[], scanned: readonly Date[]): OffsetCombination[] {
  const found = new Map<string, OffsetCombination>();
  let previousKey: string | undefined;
  for (const day of scanned) {
    const noon = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12);
    const offsets = new Map(zones.map((zone) => [zone, offsetMinutesAt(zone, noon)]));
    const key = [...offsets.values()].join(",");
    const iso = new Date(noon).toISOString().slice(0, 10);
    let combination = found.get(key);
    if (!combination) {
      combination = { offsets, firstDay: new Date(noon - 12 * 3_600_000), runs: [] };
      found.set(key, combination);
    }
    const last = combination.runs[combination.runs.length - 1];
    const consecutive = last !== undefined && Date.parse(`${last.to}T12:00:00Z`) === noon - MS_PER_DAY;
    const follows = key === previousKey && consecutive;
    if (follows) last.to = iso;
    else combination.runs.push({ from: iso, to: iso });
    previousKey = key;
  }
  return [...found.values()];
}

/** Every UTC day of `year`, at midnight. */
function yearDays(year: number): Date[] {
  const days: Date[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += MS_PER_DAY) days.push(new Date(ms));
  return days;
}

/** The days of a combination as the report prints them: "8 Mar-28 Mar", several runs joined by commas. */
export function describeRuns(runs: readonly { from: string; to: string }[]): string {
  const day = (iso: string) =>
    new Date(`${iso}T00:00:00Z`).toLocaleString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return runs.map((run) => (run.from === run.to ? day(run.from) : `${day(run.from)}-${day(run.to)}`)).join(", ");
}
