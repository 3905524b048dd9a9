/** Stateful resources: a `pulumi up` that would delete one stops instead. */
import { T } from "./props";
import { GuardrailStackPolicy } from "./types";

/** Resource types that hold data or identity that a re-creation would lose. */
export const STATEFUL_TYPES: string[] = [
  T.rdsCluster,
  T.rdsGlobalCluster,
  T.replicationGroup,
  T.broker,
  T.kmsKey,
  T.bucket,
  T.bucketV2,
  T.secret,
  "aws:dynamodb/table:Table",
  "aws:efs/fileSystem:FileSystem",
];

export const statefulProtected: GuardrailStackPolicy = {
  name: "stateful-resources-protected",
  description:
    "Every stateful resource (database, global cluster, cache, broker, key, bucket, secret, table, file system) has the protect option, so no deployment deletes it. Add protect: true to its resource options.",
  controls: ["KMS.3", "REL09"],
  enforcementLevel: "mandatory",
  missing: "protect defaults to false: fires.",
  resourceTypes: STATEFUL_TYPES,
  validateStack({ resources }, report) {
    for (const resource of resources.filter((r) => STATEFUL_TYPES.includes(r.type) && !r.opts.protect)) {
      report(`${resource.type} ${resource.name} is not protected: add protect: true`, resource.urn);
    }
  },
};

export const protectionPolicies = [statefulProtected];
