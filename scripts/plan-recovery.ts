/**
 * The plan's rows for the Region switch plans the global stack registered: each plan's
 * regions and blocks, the writer record, and the recovery time and data-loss window of a
 * planned and an unplanned move (recovery/recovery-time.ts).
 */
import { RegionSwitchPlanInfo } from "../components/recovery/region-switch";
import { StackEvaluation } from "../offline/evaluate";
import { formatDuration, RECOVERY_TIME_AIM_SECONDS, recoveryTime } from "../recovery/recovery-time";
import { row } from "./plan-format";

export function describeRegionSwitch(evaluation: StackEvaluation): string[] {
  const { cloud } = evaluation;
  const plans = cloud.ofType("aws:arcregionswitch/plan:Plan");
  const writer = cloud
    .ofType("aws:route53/record:Record")
    .filter((r) => r.parentType === "storefront:recovery:WriterRecord");
  const writerRows = writer.map((record) =>
    row(
      `  ${record.inputs.setIdentifier}`,
      `weight ${record.inputs.weightedRoutingPolicies[0].weight} -> ${record.inputs.aliases[0].name}; health check ${record.inputs.healthCheckId ?? "none"}`,
    ),
  );
  if (plans.length === 0) {
    return [row("region switch", "no plan (one cell: nowhere to move writes)"), ...writerRows];
  }
  const planned = recoveryTime("planned");
  const unplanned = recoveryTime("unplanned");
  const figure = (estimate: typeof planned) =>
    `${formatDuration(estimate.totalSeconds)} (${estimate.steps.map((s) => `${s.name} ${formatDuration(s.seconds)}`).join(" + ")}), ` +
    `data-loss window ${formatDuration(estimate.dataLossSeconds)}`;
  return [
    row(
      "region switch",
      `${plans.length} plan(s), one per secondary cell paired with the primary; approval time excluded`,
    ),
    ...plans.flatMap((plan) => [
      row(
        `  ${plan.inputs.name}`,
        `${plan.inputs.regions.join(" + ")}, ${plan.inputs.recoveryApproach}, RTO ${plan.inputs.recoveryTimeObjectiveMinutes} min`,
      ),
      ...plan.inputs.workflows.map((workflow: any) =>
        row(
          `    -> ${workflow.workflowTargetRegion}`,
          workflow.steps
            .map((step: any) =>
              step.executionBlockType === "ECSServiceScaling"
                ? `${step.executionBlockType} ${step.ecsCapacityIncreaseConfigs[0].targetPercent}%`
                : step.executionBlockType,
            )
            .join(", "),
        ),
      ),
    ]),
    ...((evaluation.outputs.regionSwitchPlans ?? []) as RegionSwitchPlanInfo[]).flatMap((plan) =>
      plan.takeovers.map((t) =>
        row(
          `  ${t.survivor} takes ${t.lost}`,
          `${t.requiredTasks} web tasks needed, ceiling ${t.ceiling} (web.maxTasks): ${t.fits ? "fits" : `DOES NOT FIT: raise web.maxTasks in ${t.survivor}`}`,
        ),
      ),
    ),
    row("  planned", figure(planned)),
    row(
      "  unplanned",
      `${figure(unplanned)}; aim ${formatDuration(RECOVERY_TIME_AIM_SECONDS)}${unplanned.totalSeconds <= RECOVERY_TIME_AIM_SECONDS ? " met" : " MISSED"}`,
    ),
    row(
      "writer",
      `${writer[0]?.inputs.name}: weighted alias (A) per cell, the primary weighted, Region switch health checks`,
    ),
    ...writerRows,
  ];
}
