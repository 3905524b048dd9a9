/**
 * S3 buckets. Public-access blocks, policies, logging, ownership and lifecycle are separate
 * resources that name their bucket, so each control is a stack check: every bucket has the
 * companion resource, set as required. A companion belongs to the bucket its `bucket` input
 * came from (known in a preview), else to the bucket whose id or name it holds.
 */
import type { PolicyResource, ReportViolation } from "@pulumi/policy";
import { flag, identifiers, jsonDocument, list, ofType, referredTo, T } from "./props";
import { GuardrailStackPolicy } from "./types";

const BUCKETS = [T.bucket, T.bucketV2];

function bucketsOf(resources: PolicyResource[]): PolicyResource[] {
  return resources.filter((resource) => (BUCKETS as readonly string[]).includes(resource.type));
}

/** The name AWS knows the bucket by (`bucket` output; the id is the same once created). */
function bucketName(bucket: PolicyResource): string {
  return bucket.props.bucket ?? bucket.props.id;
}

/**
 * For each bucket, its companion resources of `types` (matched on their `bucket` input, see
 * referredTo); the check reports what is wrong with the bucket's set, or nothing. Findings
 * name the bucket's resource name, which a preview knows before AWS names the bucket.
 */
function eachBucket(
  resources: PolicyResource[],
  types: string[],
  report: ReportViolation,
  check: (companions: PolicyResource[], bucket: PolicyResource) => string | undefined,
): void {
  const buckets = bucketsOf(resources);
  const idsOf = (bucket: PolicyResource) => identifiers(bucket, ["bucket"]);
  const companions = resources
    .filter((resource) => types.includes(resource.type))
    .map((companion) => ({ companion, bucket: referredTo(companion, "bucket", buckets, idsOf) }));
  for (const bucket of buckets) {
    const problem = check(
      companions.filter((c) => c.bucket === bucket).map((c) => c.companion),
      bucket,
    );
    if (problem) report(`bucket ${bucket.name}: ${problem}`, bucket.urn);
  }
}

export const bucketPublicAccessBlocked: GuardrailStackPolicy = {
  name: "s3-public-access-blocked",
  description:
    "Every bucket has a BucketPublicAccessBlock with all four blocks on (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets).",
  controls: ["S3.1", "S3.8", "AS-S2"],
  enforcementLevel: "mandatory",
  missing: "a bucket without the resource, or a block left unset (defaults to false): fires.",
  resourceTypes: [...BUCKETS, T.publicAccessBlock],
  validateStack({ resources }, report) {
    const blocks = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
    eachBucket(resources, [T.publicAccessBlock], report, (found) => {
      if (found.length === 0) return "no BucketPublicAccessBlock: add one with all four blocks on";
      const off = blocks.filter((block) => !found.some((pab) => flag(pab.props, block, false)));
      return off.length > 0 ? `public access is not blocked by ${off.join(", ")}: set them to true` : undefined;
    });
  },
};

/**
 * Whether a bucket policy statement denies every request made without TLS, and the
 * resources it names (without their partition: `s3:::name`, `s3:::name/*`, or `*`).
 */
function insecureTransportDenial(statement: any): string[] {
  const principals = statement.Principal === "*" ? ["*"] : list(statement.Principal?.AWS);
  const actions = list<string>(statement.Action);
  const secure = statement.Condition?.Bool?.["aws:SecureTransport"];
  const denies =
    statement.Effect === "Deny" &&
    principals.includes("*") &&
    (actions.includes("s3:*") || actions.includes("*")) &&
    (secure === false || secure === "false");
  return denies
    ? list<string>(statement.Resource).map((arn) => (arn === "*" ? "*" : arn.replace(/^arn:[^:]+:/, "")))
    : [];
}

/** What of the bucket `name` the denials leave open to requests without TLS: the bucket, its objects, or nothing. */
function uncoveredByDenial(statements: any[], name: string): string[] {
  const denied = new Set(statements.flatMap(insecureTransportDenial));
  const covers = (resource: string) => denied.has("*") || denied.has(resource);
  return [
    ...(covers(`s3:::${name}`) ? [] : [`arn:aws:s3:::${name}`]),
    ...(covers(`s3:::${name}/*`) ? [] : [`arn:aws:s3:::${name}/*`]),
  ];
}

