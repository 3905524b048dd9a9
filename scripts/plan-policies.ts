/**
 * `npm run plan -- --policies`: the policy pack's findings on each stack, printed after the
 * stack's plan, as `pulumi preview --policy-pack policy` would report them. Mandatory
 * findings make the plan exit 1, so they are seen before anyone deploys.
 */
import { PolicyFinding } from "../offline/policy-harness";
import { PACK_NAME } from "../policy/policies";

/** The findings that would stop a deployment: mandatory ones, and any a value unknown offline kept from deciding. */
export function blockingFindings(findings: PolicyFinding[]): PolicyFinding[] {
  return findings.filter((f) => f.level === "mandatory" || f.unknown);
}

/** The findings of one stack as text, mandatory first, each with the resource it is about. */
export function describePolicyFindings(stack: string, findings: PolicyFinding[]): string {
  const mandatory = blockingFindings(findings);
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
