/**
 * The typed configuration of a cell's data tier: the Aurora member, the Valkey cache, the
 * RabbitMQ broker, the object store and the quiet hour their maintenance runs in. Pure,
 * like the rest of `config/`: every problem is collected with its key before anything is
 * registered.
 */
import { HOME_DATABASE_FIELDS, SWITCHOVER_RUNBOOK } from "./primary-switch";
import { checkQuietTime, DataStoreWindows, dataStoreWindows } from "../capacity/maintenance";
import { formatMinuteOfDay, PeakWindow } from "../capacity/schedule";
import {
  BROKER_DEPLOYMENT_MODES,
  BROKER_VERSIONS,
  BrokerDeploymentMode,
  BrokerVersion,
  checkAuroraEngineVersion,
  checkAuroraInstanceClass,
  checkBrokerCombination,
  checkCacheNodeType,
  checkDatabaseName,
  checkMasterUsername,
  VALKEY_VERSIONS,
} from "./data-limits";
import { ConfigReader } from "./reader";
import { checkRegion } from "./shared";
import { AURORA_READERS, CACHE_NODES, CPU_TARGET_PERCENT, SNAPSHOT_RETENTION_DAYS } from "./limits";

export interface DatabaseConfig {
  /** Instance class of every instance (memory-optimized Graviton). */
  instanceClass: string;
  /** Aurora PostgreSQL `major.minor`, set on the global cluster. */
  engineVersion: string;
  /** Port the cluster listens on (not 5432 by default: RDS.23). */
  port: number;
  /** Database created in the global cluster (home only; the other cells read it from the home). */
  databaseName: string;
  /** Admin user (home only; never `postgres`). */
  masterUsername: string;
  /** Readers that always run; the cluster has `minReaders + 1` instances. */
  minReaders: number;
  /** Ceiling of Aurora Auto Scaling's readers. */
  maxReaders: number;
  /** Average reader CPU Aurora Auto Scaling holds, percent. */
  readerCpuTargetPercent: number;
  /** Days of automated backups. */
  backupRetentionDays: number;
  /** Regions the master secret is replicated to (home only): every other cell's region. */
  replicaRegions: string[];
  /**
   * Aurora global write forwarding on this cell's cluster (`enableGlobalWriteForwarding`):
   * while the cell is a secondary, writes sent to its local endpoint are forwarded to the
   * primary. Off by default: the edge sends writes to the primary, and forwarding refuses
   * sequences, savepoints, COPY, LOCK, TRUNCATE, DDL and user-defined functions (docs/writes.md).
   */
  writeForwarding: boolean;
}

export interface CacheConfig {
  /** Node type (Graviton). */
  nodeType: string;
  /** Valkey `major.minor`. */
  engineVersion: string;
  /** Nodes in the replication group: one primary and `nodes - 1` replicas in other AZs. */
  nodes: number;
  /** Days of daily snapshots. */
  snapshotRetentionDays: number;
}

export interface BrokerConfig {
  deploymentMode: BrokerDeploymentMode;
  instanceType: string;
  engineVersion: BrokerVersion;
}

export interface ObjectStoreConfig {
  /** Days a replaced or deleted object version is kept. */
  noncurrentVersionDays: number;
  /** The edge's distribution, once it exists: narrows CloudFront's access to exactly it. */
  edgeDistributionArn?: string;
}

export interface DataTierConfig {
  database: DatabaseConfig;
  cache: CacheConfig;
  broker: BrokerConfig;
  objectStore: ObjectStoreConfig;
  /** Local start of the quiet hour, `HH:MM`. */
  quietTime: string;
  /** Backup and maintenance windows derived from the quiet hour. */
  windows: DataStoreWindows;
}

/** What the data tier's checks need from the rest of the cell's config. */
export interface DataTierContext {
  /** Whether this cell is the home (created the global database; `homeStack`). */
  isHome: boolean;
  /** The home cell's stack name, for messages. */
  homeStack: string;
  region: string;
  timeZone: string;
  peakWindow: PeakWindow;
  peakLeadMinutes: number;
  /** False when the time zone or peak window is itself invalid (its problem is already recorded). */
  timingValid: boolean;
}

const DATABASE_FIELDS = [
  "instanceClass",
  "engineVersion",
  "port",
  "databaseName",
  "masterUsername",
  "minReaders",
  "maxReaders",
  "readerCpuTargetPercent",
  "backupRetentionDays",
  "replicaRegions",
  "writeForwarding",
] as const;
const CACHE_FIELDS = ["nodeType", "engineVersion", "nodes", "snapshotRetentionDays"] as const;
const BROKER_FIELDS = ["deploymentMode", "instanceType", "engineVersion"] as const;
const OBJECT_STORE_FIELDS = ["noncurrentVersionDays"] as const;

/** A local time on a 24-hour clock, `00:00` to `23:59`. */
const QUIET_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DEFAULT_QUIET_TIME = "04:00";

/** Aurora holds at most 15 readers. */

