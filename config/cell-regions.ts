/**
 * Regions a cell can be created in: those where every service and instance family the
 * cell uses is offered. A cell needs Aurora PostgreSQL global databases (db.r7g), ElastiCache
 * for Valkey (cache.m7g), Amazon MQ for RabbitMQ (mq.m7g), ECS on Fargate with ARM64 and
 * Fargate Spot, EventBridge Scheduler and Route 53 health checks on CloudWatch alarms.
 * The list is conservative and dated: a region missing here may well offer everything;
 * check it (AWS's "AWS Services by Region" list and each service's region table) and add it.
 */

/** When the list was last compared with AWS's regional service lists. */
export const CELL_REGIONS_AS_OF = "2025-11";

/** Regions known to offer every service and Graviton family a cell uses. */
export const CELL_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
];

/** Why a cell cannot be created in `region`, or undefined when it can. */
export function checkCellRegion(region: string): string | undefined {
  if (CELL_REGIONS.includes(region)) return undefined;
  return `is not a region known (as of ${CELL_REGIONS_AS_OF}) to offer every service a cell uses (Aurora global databases on db.r7g, Valkey on cache.m7g, RabbitMQ on mq.m7g, Fargate ARM64 and Spot): ${CELL_REGIONS.join(", ")}; after checking the region, add it to config/cell-regions.ts`;
}
