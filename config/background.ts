/**
 * The typed configuration of a cell's background work and its alarms: the worker service
 * that consumes the broker, the scheduled jobs (among them the catalog sync), the external
 * catalog systems the sync reads, and where alarms notify. Pure, like the rest of
 * `config/`: every problem is collected with its key before anything is registered.
 */
import { isIanaTimeZone } from "../capacity/schedule";
import { parseScheduleExpression } from "../capacity/schedule-expression";
import { CAPACITY_WEIGHT, ON_DEMAND_BASE } from "../capacity/fargate-mix";
import { checkFargateSize, FARGATE_CPU_UNITS } from "./aws-limits";
import {
  ERROR_5XX_PERCENT,
  MESSAGES_PER_TASK,
  QUEUE_DEPTH_MINUTES,
  QUEUE_DEPTH_THRESHOLD,
  STOP_TIMEOUT_SECONDS,
  TASK_COUNT,
  WholeRange,
} from "./limits";
import { DEFAULT_JOB_PLACEMENT, JOB_PLACEMENTS, JobPlacement } from "./job-placement";
import { ConfigReader } from "./reader";
import { checkImage } from "./shared";

export interface WorkerConfig {
  /** Container image, pinned; defaults to the web image (one build, another command). */
  image: string;
  /** Command that starts the consumer; the image's default when unset. */
  command?: string[];
  /** CPU units per task (1024 = 1 vCPU). */
  cpu: number;
  /** Memory per task, MiB; must fit `cpu` on Fargate. */
  memory: number;
  /** Floor of running tasks. */
  minTasks: number;
  /** Ceiling of running tasks. */
  maxTasks: number;
  /** Tasks that always run on on-demand Fargate (the FARGATE provider's base). */
  onDemandBase: number;
  /** Weight of on-demand Fargate above the base. */
  onDemandWeight: number;
  /** Weight of Fargate Spot above the base. */
  spotWeight: number;
  /** Ready messages per running task that queue-depth scaling holds. */
  messagesPerTask: number;
  /** Seconds between SIGTERM and SIGKILL: room to finish a message after a Spot notice. */
  stopTimeoutSeconds: number;
}

export interface JobConfig {
  /** Lower-case name: the schedule, task family and alarms are named after it. */
  name: string;
  /** EventBridge Scheduler expression: `rate(...)`, `cron(...)` or `at(...)`. */
  schedule: string;
  /** IANA zone the cron or at expression is read in (the cell's by default). */
  timeZone: string;
  /** Command the container runs. */
  command: string[];
  /** Image; the worker's by default. */
  image: string;
  cpu: number;
  memory: number;
  /** Times the scheduler retries a failed invocation before it goes to the dead-letter queue. */
  retries: number;
  /** Seconds an invocation may wait for a retry before it goes to the dead-letter queue. */
  maxEventAgeSeconds: number;
  /** Names of the external systems whose URL and credentials the job receives. */
  externalSystems: string[];
  /** Minutes without a logged success before the job's alarm fires; `undefined` for no alarm. */
  alarmAfterMinutes?: number;
  /** Whether the schedule runs; a disabled job keeps its task definition and has no alarm. */
  enabled: boolean;
  /**
   * Where the job runs: `primary` (the default, for jobs that write to the database) exists
   * only in the primary cell and moves with it; `every-cell` runs in each cell (region-local work).
   */
  runIn: JobPlacement;
}

export interface ExternalSystemConfig {
  /** Lower-case name; becomes `EXTERNAL_<NAME>_URL` and `EXTERNAL_<NAME>_CREDENTIALS`. */
  name: string;
  /** HTTPS base URL of the system's catalog API. */
  baseUrl: string;
  /** Name of the Secrets Manager secret (in the cell's region) that holds the credentials. */
  secretName: string;
}

export interface AlarmsConfig {
  /** Address subscribed to the cell's alarm topic; none when unset. */
  email?: string;
  /** Ready messages on the broker above which the queue-depth alarm fires. */
  queueDepthThreshold: number;
  /** Minutes the queue must stay above the threshold. */
  queueDepthMinutes: number;
  /** Share of requests answered with a 5xx, percent, above which the error alarm fires. */
  error5xxPercent: number;
}

export interface BackgroundConfig {
  worker: WorkerConfig;
  jobs: JobConfig[];
  externalSystems: ExternalSystemConfig[];
  alarms: AlarmsConfig;
}

/** What the background checks need from the rest of the cell's config. */
export interface BackgroundContext {
  app: string;
  /** The web image, the worker's default. */
  webImage: string;
  /** The cell's IANA time zone, the jobs' default. */
  timeZone: string;
}

