/** IAM policies: no administrator grants, no whole-service wildcards. */
import { jsonDocument, list, T } from "./props";
import { GuardrailResourcePolicy } from "./types";

/** AWS managed policies that grant everything, or everything but IAM. */
export const ADMIN_POLICY_ARNS = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
];

/** What is too broad in one policy document, as messages. */
export function broadGrants(document: unknown, where: string): string[] {
  const problems: string[] = [];
  for (const statement of list(jsonDocument(document)?.Statement)) {
    if (statement.Effect !== "Allow") continue;
    const sid = statement.Sid ? ` (${statement.Sid})` : "";
    if (statement.NotAction !== undefined) problems.push(`${where}${sid} allows NotAction: list the actions instead`);
    const actions = list<string>(statement.Action);
    const resources = list<string>(statement.Resource);
    if (actions.includes("*") && resources.includes("*")) {
      problems.push(`${where}${sid} allows "*" on "*": grant the actions and resources the workload needs`);
    }
    for (const action of actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a))) {
      problems.push(`${where}${sid} allows every ${action.split(":")[0]} action (${action}): list the actions`);
    }
  }
  return problems;
}

/** Inputs that attach managed policies by ARN, by resource type: one ARN or a list of them. */
const ATTACHED_ARNS: Readonly<Record<string, string>> = {
  [T.iamRole]: "managedPolicyArns",
  [T.iamRolePolicyAttachment]: "policyArn",
  [T.iamUserPolicyAttachment]: "policyArn",
  [T.iamGroupPolicyAttachment]: "policyArn",
  [T.iamPolicyAttachment]: "policyArn",
  [T.iamRoleManagedPolicies]: "policyArns",
};

/** The administrator policies among the ARNs an input attaches, as messages. */
function adminAttachments(arns: unknown, input: string): string[] {
  return list<string>(arns as string | string[])
    .filter((arn) => ADMIN_POLICY_ARNS.includes(arn))
    .map((arn) => `${input} attaches ${arn}: attach a policy with the actions the workload needs`);
}

export const noBroadIamGrants: GuardrailResourcePolicy = {
  name: "iam-no-wildcard-grants",
  description:
    'IAM policies grant named actions: no "*" action on "*" resource, no "service:*", no Allow with NotAction, no AdministratorAccess/PowerUserAccess attachment. List the actions the workload needs.',
  controls: ["IAM.1", "IAM.21", "AS-IAM5"],
  enforcementLevel: "mandatory",
  missing: "a role without inline or managed policies has nothing to check: passes.",
  resourceTypes: [T.iamPolicy, T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy, ...Object.keys(ATTACHED_ARNS)],
  validateResource({ type, props }, report) {
    const problems: string[] = [];
    if (type === T.iamRole) {
      for (const inline of list(props.inlinePolicies)) {
        problems.push(...broadGrants(inline.policy, `inline policy ${inline.name}`));
      }
    }
    const arnInput = ATTACHED_ARNS[type];
    if (arnInput) problems.push(...adminAttachments(props[arnInput], arnInput));
    else problems.push(...broadGrants(props.policy, "the policy"));
    for (const problem of problems) report(problem);
  },
};

export const iamPolicies = [noBroadIamGrants];
