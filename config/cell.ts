/**
 * The typed configuration of a regional cell stack, with every default and every check in
 * one place. `readCellConfig` never touches Pulumi: it takes the raw config map and the
 * stack name, so tests and `npm run plan` run it on the stack files directly.
 */
import {
  followTheSunSchedule,
  isIanaTimeZone,
  parsePeakWindow,
  PeakWindow,
  ScheduledCapacity,
} from "../capacity/schedule";
import { cidrsOverlap, isRfc1918, parseCidr, PLAN_AZS, VPC_PREFIX } from "../network/cidr";
import { DataTierConfig, readDataTierConfig } from "./data-tier";
import { checkFargateSize, FARGATE_CPU_UNITS, LOG_RETENTION_DAYS } from "./aws-limits";
import { ConfigError, ConfigProblem, ConfigReader, RawConfig } from "./reader";
import { CPU_TARGET_PERCENT } from "./limits";
import { SPOT_PERCENT } from "../capacity/fargate-mix";
import { checkImage, checkRegion, readSharedConfig, SharedConfig, STACK_KINDS } from "./shared";
import { BackgroundConfig, readBackgroundConfig } from "./background";
import { unknownKeyProblems } from "./unknown-keys";
import { checkPeakWindowLength } from "./peak-window-length";
import { BudgetConfig, readBudgetConfig } from "./budget";
import { readWebCapacity, WEB_CAPACITY_FIELDS, WebCapacityConfig } from "./web-capacity";
import { readZoneConfig } from "./zones";
import { readZonalAutoshiftConfig, ZonalAutoshiftConfig } from "./zonal-autoshift";
import { OriginSecretConfig, readOriginSecretConfig } from "./origin-secret";

/** How private subnets reach the internet. `Single` saves two NAT gateways' hours but loses egress when its AZ fails. */
export type NatStrategy = "OnePerAz" | "Single";

export interface WebServiceConfig {
  /** Container image with a fixed tag or digest. */
  image: string;
  /** CPU units per task (1024 = 1 vCPU). */
  cpu: number;
  /** Memory per task, MiB; must fit `cpu` on Fargate. */
  memory: number;
  /** Port the container listens on. */
  port: number;
  /** Path the load balancer probes; answers 200 when the task can serve. */
  healthCheckPath: string;
  /** Off-peak floor of running tasks. */
  minTasks: number;
  /** Floor during the local peak window. */
  peakMinTasks: number;
  /** Ceiling at all times. */
  maxTasks: number;
  /** Target of `ALBRequestCountPerTarget` (requests per task per minute). */
  requestsPerTarget: number;
  /** Target average CPU utilisation, percent. */
  cpuTargetPercent: number;
  /** Share of tasks above the on-demand floor that run on Fargate Spot, percent (0 = none). */
  spotPercent: number;
}

