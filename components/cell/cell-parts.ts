/**
 * The arguments of each part of a regional cell, one pure function per part: what the cell's
 * config says about the part, joined with where the parts built before it run. They create
 * nothing, so `RegionalCell` reads as the list of its parts and a part's wiring is found in
 * one place.
 */
import * as pulumi from "@pulumi/pulumi";
import { cellMediaBucketPrefix } from "../../config/cell";
import { jobsRunningHere, runsHere } from "../../config/job-placement";
import { AuroraDatabaseArgs } from "../data/aurora-database";
import { dataStoreName } from "../data/arns";
import { CellKey, CellKeyArgs } from "../data/cell-key";
import { DataAccess } from "../data/client-access";
import { ObjectStoreArgs } from "../data/object-store";
import { RabbitMqBrokerArgs } from "../data/rabbitmq-broker";
import { ValkeyCacheArgs } from "../data/valkey-cache";
import { ExternalSystems } from "../jobs/external-systems";
import { isPrivateEcrImage } from "../common/ecr-image";
import { writerHostName } from "../edge/host-names";
import { ScheduledJobs, ScheduledJobsArgs } from "../jobs/scheduled-jobs";
import { CellAlarms, CellAlarmsArgs, JobAlarmSpec } from "../ops/cell-alarms";
import { ZonalAutoshiftArgs } from "../ops/zonal-autoshift";
import { S3_ACCESS_LOG_PREFIX } from "./access-log-bucket";
import { Cluster } from "./cluster";
import { Ingress, IngressArgs } from "./ingress";
import { Network, NetworkArgs } from "./network";
import type { RegionalCellArgs } from "./regional-cell";
import { ServiceScalingArgs } from "./service-scaling";
import { WebService, WebServiceArgs } from "./web-service";
import { WorkerServiceArgs } from "./worker-service";

/** The parts every later part runs in or on: built first, in this order. */
export interface CellFoundation {
  accountId: pulumi.Output<string>;
  network: Network;
  ingress: Ingress;
  cluster: Cluster;
  key: CellKey;
}

/** The name CloudFront reaches the cell's load balancer on. */
export function originHostName(cell: RegionalCellArgs): string {
  return `origin.${cell.domain}`;
}

/** The broker's name, also the `Broker` dimension the worker's scaling and the alarms read. */
export function brokerName(cell: RegionalCellArgs): string {
  return dataStoreName(cell.app, cell.stack, 50);
}

/**
 * Which distributions may read media through the cell key and bucket policies: the edge's
 * once config names it; until then any distribution of this account (and nothing else).
 */
export function cloudFrontSourceArn(cell: RegionalCellArgs, accountId: pulumi.Input<string>): pulumi.Input<string> {
  return (
    cell.data.objectStore.edgeDistributionArn ?? pulumi.interpolate`arn:aws:cloudfront::${accountId}:distribution/*`
  );
}

/** What every container of the cell is told about where it runs. */
export function cellEnvironment(cell: RegionalCellArgs): Record<string, string> {
  return { AWS_REGION: cell.region, STOREFRONT_CELL: cell.region, PUBLIC_HOST: cell.domain };
}

export function networkArgs(cell: RegionalCellArgs, accountId: pulumi.Input<string>): NetworkArgs {
  return {
    region: cell.region,
    accountId,
    cidr: cell.cidr,
    availabilityZones: cell.availabilityZones,
    natStrategy: cell.natStrategy,
    interfaceEndpoints: cell.interfaceEndpoints,
    flowLogRetentionDays: cell.flowLogRetentionDays,
    privateEcrPulls: cellImages(cell).some(isPrivateEcrImage),
  };
}

/** Every image the cell's tasks run: the web's, the worker's and each job's. */
export function cellImages(cell: RegionalCellArgs): string[] {
  return [cell.web.image, cell.background.worker.image, ...cell.background.jobs.map((job) => job.image)];
}

export function ingressArgs(cell: RegionalCellArgs, accountId: pulumi.Input<string>, network: Network): IngressArgs {
  return {
    app: cell.app,
    region: cell.region,
    accountId,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    originHostName: originHostName(cell),
    writerHostName: writerHostName(cell.domain),
    hostedZoneId: cell.hostedZoneId,
    originVerifySecrets: cell.originVerifySecrets,
    deletionProtection: cell.deletionProtection,
    zonalShift: cell.zonalAutoshift.enabled,
  };
}

export function keyArgs(cell: RegionalCellArgs, accountId: pulumi.Input<string>): CellKeyArgs {
  return {
    app: cell.app,
    stack: cell.stack,
    region: cell.region,
    accountId,
    cloudFrontSourceArn: cloudFrontSourceArn(cell, accountId),
  };
}

