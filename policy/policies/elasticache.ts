/** ElastiCache (Valkey/Redis OSS) replication groups: backups, failover, encryption, access. */
import { flag, isSet, list, T } from "./props";
import { GuardrailResourcePolicy } from "./types";

export const cacheBackups: GuardrailResourcePolicy = {
  name: "elasticache-automatic-backups",
  description: "Replication groups keep automatic snapshots. Set snapshotRetentionLimit >= 1 (days).",
  controls: ["ElastiCache.1"],
  enforcementLevel: "mandatory",
  missing: "snapshotRetentionLimit defaults to 0 (no snapshots): fires.",
  resourceTypes: [T.replicationGroup],
  validateResource({ props }, report) {
    const days = props.snapshotRetentionLimit ?? 0;
    if (!(days >= 1)) report(`snapshots are kept ${days} day(s): set snapshotRetentionLimit >= 1`);
  },
};

export const cacheFailover: GuardrailResourcePolicy = {
  name: "elasticache-failover-multi-az",
  description:
    "Replication groups fail over automatically across Availability Zones and have at least two nodes. Set automaticFailoverEnabled: true, multiAzEnabled: true and numCacheClusters >= 2 (or a replica per shard).",
  controls: ["ElastiCache.3", "AS-AEC4"],
  enforcementLevel: "mandatory",
  missing:
    "automaticFailoverEnabled and multiAzEnabled default to false and numCacheClusters to 1: each fires; replicasPerNodeGroup counts when shards are set.",
  resourceTypes: [T.replicationGroup],
  validateResource({ props }, report) {
    if (!flag(props, "automaticFailoverEnabled", false))
      report("automatic failover is off: set automaticFailoverEnabled: true");
    if (!flag(props, "multiAzEnabled", false)) report("Multi-AZ is off: set multiAzEnabled: true");
    const nodes =
      props.replicasPerNodeGroup !== undefined && props.replicasPerNodeGroup !== null
        ? props.replicasPerNodeGroup + 1
        : (props.numCacheClusters ?? 1);
    if (!(nodes >= 2)) report(`the group has ${nodes} node(s) per shard: set numCacheClusters >= 2`);
  },
};

export const cacheEncryption: GuardrailResourcePolicy = {
  name: "elasticache-encryption",
  description:
    "Replication groups encrypt data at rest and in transit. Set atRestEncryptionEnabled: true and transitEncryptionEnabled: true.",
  controls: ["ElastiCache.4", "ElastiCache.5", "AS-AEC3"],
  enforcementLevel: "mandatory",
  missing:
    "both must be set explicitly: the provider's and AWS's defaults differ by engine and version, so a missing value fires.",
  resourceTypes: [T.replicationGroup],
  validateResource({ props }, report) {
    if (props.atRestEncryptionEnabled !== true)
      report("encryption at rest is not on: set atRestEncryptionEnabled: true");
    if (props.transitEncryptionEnabled !== true) {
      report("encryption in transit is not on: set transitEncryptionEnabled: true");
    }
  },
};

export const cacheAccess: GuardrailResourcePolicy = {
  name: "elasticache-auth-and-subnet-group",
  description:
    "Replication groups require an auth token or user groups, and run in their own subnet group. Set authToken (or userGroupIds) and subnetGroupName.",
  controls: ["ElastiCache.6", "AS-AEC6"],
  enforcementLevel: "mandatory",
  missing:
    "no authToken or userGroupIds means no authentication, and no subnetGroupName the default subnet group: both fire.",
  resourceTypes: [T.replicationGroup],
  validateResource({ props }, report) {
    if (!isSet(props.authToken) && list(props.userGroupIds).length === 0) {
      report("clients connect without authentication: set authToken or userGroupIds");
    }
    if (!isSet(props.subnetGroupName) || props.subnetGroupName === "default") {
      report("the group runs in the default subnet group: set subnetGroupName to the cell's own");
    }
  },
};

export const elasticachePolicies = [cacheBackups, cacheFailover, cacheEncryption, cacheAccess];
