/**
 * What the estimate assumes about usage, in one place: the traffic a cell carries, what a
 * request costs downstream, and the volumes no config value states. Each is a round,
 * deliberately plain figure; the generated docs/cost.md lists them beside the totals, and a
 * team with real figures changes them here.
 */

/** Hours in the month the estimate prices (AWS's own convention: 365 x 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Days in that month. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** Share of viewer requests CloudFront answers from its cache (never reaching a cell). */
export const EDGE_CACHE_HIT_RATIO = 0.3;

/** Average response size, bytes (API JSON and images together). */
export const RESPONSE_BYTES = 20_000;

/** New TCP connections per request at the load balancer (CloudFront reuses its connections). */
export const NEW_CONNECTIONS_PER_REQUEST = 0.05;

/** Listener rules evaluated per request. */
export const RULE_EVALUATIONS_PER_REQUEST = 2;

/** Aurora I/O operations per request that reaches a cell (reads mostly from the cache). */
export const AURORA_IOS_PER_REQUEST = 2;

/** Aurora storage per cluster, GB (every member of the global database stores a copy). */
export const AURORA_STORAGE_GB = 200;

/** Media bucket storage per cell, GB (every version kept counts). */
export const MEDIA_STORAGE_GB = 500;

/** Access-log bucket storage per cell, GB. */
export const ACCESS_LOG_STORAGE_GB = 50;

/** Edge log bucket storage, GB. */
export const EDGE_LOG_STORAGE_GB = 50;

/** CloudWatch Logs written per task-hour (web, worker and job tasks), GB. */
export const LOG_GB_PER_TASK_HOUR = 0.01;

/** CloudWatch Logs written per cell a month besides tasks (flow logs), GB. */
export const FLOW_LOG_GB_PER_MONTH = 30;

/** Data through the NAT gateways per cell a month (external systems, image pulls), GB. */
export const NAT_GB_PER_MONTH = 300;

/** Minutes one scheduled job run keeps its task running. */
export const JOB_RUN_MINUTES = 2;

/** Runs a day of a cron job (the shipped ones fire once a day). */
export const CRON_RUNS_PER_DAY = 1;

/**
 * Share of the on-demand price a Fargate Spot task is assumed to cost: an assumption, not a
 * price. AWS publishes no fixed Spot rate: the Fargate pricing page
 * (https://aws.amazon.com/fargate/pricing/) says Spot runs tasks "at up to a 70% discount" off
 * the on-demand price and shows the current rates, which move with supply and demand. The
 * estimate takes half the on-demand price, a deliberately conservative figure (it overstates
 * the cost whenever the discount is above 50%); the worker's Spot lines in docs/cost.md say
 * they use it.
 */
export const SPOT_PRICE_FRACTION = 0.5;

/** What docs/cost.md says of the Spot figure beside the assumptions. */
export const SPOT_PRICE_NOTE = `Fargate Spot has no fixed published price: AWS gives Spot as "up to a 70% discount" off the on-demand price, with current rates that move with supply and demand (https://aws.amazon.com/fargate/pricing/). The estimate prices Spot task-hours at \`SPOT_PRICE_FRACTION\` (${SPOT_PRICE_FRACTION}) of the on-demand rate: an assumption, not a price, chosen to overstate rather than understate the cost.`;

/** Route 53 latency queries for `origin.<domain>` per cell a month (CloudFront caches the answers). */
export const LATENCY_QUERIES_PER_CELL = 5_000_000;

/** What the estimate leaves out. */
export const LEFT_OUT = [
  "load beyond the traffic profile (a failed region's traffic, sales): the web, worker and readers it adds",
  "any charge ARC makes for the Region switch plans and zonal autoshift themselves (the Route 53 health checks the plans create are priced)",
  "data transfer out to the internet and between AZs, beyond the CloudFront transfer and NAT volume modelled",
  "cross-region replication traffic of the media buckets and the Aurora global database",
  "Aurora backups beyond the free allowance, snapshots, and the ElastiCache snapshots",
  "CloudWatch alarms, metrics and dashboards (about $0.10 per alarm a month)",
  "ECR storage, EventBridge Scheduler beyond its free tier, SQS and SNS requests, KMS requests",
  "Origin Shield requests, ACM (free for public certificates), CloudFront logging delivery",
  "AWS Support plans, taxes, Savings Plans and Reserved Instances, credits",
  "free tiers (the estimate prices from the first unit)",
] as const;
