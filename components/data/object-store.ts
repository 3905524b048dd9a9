import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ABORT_INCOMPLETE_UPLOADS, createPrivateBucket, denyInsecureTransport } from "../cell/private-bucket";

export interface ObjectStoreArgs {
  /** Bucket name prefix (at most 37 characters); a random suffix makes the name unique. */
  bucketPrefix: string;
  /** The cell's KMS key; objects are encrypted with it through an S3 Bucket Key. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * The cell's access-log bucket, the prefix this bucket's server access logs go under, and
   * the log bucket's policy: S3 checks it when logging is turned on, so logging waits for it.
   */
  accessLogs: { bucketName: pulumi.Input<string>; prefix: string; policy: pulumi.Resource };
  /** The CloudFront distributions that may read `mediaPrefix` (an ARN or an ARN pattern). */
  cloudFrontSourceArn: pulumi.Input<string>;
  /**
   * Key prefix CloudFront serves; everything else (uploads in progress, originals) stays private.
   * @default "media/"
   */
  mediaPrefix?: string;
  /**
   * Days a replaced or deleted version is kept before it expires.
   */
  noncurrentVersionDays: number;
}

/**
 * The cell's bucket for product images and uploads. Private (all four public access
 * blocks, ACLs disabled), versioned (replication between cells needs it), encrypted with
 * the cell key through an S3 Bucket Key (so each read is not a KMS request), with
 * lifecycle rules for old versions and abandoned uploads, server access logs, and a policy
 * that refuses plain HTTP and lets CloudFront read the media prefix for this account's
 * distributions (narrowed to exactly one once config names it).
 *
 * The cell is the one owner of this bucket's policy (docs/aws-behaviours.md #15). Its replication
 * configuration belongs to the global stack, the one place that knows every cell.
 * Protected: it holds the shop's media.
 *
 * Cost: S3 Standard $0.023/GB-month (every version counts), PUT $0.005 and GET $0.0004
 * per 1,000; replication adds inter-region transfer at $0.02/GB.
 */
export class ObjectStore extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  /** `<bucket>.s3.<region>.amazonaws.com`, the CloudFront origin domain. */
  readonly bucketRegionalDomainName: pulumi.Output<string>;
  readonly mediaPrefix: string;

  constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:ObjectStore", name, {}, opts);
    const mediaPrefix = args.mediaPrefix ?? "media/";
    if (!/^[a-z0-9][a-z0-9-]*\/$/.test(mediaPrefix)) {
      throw new Error(`ObjectStore ${name}: mediaPrefix must look like "media/", got ${JSON.stringify(mediaPrefix)}`);
    }
    const noncurrentDays = args.noncurrentVersionDays;

    const bucket = createPrivateBucket(name, args.bucketPrefix, this);
    new aws.s3.BucketVersioning(
      `${name}`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays },
            expiration: { expiredObjectDeleteMarker: true },
          },
          ABORT_INCOMPLETE_UPLOADS,
        ],
      },
      { parent: this },
    );
    new aws.s3.BucketLogging(
      `${name}`,
      { bucket: bucket.id, targetBucket: args.accessLogs.bucketName, targetPrefix: args.accessLogs.prefix },
      { parent: this, dependsOn: [args.accessLogs.policy] },
    );
    new aws.s3.BucketPolicy(
      `${name}`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            denyInsecureTransport(bucket.arn),
            {
              Sid: "CloudFrontReadsMedia",
              Effect: "Allow",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Action: "s3:GetObject",
              Resource: pulumi.interpolate`${bucket.arn}/${mediaPrefix}*`,
              Condition: { ArnLike: { "AWS:SourceArn": args.cloudFrontSourceArn } },
            },
          ],
        }),
      },
      { parent: this },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
    this.mediaPrefix = mediaPrefix;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
