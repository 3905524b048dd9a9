import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkReaderBounds, checkWhole, CPU_TARGET_PERCENT } from "../../config/limits";
import * as random from "@pulumi/random";
import { auroraParameterFamily } from "../../config/data-limits";
import { serviceAssumeRolePolicy } from "../common/iam";
import { auroraLogGroupName } from "./arns";
import { AuroraReaderScaling } from "./aurora-reader-scaling";
import { GeneratedCredentials } from "./generated-credentials";

/**
 * How this cell's cluster belongs to the global database: the home created it (and keeps the
 * global cluster and the master secret for good), a joiner joined it. The role never follows
 * the primary: a switchover changes which cluster writes, not who created what.
 */
export type AuroraMembership =
  | {
      role: "home";
      /** Physical id of the global cluster this cell creates. */
      globalClusterIdentifier: string;
      /** Database created in the global cluster. Changing it replaces the global cluster. */
      databaseName: string;
      /** Admin user. Changing it replaces the cluster. */
      masterUsername: string;
      /** Regions the master secret is replicated to (every other cell's region). */
      secretReplicaRegions: string[];
    }
  | {
      role: "joiner";
      /** The global cluster to join, from the home stack's outputs. */
      globalClusterIdentifier: pulumi.Input<string>;
      /** The database the home created, from its outputs. */
      databaseName: pulumi.Input<string>;
      /** The master secret's replica in this region. */
      masterSecretArn: pulumi.Input<string>;
    };

export interface AuroraDatabaseArgs {
  /** Physical id of this cell's cluster; also names its log group and final snapshot. */
  clusterIdentifier: string;
  membership: AuroraMembership;
  /**
   * Whether this cell's cluster is the global database's writer (the cell is the primary).
   * It decides only what the cell's tasks are told (writer endpoint, or the local reader
   * endpoint with write forwarding), never a resource's identity or inputs.
   * @default true for the home, false for a joiner
   */
  isWriter?: boolean;
  /** Aurora PostgreSQL `major.minor`. */
  engineVersion: string;
  /** Class of every instance (memory-optimized Graviton). */
  instanceClass: string;
  /** Port the cluster listens on. */
  port: number;
  /** Readers that always run; with the writer slot the cluster has `minReaders + 1` instances. */
  minReaders: number;
  /** Ceiling of Aurora Auto Scaling's readers. */
  maxReaders: number;
  /**
   * Average reader CPU that Aurora Auto Scaling holds, percent.
   */
  readerCpuTargetPercent: number;
  /** Days of automated backups (7..35). */
  backupRetentionDays: number;
  /** Daily backup window, UTC `HH:MM-HH:MM`. */
  backupWindow: string;
  /** Weekly maintenance window, UTC `ddd:HH:MM-ddd:HH:MM`. */
  maintenanceWindow: string;
  /** AZs the instances are spread over, in order. */
  availabilityZones: string[];
  vpcId: pulumi.Input<string>;
  /** Isolated subnets (no route to the internet). */
  subnetIds: pulumi.Input<string[]>;
  /** The cell's KMS key: storage, Performance Insights, the log group, the master secret. */
  kmsKeyArn: pulumi.Input<string>;
  /** Account of the cell, for the monitoring role's trust. */
  accountId: pulumi.Input<string>;
  /**
   * Days to keep the `postgresql` log.
   */
  logRetentionDays: number;
  /**
   * Deletion protection on the clusters (RDS.7). Turn off only to tear the cell down.
   */
  deletionProtection: boolean;
  /**
   * Aurora global write forwarding (`enableGlobalWriteForwarding`), set on every member so a
   * switchover needs no change: it acts only while the cluster is a secondary. Off by
   * default: forwarding refuses statements an ordinary application issues (docs/writes.md).
   * @default false
   */
  writeForwarding?: boolean;
}

/** Creation of an Aurora cluster takes over 15 minutes, and instances as long again. */
const CLUSTER_TIMEOUTS = { create: "120m", update: "120m", delete: "120m" };
const INSTANCE_TIMEOUTS = { create: "90m", update: "90m", delete: "90m" };
const ENHANCED_MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