export interface CellConfig {
  /** The stack name, e.g. `us-east-1`. */
  stack: string;
  shared: SharedConfig;
  /** The AWS region of the cell (`aws:region`). */
  region: string;
  /** Whether this cell is the primary, the current Aurora writer (its region is `primaryRegion`). Moves after a switchover. */
  isPrimary: boolean;
  /**
   * Whether this cell is the home (`homeStack`): it created the global database, the master
   * secret and the origin-verify secret, and owns them for good. Stateful resources depend on
   * this role only, never on `isPrimary`, so moving the primary replaces nothing.
   */
  isHome: boolean;
  /** The origin-verify secret's slots (home only; the others accept what the home generated). */
  originSecret: OriginSecretConfig;
  /** The VPC's IPv4 block, a /16../20 RFC 1918 range. */
  cidr: string;
  /** AZ names pinned in config (the older pin; `availabilityZoneIds` is preferred). */
  availabilityZones?: string[];
  /** AZ IDs pinned in config; otherwise the first `azCount` suitable zone IDs (network/zones.ts). */
  availabilityZoneIds?: string[];
  /** Zone IDs never picked unless pinned (`storefront:excludedZoneIds`, default config/excluded-zones.ts). */
  excludedZoneIds: string[];
  /** How many AZs the cell spans. */
  azCount: number;
  /** NAT gateways per AZ or a single one (`storefront:natStrategy`, default `OnePerAz`). */
  natStrategy: NatStrategy;
  /** Interface endpoints for CloudWatch Logs and Secrets Manager in every AZ, and ECR's for private ECR images. */
  interfaceEndpoints: boolean;
  /** Retention of VPC flow logs, days. */
  flowLogRetentionDays: number;
  /** Retention of application logs, days. */
  logRetentionDays: number;
  /** Whether the load balancer, the Aurora cluster and the global cluster refuse deletion (turn off only to tear a cell down). */
  deletionProtection: boolean;
  /** IANA time zone the cell's peak is expressed in. */
  timeZone: string;
  /** The local peak window as written in config (`HH:MM-HH:MM`). */
  peakWindowText: string;
  peakWindow: PeakWindow;
  /** Minutes before the peak at which the floor is raised. */
  peakLeadMinutes: number;
  /** The web service's image, size, port, health check, task bounds, scaling targets and Spot share. */
  web: WebServiceConfig;
  /** The web service's traffic profile, per-task capacity, and whether its task counts were derived (config/web-capacity.ts). */
  webCapacity: WebCapacityConfig;
  /** The scheduled actions derived from the peak window (follow-the-sun). */
  webSchedule: ScheduledCapacity[];
  /** Database, cache, broker and object store. */
  data: DataTierConfig;
  /** Worker service, scheduled jobs, external systems and alarms. */
  background: BackgroundConfig;
  /** The stack's monthly AWS Budget: margin over the estimate, or a set limit. */
  budget: BudgetConfig;
  /** Zonal autoshift on the load balancer, with practice runs kept out of the peak. */
  zonalAutoshift: ZonalAutoshiftConfig;
}

const WEB_FIELDS = [
  "image",
  "cpu",
  "memory",
  "port",
  "healthCheckPath",
  "minTasks",
  "peakMinTasks",
  "maxTasks",
  "requestsPerTarget",
  "cpuTargetPercent",
  "spotPercent",
] as const;

/** The subnet plan's AZ range (network/cidr.ts), three by default. */
const AZ_COUNT = { ...PLAN_AZS, default: 3 };

