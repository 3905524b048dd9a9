import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { budgetName, stackTagFilter } from "../../config/budget";

/** Notifications of a stack's budget: spend already past 80%, or forecast past 100%, of the limit. */
export const BUDGET_NOTIFICATIONS = [
  { notificationType: "ACTUAL", threshold: 80 },
  { notificationType: "FORECASTED", threshold: 100 },
] as const;

export interface StackBudgetArgs {
  /** Short app name: the budget is `<app>-<stack>-monthly`. */
  app: string;
  /** The stack whose `stack` cost-allocation tag the budget follows. */
  stack: string;
  /** Monthly limit, whole USD (cost/budget-limit.ts). */
  limitUsd: number;
  /**
   * SNS topic the notifications go to. Its policy must let `budgets.amazonaws.com` publish
   * (AlarmTopic's does), and an encrypted topic's key must let Budgets use it (CellKey's does).
   */
  topicArn: pulumi.Input<string>;
}

/**
 * A monthly COST budget over the resources tagged `stack=<stack>` (every resource gets the
 * tag from its provider's default tags), with a limit from the estimate plus a margin: an
 * e-mail-free guardrail that pages the stack's alarm topic when spend runs past 80% of the
 * limit or is forecast past it. Budgets see a tag only once it is activated as a
 * cost-allocation tag (docs/cost.md, "The budget of each stack").
 *
 * Cost: the first two action-free budgets of an account are free, then $0.02 a day each.
 */
export class StackBudget extends pulumi.ComponentResource {
  readonly budgetName: string;

  constructor(name: string, args: StackBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:StackBudget", name, {}, opts);
    if (!Number.isInteger(args.limitUsd) || args.limitUsd < 1) {
      throw new Error(
        `StackBudget ${name}: limitUsd must be a whole number of USD of at least 1, got ${args.limitUsd}`,
      );
    }
    this.budgetName = budgetName(args.app, args.stack);

    new aws.budgets.Budget(
      `${name}`,
      {
        name: this.budgetName,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: String(args.limitUsd),
        limitUnit: "USD",
        costFilters: [{ name: "TagKeyValue", values: [stackTagFilter(args.stack)] }],
        notifications: BUDGET_NOTIFICATIONS.map(({ notificationType, threshold }) => ({
          notificationType,
          threshold,
          thresholdType: "PERCENTAGE",
          comparisonOperator: "GREATER_THAN",
          subscriberSnsTopicArns: [args.topicArn],
        })),
      },
      { parent: this },
    );
    this.registerOutputs({ budgetName: this.budgetName });
  }
}
