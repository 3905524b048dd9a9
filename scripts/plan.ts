/**
 * The offline plan: evaluates every stack file under the mock cloud, in deploy order, and
 * prints what each stack would create, with its key settings. No AWS account, no Pulumi
 * CLI: this is the program's main job on a machine that has neither.
 *
 *   npm run plan                 every stack, in deploy order
 *   npm run plan -- eu-west-1    only the named stacks (their upstream stacks still run)
 *   npm run plan -- --root DIR   the stack files of another checkout (Pulumi.yaml in DIR)
 *   npm run plan -- --policies   also the policy pack's findings per stack (exit 1 on a mandatory one)
 *
 * The global stack (the edge) comes last: it reads every cell's real outputs, as it would
 * through its stack references after the cells are deployed.
 *
 * Exits 1 when a stack's config is invalid (printing every problem), when the cells clash
 * (same region, overlapping CIDRs), when the edge lists a cell stack that has no file, or
 * when the program makes a call the mocks cannot answer.
 */
import { utcTimeOf } from "../capacity/schedule";
import { CellConfig, cellIdentityOf, checkCellFleet, readCellConfig, stackBaseName } from "../config/cell";
import * as path from "node:path";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { GlobalConfig, readGlobalConfig } from "../config/global";
import { ConfigError } from "../config/reader";
import { stackKindOf } from "../config/shared";
import { describeEdge } from "./plan-edge";
import { describeResources, OUTPUT_LABEL_WIDTH, row } from "./plan-format";
import { deployOrder } from "../config/deploy-order";
import { evaluateStack, StackEvaluation } from "../offline/evaluate";
import { printPolicyFindings } from "./plan-policies";

/** Dates the UTC times are shown for: one in northern winter, one in northern summer. */
const WINTER = new Date("2026-01-15T00:00:00Z");
const SUMMER = new Date("2026-07-15T00:00:00Z");

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const rootFlag = args.indexOf("--root");
  const root = rootFlag >= 0 ? path.resolve(args[rootFlag + 1] ?? ".") : PROJECT_ROOT;
  const wanted = args.filter((arg, i) => !arg.startsWith("-") && !(rootFlag >= 0 && i === rootFlag + 1));
  const order = deployOrder(root);
  const unknown = wanted.filter((stack) => !order.includes(stack));
  if (unknown.length > 0) {
    console.error(`No stack file for ${unknown.join(", ")}; stacks are: ${order.join(", ")}`);
    return 1;
  }

  const raws = new Map(order.map((stack) => [stack, loadStackConfig(stack, root)]));
  const configs = new Map<string, CellConfig>();
  const edges = new Map<string, GlobalConfig>();
  const failures: string[] = [];
  for (const stack of order) {
    try {
      const raw = raws.get(stack)!;
      if (stackKindOf(raw) === "global") edges.set(stack, readGlobalConfig(raw, stack));
      else configs.set(stack, readCellConfig(raw, stack));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      failures.push(error.message);
    }
  }
  // Fleet checks compare cells only; the edge's list must name cell stacks that have a file.
  failures.push(...checkCellFleet([...configs.values()].map(cellIdentityOf)));
  for (const edge of edges.values()) {
    for (const cell of edge.cells.filter((name) => !configs.has(stackBaseName(name)))) {
      failures.push(
        `stack "${edge.stack}" lists "${cell}" in storefront:cells, which is not a cell stack file here (cells: ${[...configs.keys()].join(", ")})`,
      );
    }
  }
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    return 1;
  }

  console.log(`Deploy order: ${order.join(" -> ")}`);
  let blocking = 0;
  const done: StackEvaluation[] = [];
  for (const stack of order) {
    // Throws (exit 1) when the program makes a call the mocks cannot answer.
    const evaluation = await evaluateStack(stack, { upstream: done, raw: raws.get(stack) });
    done.push(evaluation);
    if (wanted.length > 0 && !wanted.includes(stack)) continue;
    const edge = edges.get(stack);
    console.log(
      edge ? describeEdge(edge, evaluation, [...configs.keys()]) : describeStack(configs.get(stack)!, evaluation),
    );
    if (args.includes("--policies")) blocking += await printPolicyFindings(evaluation);
  }
  return blocking > 0 ? 1 : 0;
}