/** Reads and validates a cell stack's config; throws one `ConfigError` listing every problem. */
export function readCellConfig(raw: RawConfig, stack: string): CellConfig {
  const problems: ConfigProblem[] = unknownKeyProblems(raw, "storefront", "cell");
  const config = ConfigReader.forNamespace(raw, "storefront", problems);
  const aws = ConfigReader.forNamespace(raw, "aws", problems);

  const shared = readSharedConfig(config);
  if (config.oneOf("kind", STACK_KINDS, "cell") !== "cell") {
    config.problem("kind", "global", 'is the edge\'s kind: a cell stack file holds "cell" or leaves it out');
  }
  const region = aws.string("region", undefined, checkRegion);
  const cidr = config.string("cidr", undefined, checkVpcCidr);
  const availabilityZones = config.stringList("availabilityZones");
  if (availabilityZones) checkAvailabilityZones(config, availabilityZones, region);
  const zones = readZoneConfig(config, region, availabilityZones);
  const pinned = zones.availabilityZoneIds ?? availabilityZones;
  const azCount = config.integer("azCount", pinned?.length ?? AZ_COUNT.default, AZ_COUNT);
  if (pinned && azCount !== pinned.length) {
    const key = zones.availabilityZoneIds ? "availabilityZoneIds" : "availabilityZones";
    config.problem("azCount", azCount, `must equal the number of ${key} listed (${pinned.length}), or be left out`);
  }

  const timeZone = config.string("timeZone", undefined, (v) =>
    isIanaTimeZone(v) ? undefined : 'must be an IANA time zone name such as "America/New_York" or "Europe/Dublin"',
  );
  const peakWindowText = config.string("peakWindow", undefined, (v) => {
    const parsed = parsePeakWindow(v);
    // The problem line shows the value already; drop the parser's own "got ..." tail.
    return "error" in parsed ? parsed.error.replace(/, got .*$/, "") : checkPeakWindowLength(v, parsed.window);
  });
  const parsedWindow = parsePeakWindow(peakWindowText);
  // A placeholder keeps validation going; the problem is already recorded.
  const peakWindow = "window" in parsedWindow ? parsedWindow.window : { start: 0, end: 60, crossesMidnight: false };
  const peakLeadMinutes = config.integer("peakLeadMinutes", 30, { min: 0, max: 720 });

  const { web, capacity: webCapacity } = readWebService(
    config.object("web", [...WEB_FIELDS, ...WEB_CAPACITY_FIELDS]),
    azCount,
  );

  const isPrimary = region === shared.primaryRegion;
  const regionsValid = !checkRegion(region) && !checkRegion(shared.primaryRegion);
  if (regionsValid && isPrimary !== (stackBaseName(shared.primaryStack) === stack)) {
    config.problem(
      "primaryStack",
      shared.primaryStack,
      `must name the stack whose region is primaryRegion "${shared.primaryRegion}" (this stack "${stack}" is in "${region}")`,
    );
  }

  const isHome = stackBaseName(shared.homeStack) === stack;

  // The schedule is derived here, not in the component, so an impossible lead time is a
  // config error with a key rather than a failure halfway through a deployment. It needs
  // valid inputs; a problem elsewhere in the file must not hide this one.
  let webSchedule: ScheduledCapacity[] = [];
  const scheduleInputs = [
    "timeZone",
    "peakWindow",
    "peakLeadMinutes",
    "web.minTasks",
    "web.peakMinTasks",
    "web.maxTasks",
  ];
  if (!problems.some((p) => scheduleInputs.some((key) => p.key === `storefront:${key}`))) {
    try {
      webSchedule = followTheSunSchedule({
        window: peakWindow,
        leadMinutes: peakLeadMinutes,
        timeZone,
        baseMin: web.minTasks,
        peakMin: web.peakMinTasks,
        max: web.maxTasks,
      });
    } catch (error) {
      config.problem(
        "peakLeadMinutes",
        peakLeadMinutes,
        (error as Error).message.replace(/\bleadMinutes\b/g, "peakLeadMinutes"),
      );
    }
  }

  const timingKeys = ["timeZone", "peakWindow", "peakLeadMinutes"].map((key) => config.keyOf(key));
  const data = readDataTierConfig(config, {
    isHome,
    homeStack: shared.homeStack,
    region,
    timeZone,
    peakWindow,
    peakLeadMinutes,
    timingValid: !problems.some((p) => timingKeys.includes(p.key)),
  });

  const background = readBackgroundConfig(config, { app: shared.app, webImage: web.image, timeZone });
  const zonalAutoshift = readZonalAutoshiftConfig(config, {
    window: peakWindow,
    leadMinutes: peakLeadMinutes,
    timeZone,
    timingValid: !problems.some((p) => timingKeys.includes(p.key)),
  });

  const result: CellConfig = {
    stack,
    shared,
    region,
    isPrimary,
    isHome,
    originSecret: readOriginSecretConfig(config, isHome, shared.homeStack),
    cidr,
    availabilityZones,
    ...zones,
    azCount,
    natStrategy: config.oneOf("natStrategy", ["OnePerAz", "Single"] as const, "OnePerAz"),
    interfaceEndpoints: config.boolean("interfaceEndpoints", true),
    flowLogRetentionDays: retention(config, "flowLogRetentionDays", 90),
    logRetentionDays: retention(config, "logRetentionDays", 30),
    deletionProtection: config.boolean("deletionProtection", true),
    timeZone,
    peakWindowText,
    peakWindow,
    peakLeadMinutes,
    web,
    webCapacity,
    webSchedule,
    data,
    background,
    budget: readBudgetConfig(config),
    zonalAutoshift,
  };
  if (problems.length > 0) throw new ConfigError(stack, problems);
  return result;
}

