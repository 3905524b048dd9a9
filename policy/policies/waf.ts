/** WAF web ACLs: they filter something and report it. */
import { list, T } from "./props";
import { GuardrailResourcePolicy } from "./types";

export const webAclRulesAndMetrics: GuardrailResourcePolicy = {
  name: "waf-rules-and-metrics",
  description:
    "Web ACLs have at least one rule, and the ACL and every rule publish CloudWatch metrics. Add rules; set visibilityConfig.cloudwatchMetricsEnabled: true.",
  controls: ["WAF.10", "WAF.12"],
  enforcementLevel: "mandatory",
  missing: "no rules (and no ruleJson) fires; visibilityConfig is required by the provider.",
  resourceTypes: [T.webAcl],
  validateResource({ props }, report) {
    const rules = list(props.rules);
    if (rules.length === 0 && !props.ruleJson) report("the web ACL has no rules: add at least one");
    if (props.visibilityConfig?.cloudwatchMetricsEnabled !== true) {
      report("the web ACL publishes no metrics: set visibilityConfig.cloudwatchMetricsEnabled: true");
    }
    for (const rule of rules.filter((r: any) => r.visibilityConfig?.cloudwatchMetricsEnabled !== true)) {
      report(`rule ${rule.name} publishes no metrics: set its visibilityConfig.cloudwatchMetricsEnabled: true`);
    }
  },
};

export const wafPolicies = [webAclRulesAndMetrics];
