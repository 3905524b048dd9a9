import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { elbLogDeliveryPrincipal } from "./elb-log-principal";
import { ABORT_INCOMPLETE_UPLOADS, createPrivateBucket, denyInsecureTransport } from "./private-bucket";

export interface AccessLogBucketArgs {
  /** Region of the load balancer; decides which principal delivers the logs. */
  region: string;
  /** Account of the load balancer; logs arrive under `AWSLogs/<account>/`. */
  accountId: pulumi.Input<string>;
  /** Bucket name prefix (at most 37 characters); a random suffix makes the name unique. */
  bucketPrefix: string;
  /**
   * Days to keep access logs before they expire.
   * @default 90
   */
  retentionDays?: number;
}

/** Key prefix S3 server access logs are delivered under; ALB logs go under `AWSLogs/`. */
export const S3_ACCESS_LOG_PREFIX = "s3-access/";

/**
 * A private bucket for the cell's access logs: the ALB's (ELB.5) and the S3 server access
 * logs of the cell's other buckets (S3.9). Encrypted with SSE-S3, the only
 * server-side encryption ALB log delivery accepts (a KMS-encrypted bucket silently receives
 * nothing), with ACLs disabled, all public access blocked, TLS required, and logs expiring
 * after `retentionDays`. Protected: access logs are audit evidence.
 *
 * Cost: S3 Standard storage ($0.023/GB-month) for `retentionDays` of logs, and PUT requests
 * from log delivery (one object per load balancer node every five minutes).
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  /** The bucket's name, for the load balancer's `accessLogs.bucket` and buckets' logging targets. */
  readonly bucketName: pulumi.Output<string>;
  /** The bucket's ARN. */
  readonly bucketArn: pulumi.Output<string>;
  /** The bucket policy; the load balancer must wait for it or its creation is refused. */
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    // The alias keeps the URN of stacks created while this was the ALB's own log bucket.
    super(
      "storefront:cell:AccessLogBucket",
      name,
      {},
      {
        ...opts,
        aliases: [...(opts?.aliases ?? []), { type: "storefront:cell:AlbLogBucket" }],
      },
    );
    const retentionDays = args.retentionDays ?? 90;

    const bucket = createPrivateBucket(name, args.bucketPrefix, this);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}`,
      {
        bucket: bucket.id,
        rules: [
          { id: "expire-access-logs", status: "Enabled", filter: { prefix: "" }, expiration: { days: retentionDays } },
          ABORT_INCOMPLETE_UPLOADS,
        ],
      },
      { parent: this },
    );
    this.policy = new aws.s3.BucketPolicy(
      `${name}`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            denyInsecureTransport(bucket.arn),
            {
              Sid: "AlbLogDelivery",
              Effect: "Allow",
              Principal: elbLogDeliveryPrincipal(args.region),
              Action: "s3:PutObject",
              Resource: pulumi.interpolate`${bucket.arn}/AWSLogs/${args.accountId}/*`,
            },
            {
              Sid: "S3ServerAccessLogs",
              Effect: "Allow",
              Principal: { Service: "logging.s3.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: pulumi.interpolate`${bucket.arn}/${S3_ACCESS_LOG_PREFIX}*`,
              Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            },
          ],
        }),
      },
      { parent: this },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