export function readDataTierConfig(config: ConfigReader, context: DataTierContext): DataTierConfig {
  const quietTime = config.string("quietTime", DEFAULT_QUIET_TIME, (v) =>
    QUIET_TIME.test(v) ? undefined : 'must be a local time HH:MM such as "04:00"',
  );
  // A malformed value (its problem is recorded) falls back to the default and is not checked against the peak.
  const wellFormed = QUIET_TIME.exec(quietTime);
  const [, hours, minutes] = wellFormed ?? (QUIET_TIME.exec(DEFAULT_QUIET_TIME) as RegExpExecArray);
  const quietStart = Number(hours) * 60 + Number(minutes);
  if (context.timingValid && wellFormed) {
    const clash = checkQuietTime(quietStart, context.peakWindow, context.peakLeadMinutes);
    if (clash) config.problem("quietTime", quietTime, clash);
  }

  return {
    database: readDatabase(config.object("database", DATABASE_FIELDS), context),
    cache: readCache(config.object("cache", CACHE_FIELDS)),
    broker: readBroker(config.object("broker", BROKER_FIELDS)),
    objectStore: {
      noncurrentVersionDays: config
        .object("objectStore", OBJECT_STORE_FIELDS)
        .integer("noncurrentVersionDays", 30, { min: 1, max: 3650 }),
      edgeDistributionArn: config.has("edgeDistributionArn")
        ? config.string("edgeDistributionArn", undefined, checkDistributionArn)
        : undefined,
    },
    quietTime: formatMinuteOfDay(quietStart),
    windows: dataStoreWindows(quietStart, context.timingValid ? context.timeZone : "UTC"),
  };
}

function readDatabase(database: ConfigReader, context: DataTierContext): DatabaseConfig {
  if (!context.isHome) {
    for (const field of HOME_DATABASE_FIELDS) {
      if (database.has(field)) {
        database.problem(
          field,
          database.raw(field),
          `belongs to the home cell "${context.homeStack}" (homeStack) only, which created the global database; the other cells take it from the home. The home never moves, not even with the primary (${SWITCHOVER_RUNBOOK})`,
        );
      }
    }
  }
  const minReaders = database.integer("minReaders", 1, AURORA_READERS);
  const maxReaders = database.integer("maxReaders", Math.max(minReaders, 4), AURORA_READERS);
  if (maxReaders < minReaders)
    database.problem("maxReaders", maxReaders, `must be at least minReaders (${minReaders})`);

  const replicaRegions = (context.isHome ? database.stringList("replicaRegions") : undefined) ?? [];
  for (const region of replicaRegions) {
    const message = checkRegion(region) ?? (region === context.region ? "must not name the home's own region" : "");
    if (message) database.problem("replicaRegions", replicaRegions, `${region}: ${message}`);
  }
  if (new Set(replicaRegions).size !== replicaRegions.length) {
    database.problem("replicaRegions", replicaRegions, "must not repeat a region");
  }

  return {
    instanceClass: database.string("instanceClass", "db.r7g.large", checkAuroraInstanceClass),
    engineVersion: database.string("engineVersion", "16.6", checkAuroraEngineVersion),
    port: database.integer("port", 5433, { min: 1150, max: 65535 }),
    databaseName: database.string("databaseName", "storefront", checkDatabaseName),
    masterUsername: database.string("masterUsername", "storefront_admin", checkMasterUsername),
    minReaders,
    maxReaders,
    readerCpuTargetPercent: database.integer("readerCpuTargetPercent", 60, CPU_TARGET_PERCENT),
    backupRetentionDays: database.integer("backupRetentionDays", 14, { min: 7, max: 35 }),
    replicaRegions,
    writeForwarding: database.boolean("writeForwarding", false),
  };
}

function readCache(cache: ConfigReader): CacheConfig {
  return {
    nodeType: cache.string("nodeType", "cache.m7g.large", checkCacheNodeType),
    engineVersion: cache.oneOf("engineVersion", VALKEY_VERSIONS, "8.0"),
    // Two nodes at least: automatic failover and multi-AZ need a replica (ElastiCache.3).
    nodes: cache.integer("nodes", 2, CACHE_NODES),
    snapshotRetentionDays: cache.integer("snapshotRetentionDays", 3, SNAPSHOT_RETENTION_DAYS),
  };
}

function readBroker(broker: ConfigReader): BrokerConfig {
  const deploymentMode = broker.oneOf("deploymentMode", BROKER_DEPLOYMENT_MODES, "CLUSTER_MULTI_AZ");
  const engineVersion = broker.oneOf("engineVersion", BROKER_VERSIONS, "3.13");
  const instanceType = broker.string("instanceType", "mq.m7g.large");
  for (const { field, message } of checkBrokerCombination(engineVersion, instanceType, deploymentMode)) {
    broker.problem(field, field === "instanceType" ? instanceType : deploymentMode, message);
  }
  return { deploymentMode, instanceType, engineVersion };
}

function checkDistributionArn(value: string): string | undefined {
  return /^arn:aws:cloudfront::\d{12}:distribution\/[A-Z0-9]{8,16}$/.test(value)
    ? undefined
    : 'must be a CloudFront distribution ARN such as "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL" (the global stack exports it)';
}
