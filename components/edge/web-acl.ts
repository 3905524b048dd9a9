import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RATE_LIMIT } from "../../config/global";

/**
 * AWS managed rule groups the ACL runs, in evaluation order. The IP reputation list goes
 * first: it is the cheapest and drops known-bad sources before the rate rule counts them.
 */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

/**
 * Rules of the common rule set that only count here, because they block ordinary shop
 * traffic: `SizeRestrictions_BODY` refuses any body over 8 KB (a checkout with a long
 * basket, an account form), `GenericRFI_QUERYARGUMENTS` any query argument holding a URL
 * (`?returnUrl=https://...` after sign-in). Their matches stay visible in the metrics and
 * sampled requests.
 */
export const COUNTED_COMMON_RULES = ["SizeRestrictions_BODY", "GenericRFI_QUERYARGUMENTS"] as const;

/** Name of the per-IP rate-based rule. */
export const RATE_RULE_NAME = "per-ip-rate-limit";

/**
 * The paths the rate rule counts: the API only. Media and static files are served from
 * CloudFront's cache, and one page view fetches dozens of them; counting them would block
 * shoppers who share an address (an office, a mobile carrier's NAT) long before any API abuse.
 */
export const RATE_LIMITED_PATH_PREFIX = "/api/";

export interface WebAclArgs {
  /** Name prefix for metric names, e.g. the app name. */
  app: string;
  /**
   * Requests one client IP may make in any 5 minutes; above it WAF blocks the IP until its
   * rate falls below the limit again.
   */
  rateLimitPer5Minutes: number;
}

/** The type token this component had before (`storefront:edge:EdgeWebAcl`). */
const FORMER_TYPE = "storefront:edge:EdgeWebAcl";

/**
 * The distribution's web ACL (scope CLOUDFRONT): AWS managed rules for IP reputation, common
 * exploits (OWASP; two rules that block ordinary shop traffic only count, see
 * `COUNTED_COMMON_RULES`) and known bad inputs, then a per-IP rate limit on the API.
 * Everything else is allowed. CloudWatch metrics and sampled requests are on for the ACL and every rule, so a
 * false positive can be traced to its rule.
 *
 * CLOUDFRONT-scope ACLs exist only in us-east-1: this component must be created through a
 * us-east-1 provider (the stack hands it one).
 *
 * Cost: $5/month for the ACL plus $1/month per rule (4 rules: $9/month), and $0.60 per
 * million requests. These AWS managed groups carry no subscription fee; together they use
 * about 930 of the 1,500 capacity units included in the price.
 */
export class WebAcl extends pulumi.ComponentResource {
  /** The ACL's ARN: a distribution's `webAclId` takes the ARN for WAFv2 ACLs. */
  readonly arn: pulumi.Output<string>;
  readonly id: pulumi.Output<string>;

  constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
    // Named EdgeWebAcl until the type tokens followed the class names: the alias keeps the
    // web ACL's URN (its children follow their parent's alias).
    super("storefront:edge:WebAcl", name, {}, pulumi.mergeOptions(opts, { aliases: [{ type: FORMER_TYPE }] }));
    const limit = args.rateLimitPer5Minutes;
    if (!Number.isInteger(limit) || limit < RATE_LIMIT.min || limit > RATE_LIMIT.max) {
      throw new Error(
        `WebAcl ${name}: rateLimitPer5Minutes must be a whole number from ${RATE_LIMIT.min} to ${RATE_LIMIT.max}, got ${limit}`,
      );
    }
    const visibility = (metric: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName: `${args.app}-edge-${metric}`,
      sampledRequestsEnabled: true,
    });

    const managed: aws.types.input.wafv2.WebAclRule[] = MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group,
      // Priorities leave room to insert rules between these without renumbering.
      priority: (i + 1) * 10,
      // "none" keeps each group's own actions (block); "count" would only observe.
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name: group,
          ...(group === "AWSManagedRulesCommonRuleSet"
            ? { ruleActionOverrides: COUNTED_COMMON_RULES.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(group),
    }));
    const rate: aws.types.input.wafv2.WebAclRule = {
      name: RATE_RULE_NAME,
      // After the reputation list, before the payload inspection of the other groups.
      priority: 15,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit,
          aggregateKeyType: "IP",
          evaluationWindowSec: 300,
          scopeDownStatement: {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: "STARTS_WITH",
              searchString: RATE_LIMITED_PATH_PREFIX,
              textTransformations: [{ priority: 0, type: "NONE" }],
            },
          },
        },
      },
      visibilityConfig: visibility(RATE_RULE_NAME),
    };

    const acl = new aws.wafv2.WebAcl(
      `${name}`,
      {
        description: `${args.app} edge: AWS managed rules and a per-IP rate limit`,
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        rules: [managed[0], rate, ...managed.slice(1)],
        visibilityConfig: visibility("acl"),
      },
      { parent: this },
    );
    this.arn = acl.arn;
    this.id = acl.id;
    this.registerOutputs({ arn: this.arn });
  }
}
