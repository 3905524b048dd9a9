/**
 * `npm run plan -- --policies`: the policy pack's findings on each stack, printed after the
 * stack's plan, as `pulumi preview --policy-pack policy` would report them. Mandatory
 * findings make the plan exit 1, so they are seen before anyone deploys.
 */
import { StackEvaluation } from "../offline/evaluate";
import { PolicyFinding, stackFindings } from "../offline/policy-harness";
import { PACK_NAME } from "../policy/policies";

/** The findings of one stack as text, mandatory first, each with the resource it is about. */
export function describePolicyFindings(stack: string, findings: PolicyFinding[]): string {
  const mandatory = findings.filter((f) => f.level === "mandatory" || f.unknown);
  const advisory = findings.filter((f) => !mandatory.includes(f));
  const line = (f: PolicyFinding) => {
    const name = f.urn?.split("::").pop() ?? "";
    return `  [${f.level}] ${f.policy}: ${f.message}${name && !f.message.includes(name) ? ` (${name})` : ""}`;
  };
  return [
    `-- policies (${PACK_NAME}) on ${stack}: ${mandatory.length} mandatory, ${advisory.length} advisory`,
    ...mandatory.map(line),
    ...advisory.map(line),
  ].join("\n");
}

/** Prints the pack's findings on an evaluated stack; returns how many would stop a deployment. */
export async function printPolicyFindings(evaluation: StackEvaluation): Promise<number> {
  const findings = await stackFindings(evaluation);
  console.log(describePolicyFindings(evaluation.stack, findings));
  return findings.filter((f) => f.level === "mandatory" || f.unknown).length;
}