const WORKER_FIELDS = [
  "image",
  "command",
  "cpu",
  "memory",
  "minTasks",
  "maxTasks",
  "onDemandBase",
  "onDemandWeight",
  "spotWeight",
  "messagesPerTask",
  "stopTimeoutSeconds",
] as const;
const JOB_FIELDS = [
  "name",
  "schedule",
  "timeZone",
  "command",
  "image",
  "cpu",
  "memory",
  "retries",
  "maxEventAgeSeconds",
  "externalSystems",
  "alarmAfterMinutes",
  "enabled",
  "runIn",
] as const;
const EXTERNAL_SYSTEM_FIELDS = ["name", "baseUrl", "secretName"] as const;
const ALARM_FIELDS = ["email", "queueDepthThreshold", "queueDepthMinutes", "error5xxPercent"] as const;

/** Each job adds a security group rule pair to every data store's group (60 rules each by default). */
export const MAX_JOBS = 10;
export const MAX_EXTERNAL_SYSTEMS = 10;
/** The job the default configuration ships: the product list from the external systems, every five minutes. */
export const CATALOG_SYNC_JOB = "catalog-sync";
const NAME = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const NAME_RULE = "must be 1-32 of a-z, 0-9 and -, starting with a letter and not ending with -";
/**
 * Job names are shorter: each job's roles are auto-named `<app>-jobs-<job>-execution-<7 hex>`,
 * which must fit IAM's 64 characters with the longest app name (16).
 */
const JOB_NAME = /^[a-z](?:[a-z0-9-]{0,22}[a-z0-9])?$/;
const JOB_NAME_RULE = "must be 1-24 of a-z, 0-9 and -, starting with a letter and not ending with -";
/** CloudWatch evaluates an alarm over at most seven days of hourly periods. */
export const MAX_ALARM_AFTER_MINUTES = 7 * 1440;
/** Minutes without a success before a job's alarm fires: at least ten, at most what CloudWatch looks back. */
export const ALARM_AFTER_MINUTES: WholeRange = { min: 10, max: MAX_ALARM_AFTER_MINUTES };
/** Times EventBridge Scheduler retries a failed start (its limit). */
export const JOB_RETRIES: WholeRange = { min: 0, max: 185 };
/** Seconds an invocation may wait for its retries (EventBridge Scheduler's limits). */
export const JOB_MAX_EVENT_AGE_SECONDS: WholeRange = { min: 60, max: 86400 };

/** An address SNS can deliver alarms to by e-mail. */
export function checkEmail(value: string): string | undefined {
  return /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(value)
    ? undefined
    : 'must be an e-mail address such as "oncall@example.com"';
}

/** An external system's name: it names its variables (`EXTERNAL_<NAME>_*`) and secret. */
export function checkSystemName(value: string): string | undefined {
  return NAME.test(value) ? undefined : NAME_RULE;
}

/** A job's name: the schedule, task family, roles, container and alarm are named after it. */
export function checkJobName(value: string): string | undefined {
  return JOB_NAME.test(value) ? undefined : JOB_NAME_RULE;
}

export function readBackgroundConfig(config: ConfigReader, context: BackgroundContext): BackgroundConfig {
  const worker = readWorker(config.object("worker", WORKER_FIELDS), context);
  const externalSystems = readExternalSystems(config, context);
  const jobs = readJobs(config, context, worker, externalSystems);
  const alarms = config.object("alarms", ALARM_FIELDS);
  return {
    worker,
    jobs,
    externalSystems,
    alarms: {
      email: alarms.has("email") ? alarms.string("email", undefined, checkEmail) : undefined,
      queueDepthThreshold: alarms.integer("queueDepthThreshold", 1000, QUEUE_DEPTH_THRESHOLD),
      queueDepthMinutes: alarms.integer("queueDepthMinutes", 15, QUEUE_DEPTH_MINUTES),
      error5xxPercent: alarms.integer("error5xxPercent", 5, ERROR_5XX_PERCENT),
    },
  };
}

