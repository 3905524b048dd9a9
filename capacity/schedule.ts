/**
 * Follow-the-sun capacity schedules.
 *
 * Each regional cell raises its minimum task count shortly before its own
 * local peak and lowers it again afterwards. This module turns a local peak
 * window ("17:30-23:00") into Application Auto Scaling scheduled actions.
 *
 * Pure: no Pulumi imports and nothing beyond the JavaScript built-ins, so it
 * can be unit-tested and reused by planning scripts.
 */

/** Minutes after local midnight, 0..1439. */
export type MinuteOfDay = number;

export interface PeakWindow {
  /** Local start of the peak, minutes after midnight. */
  start: MinuteOfDay;
  /** Local end of the peak, minutes after midnight. */
  end: MinuteOfDay;
  /** True when the window crosses local midnight (end < start), e.g. 22:00-02:00. */
  crossesMidnight: boolean;
}

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;

function isMinuteOfDay(value: unknown): value is MinuteOfDay {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < MINUTES_PER_DAY;
}

/**
 * Parses "HH:MM-HH:MM" (24-hour clock, two digits each, e.g. "17:30-23:00" or
 * "22:00-02:00"). Returns `{ error }` instead of throwing so config loaders can
 * collect every problem before failing. Deliberately strict (no spaces, no
 * single-digit hours, no "24:00"): these strings come from config files and a
 * typo should fail loudly rather than be guessed at.
 */
export function parsePeakWindow(text: string): { window: PeakWindow } | { error: string } {
  const shown = typeof text === "string" ? JSON.stringify(text) : String(text);
  const match = typeof text === "string" ? /^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$/.exec(text) : null;
  if (!match) {
    return {
      error: `expected HH:MM-HH:MM on a 24-hour clock (e.g. "17:00-22:00"), got ${shown}`,
    };
  }
  const [startH, startM, endH, endM] = match.slice(1).map(Number);
  if (startH > 23 || endH > 23 || startM > 59 || endM > 59) {
    return {
      error: `expected hours 00-23 and minutes 00-59 in HH:MM-HH:MM (e.g. "17:00-22:00"), got ${shown}`,
    };
  }
  const start = startH * 60 + startM;
  const end = endH * 60 + endM;
  if (start === end) {
    // Could mean "never" or "all day"; neither makes sense as a peak window.
    return {
      error: `expected the peak window's start and end to differ (a zero-length window is ambiguous), got ${shown}`,
    };
  }
  return { window: { start, end, crossesMidnight: end < start } };
}

/** "HH:MM" for a minute of day. Throws a RangeError outside 0..1439 or for non-integers. */
export function formatMinuteOfDay(minute: MinuteOfDay): string {
  if (!isMinuteOfDay(minute)) {
    throw new RangeError(`minute of day must be an integer in 0..1439, got ${minute}`);
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

let knownZones: Set<string> | undefined;

/**
 * True when `timeZone` is an IANA time zone name that Intl accepts (e.g.
 * "America/New_York", "Europe/Dublin", "UTC").
 *
 * Intl itself is too lenient for our purpose: it accepts legacy abbreviations
 * such as "EST" and "CET" (which are not what people mean by them: "EST" is a
 * fixed -05:00 with no DST) and is case-insensitive, while AWS wants a real
 * IANA name. So a name is accepted when it is in Intl.supportedValuesOf
 * ("timeZone") or is "UTC"/"Etc/UTC", or, because ICU lists only its own
 * canonical spelling (it lists "Asia/Calcutta" but not "Asia/Kolkata"), when
 * it is an "Area/Location" name with the usual capitalisation that Intl
 * resolves to one of those canonical zones.
 */
export function isIanaTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  knownZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]);
  if (knownZones.has(timeZone)) return true;

  // Area/Location[/Sub], each part starting with a capital; must contain a
  // lowercase letter so shouted spellings ("AMERICA/NEW_YORK") are rejected.
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/.test(timeZone) || !/[a-z]/.test(timeZone)) {
    return false;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // A different capitalisation of a canonical name is a typo, not an alias.
  if (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) return false;
  return knownZones.has(resolved);
}