export const bucketDeniesInsecureTransport: GuardrailStackPolicy = {
  name: "s3-deny-insecure-transport",
  description:
    'Every bucket has a bucket policy denying s3:* to everyone when aws:SecureTransport is "false", on the bucket and its objects.',
  controls: ["S3.5", "AS-S10"],
  enforcementLevel: "mandatory",
  missing: "a bucket without a bucket policy, or a policy without that statement: fires.",
  resourceTypes: [...BUCKETS, T.bucketPolicy],
  validateStack({ resources }, report) {
    eachBucket(resources, [T.bucketPolicy], report, (found, bucket) => {
      const statements = found.flatMap((policy) => list(jsonDocument(policy.props.policy)?.Statement));
      const open = uncoveredByDenial(statements, bucketName(bucket));
      return open.length === 0
        ? undefined
        : `no statement denies requests without TLS on ${open.join(" and ")}: add Deny s3:* for Principal "*" when aws:SecureTransport is "false" on the bucket's ARN and its objects`;
    });
  },
};

/** Names of the buckets that receive logs (S3 server access, load balancer, CloudFront): they do not log themselves. */
function logDestinations(resources: PolicyResource[]): Set<string> {
  const names = new Set<string>();
  for (const logging of [...ofType(resources, T.bucketLogging), ...ofType(resources, T.bucketLoggingV2)]) {
    names.add(logging.props.targetBucket);
  }
  for (const lb of ofType(resources, T.loadBalancer))
    if (lb.props.accessLogs?.bucket) names.add(lb.props.accessLogs.bucket);
  for (const destination of ofType(resources, T.logDeliveryDestination)) {
    const arn: string = destination.props.deliveryDestinationConfiguration?.destinationResourceArn ?? "";
    if (arn.startsWith("arn:aws:s3:::")) names.add(arn.slice("arn:aws:s3:::".length).split("/")[0]);
  }
  for (const distribution of ofType(resources, T.distribution)) {
    const bucket: string = distribution.props.loggingConfig?.bucket ?? "";
    if (bucket) names.add(bucket.split(".s3")[0]);
  }
  return names;
}

export const bucketAccessLogging: GuardrailStackPolicy = {
  name: "s3-access-logging",
  description:
    "Every bucket that is not itself a log destination writes server access logs (BucketLogging to a log bucket). Add a BucketLogging for it.",
  controls: ["S3.9"],
  enforcementLevel: "mandatory",
  missing: "a bucket without BucketLogging fires, unless S3, a load balancer or CloudFront delivers logs into it.",
  resourceTypes: [...BUCKETS, T.bucketLogging, T.bucketLoggingV2],
  validateStack({ resources }, report) {
    const destinations = logDestinations(resources);
    eachBucket(resources, [T.bucketLogging, T.bucketLoggingV2], report, (found, bucket) =>
      found.length > 0 || destinations.has(bucketName(bucket))
        ? undefined
        : "no server access logging: add a BucketLogging to the cell's log bucket",
    );
  },
};

export const bucketOwnerEnforced: GuardrailStackPolicy = {
  name: "s3-bucket-owner-enforced",
  description: 'Every bucket disables ACLs: a BucketOwnershipControls with objectOwnership "BucketOwnerEnforced".',
  controls: ["S3.12"],
  enforcementLevel: "mandatory",
  missing:
    "a bucket without the resource keeps whatever the account created it with (BucketOwnerEnforced for new buckets since 2023, but not asserted): fires.",
  resourceTypes: [...BUCKETS, T.ownershipControls],
  validateStack({ resources }, report) {
    eachBucket(resources, [T.ownershipControls], report, (found) =>
      found.some((controls) => controls.props.rule?.objectOwnership === "BucketOwnerEnforced")
        ? undefined
        : 'ACLs are not disabled: add BucketOwnershipControls with objectOwnership "BucketOwnerEnforced"',
    );
  },
};

export const bucketLifecycle: GuardrailStackPolicy = {
  name: "s3-lifecycle-rules",
  description:
    "Every bucket has a lifecycle configuration with at least one enabled rule (expire logs, old versions, incomplete uploads).",
  controls: ["S3.13"],
  enforcementLevel: "advisory",
  missing: "a bucket without a lifecycle configuration keeps everything forever: listed.",
  resourceTypes: [...BUCKETS, T.lifecycle, T.lifecycleV2],
  validateStack({ resources }, report) {
    eachBucket(resources, [T.lifecycle, T.lifecycleV2], report, (found) =>
      found.some((lifecycle) => list(lifecycle.props.rules).some((rule: any) => rule.status === "Enabled"))
        ? undefined
        : "no enabled lifecycle rule: add a BucketLifecycleConfiguration",
    );
  },
};

export const s3Policies = [
  bucketPublicAccessBlocked,
  bucketDeniesInsecureTransport,
  bucketAccessLogging,
  bucketOwnerEnforced,
  bucketLifecycle,
];