function readWorker(worker: ConfigReader, context: BackgroundContext): WorkerConfig {
  const { cpu, memory } = taskSize(worker, 512, 1024);
  const minTasks = worker.integer("minTasks", 1, TASK_COUNT);
  const maxTasks = worker.integer("maxTasks", Math.max(minTasks, 10), TASK_COUNT);
  if (maxTasks < minTasks) worker.problem("maxTasks", maxTasks, `must be at least minTasks (${minTasks})`);
  const onDemandBase = worker.integer("onDemandBase", 1, ON_DEMAND_BASE);
  if (onDemandBase > maxTasks) worker.problem("onDemandBase", onDemandBase, `must be at most maxTasks (${maxTasks})`);
  const onDemandWeight = worker.integer("onDemandWeight", 0, CAPACITY_WEIGHT);
  const spotWeight = worker.integer("spotWeight", 1, CAPACITY_WEIGHT);
  if (onDemandWeight + spotWeight === 0) {
    worker.problem(
      "spotWeight",
      spotWeight,
      "and onDemandWeight must not both be 0: tasks above the base need a provider",
    );
  }
  return {
    image: worker.string("image", context.webImage, checkImage),
    command: command(worker, "command", false),
    cpu,
    memory,
    minTasks,
    maxTasks,
    onDemandBase,
    onDemandWeight,
    spotWeight,
    messagesPerTask: worker.integer("messagesPerTask", 100, MESSAGES_PER_TASK),
    // A Spot interruption gives two minutes' notice: all of it, to finish the message in hand.
    stopTimeoutSeconds: worker.integer("stopTimeoutSeconds", STOP_TIMEOUT_SECONDS.max, STOP_TIMEOUT_SECONDS),
  };
}

function readExternalSystems(config: ConfigReader, context: BackgroundContext): ExternalSystemConfig[] {
  const items = config.objectList("externalSystems", EXTERNAL_SYSTEM_FIELDS) ?? [];
  if (items.length > MAX_EXTERNAL_SYSTEMS) {
    config.problem("externalSystems", `${items.length} systems`, `must list at most ${MAX_EXTERNAL_SYSTEMS}`);
  }
  const systems = items.map((item) => {
    const name = item.string("name", undefined, checkSystemName);
    return {
      name,
      baseUrl: item.string("baseUrl", undefined, checkHttpsUrl),
      secretName: item.string("secretName", `${context.app}/external/${name}`, checkSecretName),
    };
  });
  refuseRepeats(
    config,
    "externalSystems",
    "names",
    systems.map((s) => s.name),
  );
  refuseRepeats(
    config,
    "externalSystems",
    "secret names",
    systems.map((s) => s.secretName),
  );
  return systems;
}

function readJobs(
  config: ConfigReader,
  context: BackgroundContext,
  worker: WorkerConfig,
  systems: ExternalSystemConfig[],
): JobConfig[] {
  const items = config.objectList("jobs", JOB_FIELDS);
  if (items === undefined) return [defaultCatalogSync(context, worker, systems)];
  if (items.length > MAX_JOBS) config.problem("jobs", `${items.length} jobs`, `must list at most ${MAX_JOBS}`);
  const jobs = items.map((item) => readJob(item, context, worker, systems));
  refuseRepeats(
    config,
    "jobs",
    "job names",
    jobs.map((j) => j.name),
  );
  return jobs;
}

function readJob(
  job: ConfigReader,
  context: BackgroundContext,
  worker: WorkerConfig,
  systems: ExternalSystemConfig[],
): JobConfig {
  const name = job.string("name", undefined, checkJobName);
  const schedule = job.string("schedule", undefined, (v) => {
    const parsed = parseScheduleExpression(v);
    return "error" in parsed ? parsed.error : undefined;
  });
  const parsed = parseScheduleExpression(schedule);
  const everyMinutes = "kind" in parsed && parsed.kind === "rate" ? parsed.everyMinutes : undefined;
  const { cpu, memory } = taskSize(job, 512, 1024);
  const externalSystems = job.stringList("externalSystems") ?? [];
  const unknown = externalSystems.filter((s) => !systems.some((system) => system.name === s));
  if (unknown.length > 0) {
    job.problem(
      "externalSystems",
      externalSystems,
      `names ${unknown.join(", ")}, which storefront:externalSystems does not list (it lists ${systems.map((s) => s.name).join(", ") || "none"})`,
    );
  }
  // A run that waits longer than the interval only collides with the next one.
  const maxEventAgeDefault = everyMinutes ? Math.min(3600, Math.max(60, everyMinutes * 60)) : 3600;
  return {
    name,
    schedule,
    timeZone: job.string("timeZone", context.timeZone, (v) =>
      isIanaTimeZone(v) ? undefined : 'must be an IANA time zone name such as "Europe/Dublin"',
    ),
    command: command(job, "command", true) ?? [],
    image: job.string("image", worker.image, checkImage),
    cpu,
    memory,
    retries: job.integer("retries", 2, JOB_RETRIES),
    maxEventAgeSeconds: job.integer("maxEventAgeSeconds", maxEventAgeDefault, JOB_MAX_EVENT_AGE_SECONDS),
    externalSystems,
    alarmAfterMinutes: readAlarmAfterMinutes(job, everyMinutes),
    enabled: job.boolean("enabled", true),
    runIn: job.oneOf("runIn", JOB_PLACEMENTS, DEFAULT_JOB_PLACEMENT),
  };
}

