/**
 * The billable items each stack creates, computed from its config alone (pure): how many NAT
 * gateways, endpoints, instances, nodes, keys and secrets the program registers for that
 * config, and the monthly quantities they bill by. `cellInventory` states the counts the
 * program's resources must match (test/cost-inventory.spec.ts checks them against every
 * evaluated fleet); `cellBill` (here) and `globalBill` (edge-bill.ts) turn counts and the usage
 * assumptions of `assumptions.ts` into priced quantities.
 */
import type { CellConfig } from "../config/cell";
import { FargateMix, spotPercentMix } from "../capacity/fargate-mix";
import { parseScheduleExpression } from "../capacity/schedule-expression";
import { interfaceEndpointServices } from "../components/cell/network";
import { isPrivateEcrImage } from "../components/common/ecr-image";
import { jobsRunningHere } from "../config/job-placement";
import { peakOfDay, pricedDay } from "./task-hours";
import * as assume from "./assumptions";

/** How the compute of a stack is provisioned: the design, or one of the two baselines at its peak. */
export type Scenario = "design" | "static-peak" | "static-peak-x86-on-demand";

export const SCENARIOS: readonly Scenario[] = ["design", "static-peak", "static-peak-x86-on-demand"];

/** One billable quantity of a stack for a month. */
export interface BillLine {
  /** What part of the stack bills it (network, database, web, ...). */
  component: string;
  /** What is billed, in words. */
  item: string;
  /** Region whose prices apply. */
  region: string;
  /** Key of the price in cost/prices.ts. */
  price: string;
  /** Units of the price used in a month. */
  quantity: number;
  /** Share of the listed price paid (Fargate Spot); 1 when the list price applies. */
  factor: number;
  /** Whether the line belongs to a tier the design scales with demand (web, worker, Aurora readers). */
  scaled?: boolean;
}

/** The counts of billable resources the program creates for a cell's config. */
export interface CellInventory {
  natGateways: number;
  /** Interface endpoint services (each has one network interface per AZ). */
  interfaceEndpoints: string[];
  endpointAzs: number;
  /** Aurora instances at the floor: the writer (or the secondary's first reader) plus `minReaders`. */
  auroraInstances: number;
  /** Instances when Aurora Auto Scaling has added every reader it may. */
  auroraInstancesAtCeiling: number;
  auroraInstanceClass: string;
  cacheNodes: number;
  cacheNodeType: string;
  brokerInstances: number;
  brokerInstanceType: string;
  brokerDeploymentMode: string;
  kmsKeys: number;
  /** Secrets Manager secrets the cell creates in its region. */
  secrets: number;
  /** Replicas of those secrets in other regions (billed like secrets). */
  secretReplicas: number;
  /** S3 buckets the cell creates (media and access logs). */
  buckets: number;
}

/** Secrets every cell creates: the cache's auth token and the broker's admin credentials. */
const SECRETS_PER_CELL = 2;

export function cellInventory(cell: CellConfig): CellInventory {
  const { database, cache, broker } = cell.data;
  return {
    natGateways: cell.natStrategy === "OnePerAz" ? cell.azCount : 1,
    interfaceEndpoints: cell.interfaceEndpoints
      ? interfaceEndpointServices(cellImages(cell).some(isPrivateEcrImage))
      : [],
    endpointAzs: cell.azCount,
    auroraInstances: database.minReaders + 1,
    auroraInstancesAtCeiling: database.maxReaders + 1,
    auroraInstanceClass: database.instanceClass,
    cacheNodes: cache.nodes,
    cacheNodeType: cache.nodeType,
    brokerInstances: broker.deploymentMode === "CLUSTER_MULTI_AZ" ? 3 : 1,
    brokerInstanceType: broker.instanceType,
    brokerDeploymentMode: broker.deploymentMode,
    kmsKeys: 1,
    // The home also holds the database master secret, replicated to every other cell's region;
    // it stays there when the primary moves, so a move changes no cell's estimate or budget.
    secrets: cell.background.externalSystems.length + SECRETS_PER_CELL + (cell.isHome ? 1 : 0),
    secretReplicas: cell.isHome ? database.replicaRegions.length : 0,
    buckets: 2,
  };
}

