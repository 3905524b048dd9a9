/** Aurora PostgreSQL: encryption, deletion safety, authentication, backups, logs and spread. */
import { flag, isSet, list, ofType, T } from "./props";
import { GuardrailResourcePolicy, GuardrailStackPolicy } from "./types";

/** The key RDS uses when a cluster names none: AWS managed, so its policy and rotation are not ours. */
const AWS_MANAGED_RDS_KEY = /(^|:)alias\/aws\/rds$/;

export const rdsStorageEncrypted: GuardrailResourcePolicy = {
  name: "rds-storage-encrypted-cmk",
  description:
    "Aurora clusters and global clusters encrypt storage; a regional cluster names a customer-managed key. Set storageEncrypted: true and kmsKeyId to the cell's key.",
  controls: ["RDS.27", "AS-RDS2"],
  enforcementLevel: "mandatory",
  missing: "storageEncrypted defaults to false and kmsKeyId to the AWS managed key: both fire.",
  resourceTypes: [T.rdsCluster, T.rdsGlobalCluster],
  validateResource({ type, props }, report) {
    if (!flag(props, "storageEncrypted", false)) report("storage is not encrypted: set storageEncrypted: true");
    if (type === T.rdsCluster && (!isSet(props.kmsKeyId) || AWS_MANAGED_RDS_KEY.test(props.kmsKeyId))) {
      report("storage is not under a customer-managed key: set kmsKeyId to the cell's KMS key ARN");
    }
  },
};

export const rdsDeletionProtection: GuardrailResourcePolicy = {
  name: "rds-deletion-protection",
  description: "Aurora clusters and global clusters cannot be deleted by an API call. Set deletionProtection: true.",
  controls: ["RDS.7", "AS-RDS10"],
  enforcementLevel: "mandatory",
  missing: "deletionProtection defaults to false: fires.",
  resourceTypes: [T.rdsCluster, T.rdsGlobalCluster],
  validateResource({ props }, report) {
    if (!flag(props, "deletionProtection", false)) report("deletion protection is off: set deletionProtection: true");
  },
};

export const rdsIamAuthentication: GuardrailResourcePolicy = {
  name: "rds-iam-authentication",
  description: "Aurora clusters accept IAM database authentication. Set iamDatabaseAuthenticationEnabled: true.",
  controls: ["RDS.12", "AS-RDS6"],
  enforcementLevel: "mandatory",
  missing: "iamDatabaseAuthenticationEnabled defaults to false: fires.",
  resourceTypes: [T.rdsCluster],
  validateResource({ props }, report) {
    if (!flag(props, "iamDatabaseAuthenticationEnabled", false)) {
      report("IAM database authentication is off: set iamDatabaseAuthenticationEnabled: true");
    }
  },
};

export const rdsPostgresqlLogExport: GuardrailResourcePolicy = {
  name: "rds-postgresql-log-export",
  description:
    'Aurora PostgreSQL clusters export the "postgresql" log to CloudWatch Logs. Add "postgresql" to enabledCloudwatchLogsExports.',
  controls: ["RDS.37"],
  enforcementLevel: "mandatory",
  missing: "enabledCloudwatchLogsExports defaults to none: fires for an aurora-postgresql cluster.",
  resourceTypes: [T.rdsCluster],
  validateResource({ props }, report) {
    if (props.engine !== "aurora-postgresql") return;
    if (!list<string>(props.enabledCloudwatchLogsExports).includes("postgresql")) {
      report('the postgresql log is not exported: add "postgresql" to enabledCloudwatchLogsExports');
    }
  },
};

export const rdsBackups: GuardrailResourcePolicy = {
  name: "rds-backup-retention",
  description:
    "Aurora clusters keep automated backups at least 7 days and take a named final snapshot. Set backupRetentionPeriod >= 7, skipFinalSnapshot: false and finalSnapshotIdentifier.",
  controls: ["REL09"],
  enforcementLevel: "mandatory",
  missing:
    "backupRetentionPeriod defaults to 1 day and finalSnapshotIdentifier to none: both fire; skipFinalSnapshot defaults to false (passes).",
  resourceTypes: [T.rdsCluster],
  validateResource({ props }, report) {
    const days = props.backupRetentionPeriod ?? 1;
    if (typeof days !== "number" || days < 7) report(`backups are kept ${days} day(s): set backupRetentionPeriod >= 7`);
    if (flag(props, "skipFinalSnapshot", false)) report("the final snapshot is skipped: set skipFinalSnapshot: false");
    else if (!isSet(props.finalSnapshotIdentifier))
      report("the final snapshot has no name: set finalSnapshotIdentifier");
  },
};