export function databaseArgs(cell: RegionalCellArgs, base: CellFoundation): AuroraDatabaseArgs {
  const { database: db, windows } = cell.data;
  return {
    clusterIdentifier: dataStoreName(cell.app, cell.stack, 63),
    membership: cell.databaseMembership,
    isWriter: cell.isPrimary,
    engineVersion: db.engineVersion,
    instanceClass: db.instanceClass,
    port: db.port,
    minReaders: db.minReaders,
    maxReaders: db.maxReaders,
    readerCpuTargetPercent: db.readerCpuTargetPercent,
    backupRetentionDays: db.backupRetentionDays,
    backupWindow: windows.databaseBackup,
    maintenanceWindow: windows.databaseMaintenance,
    availabilityZones: cell.availabilityZones,
    vpcId: base.network.vpcId,
    subnetIds: base.network.isolatedSubnetIds,
    kmsKeyArn: base.key.keyArn,
    accountId: base.accountId,
    logRetentionDays: cell.logRetentionDays,
    deletionProtection: cell.deletionProtection,
    writeForwarding: db.writeForwarding,
  };
}

export function cacheArgs(cell: RegionalCellArgs, base: CellFoundation): ValkeyCacheArgs {
  const { cache, windows } = cell.data;
  return {
    nodeType: cache.nodeType,
    engineVersion: cache.engineVersion,
    nodes: cache.nodes,
    snapshotRetentionDays: cache.snapshotRetentionDays,
    snapshotWindow: windows.cacheSnapshot,
    maintenanceWindow: windows.cacheMaintenance,
    availabilityZones: cell.availabilityZones,
    vpcId: base.network.vpcId,
    subnetIds: base.network.isolatedSubnetIds,
    kmsKeyArn: base.key.keyArn,
    logRetentionDays: cell.logRetentionDays,
  };
}

export function brokerArgs(cell: RegionalCellArgs, base: CellFoundation): RabbitMqBrokerArgs {
  const { broker, windows } = cell.data;
  return {
    brokerName: brokerName(cell),
    deploymentMode: broker.deploymentMode,
    instanceType: broker.instanceType,
    engineVersion: broker.engineVersion,
    maintenanceWindow: windows.brokerMaintenance,
    vpcId: base.network.vpcId,
    subnetIds: base.network.privateSubnetIds,
    kmsKeyArn: base.key.keyArn,
  };
}

/** The media bucket: `<app>-media-<region>-` and a random suffix, its access logs under `media/`. */
export function mediaBucketArgs(cell: RegionalCellArgs, base: CellFoundation): ObjectStoreArgs {
  return {
    bucketPrefix: cellMediaBucketPrefix(cell.app, cell.region),
    kmsKeyArn: base.key.keyArn,
    accessLogs: {
      bucketName: base.ingress.accessLogBucket,
      prefix: `${S3_ACCESS_LOG_PREFIX}media/`,
      policy: base.ingress.accessLogPolicy,
    },
    cloudFrontSourceArn: cloudFrontSourceArn(cell, base.accountId),
    noncurrentVersionDays: cell.data.objectStore.noncurrentVersionDays,
  };
}

export function webArgs(cell: RegionalCellArgs, base: CellFoundation, dataAccess: DataAccess): WebServiceArgs {
  const { web } = cell;
  return {
    image: web.image,
    cpu: web.cpu,
    memory: web.memory,
    port: web.port,
    healthCheckPath: web.healthCheckPath,
    minTasks: web.minTasks,
    spotPercent: web.spotPercent,
    accountId: base.accountId,
    region: cell.region,
    clusterArn: base.cluster.clusterArn,
    clusterReady: [base.cluster.capacityProviders],
    vpcId: base.network.vpcId,
    subnetIds: base.network.privateSubnetIds,
    loadBalancer: {
      listenerArn: base.ingress.httpsListenerArn,
      securityGroupId: base.ingress.securityGroupId,
      conditions: base.ingress.forwardConditions,
    },
    logRetentionDays: cell.logRetentionDays,
    environment: cellEnvironment(cell),
    dataAccess,
    logKmsKeyArn: base.key.keyArn,
  };
}

/** Demand and follow-the-sun scaling of the web service, between the config's floor and ceiling. */
export function webScalingArgs(cell: RegionalCellArgs, base: CellFoundation, web: WebService): ServiceScalingArgs {
  return {
    clusterName: base.cluster.clusterName,
    serviceName: web.serviceName,
    minCapacity: cell.web.minTasks,
    maxCapacity: cell.web.maxTasks,
    schedule: cell.webSchedule,
    requestsPerTarget: {
      resourceLabel: pulumi.interpolate`${base.ingress.loadBalancerArnSuffix}/${web.targetGroupArnSuffix}`,
      target: cell.web.requestsPerTarget,
    },
    cpuTargetPercent: cell.web.cpuTargetPercent,
  };
}