function readAlarmAfterMinutes(job: ConfigReader, everyMinutes: number | undefined): number | undefined {
  if (!job.has("alarmAfterMinutes")) return everyMinutes ? defaultAlarmAfterMinutes(everyMinutes) : undefined;
  const minutes = job.integer("alarmAfterMinutes", 60, ALARM_AFTER_MINUTES);
  // A window of one interval or less pages on every run that is a little late.
  if (everyMinutes && minutes <= everyMinutes) {
    job.problem(
      "alarmAfterMinutes",
      minutes,
      `must be longer than the job's interval (${everyMinutes} minutes), or every late run pages`,
    );
  }
  return minutes;
}

/**
 * Three missed runs of a rate job (at least ten minutes), or two when three would exceed
 * the seven days an alarm can look back; no alarm for a job rarer than that. A cron or
 * one-off job has no default: only its owner knows how late is late.
 */
export function defaultAlarmAfterMinutes(everyMinutes: number): number | undefined {
  for (const missedRuns of [3, 2]) {
    const minutes = Math.max(10, missedRuns * everyMinutes);
    if (minutes <= MAX_ALARM_AFTER_MINUTES) return minutes;
  }
  return undefined;
}

function defaultCatalogSync(
  context: BackgroundContext,
  worker: WorkerConfig,
  systems: ExternalSystemConfig[],
): JobConfig {
  return {
    name: CATALOG_SYNC_JOB,
    schedule: "rate(5 minutes)",
    timeZone: context.timeZone,
    command: ["catalog-sync"],
    image: worker.image,
    cpu: 512,
    memory: 1024,
    retries: 2,
    maxEventAgeSeconds: 300,
    externalSystems: systems.map((s) => s.name),
    alarmAfterMinutes: defaultAlarmAfterMinutes(5),
    enabled: true,
    runIn: DEFAULT_JOB_PLACEMENT,
  };
}

function taskSize(reader: ConfigReader, cpuDefault: number, memoryDefault: number): { cpu: number; memory: number } {
  const cpu = reader.integer("cpu", cpuDefault);
  const memory = reader.integer("memory", memoryDefault);
  const problem = checkFargateSize(cpu, memory);
  if (problem) reader.problem(FARGATE_CPU_UNITS.includes(cpu) ? "memory" : "cpu", { cpu, memory }, problem);
  return { cpu, memory };
}

function command(reader: ConfigReader, key: string, required: boolean): string[] | undefined {
  const value = reader.stringList(key);
  if (value === undefined && required && !reader.has(key)) {
    reader.problem(key, undefined, 'is required: a list such as ["node", "dist/sync.js"]');
  }
  if (value !== undefined && value.length === 0) reader.problem(key, value, "must not be empty");
  return value;
}

/** HTTPS only: credentials for the external systems must never cross the internet in clear text. */
export function checkHttpsUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as "https://catalog.example.com/api"';
  }
  if (url.protocol !== "https:") return "must use https:// (credentials must not cross the internet in clear text)";
  if (url.username || url.password) return "must not carry credentials; put them in the system's secret";
  if (!url.hostname.includes(".")) return "must name a public host name";
  return undefined;
}

/**
 * Secrets Manager names: 1-512 of letters, digits and /_+=.@-; a name ending in a hyphen
 * and six characters looks like an ARN's random suffix and breaks partial-ARN lookups.
 */
export function checkSecretName(value: string): string | undefined {
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(value)) return "must be 1-512 of letters, digits and / _ + = . @ -";
  if (/-[A-Za-z0-9]{6}$/.test(value))
    return "must not end with a hyphen and six characters (it reads as an ARN suffix)";
  return undefined;
}

/** One problem per value that appears more than once (empty values are reported elsewhere). */
function refuseRepeats(config: ConfigReader, key: string, what: string, values: string[]): void {
  const repeated = new Set(values.filter((value, i) => value !== "" && values.indexOf(value) !== i));
  for (const value of repeated) config.problem(key, value, `${what} must be unique; this one appears more than once`);
}
