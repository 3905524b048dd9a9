/**
 * A peak window longer than half a day is almost always one written back to front
 * ("23:00-18:00" for an evening peak of 18:00-23:00): read as written it crosses midnight
 * and raises the floor for nineteen hours, paying for peak capacity all night and all
 * morning. Such a window is refused with the window the operator most likely meant.
 */
import { PeakWindow } from "../capacity/schedule";

/** The longest peak window accepted, hours. */
export const MAX_PEAK_HOURS = 12;

/** Why a window of this length is refused, or undefined when it is plausible. */
export function checkPeakWindowLength(text: string, window: PeakWindow): string | undefined {
  const minutes = window.crossesMidnight ? 1440 - window.start + window.end : window.end - window.start;
  if (minutes <= MAX_PEAK_HOURS * 60) return undefined;
  const [start, end] = text.split("-");
  const hours = Math.round((minutes / 60) * 10) / 10;
  return `lasts ${hours} hours, more than the ${MAX_PEAK_HOURS} a peak can: start and end look swapped; did you mean "${end}-${start}"?`;
}