export const rdsCopyTagsToSnapshot: GuardrailResourcePolicy = {
  name: "rds-copy-tags-to-snapshot",
  description: "Aurora clusters copy their tags to snapshots. Set copyTagsToSnapshot: true.",
  controls: ["RDS.16"],
  enforcementLevel: "advisory",
  missing: "copyTagsToSnapshot defaults to false: listed.",
  resourceTypes: [T.rdsCluster],
  validateResource({ props }, report) {
    if (!flag(props, "copyTagsToSnapshot", false))
      report("tags are not copied to snapshots: set copyTagsToSnapshot: true");
  },
};

export const rdsMinorVersionUpgrade: GuardrailResourcePolicy = {
  name: "rds-auto-minor-version-upgrade",
  description:
    "Aurora clusters and instances take minor versions automatically and ignore engineVersion, so the next deployment does not try to undo an upgrade AWS applied. Leave autoMinorVersionUpgrade on and add engineVersion to ignoreChanges.",
  controls: ["RDS.35"],
  enforcementLevel: "advisory",
  missing: "autoMinorVersionUpgrade defaults to true on clusters and instances: passes.",
  resourceTypes: [T.rdsCluster, T.rdsInstance],
  validateResource({ props, opts }, report) {
    // RDS.35 evaluates the DB cluster, and rds.Cluster has its own switch; instances have theirs.
    if (!flag(props, "autoMinorVersionUpgrade", true)) {
      report("automatic minor version upgrades are off: set autoMinorVersionUpgrade: true");
    }
    if (isSet(props.engineVersion) && !opts.ignoreChanges.includes("engineVersion")) {
      report("engineVersion is not ignored: add it to ignoreChanges, or the next deployment reverts a minor upgrade");
    }
  },
};

export const rdsDefaultPortAndAdmin: GuardrailResourcePolicy = {
  name: "rds-non-default-port-and-admin",
  description:
    'Aurora PostgreSQL clusters listen on a port other than 5432 and their admin user is not "postgres". Set port and masterUsername.',
  controls: ["RDS.23", "RDS.24"],
  enforcementLevel: "advisory",
  missing:
    "port defaults to 5432: listed. A missing masterUsername passes: a secondary cluster takes the primary's, which is checked there.",
  resourceTypes: [T.rdsCluster],
  validateResource({ props }, report) {
    if (props.engine !== "aurora-postgresql") return;
    const port = props.port ?? 5432;
    if (port === 5432) report("the cluster listens on the engine's default port 5432: set another port");
    if (props.masterUsername === "postgres") report('the admin user is "postgres": set another masterUsername');
  },
};

export const rdsInstancePrivateMonitored: GuardrailResourcePolicy = {
  name: "rds-instance-private-monitored",
  description:
    "Aurora instances are not publicly accessible and report enhanced monitoring. Set publiclyAccessible: false, monitoringInterval > 0 and monitoringRoleArn.",
  controls: ["RDS.2", "RDS.6"],
  enforcementLevel: "mandatory",
  missing: "publiclyAccessible defaults to false (passes); monitoringInterval defaults to 0: fires.",
  resourceTypes: [T.rdsInstance],
  validateResource({ props }, report) {
    if (flag(props, "publiclyAccessible", false))
      report("the instance is publicly accessible: set publiclyAccessible: false");
    const interval = props.monitoringInterval ?? 0;
    if (!(interval > 0) || !isSet(props.monitoringRoleArn)) {
      report("enhanced monitoring is off: set monitoringInterval (1-60 s) and monitoringRoleArn");
    }
  },
};

export const rdsInstancesAcrossZones: GuardrailStackPolicy = {
  name: "rds-cluster-instances-across-azs",
  description:
    "Every Aurora cluster has at least two instances in at least two named Availability Zones, so a zone outage leaves a reader to promote. Add a reader instance in another zone.",
  controls: ["RDS.15"],
  enforcementLevel: "mandatory",
  missing: "an instance without availabilityZone is placed by RDS and does not count as a second zone: fires.",
  resourceTypes: [T.rdsCluster, T.rdsInstance],
  validateStack({ resources }, report) {
    const instances = ofType(resources, T.rdsInstance);
    for (const cluster of ofType(resources, T.rdsCluster)) {
      const id = cluster.props.clusterIdentifier ?? cluster.props.id;
      const members = instances.filter((instance) => instance.props.clusterIdentifier === id);
      const zones = new Set(members.map((m) => m.props.availabilityZone).filter(isSet));
      if (members.length < 2 || zones.size < 2) {
        report(
          `cluster ${id} has ${members.length} instance(s) in ${zones.size} named zone(s): it needs at least 2 in 2 zones`,
          cluster.urn,
        );
      }
    }
  },
};

export const rdsPolicies = [
  rdsStorageEncrypted,
  rdsDeletionProtection,
  rdsIamAuthentication,
  rdsPostgresqlLogExport,
  rdsBackups,
  rdsCopyTagsToSnapshot,
  rdsMinorVersionUpgrade,
  rdsDefaultPortAndAdmin,
  rdsInstancePrivateMonitored,
  rdsInstancesAcrossZones,
];
