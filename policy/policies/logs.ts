/** CloudWatch log groups: nothing is kept forever by accident. */
import { ofType, T } from "./props";
import { GuardrailStackPolicy } from "./types";

export const logGroupRetention: GuardrailStackPolicy = {
  name: "log-group-retention",
  description: "Every CloudWatch log group has a retention period. Set retentionInDays.",
  controls: ["CloudWatch.16"],
  enforcementLevel: "mandatory",
  missing: "retentionInDays defaults to 0 (never expire): fires.",
  resourceTypes: [T.logGroup],
  validateStack({ resources }, report) {
    for (const group of ofType(resources, T.logGroup)) {
      const days = group.props.retentionInDays ?? 0;
      if (!(days > 0)) report(`log group ${group.name} keeps its logs forever: set retentionInDays`, group.urn);
    }
  },
};

export const logPolicies = [logGroupRetention];
