/**
 * Backup and maintenance windows for a cell's data stores, placed at the cell's own quiet
 * hour. RDS and ElastiCache take their windows in UTC; Amazon MQ takes a local time and an
 * IANA zone. Each store gets its own weekday, so one bad maintenance night touches one
 * store, never all three.
 *
 * Pure: no Pulumi imports.
 */
import { formatMinuteOfDay, instantOf, MinuteOfDay, PeakWindow } from "./schedule";

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Each window lasts an hour: RDS needs at least 30 minutes, ElastiCache at least 60. */
export const WINDOW_MINUTES = 60;

/** The weekday (local) each store is maintained on. */
export const MAINTENANCE_DAYS = { database: "sun", cache: "tue", broker: "wed" } as const satisfies Record<
  string,
  Weekday
>;

export interface DataStoreWindows {
  /** Daily Aurora backup window, UTC `HH:MM-HH:MM`: the quiet hour. */
  databaseBackup: string;
  /** Weekly Aurora maintenance, UTC `ddd:HH:MM-ddd:HH:MM`: the hour after the backup. */
  databaseMaintenance: string;
  /** Daily ElastiCache snapshot window, UTC `HH:MM-HH:MM`: the quiet hour. */
  cacheSnapshot: string;
  /** Weekly ElastiCache maintenance, UTC `ddd:HH:MM-ddd:HH:MM`: the hour after the snapshot. */
  cacheMaintenance: string;
  /** Weekly Amazon MQ maintenance start, in the cell's own time zone. */
  brokerMaintenance: { dayOfWeek: string; timeOfDay: string; timeZone: string };
}

/**
 * The windows for a cell whose quiet hour starts at local `quietStart` in `timeZone`.
 * UTC windows are fixed on the zone's January offset (standard time in the north, daylight
 * time in the south): the rest of the year they may fall an hour later or earlier locally,
 * which `checkQuietTime` leaves room for.
 */
export function dataStoreWindows(quietStart: MinuteOfDay, timeZone: string): DataStoreWindows {
  const maintenanceStart = (quietStart + WINDOW_MINUTES) % MINUTES_PER_DAY;
  return {
    databaseBackup: utcRange(quietStart, timeZone),
    databaseMaintenance: utcWeeklyRange(MAINTENANCE_DAYS.database, maintenanceStart, timeZone),
    cacheSnapshot: utcRange(quietStart, timeZone),
    cacheMaintenance: utcWeeklyRange(MAINTENANCE_DAYS.cache, maintenanceStart, timeZone),
    brokerMaintenance: {
      dayOfWeek: weekdayName(MAINTENANCE_DAYS.broker),
      timeOfDay: formatMinuteOfDay(maintenanceStart),
      timeZone,
    },
  };
}

/**
 * Why a quiet time cannot be used, or undefined. The two windows (backup, then
 * maintenance) plus an hour either side for daylight saving must stay clear of the peak
 * window and the lead before it.
 */
export function checkQuietTime(quietStart: MinuteOfDay, peak: PeakWindow, leadMinutes: number): string | undefined {
  const busyStart = (peak.start - leadMinutes + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const busyLength = (peak.end - busyStart + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const windowStart = (quietStart - 60 + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const windowLength = 2 * WINDOW_MINUTES + 2 * 60;
  return rangesOverlap(windowStart, windowLength, busyStart, busyLength)
    ? `must leave the backup and maintenance hours (and an hour either side for daylight saving) outside the peak window ${formatMinuteOfDay(peak.start)}-${formatMinuteOfDay(peak.end)} and its lead of ${leadMinutes} minutes`
    : undefined;
}

/** Whether two ranges on the 24-hour circle, each a start and a length in minutes, overlap. */
function rangesOverlap(aStart: number, aLength: number, bStart: number, bLength: number): boolean {
  const inside = (point: number, start: number, length: number) =>
    (point - start + MINUTES_PER_DAY) % MINUTES_PER_DAY < length;
  return inside(aStart, bStart, bLength) || inside(bStart, aStart, aLength);
}

/** The first Sunday of January 2026: the reference week for every zone (northern winter, southern summer). */
const REFERENCE_SUNDAY = new Date(Date.UTC(2026, 0, 4));

/** The UTC weekday and minute at which a local weekday and minute fall on the reference week. */
function toUtc(day: Weekday, minute: MinuteOfDay, timeZone: string): { day: Weekday; minute: MinuteOfDay } {
  const localDate = new Date(REFERENCE_SUNDAY.getTime() + WEEKDAYS.indexOf(day) * MINUTES_PER_DAY * MS_PER_MINUTE);
  const instant = new Date(instantOf(minute, timeZone, localDate));
  return { day: WEEKDAYS[instant.getUTCDay()], minute: instant.getUTCHours() * 60 + instant.getUTCMinutes() };
}

function utcRange(localStart: MinuteOfDay, timeZone: string): string {
  const start = toUtc("sun", localStart, timeZone).minute;
  return `${formatMinuteOfDay(start)}-${formatMinuteOfDay((start + WINDOW_MINUTES) % MINUTES_PER_DAY)}`;
}

function utcWeeklyRange(localDay: Weekday, localStart: MinuteOfDay, timeZone: string): string {
  const start = toUtc(localDay, localStart, timeZone);
  const endMinute = start.minute + WINDOW_MINUTES;
  const endDay = endMinute >= MINUTES_PER_DAY ? WEEKDAYS[(WEEKDAYS.indexOf(start.day) + 1) % 7] : start.day;
  return `${start.day}:${formatMinuteOfDay(start.minute)}-${endDay}:${formatMinuteOfDay(endMinute % MINUTES_PER_DAY)}`;
}

function weekdayName(day: Weekday): string {
  return {
    sun: "SUNDAY",
    mon: "MONDAY",
    tue: "TUESDAY",
    wed: "WEDNESDAY",
    thu: "THURSDAY",
    fri: "FRIDAY",
    sat: "SATURDAY",
  }[day];
}
