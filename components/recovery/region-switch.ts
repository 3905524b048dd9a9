import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkRegion } from "../../config/shared";
import { PlanPairing, planPairings } from "../../recovery/plan-coverage";
import { RECOVERY_TIME_AIM_SECONDS } from "../../recovery/recovery-time";
import {
  TakeoverCapacity,
  takeoverCapacity,
  UNGRACEFUL_MINIMUM_SUCCESS_PERCENT,
  WebCapacity,
} from "../../recovery/takeover-capacity";
import { approvalPolicy, executionPolicy } from "./execution-policy";
import { WriterRecord } from "./writer-record";

/** ARC's service principal: the plans' execution roles trust it. */
export const REGION_SWITCH_PRINCIPAL = "arc-region-switch.amazonaws.com";

/** One cell as the plans see it (from its stack outputs). */
export interface RegionSwitchCell extends WebCapacity {
  /** Whether the cell holds the Aurora writer. */
  isPrimary: boolean;
  /** The cell's load balancer DNS name and its hosted zone (the writer record's alias target). */
  albDnsName: pulumi.Input<string>;
  albZoneId: pulumi.Input<string>;
  /** The cell's ECS cluster ARN. */
  clusterArn: pulumi.Input<string>;
  /** The cell's web service ARN. */
  webServiceArn: pulumi.Input<string>;
  /** The cell's Aurora cluster ARN (a member of the global database). */
  databaseClusterArn: pulumi.Input<string>;
}

export interface RegionSwitchArgs {
  /** Short app name: prefixes the plans' names. */
  app: string;
  /** The writer host name, `writer.<domain>` (`writerHostName`). */
  writerHostName: string;
  /** Hosted zone of the domain. */
  hostedZoneId: string;
  /** Every cell, the primary first. */
  cells: RegionSwitchCell[];
  /** The Aurora global cluster's identifier (the home cell's `globalClusterIdentifier` output). */
  globalClusterIdentifier: pulumi.Input<string>;
  /** The account the fleet runs in, for ARNs. */
  accountId: pulumi.Input<string>;
  /**
   * Minutes an execution waits at the approval step before it fails.
   * @default 60
   */
  approvalTimeoutMinutes?: number;
  /**
   * Minutes each automated step may take before the execution stops on it.
   * @default 30
   */
  stepTimeoutMinutes?: number;
}

/** A plan as the stack exports it. */
export interface RegionSwitchPlanInfo {
  name: string;
  arn: pulumi.Output<string>;
  /** The plan's primary region (the writer now), then the region it can hand writes to. */
  regions: string[];
  /** The web capacity each of its two moves needs, against the survivor's ceiling. */
  takeovers: TakeoverCapacity[];
}

/**
 * Amazon ARC Region switch plans for the fleet and the writer record they steer. One plan per
 * secondary cell, pairing it with the primary (`planPairings`): a plan spans two regions, and
 * only the region holding the writer can hand it over. Each plan has an `activate` workflow
 * per region: approval, ECS capacity increase in the region taking over (`takeoverCapacity`),
 * the Aurora global database switchover (failover when run ungracefully), then the Route 53
 * health checks that move `writer.<domain>`.
 *
 * Each plan has its own execution role, allowed only the actions its blocks need on its two
 * regions' resources; one approver role may approve steps of these plans and nothing else.
 *
 * Cost: ARC bills each Region switch plan per month (AWS's ARC pricing page); the roles are
 * free; the writer record's calculated health check $0.50/month.
 */
export class RegionSwitch extends pulumi.ComponentResource {
  readonly plans: RegionSwitchPlanInfo[];
  /** The role an on-call engineer assumes to approve a plan's execution. */
  readonly approverRoleArn: pulumi.Output<string>;

