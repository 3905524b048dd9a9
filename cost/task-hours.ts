/**
 * How many web tasks run in each UTC hour of a day: the one place the estimate learns the
 * web service's shape over the day. Today it follows the scheduled floors (the follow-the-sun
 * actions of `capacity/schedule.ts`): the peak floor from the before-peak action to the
 * after-peak one, the base floor otherwise. Traffic above a floor scales out on top of it and
 * is not counted here.
 */
import type { CellConfig } from "../config/cell";

/** The date the local schedule is laid on UTC hours: mid-January (standard time in both hemispheres' north). */
export const REFERENCE_DATE = Date.UTC(2026, 0, 15);

/** 24 numbers: the web tasks running during each UTC hour (the floor in force at its half hour). */
export function webTasksByUtcHour(cell: CellConfig): number[] {
  const before = cell.webSchedule.find((action) => action.role === "before-peak");
  const after = cell.webSchedule.find((action) => action.role === "after-peak");
  if (!before || !after) return Array.from({ length: 24 }, () => cell.web.minTasks);
  const raise = minuteOf(before.localTime);
  const lower = minuteOf(after.localTime);
  return Array.from({ length: 24 }, (_, hour) => {
    const local = localMinute(REFERENCE_DATE + (hour * 60 + 30) * 60_000, cell.timeZone);
    const inPeak = raise < lower ? local >= raise && local < lower : local >= raise || local < lower;
    return inPeak ? before.minCapacity : after.minCapacity;
  });
}

function minuteOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return hours * 60 + minutes;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local minute of day of an instant in `timeZone`. */
function localMinute(instant: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "numeric", minute: "numeric" });
    formats.set(timeZone, format);
  }
  const parts = format
    .formatToParts(instant)
    .reduce<Record<string, number>>((found, part) => ({ ...found, [part.type]: Number(part.value) }), {});
  return parts.hour * 60 + parts.minute;
}
