import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceAssumeRolePolicy } from "../common/iam";
import { REGION_PATTERN } from "../../config/shared";

export interface ReplicatedBucket {
  /** Region of the cell that owns the bucket. */
  region: string;
  /** The bucket's name. */
  bucketName: pulumi.Input<string>;
  /** The bucket's ARN. */
  bucketArn: pulumi.Input<string>;
  /** The cell's KMS key, which encrypts the bucket's objects (and the replicas written into it). */
  keyArn: pulumi.Input<string>;
}

export interface BucketReplicationArgs {
  /** Account of the buckets; the replication roles trust S3 on its behalf only. */
  accountId: pulumi.Input<string>;
  /** The cells' media buckets, one per region. */
  buckets: ReplicatedBucket[];
  /** An AWS provider per bucket region: a bucket's replication configuration is made in its own region. */
  providers: Record<string, aws.Provider>;
}

/**
 * The rule priority for replicating into `region`: derived from the region name alone, so
 * it is unique per region and adding or removing a cell never renumbers another rule.
 */
export function replicationPriority(region: string): number {
  const match = REGION_PATTERN.exec(region);
  if (!match) throw new Error(`not an AWS region name: ${JSON.stringify(region)}`);
  const [, geography, gov, direction] = match;
  const geographies = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"];
  const directions = ["north", "south", "east", "west", "central", "northeast", "southeast", "northwest", "southwest"];
  const digit = Number(region.slice(-1));
  const area = geographies.indexOf(geography) * 2 + (gov ? 1 : 0);
  return (area * directions.length + directions.indexOf(direction)) * 10 + digit + 1;
}

/** The id of the rule replicating into `region`. */
export function replicationRuleId(region: string): string {
  return `replicate-to-${region}`;
}

/**
 * Replication of the cells' media buckets, every bucket into every other: an upload to any
 * cell reaches all of them, so the media origin group can fail over to any bucket.
 *
 * Per source bucket, one replication configuration (S3 allows one per bucket; the edge is
 * its one owner, docs/aws-behaviours.md #15), made in the bucket's own region, with one rule per
 * destination: all objects, delete markers too, SSE-KMS objects re-encrypted with the
 * destination cell's key, replica modifications synced back, STANDARD storage. And one
 * role per source bucket, trusted by S3 for this account only, allowed to read the source's
 * versions, write replicas into the destinations and use exactly the keys involved, each
 * only through S3 in its region. The cells' bucket and key policies are untouched: their
 * keys delegate to IAM, so the role's own policy is enough.
 *
 * Logical names carry the region, so adding a cell adds its role and configuration and one
 * rule to each other configuration, and changes nothing else. With one bucket nothing is
 * created.
 *
 * Cost: inter-region transfer $0.02/GB replicated, per destination; a PUT ($0.005 per
 * 1,000) per replicated object in each destination; KMS requests to decrypt and re-encrypt
 * ($0.03 per 10,000).
 */
export class BucketReplication extends pulumi.ComponentResource {
  /** The replication role of each source bucket, by region (empty with a single bucket). */
  readonly roleArns: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:BucketReplication", name, {}, opts);
    const regions = args.buckets.map((bucket) => bucket.region);
    const badRegion = regions.find((region) => !REGION_PATTERN.test(region));
    if (badRegion !== undefined) {
      throw new Error(
        `BucketReplication ${name}: buckets has a region that is not an AWS region: ${JSON.stringify(badRegion)}`,
      );
    }
    if (new Set(regions).size !== regions.length) {
      throw new Error(
        `BucketReplication ${name}: buckets repeats a region (one bucket per cell): ${regions.join(", ")}`,
      );
    }
    const unprovided = regions.filter((region) => !args.providers[region]);
    if (unprovided.length > 0) {
      throw new Error(
        `BucketReplication ${name}: no provider for bucket region(s) ${unprovided.join(", ")}; providers has ${Object.keys(args.providers).join(", ") || "none"} (a replication configuration must be made in its bucket's region)`,
      );
    }
    if (args.buckets.length < 2) {
      this.registerOutputs({});
      return;
    }

    for (const source of args.buckets) {
      const destinations = args.buckets.filter((bucket) => bucket !== source);
      const role = new aws.iam.Role(
        `${name}-${source.region}`,
        {
          description: `S3 replication from the ${source.region} media bucket to the other cells`,
          assumeRolePolicy: serviceAssumeRolePolicy("s3.amazonaws.com", args.accountId),
        },
        { parent: this },
      );
      const policy = new aws.iam.RolePolicy(
        `${name}-${source.region}`,
        { role: role.id, policy: replicationPolicy(source, destinations) },
        { parent: this },
      );
      new aws.s3.BucketReplicationConfig(
        `${name}-${source.region}`,
        {
          bucket: source.bucketName,
          role: role.arn,
          rules: destinations.map((destination) => ({
            id: replicationRuleId(destination.region),
            priority: replicationPriority(destination.region),
            status: "Enabled",
            // A filter makes this a V2 rule (delete marker replication, priorities); an
            // empty prefix selects every object.
            filter: { prefix: "" },
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: {
              sseKmsEncryptedObjects: { status: "Enabled" },
              replicaModifications: { status: "Enabled" },
            },
            destination: {
              bucket: destination.bucketArn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: destination.keyArn },
            },
          })),
        },
        // S3 checks the role when the configuration is put: its permissions come first.
        { parent: this, provider: args.providers[source.region], dependsOn: [policy] },
      );
      this.roleArns[source.region] = role.arn;
    }
    this.registerOutputs({ roleArns: this.roleArns });
  }
}

/** What one source bucket's replication role may do, and nothing more. */
function replicationPolicy(source: ReplicatedBucket, destinations: ReplicatedBucket[]): pulumi.Output<string> {
  const viaS3 = (region: string) => ({ StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } });
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadSourceConfiguration",
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource: source.bucketArn,
      },
      {
        Sid: "ReadSourceVersions",
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: pulumi.interpolate`${source.bucketArn}/*`,
      },
      {
        Sid: "WriteReplicas",
        Effect: "Allow",
        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        Resource: destinations.map((destination) => pulumi.interpolate`${destination.bucketArn}/*`),
      },
      {
        Sid: "DecryptSource",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: source.keyArn,
        Condition: viaS3(source.region),
      },
      ...destinations.map((destination) => ({
        Sid: `EncryptReplicas${destination.region.replace(/-/g, "")}`,
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
        Resource: destination.keyArn,
        Condition: viaS3(destination.region),
      })),
    ],
  });
}