export function workerArgs(cell: RegionalCellArgs, base: CellFoundation, dataAccess: DataAccess): WorkerServiceArgs {
  return {
    ...cell.background.worker,
    accountId: base.accountId,
    region: cell.region,
    clusterArn: base.cluster.clusterArn,
    clusterName: base.cluster.clusterName,
    clusterReady: [base.cluster.capacityProviders],
    vpcId: base.network.vpcId,
    subnetIds: base.network.privateSubnetIds,
    environment: cellEnvironment(cell),
    dataAccess,
    logRetentionDays: cell.logRetentionDays,
    logKmsKeyArn: base.key.keyArn,
    brokerName: brokerName(cell),
  };
}

/**
 * The jobs that run in this cell: all of them in the primary, the `every-cell` ones
 * elsewhere (config/job-placement.ts). Only their schedules are ENABLED; the cell builds
 * every job its config lists (see `jobsArgs`).
 */
export function cellJobs(cell: RegionalCellArgs): RegionalCellArgs["background"]["jobs"] {
  return jobsRunningHere(cell.background.jobs, cell.isPrimary);
}

/**
 * Every scheduled job the cell's config lists, each with the URL and credentials of the
 * external systems it lists and whether it runs here; `undefined` for a cell whose config
 * lists none (a scheduler role allowed to start nothing would be an invalid policy). A job
 * that runs in the primary only is built in every cell with its schedule DISABLED, so a
 * primary move flips schedule states in place and deletes no log group or queue.
 */
export function jobsArgs(
  cell: RegionalCellArgs,
  base: CellFoundation,
  dataAccess: DataAccess,
  external: ExternalSystems,
): ScheduledJobsArgs | undefined {
  const jobs = cell.background.jobs;
  if (jobs.length === 0) return undefined;
  return {
    app: cell.app,
    stack: cell.stack,
    accountId: base.accountId,
    region: cell.region,
    clusterArn: base.cluster.clusterArn,
    vpcId: base.network.vpcId,
    subnetIds: base.network.privateSubnetIds,
    jobs: jobs.map((job) => {
      const systems = external.forSystems(job.externalSystems);
      return {
        name: job.name,
        schedule: job.schedule,
        timeZone: job.timeZone,
        image: job.image,
        command: job.command,
        cpu: job.cpu,
        memory: job.memory,
        retries: job.retries,
        maxEventAgeSeconds: job.maxEventAgeSeconds,
        enabled: job.enabled,
        runIn: job.runIn,
        runsHere: runsHere(job.runIn, cell.isPrimary),
        environment: { ...cellEnvironment(cell), ...systems.environment },
        secrets: systems.secrets,
        secretArns: systems.secretArns,
      };
    }),
    dataAccess,
    kmsKeyArn: base.key.keyArn,
    logRetentionDays: cell.logRetentionDays,
  };
}

export function alarmsArgs(
  cell: RegionalCellArgs,
  base: CellFoundation,
  web: WebService,
  jobs: ScheduledJobs | undefined,
): CellAlarmsArgs {
  const { alarms } = cell.background;
  return {
    app: cell.app,
    stack: cell.stack,
    region: cell.region,
    accountId: base.accountId,
    kmsKeyArn: base.key.keyArn,
    email: alarms.email,
    loadBalancerArnSuffix: base.ingress.loadBalancerArnSuffix,
    targetGroupArnSuffix: web.targetGroupArnSuffix,
    brokerName: brokerName(cell),
    queueDepthThreshold: alarms.queueDepthThreshold,
    queueDepthMinutes: alarms.queueDepthMinutes,
    deadLetterQueueName: jobs?.deadLetterQueueName,
    jobs: jobs ? jobHeartbeats(cell, jobs) : [],
    error5xxPercent: alarms.error5xxPercent,
    webFloor: cell.web.minTasks,
  };
}

/**
 * A heartbeat alarm per enabled job that runs here and has a window: a job disabled in
 * config, or one whose schedule is off because it runs in the primary only, is not
 * expected to succeed here and must never page.
 */
function jobHeartbeats(cell: RegionalCellArgs, jobs: ScheduledJobs): JobAlarmSpec[] {
  return cellJobs(cell).flatMap((job) =>
    job.alarmAfterMinutes === undefined || !job.enabled
      ? []
      : [{ name: job.name, logGroupName: jobs.jobs[job.name].logGroupName, alarmAfterMinutes: job.alarmAfterMinutes }],
  );
}

/**
 * Zonal autoshift on the cell's load balancer: a practice run ends when the cell has no
 * healthy web task or answers too many 5xx, starts only while the web service is at its
 * floor, and never in the blocked UTC windows around the local peak (config/zonal-autoshift.ts).
 */
export function autoshiftArgs(cell: RegionalCellArgs, base: CellFoundation, alarms: CellAlarms): ZonalAutoshiftArgs {
  const { health, error5xx, webFloor } = alarms.alarmArns;
  return {
    loadBalancerArn: base.ingress.loadBalancerArn,
    outcomeAlarmArns: [health, error5xx],
    blockingAlarmArns: webFloor ? [webFloor] : [],
    blockedWindows: cell.zonalAutoshift.blockedWindows,
  };
}
