/**
 * The plan's section for a cell stack: what an operator checks before a deployment (network,
 * web capacity and its schedule in local time and UTC, the data tier's role and windows,
 * the background work), read from the cell's config and the resources the program
 * registered.
 */
import { utcTimeOf } from "../capacity/schedule";
import { describeAutoshift, describeZones } from "./plan-zones";
import { CellConfig } from "../config/cell";
import { StackEvaluation } from "../offline/evaluate";
import { sizingRows } from "./plan-capacity";
import { outputRows, resourceRows, row, SectionOptions } from "./plan-format";
import { jobsRunningHere, runsHere } from "../config/job-placement";
import { jobPlacement } from "./plan-writes";

/** Dates the UTC times are shown for: one in northern winter, one in northern summer. */
const WINTER = new Date("2026-01-15T00:00:00Z");
const SUMMER = new Date("2026-07-15T00:00:00Z");

/**
 * A cell's roles as the plan heads its section: `home` (created the global database and
 * owns the shared secrets; never moves) or `joiner`, and `primary` where the Aurora writer is
 * (moves with a switchover or failover).
 */
export function cellRoleLabel(config: Pick<CellConfig, "isHome" | "isPrimary">): string {
  return `${config.isHome ? "home" : "joiner"} cell${config.isPrimary ? ", primary" : ""}`;
}

/** A cell stack's section: its network, web capacity and schedule, data tier, background work and outputs. */
export function describeStack(config: CellConfig, evaluation: StackEvaluation, options: SectionOptions): string {
  const { web } = config;
  const zones: string[] = evaluation.outputs.availabilityZones;
  const zoneIds: string[] = evaluation.outputs.availabilityZoneIds;
  const vpc = evaluation.cloud.one("awsx:ec2:Vpc").inputs;
  const tiers = vpc.subnetSpecs
    .map((spec: { name: string; cidrBlocks: string[] }) => `${spec.name} ${spec.cidrBlocks.join(" ")}`)
    .join("\n" + " ".repeat(18));
  const lines = [
    "",
    `== ${config.stack} (${cellRoleLabel(config)}) ${"=".repeat(60 - config.stack.length)}`,
    row("region", config.region),
    ...describeZones(config, zones, zoneIds),
    row("VPC", config.cidr),
    row("subnets", tiers),
    row(
      "egress",
      `NAT ${config.natStrategy}; interface endpoints ${config.interfaceEndpoints ? "on" : "off"}; S3 gateway endpoint`,
    ),
    row("origin", `${evaluation.outputs.originHostName} (only CloudFront, with the origin-verify header)`),
    row("web task", `${web.cpu / 1024} vCPU / ${web.memory} MiB ARM64, port ${web.port}, ${web.image}`),
    row(
      "web capacity",
      `floor ${web.minTasks}, peak floor ${web.peakMinTasks}, ceiling ${web.maxTasks}; Spot ${web.spotPercent}% above the floor`,
    ),
    ...sizingRows(config),
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
    ...describeAutoshift(config),
    ...describeDataTier(config, evaluation),
    ...describeBackground(config),
    ...resourceRows(evaluation.cloud.resources, options),
    ...outputRows(evaluation.outputs, evaluation.secretOutputNames),
  ];
  return lines.join("\n");
}

/** The data tier's key settings: what an operator checks before a forty-minute deployment. */
function describeDataTier(config: CellConfig, evaluation: StackEvaluation): string[] {
  const { database, cache, broker, objectStore, windows, quietTime } = config.data;
  const outputs = evaluation.outputs;
  const membership = config.isHome
    ? `home: creates global cluster ${outputs.globalClusterIdentifier}`
    : "joiner: joins the home's global cluster, no credentials of its own";
  const writer = config.isPrimary
    ? "primary: tasks write to the cluster endpoint"
    : database.writeForwarding
      ? "not the primary: tasks write through global write forwarding"
      : "not the primary: the edge sends writes to the primary; write forwarding off";
  const role = `${membership}; ${writer}`;
  const secret = config.isHome
    ? `master secret generated once, replicated to ${database.replicaRegions.join(", ") || "(no region)"}; origin secret slots a and b, slot ${config.originSecret.activeSlot} sent by the edge`
    : `master secret: the home's replica in ${config.region}`;
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
    row(
      "jobs",
      jobs.length === 0
        ? "(none)"
        : `${jobsRunningHere(jobs, config.isPrimary).length} of ${jobs.length} run here (all are built, the others' schedules disabled), EventBridge Scheduler, dead letters to SQS`,
    ),
    ...jobs.map((job) =>
      row(
        `  ${job.name}`,
        `${jobPlacement(job, config.isPrimary)}; ${job.enabled ? "" : "DISABLED, "}${job.schedule} ${job.timeZone}, ${job.cpu / 1024} vCPU / ${job.memory} MiB, retries ${job.retries}, ` +
          `${job.externalSystems.length > 0 ? `systems ${job.externalSystems.join(", ")}, ` : ""}` +
          (job.alarmAfterMinutes && job.enabled && runsHere(job.runIn, config.isPrimary)
            ? `alarm after ${job.alarmAfterMinutes} min without success`
            : "no success alarm here"),
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