/** Every image the cell's tasks run (as the network decides on ECR endpoints from them). */
function cellImages(cell: CellConfig): string[] {
  const { worker, jobs } = cell.background;
  return [cell.web.image, worker.image, ...jobs.map((job) => job.image)];
}

/** Requests a cell's load balancer serves in a month: the capacity model's demand, hour by hour (cost/task-hours.ts). */
export function cellMonthlyRequests(cell: CellConfig): number {
  const perDay = pricedDay(cell).reduce((sum, hour) => sum + hour.requestsPerSecond * 3600, 0);
  return perDay * assume.DAYS_PER_MONTH;
}

/** Viewer requests CloudFront answers for a cell's shoppers in a month (cache hits included). */
export function edgeRequestsOf(originRequests: number): number {
  return originRequests / (1 - assume.EDGE_CACHE_HIT_RATIO);
}

/** Tasks of a service split between on-demand Fargate and Spot, as ECS places them. */
export function splitTasks(tasks: number, mix: FargateMix): { onDemand: number; spot: number } {
  const base = Math.min(tasks, mix.onDemandBase);
  const above = tasks - base;
  const weights = mix.onDemandWeight + mix.spotWeight;
  const spot = weights === 0 ? 0 : (above * mix.spotWeight) / weights;
  return { onDemand: tasks - spot, spot };
}

interface ServiceHours {
  component: string;
  /** Tasks each UTC hour (the month's average day). */
  tasksByHour: number[];
  /** The most tasks in any hour of either season: what the static baselines run all day. */
  peak: number;
  cpu: number;
  memory: number;
  mix: FargateMix;
}

function fargateLines(region: string, service: ServiceHours, scenario: Scenario): BillLine[] {
  const hours = scenario === "design" ? service.tasksByHour : service.tasksByHour.map(() => service.peak);
  const arch = scenario === "static-peak-x86-on-demand" ? "x86" : "arm";
  let onDemand = 0;
  let spot = 0;
  for (const tasks of hours) {
    const split =
      scenario === "static-peak-x86-on-demand" ? { onDemand: tasks, spot: 0 } : splitTasks(tasks, service.mix);
    onDemand += split.onDemand * assume.DAYS_PER_MONTH;
    spot += split.spot * assume.DAYS_PER_MONTH;
  }
  const scaled = true;
  const vcpu = service.cpu / 1024;
  const gb = service.memory / 1024;
  const lines: BillLine[] = [];
  for (const [taskHours, factor, what] of [
    [onDemand, 1, "on-demand"],
    [spot, assume.SPOT_PRICE_FRACTION, "Spot"],
  ] as const) {
    if (taskHours === 0) continue;
    const label = `${Math.round(taskHours)} ${what} ${arch === "arm" ? "ARM64" : "x86"} task-hours`;
    lines.push(
      {
        ...line(service.component, `${label}, vCPU`, region, `fargate.${arch}.vcpu`, taskHours * vcpu, factor),
        scaled,
      },
      { ...line(service.component, `${label}, memory`, region, `fargate.${arch}.gb`, taskHours * gb, factor), scaled },
    );
  }
  return lines;
}

export function line(
  component: string,
  item: string,
  region: string,
  price: string,
  quantity: number,
  factor = 1,
): BillLine {
  return { component, item, region, price, quantity, factor };
}

/** Runs a day of a job's schedule. */
export function jobRunsPerDay(schedule: string): number {
  const parsed = parseScheduleExpression(schedule);
  if ("error" in parsed) throw new Error(`schedule ${JSON.stringify(schedule)}: ${parsed.error}`);
  if (parsed.kind === "rate") return 1440 / parsed.everyMinutes;
  if (parsed.kind === "cron") return assume.CRON_RUNS_PER_DAY;
  return 0; // a one-off run: nothing a month
}