/**
 * One cell's member of the Aurora PostgreSQL global database.
 *
 * The home cell creates the global cluster (encrypted, no database name on it: a
 * `databaseName` diff there replaces it) and the first cluster, with a master password
 * generated once and kept in a Secrets Manager secret replicated to every other cell's region
 * (RDS-managed master passwords do not work with global databases). A joiner creates a
 * cluster that joins the global cluster with no user, password or database name of its own.
 * Which member writes (the primary) is Aurora's business after creation: a switchover or a
 * failover moves it, and only `isWriter` (the endpoints handed to tasks) follows it. Global
 * write forwarding is off unless the cell's `database.writeForwarding` turns it on: writes go
 * to `writer.<domain>`, the primary's load balancer (docs/writes.md).
 *
 * Both: `minReaders + 1` instances spread over the AZs, IAM authentication, TLS forced,
 * `postgresql` logs in a log group created ahead (retention, cell key), backups with a
 * named final snapshot, deletion protection, Performance Insights and enhanced monitoring,
 * readers scaled by Aurora Auto Scaling on CPU. The clusters are protected and ignore the
 * fields AWS moves: `engineVersion` (minor upgrades; upgrade through the global cluster),
 * and `replicationSourceIdentifier` and `globalClusterIdentifier` (a switchover swaps the
 * writer and reader roles; re-applying them would detach or promote a cluster); the global
 * cluster ignores `sourceDbClusterIdentifier`, which AWS reports as the current writer
 * (docs/aws-behaviours.md #2, #36).
 *
 * Cost (us-east-1): db.r7g.large $0.276/hour per instance (about $200/month), storage
 * $0.10/GB-month, I/O $0.20 per million; replicated writes to each secondary region are
 * billed as I/O there. Secondary regions price instances about 15% higher.
 */
export class AuroraDatabase extends pulumi.ComponentResource {
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  /** Writer endpoint in the primary; elsewhere writes go to the reader endpoint and are forwarded. */
  readonly writerEndpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: number;
  /** True outside the primary with write forwarding on: its tasks write to the local reader endpoint and Aurora forwards the writes. */
  readonly forwardsWrites: boolean;
  readonly databaseName: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  /** The secret with `username`, `password`, `engine`, `port` and `dbname`. */
  readonly masterSecretArn: pulumi.Output<string>;
  /** The global cluster's id: in the home it resolves only once its first instance exists. */
  readonly globalClusterIdentifier: pulumi.Output<string>;

