import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CACHE_NODES, checkWhole, SNAPSHOT_RETENTION_DAYS } from "../../config/limits";
import { GeneratedCredentials } from "./generated-credentials";

export interface ValkeyCacheArgs {
  /** Node type (Graviton). */
  nodeType: string;
  /** Valkey `major.minor`. */
  engineVersion: string;
  /** Nodes: one primary and `nodes - 1` replicas, spread over the subnets' AZs (at least 2). */
  nodes: number;
  /** Days of daily snapshots (at least 1: ElastiCache.1). */
  snapshotRetentionDays: number;
  /** Daily snapshot window, UTC `HH:MM-HH:MM`. */
  snapshotWindow: string;
  /** Weekly maintenance window, UTC `ddd:HH:MM-ddd:HH:MM`. */
  maintenanceWindow: string;
  /** AZs the nodes are placed in, in order: the primary in the first, each replica in the next. */
  availabilityZones: string[];
  vpcId: pulumi.Input<string>;
  /** Isolated subnets, one per AZ. */
  subnetIds: pulumi.Input<string[]>;
  /** The cell's KMS key: data at rest, the auth token's secret, the slow log. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Days to keep the slow log.
   */
  logRetentionDays: number;
}

/** The port clients connect to (TLS required). */
export const VALKEY_PORT = 6379;

/** Replication groups have taken 40-50 minutes to create; the provider's default is 60. */
const CACHE_TIMEOUTS = { create: "90m", update: "90m", delete: "60m" };

/**
 * The cell's ElastiCache for Valkey replication group: the product list and sessions,
 * derived data, so it is regional and never replicated across cells. A primary and
 * replicas in different AZs with automatic failover and multi-AZ (ElastiCache.3),
 * encrypted at rest with the cell key and in transit with TLS required (ElastiCache.4/5),
 * an auth token generated once and kept in Secrets Manager (ElastiCache.6), daily
 * snapshots (ElastiCache.1), its own subnet group in the isolated subnets and a security
 * group that admits only the cell's task groups (rules added per client). Protected.
 *
 * Cost (us-east-1): cache.m7g.large $0.1264/hour per node, so two nodes about
 * $185/month; Valkey is priced 20% below Redis OSS. Snapshots up to the cluster's size are
 * free for the first day.
 */
export class ValkeyCache extends pulumi.ComponentResource {
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: number;
  readonly securityGroupId: pulumi.Output<string>;
  /** The secret with the auth token as `password`. */
  readonly authSecretArn: pulumi.Output<string>;

  constructor(name: string, args: ValkeyCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:ValkeyCache", name, {}, opts);
    // The config reader's rules (config/limits.ts).
    const nodes = checkWhole(args.nodes, CACHE_NODES);
    if (nodes) throw new Error(`ValkeyCache ${name}: nodes ${nodes} (failover needs a replica)`);
    if (new Set(args.availabilityZones).size < 2) {
      throw new Error(`ValkeyCache ${name}: needs at least two distinct availabilityZones to spread nodes over`);
    }
    const snapshots = checkWhole(args.snapshotRetentionDays, SNAPSHOT_RETENTION_DAYS);
    if (snapshots) throw new Error(`ValkeyCache ${name}: snapshotRetentionDays ${snapshots}`);

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}`,
      {
        vpcId: args.vpcId,
        description: "Valkey: admits only task security groups of the cell (rules added per client)",
      },
      { parent: this },
    );
    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}`,
      { subnetIds: args.subnetIds, description: "Isolated subnets of the cell" },
      { parent: this },
    );
    const slowLog = new aws.cloudwatch.LogGroup(
      `${name}-slow-log`,
      { retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn },
      { parent: this },
    );
    const auth = new GeneratedCredentials(
      `${name}-auth`,
      {
        description: "Valkey auth token of the cell's cache",
        kmsKeyId: args.kmsKeyArn,
        details: { port: VALKEY_PORT, tls: "required" },
        // ElastiCache takes 16-128 printable characters.
        passwordLength: 64,
      },
      { parent: this },
    );

    const group = new aws.elasticache.ReplicationGroup(
      `${name}`,
      {
        description: "Product list and sessions of the cell",
        engine: "valkey",
        engineVersion: args.engineVersion,
        nodeType: args.nodeType,
        numCacheClusters: args.nodes,
        // Multi-AZ only turns failover on; this places the nodes. AWS reads it at creation only.
        preferredCacheClusterAzs: Array.from(
          { length: args.nodes },
          (_, index) => args.availabilityZones[index % args.availabilityZones.length],
        ),
        port: VALKEY_PORT,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: auth.password,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [securityGroup.id],
        snapshotRetentionLimit: args.snapshotRetentionDays,
        snapshotWindow: args.snapshotWindow,
        maintenanceWindow: args.maintenanceWindow,
        autoMinorVersionUpgrade: true,
        applyImmediately: false,
        logDeliveryConfigurations: [
          { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
        ],
      },
      { parent: this, protect: true, customTimeouts: CACHE_TIMEOUTS },
    );

    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.port = VALKEY_PORT;
    this.securityGroupId = securityGroup.id;
    this.authSecretArn = auth.secretArn;
    this.registerOutputs({ primaryEndpoint: this.primaryEndpoint, readerEndpoint: this.readerEndpoint });
  }
}
