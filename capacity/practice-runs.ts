/**
 * When zonal autoshift's practice runs may not start, and whether the web floor survives
 * one. ARC shifts a load balancer's traffic away from one zone for about 30 minutes each
 * week; it takes blocked windows in UTC, each within one day (docs/aws-behaviours.md #33).
 * The cell's peak is local and moves against UTC with daylight saving, so the blocked span
 * is the peak, its lead and one practice run's length before it, in UTC in both seasons.
 *
 * Pure: built on capacity/schedule.ts, no Pulumi.
 */
import { formatMinuteOfDay, instantOf, MinuteOfDay, PeakWindow } from "./schedule";

/** How long a practice run shifts traffic away, minutes (about 30, per the ARC Developer Guide). */
export const PRACTICE_RUN_MINUTES = 30;

/** The least time a day must leave for practice runs to start, minutes. */
export const MIN_PRACTICE_TIME = 60;

/** One date in each season: the northern winter and summer (the southern summer and winter). */
export const SEASON_DATES: readonly Date[] = [new Date("2026-01-15T00:00:00Z"), new Date("2026-07-15T00:00:00Z")];

const DAY = 1440;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** A span of the day that may cross midnight: `minutes` from `start`. */
export interface DaySpan {
  start: MinuteOfDay;
  minutes: number;
}

export interface BlockedSpanArgs {
  window: PeakWindow;
  /** Minutes before the peak at which the floor is raised. */
  leadMinutes: number;
  timeZone: string;
}

/** The local span no practice run may overlap: one run's length before the raised floor, to the end of the peak. */
export function blockedLocalSpan(args: BlockedSpanArgs): DaySpan {
  const peak = (args.window.end - args.window.start + DAY) % DAY;
  const before = args.leadMinutes + PRACTICE_RUN_MINUTES;
  return { start: (args.window.start - before + DAY * 2) % DAY, minutes: peak + before };
}

/** The UTC minute of day at which local `minute` falls in `timeZone` on `date`. */
function utcMinuteOf(minute: MinuteOfDay, timeZone: string, date: Date): MinuteOfDay {
  const instant = instantOf(minute, timeZone, date);
  return Math.floor((((instant % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
}

/**
 * The blocked span in UTC: the smallest span of the UTC day covering the local span on each
 * of `SEASON_DATES` (both sides of daylight saving; the same span twice where there is none).
 */
export function blockedUtcSpan(args: BlockedSpanArgs): DaySpan {
  const local = blockedLocalSpan(args);
  const spans = SEASON_DATES.map((date) => ({
    start: utcMinuteOf(local.start, args.timeZone, date),
    minutes: local.minutes,
  }));
  return coveringSpan(spans);
}

/** The shortest span of the day that covers every span (each may cross midnight). */
export function coveringSpan(spans: readonly DaySpan[]): DaySpan {
  let best: DaySpan | undefined;
  for (const candidate of spans) {
    const minutes = Math.max(...spans.map((s) => ((s.start - candidate.start + DAY) % DAY) + s.minutes));
    if (!best || minutes < best.minutes) best = { start: candidate.start, minutes };
  }
  if (!best) throw new Error("coveringSpan needs at least one span");
  return best;
}

/**
 * ARC's blocked windows for a daily UTC span: one `Day:HH:MM-Day:HH:MM` a weekday, or two
 * when the span crosses UTC midnight (ARC takes no window across days: the first ends at
 * 23:59, the second starts at 00:00). Throws when the span leaves less than
 * `MIN_PRACTICE_TIME` a day.
 */
export function blockedWindows(span: DaySpan): string[] {
  if (span.minutes > DAY - MIN_PRACTICE_TIME) {
    throw new Error(
      `the blocked span of ${span.minutes} minutes leaves less than ${MIN_PRACTICE_TIME} minutes a day for practice runs`,
    );
  }
  const end = span.start + span.minutes;
  const at = (minute: number) => formatMinuteOfDay(Math.min(minute, DAY - 1));
  return WEEKDAYS.flatMap((day) =>
    end <= DAY
      ? [`${day}:${at(span.start)}-${day}:${at(end)}`]
      : [`${day}:${at(span.start)}-${day}:23:59`, `${day}:00:00-${day}:${at(end - DAY)}`],
  );
}

/** `HH:MM-HH:MM` for a span of the day. */
export function formatSpan(span: DaySpan): string {
  return `${formatMinuteOfDay(span.start)}-${formatMinuteOfDay((span.start + span.minutes) % DAY)}`;
}
