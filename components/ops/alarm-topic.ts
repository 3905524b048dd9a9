import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkEmail } from "../../config/background";

/** Topic actions the account owner keeps: those SNS's default topic policy grants it. */
export const TOPIC_OWNER_ACTIONS = [
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sns:RemovePermission",
  "sns:DeleteTopic",
  "sns:Subscribe",
  "sns:ListSubscriptionsByTopic",
  "sns:Publish",
];

export interface AlarmTopicArgs {
  /** Short app name: the topic is `<app>-<stack>-alarms`. */
  app: string;
  /** The cell's stack name. */
  stack: string;
  /** The cell's region: only alarms of this region may publish. */
  region: string;
  /** The account that owns the topic and whose alarms may publish to it. */
  accountId: pulumi.Input<string>;
  /**
   * The cell key that encrypts the topic. Its key policy must admit
   * `cloudwatch.amazonaws.com` (CellKey does), or alarms cannot publish.
   */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Address subscribed to the topic by e-mail. SNS sends it a confirmation message and
   * delivers nothing until someone follows its link: until then alarms page no one. SNS
   * deletes a subscription left unconfirmed for 48 hours (`pulumi refresh` then `up`
   * creates it again), and cannot delete an unconfirmed one when the stack removes it.
   * @default no subscription
   */
  email?: string;
}

/**
 * Where a cell's alarms notify: an SNS topic encrypted with the cell key, that CloudWatch
 * may publish to only for this account's alarms in this region, and AWS Budgets only for this
 * account's budgets, over TLS only, plus an optional e-mail subscription.
 *
 * Cost: the topic is free; e-mail deliveries are free for the first 1,000 a month, then
 * $2 per 100,000; KMS requests about $0.03 per 10,000.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  /**
   * The topic's ARN, known only once the topic policy is in place: an alarm created with it
   * as an action waits for the policy, so no state change notifies a topic that refuses it.
   */
  readonly topicArn: pulumi.Output<string>;
  readonly topicName: string;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:AlarmTopic", name, {}, opts);
    // The config reader's rule for `storefront:alarms.email`.
    const email = args.email === undefined ? undefined : checkEmail(args.email);
    if (email) throw new Error(`AlarmTopic ${name}: email ${email}, got ${JSON.stringify(args.email)}`);
    // SNS allows 256 characters of letters, digits, - and _.
    const topicName = `${args.app}-${args.stack}-alarms`;
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(topicName)) {
      throw new Error(
        `AlarmTopic ${name}: app and stack must make a topic name of at most 256 letters, digits, - and _, got "${topicName}"`,
      );
    }

    const topic = new aws.sns.Topic(
      `${name}`,
      { name: topicName, displayName: `${args.app} ${args.stack} alarms`, kmsMasterKeyId: args.kmsKeyArn },
      { parent: this },
    );
    // The topic's one policy replaces SNS's default, so it restates the owner's rights.
    const policy = new aws.sns.TopicPolicy(
      `${name}-policy`,
      { arn: topic.arn, policy: alarmTopicPolicy(topic.arn, args.region, args.accountId) },
      { parent: this },
    );
    if (args.email !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-email`,
        { topic: topic.arn, protocol: "email", endpoint: args.email },
        { parent: this },
      );
    }

    this.topicArn = pulumi.all([topic.arn, policy.id]).apply(([arn]) => arn);
    this.topicName = topicName;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}

/**
 * The topic policy: the account keeps its rights (IAM decides who inside it), CloudWatch may
 * publish for this account's alarms in `region` only (no confused deputy), and nothing may
 * publish over plain HTTP.
 */
export function alarmTopicPolicy(
  topicArn: pulumi.Input<string>,
  region: string,
  accountId: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountOwner",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
        Action: TOPIC_OWNER_ACTIONS,
        Resource: topicArn,
      },
      {
        Sid: "CloudWatchAlarmsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
        },
      },
      {
        // Every stack's AWS Budget notifies its cell's topic (the global stack's, the primary's).
        Sid: "BudgetsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:budgets::${accountId}:*` },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}
