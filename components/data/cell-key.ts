import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface CellKeyArgs {
  /** Short app name, for the alias. */
  app: string;
  /** Stack name of the cell, for the alias (`alias/<app>/<stack>`). */
  stack: string;
  /** Region of the cell: CloudWatch Logs' service principal is regional. */
  region: string;
  /** Account that owns the key; its IAM policies decide who else may use it. */
  accountId: pulumi.Input<string>;
  /**
   * The CloudFront distributions that may decrypt media objects: an exact distribution ARN
   * once the edge exists, otherwise every distribution of this account.
   * @default `arn:aws:cloudfront::<account>:distribution/*`
   */
  cloudFrontSourceArn?: pulumi.Input<string>;
  /**
   * Days a scheduled deletion waits (KMS.3): the window in which a mistaken deletion can
   * still be cancelled.
   * @default 30
   */
  deletionWindowDays?: number;
}

/**
 * The cell's customer-managed KMS key (KMS.4: yearly rotation; KMS.3: 30-day deletion
 * window; protected). It encrypts the database, the cache, the secrets, the media bucket
 * and the data tier's log groups. The cell is the key policy's one owner (docs/aws-behaviours.md #15):
 * it delegates to IAM (so task, replication and service roles are granted in their own
 * policies), and admits CloudWatch Logs for this region's log groups, CloudFront for
 * media reads and CloudWatch alarms for notifying the cell's encrypted alarm topic.
 *
 * Cost: $1/month per key plus $0.03 per 10,000 requests; S3 Bucket Keys keep media reads
 * from becoming KMS requests.
 */
export class CellKey extends pulumi.ComponentResource {
  readonly keyArn: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: CellKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:CellKey", name, {}, opts);
    const deletionWindowDays = args.deletionWindowDays ?? 30;
    if (deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new Error(
        `CellKey ${name}: deletionWindowDays must be 7..30 (KMS allows no other), got ${deletionWindowDays}`,
      );
    }
    const cloudFrontSourceArn =
      args.cloudFrontSourceArn ?? pulumi.interpolate`arn:aws:cloudfront::${args.accountId}:distribution/*`;

    const key = new aws.kms.Key(
      `${name}`,
      {
        description: `${args.app} cell ${args.stack}: database, cache, secrets, media and logs`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: deletionWindowDays,
        policy: cellKeyPolicy(args.region, args.accountId, cloudFrontSourceArn),
      },
      // Losing the key loses every byte it encrypted.
      { parent: this, protect: true },
    );
    const alias = new aws.kms.Alias(
      `${name}-alias`,
      { name: `alias/${args.app}/${args.stack}`, targetKeyId: key.keyId },
      { parent: this },
    );

    this.keyArn = key.arn;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, aliasName: this.aliasName });
  }
}

/**
 * The key policy: IAM delegation for the account, CloudWatch Logs for this region's log
 * groups of this account, CloudFront (only `cloudFrontSourceArn`) for decrypting media, and
 * CloudWatch for this account's alarms in this region publishing to the encrypted alarm topic.
 */
export function cellKeyPolicy(
  region: string,
  accountId: pulumi.Input<string>,
  cloudFrontSourceArn: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DelegateToIam",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:*` },
        },
      },
      {
        Sid: "CloudFrontReadsMedia",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { ArnLike: { "AWS:SourceArn": cloudFrontSourceArn } },
      },
      {
        // An alarm publishes to its SNS topic as cloudwatch.amazonaws.com, a service principal
        // that IAM delegation does not cover: without this grant every notification to the
        // key-encrypted alarm topic is dropped, silently (the alarm still changes state and
        // shows no error). SNS itself needs no grant: it uses the key with the publisher's
        // permissions, and publishers inside the account are covered by DelegateToIam.
        Sid: "CloudWatchAlarmsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
        },
      },
      {
        // The stacks' budgets notify the key-encrypted alarm topic as budgets.amazonaws.com,
        // for the same reason as the alarms above (docs/aws-behaviours.md #30).
        Sid: "BudgetsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:budgets::${accountId}:*` },
        },
      },
    ],
  });
}