export interface ScheduledCapacity {
  /** Short kebab-case role: "before-peak" or "after-peak". */
  role: "before-peak" | "after-peak";
  /** Local wall-clock time the action fires, "HH:MM". */
  localTime: string;
  /** Application Auto Scaling schedule expression, daily: `cron(M H * * ? *)`, e.g. "cron(30 16 * * ? *)". Evaluated in `timeZone`. */
  schedule: string;
  /** IANA time zone the schedule is evaluated in (passed to AWS as the action's timezone). */
  timeZone: string;
  minCapacity: number;
  maxCapacity: number;
}

export interface FollowTheSunArgs {
  window: PeakWindow;
  /** Minutes before the window's start at which the floor is raised (0..720). Wraps to the previous day if needed. */
  leadMinutes: number;
  timeZone: string;
  /** Off-peak minimum task count. */
  baseMin: number;
  /** Minimum task count during the peak (>= baseMin). */
  peakMin: number;
  /** Maximum task count at all times (>= peakMin). */
  max: number;
}

/**
 * Daily Application Auto Scaling cron for a local minute of day.
 *
 * App Auto Scaling (like EventBridge) uses six fields:
 * minutes hours day-of-month month day-of-week year, and one of
 * day-of-month / day-of-week must be `?`; with day-of-month `*` (every day)
 * day-of-week has to be `?`.
 */
function dailyCron(minute: MinuteOfDay): string {
  return `cron(${minute % 60} ${Math.floor(minute / 60)} * * ? *)`;
}

function assertValidWindow(window: PeakWindow): void {
  if (!window || !isMinuteOfDay(window.start) || !isMinuteOfDay(window.end)) {
    throw new Error(
      `window start and end must be integer minutes of day in 0..1439, got start=${window?.start} end=${window?.end}`,
    );
  }
  if (window.start === window.end) {
    throw new Error(`window start and end must differ, got ${formatMinuteOfDay(window.start)} for both`);
  }
  if (window.crossesMidnight !== window.end < window.start) {
    throw new Error(
      `window.crossesMidnight must be ${window.end < window.start} for ` +
        `${formatMinuteOfDay(window.start)}-${formatMinuteOfDay(window.end)}, got ${window.crossesMidnight}`,
    );
  }
}

/**
 * Two scheduled actions: "before-peak" at (start - lead) mod 24h sets
 * min=peakMin, and "after-peak" at the window's end sets min=baseMin; both keep
 * max=max so the scaling policy can still scale out above the floor.
 *
 * The cron is expressed in local time and the action carries the IANA
 * `timeZone`: App Auto Scaling evaluates it in that zone, so the actions follow
 * DST without us recomputing UTC offsets twice a year.
 *
 * Throws on inconsistent numbers, an invalid time zone, or a lead so long that
 * the raise would happen at or before the previous day's window ended (the two
 * actions would then be out of order and the floor would never come down).
 */
