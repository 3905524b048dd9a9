/**
 * `storefront:zonalAutoshift`: whether AWS may shift the cell's load balancer traffic away
 * from an impaired zone, with weekly practice runs kept out of the local peak. On by default.
 */
import { PeakWindow } from "../capacity/schedule";
import { blockedUtcSpan, blockedWindows, DaySpan, MIN_PRACTICE_TIME } from "../capacity/practice-runs";
import { ConfigReader } from "./reader";

export interface ZonalAutoshiftConfig {
  /** Zonal shift on the load balancer and autoshift with practice runs (`storefront:zonalAutoshift`, default true). */
  enabled: boolean;
  /** The daily UTC span in which no practice run may start (the peak, its lead and one run before it, in both seasons). */
  blockedUtc: DaySpan;
  /** ARC's blocked windows for that span, one or two a weekday. */
  blockedWindows: string[];
}

export interface ZonalAutoshiftTiming {
  window: PeakWindow;
  leadMinutes: number;
  timeZone: string;
  /** False when the timing keys had problems already (the windows would be computed from placeholders). */
  timingValid: boolean;
}

export function readZonalAutoshiftConfig(config: ConfigReader, timing: ZonalAutoshiftTiming): ZonalAutoshiftConfig {
  const enabled = config.boolean("zonalAutoshift", true);
  const none: ZonalAutoshiftConfig = { enabled, blockedUtc: { start: 0, minutes: 0 }, blockedWindows: [] };
  if (!enabled || !timing.timingValid) return none;
  const blockedUtc = blockedUtcSpan(timing);
  try {
    return { enabled, blockedUtc, blockedWindows: blockedWindows(blockedUtc) };
  } catch {
    config.problem(
      "peakLeadMinutes",
      timing.leadMinutes,
      `with storefront:zonalAutoshift on, the peak, this lead, a 30-minute practice run and daylight saving block ${blockedUtc.minutes} minutes a day, leaving less than the ${MIN_PRACTICE_TIME} practice runs need: shorten peakLeadMinutes or peakWindow, or set storefront:zonalAutoshift to false`,
    );
    return none;
  }
}
