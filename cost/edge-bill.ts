/**
 * The billable items of the global stack (pure): CloudFront requests and transfer for the load
 * of each cell it fronts, WAF, and Route 53, including the health checks ARC creates for the
 * Region switch plans.
 */
import { MANAGED_RULE_GROUPS } from "../components/edge/web-acl";
import { BillLine, edgeRequestsOf, line } from "./bill-of-materials";
import * as assume from "./assumptions";

/** What the edge needs to know of each cell: its region and the requests it serves. */
export interface EdgeCellLoad {
  stack: string;
  region: string;
  /** Requests reaching the cell's load balancer a month (`cellMonthlyRequests`). */
  monthlyRequests: number;
}

/** WAF rules of the edge's web ACL: the managed rule groups and the per-IP rate rule. */
export const WAF_RULES = MANAGED_RULE_GROUPS.length + 1;

/** The billable quantities of the global stack for a month; `edgeRegion` prices WAF and Route 53. */
export function globalBill(cells: EdgeCellLoad[], edgeRegion: string): BillLine[] {
  const lines: BillLine[] = [];
  for (const cell of cells) {
    const viewerRequests = edgeRequestsOf(cell.monthlyRequests);
    lines.push(
      line("CloudFront", `HTTPS requests near ${cell.stack}`, cell.region, "cloudfront.https", viewerRequests / 10_000),
      line(
        "CloudFront",
        `transfer out near ${cell.stack}`,
        cell.region,
        "cloudfront.gb",
        (viewerRequests * assume.RESPONSE_BYTES) / 1e9,
      ),
    );
  }
  const viewerRequests = cells.reduce((sum, cell) => sum + edgeRequestsOf(cell.monthlyRequests), 0);
  lines.push(
    line("WAF", "web ACL", edgeRegion, "waf.acl", 1),
    line("WAF", `${WAF_RULES} rules`, edgeRegion, "waf.rule", WAF_RULES),
    line("WAF", "requests inspected", edgeRegion, "waf.requests", viewerRequests / 1e6),
    line("Route 53", "hosted zone (exists before the first deploy)", edgeRegion, "route53.zone", 1),
    ...healthCheckLines(cells.length, edgeRegion),
    line(
      "Route 53",
      "latency queries",
      edgeRegion,
      "route53.latencyQueries",
      (cells.length * assume.LATENCY_QUERIES_PER_CELL) / 1e6,
    ),
    line(
      "object store",
      `edge logs, ${assume.EDGE_LOG_STORAGE_GB} GB`,
      edgeRegion,
      "s3.storage",
      assume.EDGE_LOG_STORAGE_GB,
    ),
  );
  return lines;
}

/**
 * The edge's Route 53 health checks. The program creates one per cell (on its health alarm)
 * and, with two cells or more, the writer record's calculated check over the primary's plan
 * checks. ARC creates two more per Region switch plan (one per region of the plan, one plan
 * per secondary cell) when it creates the plan; they are Route 53 health checks in the
 * account, billed like the others, so they are priced here although Pulumi does not own them
 * (docs/aws-behaviours.md #39).
 */
export function edgeHealthChecks(cellCount: number): { program: number; regionSwitch: number } {
  const plans = Math.max(0, cellCount - 1);
  return { program: cellCount + (plans > 0 ? 1 : 0), regionSwitch: 2 * plans };
}

function healthCheckLines(cellCount: number, edgeRegion: string): BillLine[] {
  const { program, regionSwitch } = edgeHealthChecks(cellCount);
  const lines = [
    line(
      "Route 53",
      `${program} health checks (cells, writer's calculated check)`,
      edgeRegion,
      "route53.healthCheck",
      program,
    ),
  ];
  if (regionSwitch > 0) {
    lines.push(
      line(
        "Route 53",
        `${regionSwitch} health checks ARC creates for the Region switch plans`,
        edgeRegion,
        "route53.healthCheck",
        regionSwitch,
      ),
    );
  }
  return lines;
}