export function followTheSunSchedule(args: FollowTheSunArgs): ScheduledCapacity[] {
  const { window, leadMinutes, timeZone, baseMin, peakMin, max } = args;

  for (const [name, value] of Object.entries({
    baseMin,
    peakMin,
    max,
    leadMinutes,
  })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  if (leadMinutes > 720) {
    throw new Error(`leadMinutes must be between 0 and 720 (12 hours), got ${leadMinutes}`);
  }
  if (peakMin < baseMin) {
    throw new Error(`peakMin (${peakMin}) must be >= baseMin (${baseMin})`);
  }
  if (max < peakMin) {
    throw new Error(`max (${max}) must be >= peakMin (${peakMin})`);
  }
  if (!isIanaTimeZone(timeZone)) {
    throw new Error(
      `timeZone must be an IANA time zone name such as "America/New_York" or "UTC" ` +
        `(not an offset or abbreviation), got ${JSON.stringify(timeZone)}`,
    );
  }
  assertValidWindow(window);

  // Off-peak gap: from the window's end round to its next start.
  const offPeakGap = (window.start - window.end + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (leadMinutes >= offPeakGap) {
    throw new Error(
      `leadMinutes (${leadMinutes}) must be shorter than the off-peak gap of ${offPeakGap} minutes ` +
        `between the window's end (${formatMinuteOfDay(window.end)}) and its start ` +
        `(${formatMinuteOfDay(window.start)}); otherwise the floor would be raised at or before ` +
        `the previous peak ends`,
    );
  }

  const raiseAt = (window.start - leadMinutes + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const action = (role: ScheduledCapacity["role"], minute: MinuteOfDay, minCapacity: number): ScheduledCapacity => ({
    role,
    localTime: formatMinuteOfDay(minute),
    schedule: dailyCron(minute),
    timeZone,
    minCapacity,
    maxCapacity: max,
  });
  return [action("before-peak", raiseAt, peakMin), action("after-peak", window.end, baseMin)];
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * UTC offset of `timeZone` at instant `ms`, in minutes (east of UTC positive). One formatter per
 * zone: they are slow to build, and the N+1 scan asks for every day of a year.
 */
export function offsetMinutesAt(timeZone: string, ms: number): number {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    zoneFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallAsUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  const instant = Math.floor(ms / MS_PER_MINUTE) * MS_PER_MINUTE;
  return Math.round((wallAsUtc - instant) / MS_PER_MINUTE);
}

/**
 * The UTC wall-clock "HH:MM" at which local `minute` falls in `timeZone` on the
 * calendar date of `referenceDate` (its UTC year-month-day is taken as the
 * local date). Used for display/planning only; the scheduled actions
 * themselves stay in local time.
 *
 * Offsets come from Intl, so DST is handled without hard-coded tables. On DST
 * transition days it follows the usual "compatible" rule: a local time that
 * occurs twice (fall back) maps to the earlier instant, and one skipped by
 * spring-forward is shifted forward by the gap (02:30 -> 03:30 local).
 */
export function utcTimeOf(minute: MinuteOfDay, timeZone: string, referenceDate: Date): string {
  const instant = instantOf(minute, timeZone, referenceDate);
  const utcMinute = Math.floor((((instant % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE);
  return formatMinuteOfDay(utcMinute);
}

/**
 * The instant (ms since the epoch) at which local `minute` falls in `timeZone` on the
 * calendar date of `referenceDate`, with the same DST rules as `utcTimeOf`.
 */
export function instantOf(minute: MinuteOfDay, timeZone: string, referenceDate: Date): number {
  if (!isMinuteOfDay(minute)) {
    throw new RangeError(`minute of day must be an integer in 0..1439, got ${minute}`);
  }
  if (!isIanaTimeZone(timeZone)) {
    throw new Error(`timeZone must be an IANA time zone name, got ${JSON.stringify(timeZone)}`);
  }
  if (!(referenceDate instanceof Date) || Number.isNaN(referenceDate.getTime())) {
    throw new Error(`referenceDate must be a valid Date, got ${String(referenceDate)}`);
  }

  // The local wall time written as if it were UTC; subtracting the zone's
  // offset turns it into the real instant.
  const wallAsUtc =
    Date.UTC(referenceDate.getUTCFullYear(), referenceDate.getUTCMonth(), referenceDate.getUTCDate()) +
    minute * MS_PER_MINUTE;

  // Real zones change offset at most once within a couple of days, so the
  // offsets a day either side are the only candidates.
  const before = offsetMinutesAt(timeZone, wallAsUtc - MS_PER_DAY);
  const after = offsetMinutesAt(timeZone, wallAsUtc + MS_PER_DAY);
  const valid = [before, after]
    .map((offset) => wallAsUtc - offset * MS_PER_MINUTE)
    .filter((instant) => offsetMinutesAt(timeZone, instant) * MS_PER_MINUTE === wallAsUtc - instant);
  // Ambiguous: earliest instant. Skipped: the pre-transition offset, which
  // lands the requested minute just after the jump.
  return valid.length > 0 ? Math.min(...valid) : wallAsUtc - before * MS_PER_MINUTE;
}