  constructor(name: string, args: RegionSwitchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:recovery:RegionSwitch", name, {}, opts);
    checkArgs(name, args);
    const approvalTimeoutMinutes = args.approvalTimeoutMinutes ?? 60;
    const stepTimeoutMinutes = args.stepTimeoutMinutes ?? 30;
    const byRegion = new Map(args.cells.map((cell) => [cell.region, cell]));
    const pairings = planPairings(args.app, args.cells);

    // Approvers are people of this account: its principals may assume the role where their
    // own policies let them.
    const approver = new aws.iam.Role(
      `${name}-approver`,
      {
        description: "Approves the manual step of the shop's Region switch plans",
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      },
      { parent: this },
    );

    this.plans = pairings
      .map((pairing) => {
        const primary = byRegion.get(pairing.primary)!;
        const secondary = byRegion.get(pairing.secondary)!;
        const role = new aws.iam.Role(
          `${name}-${pairing.secondary}-execution`,
          {
            description: `Runs Region switch plan ${pairing.name} (${pairing.primary} and ${pairing.secondary})`,
            assumeRolePolicy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Principal: { Service: REGION_SWITCH_PRINCIPAL }, Action: "sts:AssumeRole" },
              ],
            }),
          },
          { parent: this },
        );
        const plan = new aws.arcregionswitch.Plan(
          `${name}-${pairing.secondary}`,
          {
            name: pairing.name,
            description: `Moves writes between ${pairing.primary} and ${pairing.secondary}`,
            regions: [pairing.primary, pairing.secondary],
            primaryRegion: pairing.primary,
            recoveryApproach: "activePassive",
            recoveryTimeObjectiveMinutes: RECOVERY_TIME_AIM_SECONDS / 60,
            executionRole: role.arn,
            workflows: [primary, secondary].map((target) => {
              const source = target === primary ? secondary : primary;
              return activateWorkflow(args, pairing, target, source, approver.arn, {
                approvalTimeoutMinutes,
                stepTimeoutMinutes,
              });
            }),
          },
          { parent: this },
        );
        new aws.iam.RolePolicy(
          `${name}-${pairing.secondary}-execution`,
          {
            role: role.name,
            policy: pulumi
              .all([
                args.accountId,
                args.globalClusterIdentifier,
                primary.databaseClusterArn,
                secondary.databaseClusterArn,
                primary.clusterArn,
                secondary.clusterArn,
                primary.webServiceArn,
                secondary.webServiceArn,
                plan.arn,
                role.arn,
              ])
              .apply(([account, globalId, db1, db2, ecs1, ecs2, svc1, svc2, planArn, roleArn]) =>
                JSON.stringify(
                  executionPolicy({
                    globalClusterArn: `arn:aws:rds::${account}:global-cluster:${globalId}`,
                    databaseClusterArns: [db1, db2],
                    ecsClusterArns: [ecs1, ecs2],
                    ecsServiceArns: [svc1, svc2],
                    hostedZoneId: args.hostedZoneId,
                    planArn,
                    executionRoleArn: roleArn,
                  }),
                ),
              ),
          },
          { parent: this },
        );
        return {
          pairing,
          plan,
          takeovers: [takeoverCapacity(secondary, primary), takeoverCapacity(primary, secondary)],
        };
      })
      .map(({ pairing, plan, takeovers }) => ({
        name: pairing.name,
        arn: plan.arn,
        regions: [pairing.primary, pairing.secondary],
        takeovers,
      }));

    if (this.plans.length > 0) {
      new aws.iam.RolePolicy(
        `${name}-approver`,
        {
          role: approver.name,
          policy: pulumi.all(this.plans.map((p) => p.arn)).apply((arns) => JSON.stringify(approvalPolicy(arns))),
        },
        { parent: this },
      );
    }

    // The health checks each plan's Route 53 step created for the writer record, per region.
    // ARC allocates them asynchronously after it creates a plan; when a lookup finds none yet
    // the deploy stops here rather than leave the writer record unsteered (a record without
    // the plans' checks would keep writes on the primary whatever a plan does): rerun
    // `pulumi up` for `global` (docs/region-switch.md, "The writer record").
    const checks = this.plans.map(
      (plan) => aws.arcregionswitch.getRoute53HealthChecksOutput({ planArn: plan.arn }, { parent: this }).healthChecks,
    );
    const checkFor = (planIndex: number, region: string): pulumi.Output<string> =>
      checks[planIndex].apply((list) => {
        const found = list.find((c) => c.region === region && c.recordName === args.writerHostName);
        if (!found)
          throw new Error(
            `Region switch plan ${this.plans[planIndex].name} has no health check for ${region} yet ` +
              `(ARC creates them shortly after the plan): rerun \`pulumi up\` for this stack in a minute`,
          );
        return found.healthCheckId;
      });
    new WriterRecord(
      `${name}-writer`,
      {
        hostName: args.writerHostName,
        hostedZoneId: args.hostedZoneId,
        cells: args.cells.map((cell) => ({
          region: cell.region,
          isPrimary: cell.isPrimary,
          albDnsName: cell.albDnsName,
          albZoneId: cell.albZoneId,
          healthCheckIds: this.plans.flatMap((plan, i) =>
            plan.regions.includes(cell.region) ? [checkFor(i, cell.region)] : [],
          ),
        })),
      },
      { parent: this },
    );

    this.approverRoleArn = approver.arn;
    this.registerOutputs({ plans: this.plans, approverRoleArn: this.approverRoleArn });
  }
}