  constructor(name: string, args: AuroraDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:AuroraDatabase", name, {}, opts);
    // The config reader's rules (config/limits.ts); the reader scaling relies on them.
    const readers = checkReaderBounds(args.minReaders, args.maxReaders);
    if (readers) throw new Error(`AuroraDatabase ${name}: ${readers}`);
    const cpu = checkWhole(args.readerCpuTargetPercent, CPU_TARGET_PERCENT);
    if (cpu) throw new Error(`AuroraDatabase ${name}: readerCpuTargetPercent ${cpu}`);
    if (new Set(args.availabilityZones).size < 2) {
      throw new Error(`AuroraDatabase ${name}: needs at least two distinct availabilityZones to spread instances over`);
    }
    const membership = args.membership;
    const isWriter = args.isWriter ?? membership.role === "home";
    const deletionProtection = args.deletionProtection;
    const writeForwarding = args.writeForwarding ?? false;
    const family = auroraParameterFamily(args.engineVersion);

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}`,
      {
        vpcId: args.vpcId,
        description: "Aurora: admits only task security groups of the cell (rules added per client)",
      },
      { parent: this },
    );
    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}`,
      { subnetIds: args.subnetIds, description: "Isolated subnets of the cell" },
      { parent: this },
    );
    const clusterParameters = new aws.rds.ClusterParameterGroup(
      `${name}`,
      {
        family,
        description: `Cluster parameters for ${family}: TLS only, slow statements logged`,
        parameters: [
          { name: "rds.force_ssl", value: "1" },
          { name: "log_min_duration_statement", value: "1000" },
        ],
      },
      { parent: this },
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-postgresql`,
      {
        name: auroraLogGroupName(args.clusterIdentifier),
        retentionInDays: args.logRetentionDays,
        kmsKeyId: args.kmsKeyArn,
      },
      { parent: this },
    );

    // Only the home names users and the database; a joiner that sets them fails to join
    // (docs/aws-behaviours.md #1).
    let globalCluster: aws.rds.GlobalCluster | undefined;
    let masterSecretArn: pulumi.Output<string>;
    let memberFields: Pick<aws.rds.ClusterArgs, "databaseName" | "masterUsername" | "masterPassword">;
    if (membership.role === "home") {
      globalCluster = new aws.rds.GlobalCluster(
        `${name}-global`,
        {
          globalClusterIdentifier: membership.globalClusterIdentifier,
          engine: "aurora-postgresql",
          engineVersion: args.engineVersion,
          storageEncrypted: true,
          deletionProtection,
        },
        {
          parent: this,
          protect: true,
          customTimeouts: CLUSTER_TIMEOUTS,
          // AWS reports the current writer cluster here; after a switchover or failover it
          // names another region's cluster, and the field replaces the global cluster
          // (docs/aws-behaviours.md #36).
          ignoreChanges: ["sourceDbClusterIdentifier"],
        },
      );
      const credentials = new GeneratedCredentials(
        `${name}-master`,
        {
          description: `Aurora master user of ${args.clusterIdentifier} (replicated to every secondary cell)`,
          username: membership.masterUsername,
          kmsKeyId: args.kmsKeyArn,
          replicaRegions: membership.secretReplicaRegions,
          details: { engine: "postgres", port: args.port, dbname: membership.databaseName },
        },
        { parent: this },
      );
      masterSecretArn = credentials.secretArn;
      memberFields = {
        databaseName: membership.databaseName,
        masterUsername: membership.masterUsername,
        masterPassword: credentials.password,
      };
    } else {
      masterSecretArn = pulumi.output(membership.masterSecretArn);
      memberFields = {};
    }

    // A suffix drawn once per cluster: a cell torn down, rebuilt and torn down again would
    // otherwise find its first final snapshot still holding the name.
    const snapshotSuffix = new random.RandomId(`${name}-final-snapshot`, { byteLength: 4 }, { parent: this });

    const cluster = new aws.rds.Cluster(
      `${name}`,
      {
        clusterIdentifier: args.clusterIdentifier,
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: args.engineVersion,
        globalClusterIdentifier: globalCluster ? globalCluster.id : membership.globalClusterIdentifier,
        ...memberFields,
        // Set alike on every member: on the primary the flag does nothing until a switchover
        // or failover demotes it; then it forwards at once (docs/aws-behaviours.md #17).
        enableGlobalWriteForwarding: writeForwarding,
        port: args.port,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [securityGroup.id],
        dbClusterParameterGroupName: clusterParameters.name,
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        backupRetentionPeriod: args.backupRetentionDays,
        preferredBackupWindow: args.backupWindow,
        preferredMaintenanceWindow: args.maintenanceWindow,
        copyTagsToSnapshot: true,
        deletionProtection,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: pulumi.interpolate`${args.clusterIdentifier}-final-${snapshotSuffix.hex}`,
        allowMajorVersionUpgrade: false,
        applyImmediately: false,
      },
      {
        parent: this,
        protect: true,
        customTimeouts: CLUSTER_TIMEOUTS,
        ignoreChanges: ["engineVersion", "replicationSourceIdentifier", "globalClusterIdentifier"],
        // RDS would create the log group itself, without retention or the cell key.
        dependsOn: [logGroup],
      },
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        description: "Lets RDS enhanced monitoring publish OS metrics",
        assumeRolePolicy: serviceAssumeRolePolicy("monitoring.rds.amazonaws.com", args.accountId),
      },
      { parent: this },
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      { role: monitoringRole.name, policyArn: ENHANCED_MONITORING_POLICY },
      { parent: this },
    );
    const instances = Array.from({ length: args.minReaders + 1 }, (_, index) => {
      return new aws.rds.ClusterInstance(
        `${name}-${index + 1}`,
        {
          clusterIdentifier: cluster.id,
          engine: "aurora-postgresql",
          instanceClass: args.instanceClass,
          availabilityZone: args.availabilityZones[index % args.availabilityZones.length],
          dbSubnetGroupName: subnetGroup.name,
          // The first instance is the writer and the first choice on failover.
          promotionTier: index === 0 ? 0 : 1,
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          caCertIdentifier: "rds-ca-rsa2048-g1",
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: args.kmsKeyArn,
          performanceInsightsRetentionPeriod: 7,
          monitoringInterval: 60,
          monitoringRoleArn: monitoringRole.arn,
          preferredMaintenanceWindow: args.maintenanceWindow,
          applyImmediately: false,
        },
        {
          parent: this,
          customTimeouts: INSTANCE_TIMEOUTS,
          ignoreChanges: ["engineVersion"],
          // Enhanced monitoring refuses a role that cannot publish yet.
          dependsOn: [monitoringPolicy],
        },
      );
    });

    new AuroraReaderScaling(
      `${name}-readers`,
      {
        clusterIdentifier: cluster.clusterIdentifier,
        minReaders: args.minReaders,
        maxReaders: args.maxReaders,
        cpuTargetPercent: args.readerCpuTargetPercent,
        instances,
      },
      { parent: this },
    );

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.writerEndpoint = isWriter ? cluster.endpoint : cluster.readerEndpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = args.port;
    this.forwardsWrites = !isWriter && writeForwarding;
    this.databaseName = pulumi.output(membership.databaseName);
    this.securityGroupId = securityGroup.id;
    this.masterSecretArn = masterSecretArn;
    // A joiner may join only once the home's first instance is up (docs/aws-behaviours.md #1):
    // the id the joiners read resolves only after it.
    this.globalClusterIdentifier = globalCluster
      ? pulumi.all([globalCluster.id, instances[0].id]).apply(([id]) => id)
      : pulumi.output(membership.globalClusterIdentifier);
    this.registerOutputs({
      clusterIdentifier: this.clusterIdentifier,
      writerEndpoint: this.writerEndpoint,
      readerEndpoint: this.readerEndpoint,
      globalClusterIdentifier: this.globalClusterIdentifier,
    });
  }
}