/** The web service's task split: the `minTasks` floor on demand, `spotPercent` of the rest on Spot. */
function webMix(cell: CellConfig): FargateMix {
  return spotPercentMix(cell.web.minTasks, cell.web.spotPercent);
}

/** The billable quantities of a cell for a month, under `scenario`. */
export function cellBill(cell: CellConfig, scenario: Scenario = "design"): BillLine[] {
  const { region } = cell;
  const inventory = cellInventory(cell);
  const hours = assume.HOURS_PER_MONTH;
  const day = pricedDay(cell);
  const peak = peakOfDay(cell);
  const webByHour = day.map((hour) => hour.webTasks);
  const workerByHour = day.map((hour) => hour.workerTasks);
  const { worker } = cell.background;
  // Placement decides where a job bills: a primary-only job costs nothing in a secondary.
  const jobs = jobsRunningHere(cell.background.jobs, cell.isPrimary);

  // The demand is the same in every scenario: the baselines differ in what is provisioned for it.
  const requests = cellMonthlyRequests(cell);
  const perSecond = day.map((hour) => hour.requestsPerSecond);
  // An LCU is the highest of: 25 new connections/s, 1 GB processed an hour, 1,000 rule evaluations/s.
  const lcuHours =
    perSecond
      .map((rps) =>
        Math.max(
          (rps * assume.NEW_CONNECTIONS_PER_REQUEST) / 25,
          (rps * 3600 * assume.RESPONSE_BYTES) / 1e9,
          (rps * assume.RULE_EVALUATIONS_PER_REQUEST) / 1000,
        ),
      )
      .reduce((sum, lcu) => sum + lcu, 0) * assume.DAYS_PER_MONTH;

  const jobTaskHours = jobs
    .filter((job) => job.enabled)
    .map((job) => ({
      job,
      taskHours: (jobRunsPerDay(job.schedule) * assume.JOB_RUN_MINUTES * assume.DAYS_PER_MONTH) / 60,
    }));
  // Logs follow the work done, so the design's task-hours set them in every scenario.
  const serviceTaskHours = [...webByHour, ...workerByHour].reduce((a, b) => a + b, 0) * assume.DAYS_PER_MONTH;
  const logGb =
    (serviceTaskHours + jobTaskHours.reduce((sum, j) => sum + j.taskHours, 0)) * assume.LOG_GB_PER_TASK_HOUR +
    assume.FLOW_LOG_GB_PER_MONTH;
  const endpointGb = inventory.interfaceEndpoints.length > 0 ? logGb : 0;

  const lines: BillLine[] = [
    line("network", `${inventory.natGateways} NAT gateways`, region, "nat.hour", inventory.natGateways * hours),
    line("network", "NAT data processed", region, "nat.gb", assume.NAT_GB_PER_MONTH),
  ];
  if (inventory.interfaceEndpoints.length > 0) {
    const count = inventory.interfaceEndpoints.length;
    lines.push(
      line(
        "network",
        `${count} interface endpoints x ${inventory.endpointAzs} AZs`,
        region,
        "endpoint.az",
        count * inventory.endpointAzs * hours,
      ),
      line("network", "interface endpoint data (logs)", region, "endpoint.gb", endpointGb),
    );
  }
  lines.push(
    line("ingress", "application load balancer", region, "alb.hour", hours),
    line("ingress", `LCUs for ${formatMillions(requests)} requests`, region, "alb.lcu", lcuHours),
    ...fargateLines(
      region,
      {
        component: "web",
        tasksByHour: webByHour,
        peak: peak.webTasks,
        cpu: cell.web.cpu,
        memory: cell.web.memory,
        mix: webMix(cell),
      },
      scenario,
    ),
    ...fargateLines(
      region,
      {
        component: "worker",
        tasksByHour: workerByHour,
        peak: peak.workerTasks,
        cpu: worker.cpu,
        memory: worker.memory,
        mix: worker,
      },
      scenario,
    ),
  );
  for (const { job, taskHours } of jobTaskHours) {
    const arch = scenario === "static-peak-x86-on-demand" ? "x86" : "arm";
    const label = `job ${job.name}: ${Math.round(taskHours)} task-hours`;
    lines.push(
      line("jobs", `${label}, vCPU`, region, `fargate.${arch}.vcpu`, (taskHours * job.cpu) / 1024),
      line("jobs", `${label}, memory`, region, `fargate.${arch}.gb`, (taskHours * job.memory) / 1024),
    );
  }
  const readerHours =
    scenario === "design"
      ? day.reduce((sum, hour) => sum + hour.readers, 0) * assume.DAYS_PER_MONTH
      : peak.readers * hours;
  const auroraClass = inventory.auroraInstanceClass;
  const brokerType =
    scenario === "static-peak-x86-on-demand"
      ? x86BrokerType(inventory.brokerInstanceType)
      : inventory.brokerInstanceType;
  lines.push(
    line(
      "database",
      `${cell.isPrimary ? "writer" : "first reader"}, 1 x ${auroraClass}`,
      region,
      `aurora.${auroraClass}`,
      hours,
    ),
    {
      ...line(
        "database",
        `readers, ${Math.round(readerHours)} x ${auroraClass} instance-hours (${scenario === "design" ? "following demand" : `${peak.readers} all day`})`,
        region,
        `aurora.${auroraClass}`,
        readerHours,
      ),
      scaled: true,
    },
    line("database", `storage, ${assume.AURORA_STORAGE_GB} GB`, region, "aurora.storage", assume.AURORA_STORAGE_GB),
    line("database", "I/O", region, "aurora.io", (requests * assume.AURORA_IOS_PER_REQUEST) / 1e6),
    line(
      "cache",
      `${inventory.cacheNodes} x ${inventory.cacheNodeType}`,
      region,
      `cache.${inventory.cacheNodeType}`,
      inventory.cacheNodes * hours,
    ),
    line(
      "broker",
      `${inventory.brokerInstances} x ${brokerType} (${inventory.brokerDeploymentMode})`,
      region,
      `mq.${brokerType}`,
      inventory.brokerInstances * hours,
    ),
    line("keys and secrets", `${inventory.kmsKeys} KMS key`, region, "kms.key", inventory.kmsKeys),
    line(
      "keys and secrets",
      `${inventory.secrets} secrets + ${inventory.secretReplicas} replicas`,
      region,
      "secret.month",
      inventory.secrets + inventory.secretReplicas,
    ),
    line("logs", "CloudWatch Logs ingested", region, "logs.ingest", logGb),
    line(
      "logs",
      `CloudWatch Logs stored (${cell.logRetentionDays} days)`,
      region,
      "logs.storage",
      (logGb * cell.logRetentionDays) / 30,
    ),
    line(
      "object store",
      `media and access logs, ${assume.MEDIA_STORAGE_GB + assume.ACCESS_LOG_STORAGE_GB} GB`,
      region,
      "s3.storage",
      assume.MEDIA_STORAGE_GB + assume.ACCESS_LOG_STORAGE_GB,
    ),
  );
  return lines;
}

/**
 * The x86 broker type baseline (b) prices in place of a Graviton one: mq.m5 for mq.m7g
 * (Amazon MQ for RabbitMQ 3.13 runs on mq.m5 and mq.m7g; docs/aws-behaviours.md #22, #40).
 */
export function x86BrokerType(instanceType: string): string {
  return instanceType.replace(/^mq\.m7g\./, "mq.m5.");
}

function formatMillions(requests: number): string {
  return `${Math.round(requests / 1e6)}M`;
}
