/**
 * The plan's lines about where writes and jobs go: which paths the edge sends to
 * `writer.<domain>` and which cell that is, and, per cell, which jobs run here and which
 * are disabled here because they run in the primary only.
 */
import { stackBaseName } from "../config/cell";
import { GlobalConfig } from "../config/global";
import { JobConfig } from "../config/background";
import { runsHere } from "../config/job-placement";
import { writerHostName } from "../components/edge/host-names";
import { row } from "./plan-format";

/**
 * "runs here" or why not, for one job of a cell. A job that runs in the primary only is
 * built in every cell that lists it, its schedule disabled outside the primary.
 */
export function jobPlacement(job: JobConfig, isPrimary: boolean): string {
  if (job.runIn === "every-cell") return "runs here (every cell)";
  return runsHere(job.runIn, isPrimary) ? "runs here (primary only)" : "disabled here: runs in the primary only";
}

/** The edge's write path: the writer's name, the primary cell behind it, and the paths sent there. */
export function writePathRows(config: GlobalConfig): string[] {
  const primary = stackBaseName(config.shared.primaryStack);
  return [
    row(
      "writes",
      `${writerHostName(config.shared.domain)} -> the primary cell ${primary} (${config.shared.primaryRegion}); every method, not cached`,
    ),
    row("", `paths: ${config.writePaths.join(", ")}; every other path is read at the nearest healthy cell`),
  ];
}
