import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A protected bucket with every public access block on (S3.1/S3.8) and ACLs disabled
 * (BucketOwnerEnforced, S3.12): the base every bucket of the cell starts from. The caller
 * adds encryption, lifecycle, logging and the policy, which differ per bucket.
 *
 * `bucketPrefix` is at most 37 characters; a random suffix makes the name unique.
 */
export function createPrivateBucket(name: string, bucketPrefix: string, parent: pulumi.Resource): aws.s3.Bucket {
  if (bucketPrefix.length > 37) {
    throw new Error(`${name}: bucketPrefix "${bucketPrefix}" is longer than S3's 37-character limit`);
  }
  // Protected: a bucket holds data (media, or access logs as audit evidence).
  const bucket = new aws.s3.Bucket(name, { bucketPrefix, forceDestroy: false }, { parent, protect: true });
  new aws.s3.BucketPublicAccessBlock(
    name,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    { parent },
  );
  new aws.s3.BucketOwnershipControls(
    name,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    { parent },
  );
  return bucket;
}

/** Multipart uploads abandoned for a week are deleted: their parts are billed but never visible. */
export const ABORT_INCOMPLETE_UPLOADS: aws.types.input.s3.BucketLifecycleConfigurationRule = {
  id: "abort-incomplete-uploads",
  status: "Enabled",
  filter: { prefix: "" },
  abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
};

/** S3.5: refuse every request that does not use TLS. */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
