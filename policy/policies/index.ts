/**
 * Every guardrail of the pack, by service area, and the same policies in the form a
 * PolicyPack takes. Pure data and functions: importing this module starts nothing, so the
 * specs call exactly what the pack serves.
 */
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { cloudfrontPolicies } from "./cloudfront";
import { dnsPolicies } from "./dns";
import { ec2Policies } from "./ec2";
import { ecsPolicies } from "./ecs";
import { elasticachePolicies } from "./elasticache";
import { elbPolicies } from "./elb";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import { logPolicies } from "./logs";
import { mqPolicies } from "./mq";
import { protectionPolicies } from "./protection";
import { rdsPolicies } from "./rds";
import { s3Policies } from "./s3";
import { secretPolicies } from "./secrets";
import { Guardrail, isStackGuardrail } from "./types";
import { wafPolicies } from "./waf";

export * from "./types";

/** The pack's name, as `pulumi` prints it next to a violation. */
export const PACK_NAME = "storefront-guardrails";

export const guardrails: Guardrail[] = [
  ...rdsPolicies,
  ...elasticachePolicies,
  ...mqPolicies,
  ...elbPolicies,
  ...ecsPolicies,
  ...s3Policies,
  ...cloudfrontPolicies,
  ...wafPolicies,
  ...kmsPolicies,
  ...iamPolicies,
  ...ec2Policies,
  ...logPolicies,
  ...secretPolicies,
  ...dnsPolicies,
  ...protectionPolicies,
];

/**
 * The guardrails as @pulumi/policy policies: the control ids become the policy's tags and
 * lead its description; a resource check only sees its resource types.
 */
export function packPolicies(policies: Guardrail[] = guardrails): Policies {
  return policies.map((policy): ResourceValidationPolicy | StackValidationPolicy => {
    const common = {
      name: policy.name,
      description: `[${policy.controls.join(", ")}] ${policy.description}`,
      enforcementLevel: policy.enforcementLevel,
      tags: policy.controls,
      ...(policy.configSchema ? { configSchema: policy.configSchema } : {}),
    };
    if (isStackGuardrail(policy))
      return { ...common, validateStack: (args, report) => policy.validateStack(args, report) };
    return {
      ...common,
      validateResource: (args, report) => {
        if (policy.resourceTypes.includes(args.type)) policy.validateResource(args, report);
      },
    };
  });
}
