import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ABORT_INCOMPLETE_UPLOADS, createPrivateBucket, denyInsecureTransport } from "../cell/private-bucket";

/**
 * The access log's fields: CloudFront's standard log fields except `cs(Cookie)`. Cookies
 * carry shoppers' session tokens, which must not sit in a log bucket for weeks (legacy
 * logging left them out unless told; a v2 delivery with no field list includes them).
 */
export const ACCESS_LOG_FIELDS = [
  "date",
  "time",
  "x-edge-location",
  "sc-bytes",
  "c-ip",
  "cs-method",
  "cs(Host)",
  "cs-uri-stem",
  "sc-status",
  "cs(Referer)",
  "cs(User-Agent)",
  "cs-uri-query",
  "x-edge-result-type",
  "x-edge-request-id",
  "x-host-header",
  "cs-protocol",
  "cs-bytes",
  "time-taken",
  "x-forwarded-for",
  "ssl-protocol",
  "ssl-cipher",
  "x-edge-response-result-type",
  "cs-protocol-version",
  "fle-status",
  "fle-encrypted-fields",
  "c-port",
  "time-to-first-byte",
  "x-edge-detailed-result-type",
  "sc-content-type",
  "sc-content-len",
  "sc-range-start",
  "sc-range-end",
] as const;
/** Key prefix (inside the log bucket) CloudFront access logs are delivered under. */
export const CLOUDFRONT_LOG_PREFIX = "cloudfront";

/** Object suffix of each log file under the prefix: one folder per distribution and hour. */
export const CLOUDFRONT_LOG_SUFFIX = "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}";

export interface DistributionLoggingArgs {
  /** Short app name, for the bucket prefix. */
  app: string;
  /** Account of the distribution; log delivery is admitted for this account only. */
  accountId: pulumi.Input<string>;
  /** The distribution whose access logs are delivered. */
  distributionArn: pulumi.Input<string>;
  /**
   * Days to keep access logs before they expire.
   */
  retentionDays: number;
}

/**
 * CloudFront standard logging v2: a CloudWatch Logs delivery source for the distribution's
 * access logs, an S3 delivery destination and the delivery between them, into a private log
 * bucket. Legacy standard logging writes objects with ACLs, which the bucket's
 * BucketOwnerEnforced ownership (S3.12) refuses; v2 delivery does not need ACLs (docs/aws-behaviours.md
 * #14). The bucket is protected (logs are audit evidence), blocks all public access,
 * refuses plain HTTP, is encrypted with SSE-S3 and expires logs after `retentionDays`. Its
 * policy admits the log delivery service only for this account's delivery source, under
 * the log prefix. Everything lives in us-east-1 with the distribution (docs/aws-behaviours.md #6): the
 * caller passes that provider.
 *
 * Cost: log delivery to S3 is billed per GB of logs as CloudWatch vended logs (see
 * CloudWatch pricing, Logs tab), plus S3 Standard storage ($0.023/GB-month) for
 * `retentionDays` of logs.
 */
export class DistributionLogging extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly deliverySourceName: pulumi.Output<string>;

  constructor(name: string, args: DistributionLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:DistributionLogging", name, {}, opts);
    const retentionDays = args.retentionDays;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(
        `DistributionLogging ${name}: retentionDays must be a whole number of days >= 1, got ${retentionDays}`,
      );
    }

    const bucket = createPrivateBucket(name, `${args.app}-cf-logs-`, this);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          { id: "expire-access-logs", status: "Enabled", filter: { prefix: "" }, expiration: { days: retentionDays } },
          ABORT_INCOMPLETE_UPLOADS,
        ],
      },
      { parent: this },
    );

    const source = new aws.cloudwatch.LogDeliverySource(
      `${name}-source`,
      { logType: "ACCESS_LOGS", resourceArn: args.distributionArn },
      { parent: this },
    );
    const policy = new aws.s3.BucketPolicy(
      name,
      { bucket: bucket.id, policy: logBucketPolicy(bucket.arn, args.accountId, source.arn) },
      { parent: this },
    );
    const destination = new aws.cloudwatch.LogDeliveryDestination(
      `${name}-destination`,
      {
        outputFormat: "json",
        deliveryDestinationConfiguration: {
          destinationResourceArn: pulumi.interpolate`${bucket.arn}/${CLOUDFRONT_LOG_PREFIX}`,
        },
      },
      { parent: this },
    );
    new aws.cloudwatch.LogDelivery(
      name,
      {
        deliverySourceName: source.name,
        deliveryDestinationArn: destination.arn,
        recordFields: [...ACCESS_LOG_FIELDS],
        s3DeliveryConfigurations: [{ suffixPath: CLOUDFRONT_LOG_SUFFIX, enableHiveCompatiblePath: false }],
      },
      // Creating a delivery into a bucket whose policy lacks the grant makes the service
      // append its own statement, which the next update would then overwrite: grant first.
      { parent: this, dependsOn: [policy] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.deliverySourceName = source.name;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}

/**
 * TLS only, and the log delivery service may write under the log prefix and check the
 * bucket, but only on behalf of this account's delivery source (confused deputy).
 */
function logBucketPolicy(
  bucketArn: pulumi.Output<string>,
  accountId: pulumi.Input<string>,
  sourceArn: pulumi.Output<string>,
): pulumi.Output<string> {
  const onBehalfOfSource = {
    StringEquals: { "aws:SourceAccount": accountId },
    ArnLike: { "aws:SourceArn": sourceArn },
  };
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransport(bucketArn),
      {
        Sid: "CloudFrontLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${bucketArn}/${CLOUDFRONT_LOG_PREFIX}/*`,
        Condition: {
          ...onBehalfOfSource,
          StringEquals: { ...onBehalfOfSource.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
        },
      },
      {
        Sid: "CloudFrontLogDeliveryCheck",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: bucketArn,
        Condition: onBehalfOfSource,
      },
    ],
  });
}