/**
 * The workflow that activates `target`, taking over from `source`: approval first (a person
 * decides a region is lost), then capacity where the traffic lands, then the database, and
 * the writer record last, so writes move only once the new writer can take them.
 */
function activateWorkflow(
  args: RegionSwitchArgs,
  pairing: PlanPairing,
  target: RegionSwitchCell,
  source: RegionSwitchCell,
  approvalRole: pulumi.Input<string>,
  timeouts: { approvalTimeoutMinutes: number; stepTimeoutMinutes: number },
): aws.types.input.arcregionswitch.PlanWorkflow {
  const capacity = takeoverCapacity(target, source);
  return {
    workflowTargetAction: "activate",
    workflowTargetRegion: target.region,
    workflowDescription: `Writes move to ${target.region}`,
    steps: [
      {
        name: "approve",
        description: `An on-call engineer confirms the move to ${target.region}`,
        executionBlockType: "ManualApproval",
        executionApprovalConfigs: [{ approvalRole, timeoutMinutes: timeouts.approvalTimeoutMinutes }],
      },
      {
        name: "scale-web",
        description: `${target.region} web service to ${capacity.targetPercent}% of ${source.region}'s tasks (${capacity.requiredTasks} tasks)`,
        executionBlockType: "ECSServiceScaling",
        ecsCapacityIncreaseConfigs: [
          {
            services: [pairing.primary, pairing.secondary].map((region) => {
              const cell = region === target.region ? target : source;
              return { clusterArn: cell.clusterArn, serviceArn: cell.webServiceArn };
            }),
            targetPercent: capacity.targetPercent,
            capacityMonitoringApproach: "sampledMaxInLast24Hours",
            ungraceful: { minimumSuccessPercentage: UNGRACEFUL_MINIMUM_SUCCESS_PERCENT },
            timeoutMinutes: timeouts.stepTimeoutMinutes,
          },
        ],
      },
      {
        name: "move-database",
        description: `Aurora global database writer to ${target.region}: switchover, failover when ungraceful`,
        executionBlockType: "AuroraGlobalDatabase",
        globalAuroraConfigs: [
          {
            behavior: "switchoverOnly",
            ungracefuls: [{ ungraceful: "failover" }],
            globalClusterIdentifier: args.globalClusterIdentifier,
            databaseClusterArns: [pairing.primary, pairing.secondary].map((region) =>
              region === target.region ? target.databaseClusterArn : source.databaseClusterArn,
            ),
            timeoutMinutes: timeouts.stepTimeoutMinutes,
          },
        ],
      },
      {
        name: "move-writer-record",
        description: `${args.writerHostName} answers with ${target.region}`,
        executionBlockType: "Route53HealthCheck",
        route53HealthCheckConfigs: [
          {
            hostedZoneId: args.hostedZoneId,
            recordName: args.writerHostName,
            recordSets: [pairing.primary, pairing.secondary].map((region) => ({ recordSetIdentifier: region, region })),
            timeoutMinutes: timeouts.stepTimeoutMinutes,
          },
        ],
      },
    ],
  };
}

/** Guard clauses: each names the argument, the value and what is allowed. */
function checkArgs(name: string, args: RegionSwitchArgs): void {
  const fail = (message: string): never => {
    throw new Error(`RegionSwitch ${name}: ${message}`);
  };
  const regions = args.cells.map((cell) => cell.region);
  const badRegion = regions.find((region) => checkRegion(region) !== undefined);
  if (badRegion !== undefined) fail(`cells has a region that is not an AWS region: ${JSON.stringify(badRegion)}`);
  if (new Set(regions).size !== regions.length) fail(`cells repeats a region: ${regions.join(", ")}`);
  if (!args.writerHostName.startsWith("writer."))
    fail(`writerHostName "${args.writerHostName}" must be writer.<domain>`);
  for (const [key, value] of [
    ["approvalTimeoutMinutes", args.approvalTimeoutMinutes],
    ["stepTimeoutMinutes", args.stepTimeoutMinutes],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      fail(`${key} must be a whole number of minutes, at least 1, got ${value}`);
  }
}