function describeStack(config: CellConfig, evaluation: StackEvaluation): string {
  const { web } = config;
  const zones: string[] = evaluation.outputs.availabilityZones;
  const vpc = evaluation.cloud.one("awsx:ec2:Vpc").inputs;
  const tiers = vpc.subnetSpecs
    .map((spec: { name: string; cidrBlocks: string[] }) => `${spec.name} ${spec.cidrBlocks.join(" ")}`)
    .join("\n" + " ".repeat(18));
  const lines = [
    "",
    `== ${config.stack} (${config.isPrimary ? "primary" : "secondary"} cell) ${"=".repeat(60 - config.stack.length)}`,
    row("region", `${config.region}, AZs ${zones.join(", ")}`),
    row("VPC", config.cidr),
    row("subnets", tiers),
    row(
      "egress",
      `NAT ${config.natStrategy}; interface endpoints ${endpointServices(evaluation)}; S3 gateway endpoint`,
    ),
    row("origin", `${evaluation.outputs.originHostName} (only CloudFront, with the origin-verify header)`),
    row("web task", `${web.cpu / 1024} vCPU / ${web.memory} MiB ARM64, port ${web.port}, ${web.image}`),
    row(
      "web capacity",
      `floor ${web.minTasks}, peak floor ${web.peakMinTasks}, ceiling ${web.maxTasks}; Spot ${web.spotPercent}% above the floor`,
    ),
    row("web targets", `${web.requestsPerTarget} requests/task/min, CPU ${web.cpuTargetPercent}%`),
    row(
      "peak",
      `${config.peakWindowText} ${config.timeZone}, floor raised ${config.peakLeadMinutes} min early` +
        " (UTC shown for 15 Jan / 15 Jul)",
    ),
    ...config.webSchedule.map((action) => {
      const [hours, minutes] = action.localTime.split(":").map(Number);
      const minute = hours * 60 + minutes;
      return row(
        `  ${action.role}`,
        `${action.localTime} local = ${utcTimeOf(minute, config.timeZone, WINTER)} / ${utcTimeOf(minute, config.timeZone, SUMMER)} UTC` +
          `  min ${action.minCapacity} max ${action.maxCapacity}  ${action.schedule}`,
      );
    }),
    ...describeDataTier(config, evaluation),
    ...describeBackground(config),
    row("resources", `${evaluation.cloud.resources.length} (by component)`),
    ...describeResources(evaluation.cloud.resources),
    row("outputs", ""),
    ...Object.entries(evaluation.outputs).map(([key, value]) =>
      row(`  ${key}`, key === "originVerifySecret" ? "[secret]" : JSON.stringify(value), OUTPUT_LABEL_WIDTH),
    ),
  ];
  return lines.join("\n");
}

