/**
 * What AWS accepts for the data tier, so config can refuse at plan time what an API would
 * refuse forty minutes into a deployment. Graviton classes only: the cell runs ARM
 * everywhere, and Graviton is the cheaper choice for every one of these engines.
 */
import { checkAuroraVersionOffered } from "./engine-versions";

const LARGE_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];

/**
 * Aurora global databases need memory-optimized classes (no burstable db.t*), and write
 * forwarding needs Aurora PostgreSQL 15.4+ or 16+.
 */
const AURORA_FAMILIES: Readonly<Record<string, string[]>> = {
  r6g: LARGE_SIZES,
  r7g: LARGE_SIZES,
  r8g: [...LARGE_SIZES, "24xlarge", "48xlarge"],
  x2g: LARGE_SIZES,
};

export function checkAuroraInstanceClass(value: string): string | undefined {
  const match = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(value);
  if (match && AURORA_FAMILIES[match[1]]?.includes(match[2])) return undefined;
  return `must be a memory-optimized Graviton class a global database accepts: db.<${Object.keys(AURORA_FAMILIES).join("|")}>.<large..16xlarge>, such as "db.r7g.large"`;
}

/** `major.minor`: the global cluster is upgraded by naming a new one. */
export function checkAuroraEngineVersion(value: string): string | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(value);
  const major = match ? Number(match[1]) : 0;
  const minor = match ? Number(match[2]) : 0;
  if (!match) return 'must be an Aurora PostgreSQL major.minor version such as "16.6"';
  if (major < 15 || major > 17 || (major === 15 && minor < 4)) {
    return "must be Aurora PostgreSQL 15.4 or later in the 15, 16 or 17 series (global write forwarding needs it)";
  }
  return checkAuroraVersionOffered(value);
}

/** The parameter group family of an Aurora PostgreSQL version: `16.6` is `aurora-postgresql16`. */
export function auroraParameterFamily(engineVersion: string): string {
  const major = /^(\d+)\./.exec(engineVersion)?.[1];
  if (!major) throw new Error(`not an Aurora PostgreSQL version: ${JSON.stringify(engineVersion)}`);
  return `aurora-postgresql${major}`;
}

/**
 * Longest Aurora PostgreSQL master user name: CreateDBCluster takes 1-16 characters for
 * MasterUsername, far fewer than the 63 PostgreSQL allows for other role names. The AWS
 * input rule (config/aws-input-rules.ts) reads the same limit.
 */
export const MASTER_USERNAME_MAX_LENGTH = 16;

/** PostgreSQL role names; `postgres` and the RDS-reserved names are refused (RDS.24). */
export function checkMasterUsername(value: string): string | undefined {
  const shape = new RegExp(`^[a-z][a-z0-9_]{0,${MASTER_USERNAME_MAX_LENGTH - 1}}$`);
  if (!shape.test(value)) {
    return `must be 1-${MASTER_USERNAME_MAX_LENGTH} of a-z, 0-9 and _, starting with a letter`;
  }
  if (["postgres", "admin", "rdsadmin", "rds_superuser", "rdsrepladmin"].includes(value)) {
    return "must not be a default or reserved name (postgres, admin, rdsadmin, ...)";
  }
  return undefined;
}

export function checkDatabaseName(value: string): string | undefined {
  return /^[a-z][a-z0-9_]{0,62}$/.test(value) ? undefined : "must be 1-63 of a-z, 0-9 and _, starting with a letter";
}

/** ElastiCache Graviton node types; T4g nodes suit up to about 20k operations/s. */
const CACHE_FAMILIES: Readonly<Record<string, string[]>> = {
  t4g: ["micro", "small", "medium"],
  m6g: LARGE_SIZES,
  m7g: LARGE_SIZES,
  r6g: LARGE_SIZES,
  r7g: LARGE_SIZES,
};

export function checkCacheNodeType(value: string): string | undefined {
  const match = /^cache\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(value);
  if (match && CACHE_FAMILIES[match[1]]?.includes(match[2])) return undefined;
  return 'must be a Graviton ElastiCache node type: cache.t4g.<micro|small|medium> or cache.<m6g|m7g|r6g|r7g>.<large..16xlarge>, such as "cache.m7g.large"';
}

export const VALKEY_VERSIONS = ["7.2", "8.0", "8.1"] as const;

export const BROKER_VERSIONS = ["3.13", "4.2"] as const;
export type BrokerVersion = (typeof BROKER_VERSIONS)[number];
export const BROKER_DEPLOYMENT_MODES = ["CLUSTER_MULTI_AZ", "SINGLE_INSTANCE"] as const;
export type BrokerDeploymentMode = (typeof BROKER_DEPLOYMENT_MODES)[number];

const BROKER_INSTANCE_TYPES: readonly string[] = [
  "mq.t3.micro",
  ...["large", "xlarge", "2xlarge", "4xlarge"].map((size) => `mq.m5.${size}`),
  ...["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"].map(
    (size) => `mq.m7g.${size}`,
  ),
];

/**
 * Problems with an Amazon MQ for RabbitMQ engine version, instance type and deployment
 * mode taken together. RabbitMQ 4 runs only on m7g; the micro and medium sizes run only as
 * a single instance.
 */
export function checkBrokerCombination(
  version: string,
  instanceType: string,
  mode: string,
): { field: "instanceType" | "deploymentMode"; message: string }[] {
  if (!BROKER_INSTANCE_TYPES.includes(instanceType)) {
    return [{ field: "instanceType", message: `must be one of ${BROKER_INSTANCE_TYPES.join(", ")}` }];
  }
  const problems: { field: "instanceType" | "deploymentMode"; message: string }[] = [];
  if (version.startsWith("4.") && !instanceType.startsWith("mq.m7g.")) {
    problems.push({ field: "instanceType", message: `must be an mq.m7g type: RabbitMQ ${version} runs only on m7g` });
  }
  if (mode === "CLUSTER_MULTI_AZ" && (instanceType === "mq.t3.micro" || instanceType === "mq.m7g.medium")) {
    problems.push({
      field: "deploymentMode",
      message: `must be SINGLE_INSTANCE with ${instanceType}; a cluster needs mq.m5.large or mq.m7g.large and up`,
    });
  }
  return problems;
}
