/**
 * The permissions a Region switch plan's execution role needs for the plan's blocks, on the
 * plan's own resources: the baseline every plan needs (docs/aws-behaviours.md #42) and the
 * statements of the ARC Developer Guide's per-block sample policies (docs/aws-behaviours.md
 * #26), with the describe calls scoped to the fleet's ARNs where IAM allows it. The manual
 * approval is the approver's action, not the plan's, so the execution role has none. Pure,
 * so least privilege is tested without Pulumi.
 */

/** The ARNs one plan acts on, all resolved. */
export interface PlanResources {
  /** `arn:aws:rds::<account>:global-cluster:<id>`. */
  globalClusterArn: string;
  /** The Aurora cluster of each of the plan's two regions. */
  databaseClusterArns: string[];
  /** The ECS cluster of each region. */
  ecsClusterArns: string[];
  /** The web service of each region. */
  ecsServiceArns: string[];
  /** The hosted zone holding the writer record. */
  hostedZoneId: string;
  /** The plan itself: ARC reads it and its executions with the execution role. */
  planArn: string;
  /** The execution role itself: plan evaluation simulates its policy. */
  executionRoleArn: string;
}

/**
 * Actions IAM cannot scope to a resource (the Service Authorization Reference lists no
 * resource type for them, or, for `RegisterScalableTarget`, only a scalable-target ARN that
 * carries an id AWS assigns): these, and only these, are granted on `*`.
 */
export const UNSCOPED_ACTIONS = [
  "ecs:ListServices",
  "application-autoscaling:DescribeScalableTargets",
  "application-autoscaling:RegisterScalableTarget",
  "cloudwatch:GetMetricStatistics",
] as const;

export interface PolicyStatement {
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** The execution role's policy for one plan. */
export function executionPolicy(resources: PlanResources): PolicyDocument {
  const aurora = [resources.globalClusterArn, ...resources.databaseClusterArns];
  return {
    Version: "2012-10-17",
    Statement: [
      // Baseline of every plan: evaluation simulates the role's own policy, and a run reads
      // the plan and its executions.
      { Effect: "Allow", Action: ["iam:SimulatePrincipalPolicy"], Resource: [resources.executionRoleArn] },
      {
        Effect: "Allow",
        Action: [
          "arc-region-switch:GetPlan",
          "arc-region-switch:GetPlanExecution",
          "arc-region-switch:ListPlanExecutions",
        ],
        Resource: [resources.planArn],
      },
      // Aurora global database block: switchover (graceful) and failover (ungraceful).
      { Effect: "Allow", Action: ["rds:DescribeGlobalClusters", "rds:DescribeDBClusters"], Resource: aurora },
      { Effect: "Allow", Action: ["rds:FailoverGlobalCluster", "rds:SwitchoverGlobalCluster"], Resource: aurora },
      // ECS service scaling block.
      { Effect: "Allow", Action: ["ecs:DescribeServices", "ecs:UpdateService"], Resource: resources.ecsServiceArns },
      { Effect: "Allow", Action: ["ecs:DescribeClusters"], Resource: resources.ecsClusterArns },
      { Effect: "Allow", Action: [...UNSCOPED_ACTIONS], Resource: "*" },
      // Route 53 health check block: it reads the writer record's record sets.
      {
        Effect: "Allow",
        Action: ["route53:ListResourceRecordSets"],
        Resource: [`arn:aws:route53:::hostedzone/${resources.hostedZoneId}`],
      },
    ],
  };
}

/** The approvers' policy: approve a step of these plans and nothing else. */
export function approvalPolicy(planArns: string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["arc-region-switch:ApprovePlanExecutionStep"], Resource: planArns }],
  };
}