/** The data tier's key settings: what an operator checks before a forty-minute deployment. */
function describeDataTier(config: CellConfig, evaluation: StackEvaluation): string[] {
  const { database, cache, broker, objectStore, windows, quietTime } = config.data;
  const outputs = evaluation.outputs;
  const role = config.isPrimary
    ? `primary: creates global cluster ${outputs.globalClusterIdentifier} and the writer`
    : "secondary: joins the primary's global cluster, no credentials of its own, global write forwarding on";
  const secret = config.isPrimary
    ? `master secret generated once, replicated to ${database.replicaRegions.join(", ") || "(no region)"}`
    : `master secret: the primary's replica in ${config.region}`;
  const brokerWindow = windows.brokerMaintenance;
  const key = evaluation.cloud.one("aws:kms/key:Key");
  const keyAlias = evaluation.cloud.one("aws:kms/alias:Alias");
  return [
    row(
      "key",
      `${keyAlias.inputs.name}, rotation every ${key.inputs.rotationPeriodInDays} days, ${key.inputs.deletionWindowInDays}-day deletion window${key.protect ? ", protected" : ""}`,
    ),
    row("quiet hour", `${quietTime} ${config.timeZone}: backups, then maintenance (one store a night)`),
    row("database", `Aurora PostgreSQL ${database.engineVersion}, ${role}`),
    row(
      "",
      `${database.minReaders + 1} x ${database.instanceClass} over ${config.azCount} AZs, readers ${database.minReaders}..${database.maxReaders} at CPU ${database.readerCpuTargetPercent}%, port ${database.port}`,
    ),
    row(
      "",
      `backups ${database.backupRetentionDays} days at ${windows.databaseBackup} UTC, maintenance ${windows.databaseMaintenance} UTC; ${secret}`,
    ),
    row(
      "cache",
      `Valkey ${cache.engineVersion}, ${cache.nodes} x ${cache.nodeType}, failover multi-AZ, TLS + auth token, snapshots ${cache.snapshotRetentionDays} days at ${windows.cacheSnapshot} UTC, maintenance ${windows.cacheMaintenance} UTC`,
    ),
    row(
      "broker",
      `RabbitMQ ${broker.engineVersion} ${broker.deploymentMode} ${broker.instanceType}, private, maintenance ${brokerWindow.dayOfWeek} ${brokerWindow.timeOfDay} ${brokerWindow.timeZone}`,
    ),
    row(
      "media",
      `${outputs.mediaBucketName}: versioned, SSE-KMS with a bucket key, old versions kept ${objectStore.noncurrentVersionDays} days; CloudFront reads media/ for ${objectStore.edgeDistributionArn ?? "any distribution of this account (name the edge's in storefront:edgeDistributionArn)"}`,
    ),
    row(
      "encryption",
      "database, cache, secrets, media and the database's, cache's and web logs under the cell key; broker at rest and its log: AWS keys",
    ),
  ];
}

/** The worker, the jobs with their schedules, the external systems and where alarms go. */
function describeBackground(config: CellConfig): string[] {
  const { worker, jobs, externalSystems, alarms } = config.background;
  const split =
    worker.onDemandWeight === 0
      ? "all Spot above it"
      : worker.spotWeight === 0
        ? "all on-demand"
        : `on-demand:Spot ${worker.onDemandWeight}:${worker.spotWeight} above it`;
  return [
    row(
      "worker",
      `${worker.cpu / 1024} vCPU / ${worker.memory} MiB ARM64, ${worker.image}${worker.command ? ` ${worker.command.join(" ")}` : ""}`,
    ),
    row(
      "",
      `tasks ${worker.minTasks}..${worker.maxTasks}, ${worker.onDemandBase} on-demand base, ${split}; ${worker.messagesPerTask} ready messages per task; stop timeout ${worker.stopTimeoutSeconds} s`,
    ),
    row("jobs", jobs.length === 0 ? "(none)" : `${jobs.length}, EventBridge Scheduler, dead letters to SQS`),
    ...jobs.map((job) =>
      row(
        `  ${job.name}`,
        `${job.enabled ? "" : "DISABLED, "}${job.schedule} ${job.timeZone}, ${job.cpu / 1024} vCPU / ${job.memory} MiB, retries ${job.retries}, ` +
          `${job.externalSystems.length > 0 ? `systems ${job.externalSystems.join(", ")}, ` : ""}` +
          (job.alarmAfterMinutes && job.enabled
            ? `alarm after ${job.alarmAfterMinutes} min without success`
            : "no success alarm"),
      ),
    ),
    row("external", externalSystems.length === 0 ? "(none)" : `${externalSystems.length} systems, through NAT`),
    ...externalSystems.map((system) =>
      row(`  ${system.name}`, `${system.baseUrl}, secret ${system.secretName} (fill it)`),
    ),
    row(
      "alarms",
      `topic ${config.shared.app}-${config.stack}-alarms${alarms.email ? ` -> ${alarms.email}` : " (no subscription)"}; ` +
        `queue > ${alarms.queueDepthThreshold} for ${alarms.queueDepthMinutes} min, 5xx > ${alarms.error5xxPercent}%`,
    ),
  ];
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

/** The interface endpoints the cell really gets (ECR's only for private ECR images), or "off". */
function endpointServices(evaluation: StackEvaluation): string {
  const services = evaluation.cloud
    .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
    .map((endpoint) => String(endpoint.inputs.serviceName).split(".").slice(3).join("."));
  return services.length > 0 ? services.join(", ") : "off";
}
