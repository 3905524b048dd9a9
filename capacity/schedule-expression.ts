/**
 * EventBridge Scheduler schedule expressions, checked before deployment so a typo is a
 * config error with its key instead of a failed `CreateSchedule` halfway through a deploy.
 * Pure: no Pulumi imports.
 *
 * Forms (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html):
 *   rate(<value> <unit>)   unit minute(s) | hour(s) | day(s); singular exactly when value is 1
 *   cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)   one of the two day fields is "?"
 *   at(<yyyy-mm-dd>T<hh:mm:ss>)   once, in the schedule's time zone
 */

export type ScheduleExpression =
  | { kind: "rate"; /** The interval in minutes. */ everyMinutes: number }
  | { kind: "cron" }
  | { kind: "at"; /** The local date-time as written. */ at: string };

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const MINUTES_PER_UNIT: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

/** Parses a schedule expression, or says what is wrong with it. */
export function parseScheduleExpression(text: string): ScheduleExpression | { error: string } {
  const rate = RATE.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2];
    const singular = !unit.endsWith("s");
    if (value < 1) return { error: "a rate must be at least 1" };
    if (singular !== (value === 1)) {
      return { error: `write "rate(1 ${unit.replace(/s$/, "")})" for one unit and plural units above one` };
    }
    return { kind: "rate", everyMinutes: value * MINUTES_PER_UNIT[unit.replace(/s$/, "")] };
  }
  const cron = CRON.exec(text);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
      return {
        error: `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`,
      };
    }
    const [minutes, hours, dayOfMonth, , dayOfWeek] = fields;
    if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
      return { error: 'exactly one of day-of-month and day-of-week must be "?"' };
    }
    if (!/^[\d,*/-]+$/.test(minutes) || !/^[\d,*/-]+$/.test(hours)) {
      return { error: "cron minutes and hours take digits and , - * / only" };
    }
    return { kind: "cron" };
  }
  const at = AT.exec(text);
  if (at) {
    const [, year, month, day, hour, minute, second] = at.map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const valid =
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day &&
      hour < 24 &&
      minute < 60 &&
      second < 60;
    if (!valid) return { error: "at() names a date or time that does not exist" };
    return { kind: "at", at: text.slice(3, -1) };
  }
  return {
    error: 'must be "rate(<n> minutes|hours|days)", "cron(<6 fields>)" or "at(yyyy-mm-ddThh:mm:ss)"',
  };
}