function readWebService(web: ConfigReader, azCount: number): { web: WebServiceConfig; capacity: WebCapacityConfig } {
  const cpu = web.integer("cpu", 512);
  const memory = web.integer("memory", 1024);
  const sizeProblem = checkFargateSize(cpu, memory);
  if (sizeProblem) web.problem(FARGATE_CPU_UNITS.includes(cpu) ? "memory" : "cpu", { cpu, memory }, sizeProblem);

  const requestsPerTarget = web.integer("requestsPerTarget", 1000, { min: 10, max: 1_000_000 });
  // Derived from storefront:web.traffic when the file gives a profile; explicit values win.
  const { counts, capacity } = readWebCapacity(web, requestsPerTarget, azCount);
  const { minTasks, peakMinTasks, maxTasks } = counts;
  if (peakMinTasks < minTasks) web.problem("peakMinTasks", peakMinTasks, `must be at least minTasks (${minTasks})`);
  if (maxTasks < peakMinTasks) web.problem("maxTasks", maxTasks, `must be at least peakMinTasks (${peakMinTasks})`);

  const config: WebServiceConfig = {
    image: web.string("image", undefined, checkImage),
    cpu,
    memory,
    port: web.integer("port", 8080, { min: 1024, max: 65535 }),
    healthCheckPath: web.string("healthCheckPath", "/healthz", (v) =>
      /^\/[\w\-./~%]*$/.test(v) && v.length <= 1024
        ? undefined
        : 'must be a URL path starting with "/", such as "/healthz"',
    ),
    minTasks,
    peakMinTasks,
    maxTasks,
    requestsPerTarget,
    cpuTargetPercent: web.integer("cpuTargetPercent", 60, CPU_TARGET_PERCENT),
    spotPercent: web.integer("spotPercent", 0, SPOT_PERCENT),
  };
  return { web: config, capacity };
}

/** The media bucket's name prefix, `<app>-media-<region>-` (S3 adds a random suffix). */
export function cellMediaBucketPrefix(app: string, region: string): string {
  return `${app}-media-${region}-`;
}

/** A /16../20 private block: big enough for three tiers in up to four AZs, small enough to leave room for more cells. */
function checkVpcCidr(value: string): string | undefined {
  const parsed = parseCidr(value);
  if ("error" in parsed) return parsed.error;
  const { cidr } = parsed;
  if (!isRfc1918(cidr)) return "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)";
  if (cidr.prefix < VPC_PREFIX.min || cidr.prefix > VPC_PREFIX.max) {
    return `must be a /${VPC_PREFIX.min} to /${VPC_PREFIX.max} block`;
  }
  return undefined;
}

function checkAvailabilityZones(config: ConfigReader, zones: string[], region: string): void {
  if (zones.length < AZ_COUNT.min || zones.length > AZ_COUNT.max) {
    config.problem("availabilityZones", zones, `must list ${AZ_COUNT.min} to ${AZ_COUNT.max} zones`);
  }
  if (new Set(zones).size !== zones.length) config.problem("availabilityZones", zones, "must not repeat a zone");
  const foreign = zones.filter((zone) => !new RegExp(`^${region}[a-z]$`).test(zone));
  if (foreign.length > 0)
    config.problem("availabilityZones", zones, `must be zones of ${region}, such as "${region}a"`);
}

