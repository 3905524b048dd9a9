/** The plan's rows on a cell's web sizing: the traffic profile and where each task count came from. */
import { CellConfig } from "../config/cell";
import { row } from "./plan-format";

/** "derived" (from storefront:web.traffic), "explicit" (set in the stack file) or "default" for each task count. */
export function sizingRows(config: CellConfig): string[] {
  const { traffic, sources, maxRequestsPerTask } = config.webCapacity;
  const counts = (["minTasks", "peakMinTasks", "maxTasks"] as const)
    .map((key) => `${key} ${config.web[key]} ${sources[key]}`)
    .join(", ");
  const profile = traffic
    ? `traffic ${traffic.offPeakRps} req/s off-peak, ${traffic.peakRps} at peak, ramp ${traffic.rampMinutes} min, +${traffic.failoverRps} from a failed region; a task serves at most ${maxRequestsPerTask} requests/min`
    : "no traffic profile (storefront:web.traffic): task counts are not derived and N+1 is not judged";
  return [row("  sizing", counts), row("", profile)];
}