/** A CloudWatch Logs retention in days; the cells and the edge read theirs alike. */
export function retention(config: ConfigReader, key: string, fallback: number): number {
  const days = config.integer(key, fallback, { min: 1 });
  if (!LOG_RETENTION_DAYS.includes(days)) {
    config.problem(key, days, `must be a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`);
    return fallback;
  }
  return days;
}

/** `org/project/stack` or `stack` to `stack`. */
export function stackBaseName(name: string): string {
  return name.split("/").pop() ?? name;
}

/** The identity of a cell that matters across stacks. */
export interface CellIdentity {
  stack: string;
  region: string;
  cidr: string;
  isPrimary: boolean;
  /** Whether it is the home cell (created the global database). */
  isHome: boolean;
  /** The home's master-secret replica regions (empty on the other cells). */
  replicaRegions: readonly string[];
  /** Aurora engine version; every member of the global database runs the same one. */
  databaseEngineVersion: string;
}

/** The part of a cell's config that `checkCellFleet` compares across stacks. */
export function cellIdentityOf(config: CellConfig): CellIdentity {
  return {
    stack: config.stack,
    region: config.region,
    cidr: config.cidr,
    isPrimary: config.isPrimary,
    isHome: config.isHome,
    replicaRegions: config.data.database.replicaRegions,
    databaseEngineVersion: config.data.database.engineVersion,
  };
}

/**
 * Problems between cells: two cells in one region, or VPC blocks that overlap (they would
 * prevent peering or Transit Gateway routing between cells later), a database master secret
 * that is not replicated to exactly the other cells' regions (their tasks read the replica in
 * their own region), and members on another engine version than the home. The home cell
 * holds the database's fields wherever the primary is. Pure, so the fleet test, the plan and
 * the edge stack share it.
 */
export function checkCellFleet(cells: readonly CellIdentity[]): string[] {
  const problems: string[] = [];
  const home = cells.find((cell) => cell.isHome);
  if (home) {
    const joinerRegions = cells.filter((cell) => !cell.isHome).map((cell) => cell.region);
    for (const cell of cells.filter((c) => !c.isHome && !home.replicaRegions.includes(c.region))) {
      problems.push(
        `stack "${cell.stack}" needs the database master secret in ${cell.region}: add "${cell.region}" to storefront:database.replicaRegions of the home stack "${home.stack}"`,
      );
    }
    for (const cell of cells.filter((c) => c.databaseEngineVersion !== home.databaseEngineVersion)) {
      problems.push(
        `stack "${cell.stack}" sets storefront:database.engineVersion "${cell.databaseEngineVersion}" but the home "${home.stack}" runs "${home.databaseEngineVersion}": members of a global database run one version (upgrade through the global cluster, then each member's)`,
      );
    }
    for (const region of home.replicaRegions.filter((r) => !joinerRegions.includes(r))) {
      problems.push(
        `the home stack "${home.stack}" replicates the database master secret to ${region}, where no cell stack runs: remove it from storefront:database.replicaRegions`,
      );
    }
  }
  return [...problems, ...checkCellPlacement(cells)];
}

/**
 * Two cells in one region, or VPC blocks that overlap. The part of `checkCellFleet` that
 * needs only what a cell exports, so the edge runs it on its cells' stack outputs.
 */
export function checkCellPlacement(cells: readonly Pick<CellIdentity, "stack" | "region" | "cidr">[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const [a, b] = [cells[i], cells[j]];
      if (a.region === b.region) problems.push(`stacks "${a.stack}" and "${b.stack}" both claim region ${a.region}`);
      const [ca, cb] = [parseCidr(a.cidr), parseCidr(b.cidr)];
      if ("cidr" in ca && "cidr" in cb && cidrsOverlap(ca.cidr, cb.cidr)) {
        problems.push(`stacks "${a.stack}" (${a.cidr}) and "${b.stack}" (${b.cidr}) have overlapping VPC CIDRs`);
      }
    }
  }
  return problems;
}
