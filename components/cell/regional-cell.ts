import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ScheduledCapacity } from "../../capacity/schedule";
import { NatStrategy, WebServiceConfig } from "../../config/cell";
import { DataTierConfig } from "../../config/data-tier";
import { AuroraDatabase, AuroraMembership } from "../data/aurora-database";
import { dataStoreName } from "../data/arns";
import { CellKey } from "../data/cell-key";
import { cellDataAccess } from "../data/cell-data-access";
import { ObjectStore } from "../data/object-store";
import { RabbitMqBroker } from "../data/rabbitmq-broker";
import { ValkeyCache } from "../data/valkey-cache";
import { S3_ACCESS_LOG_PREFIX } from "./access-log-bucket";
import { CellCluster } from "./cluster";
import { CellIngress } from "./ingress";
import { CellNetwork } from "./network";
import { ServiceScaling } from "./service-scaling";
import { WebService } from "./web-service";
import { BackgroundConfig } from "../../config/background";
import { ExternalSystems } from "../jobs/external-systems";
import { ScheduledJobs } from "../jobs/scheduled-jobs";
import { CellAlarms } from "../ops/cell-alarms";
import { WorkerService } from "./worker-service";

export interface RegionalCellArgs {
  /** Short app name, used in physical name prefixes. */
  app: string;
  /** The cell's stack name; names its data stores and its key alias. */
  stack: string;
  /** The cell's region; must match the provider the cell is created with. */
  region: string;
  /** AZs the cell spans (a plain list: it decides how many subnets exist). */
  availabilityZones: string[];
  /** The VPC's IPv4 block; must not overlap another cell's. */
  cidr: string;
  /**
   * NAT gateways per AZ or a single one.
   * @default "OnePerAz"
   */
  natStrategy?: NatStrategy;
  /**
   * Interface endpoints for ECR, CloudWatch Logs and Secrets Manager.
   * @default true
   */
  interfaceEndpoints?: boolean;
  /**
   * Days to keep VPC flow logs.
   * @default 90
   */
  flowLogRetentionDays?: number;
  /**
   * Days to keep application logs.
   * @default 30
   */
  logRetentionDays?: number;
  /** Public apex domain; the cell serves `origin.<domain>`. */
  domain: string;
  /** Hosted zone of `domain`. */
  hostedZoneId: string;
  /** Value CloudFront sends in the origin-verify header (the primary generates it, the others reference it). */
  originVerifySecret: pulumi.Input<string>;
  /**
   * Deletion protection on the load balancer.
   * @default true
   */
  deletionProtection?: boolean;
  /** The web service's size and scaling bounds. */
  web: WebServiceConfig;
  /**
   * Follow-the-sun actions for the web service (from `followTheSunSchedule`).
   * @default []
   */
  webSchedule?: ScheduledCapacity[];
  /** Database, cache, broker and object store settings, with their maintenance windows. */
  data: DataTierConfig;
  /** How this cell's database belongs to the global database (primary or secondary). */
  databaseMembership: AuroraMembership;
  /** The worker service, scheduled jobs, external systems and alarm settings. */
  background: BackgroundConfig;
}

/**
 * One region's complete, independent slice of the storefront: network, load balancer,
 * cluster and web service with demand and follow-the-sun scaling. Create one per region
 * stack, through a provider for that region.
 *
 * Cost (us-east-1, before traffic, with the defaults): NAT gateways about $99/month,
 * interface endpoints about $88/month, ALB about $16/month, the web floor of
 * `web.minTasks` tasks at about $29/month each for 1 vCPU / 2 GB on ARM, and the data tier:
 * two db.r7g.large instances about $400/month, two cache.m7g.large nodes about
 * $185/month, a three-node mq.m7g.large broker cluster about $630/month, the key $1/month.
 */
export class RegionalCell extends pulumi.ComponentResource {
  readonly region: string;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly albDnsName: pulumi.Output<string>;
  readonly albZoneId: pulumi.Output<string>;
  readonly originHostName: string;
  readonly clusterName: pulumi.Output<string>;
  readonly webServiceName: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;
  /** The alarm Route 53 follows for this cell (in ALARM when no web task is healthy). */
  readonly healthAlarmName: pulumi.Output<string>;
  readonly workerServiceName: pulumi.Output<string>;
  /** The scheduled jobs; none when config lists no job. */
  readonly jobs?: ScheduledJobs;
  readonly alarmTopicArn: pulumi.Output<string>;
  /** External systems' credentials secrets, by system name (operators fill them). */
  readonly externalSecretArns: Record<string, pulumi.Output<string>>;
  readonly database: AuroraDatabase;
  readonly cache: ValkeyCache;
  readonly broker: RabbitMqBroker;
  readonly objects: ObjectStore;

  constructor(name: string, args: RegionalCellArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:RegionalCell", name, {}, opts);
    if (args.web.peakMinTasks < args.web.minTasks || args.web.maxTasks < args.web.peakMinTasks) {
      throw new Error(`RegionalCell ${name}: need web.minTasks <= web.peakMinTasks <= web.maxTasks`);
    }
    const originHostName = `origin.${args.domain}`;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    const network = new CellNetwork(
      `${name}-network`,
      {
        region: args.region,
        accountId,
        cidr: args.cidr,
        availabilityZones: args.availabilityZones,
        natStrategy: args.natStrategy,
        interfaceEndpoints: args.interfaceEndpoints,
        flowLogRetentionDays: args.flowLogRetentionDays,
      },
      { parent: this },
    );
    const ingress = new CellIngress(
      `${name}-ingress`,
      {
        app: args.app,
        region: args.region,
        accountId,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        originHostName,
        hostedZoneId: args.hostedZoneId,
        originVerifySecret: args.originVerifySecret,
        deletionProtection: args.deletionProtection,
      },
      { parent: this },
    );
    const cluster = new CellCluster(`${name}-cluster`, {}, { parent: this });

    // The data tier. Until the edge's distribution is named in config, CloudFront may read
    // media for any distribution of this account (and nothing else may).
    const cloudFrontSourceArn =
      args.data.objectStore.edgeDistributionArn ?? pulumi.interpolate`arn:aws:cloudfront::${accountId}:distribution/*`;
    const key = new CellKey(
      `${name}-key`,
      { app: args.app, stack: args.stack, region: args.region, accountId, cloudFrontSourceArn },
      { parent: this },
    );
    const { database: db, cache: cacheConfig, broker: brokerConfig, windows } = args.data;
    const database = new AuroraDatabase(
      `${name}-database`,
      {
        clusterIdentifier: dataStoreName(args.app, args.stack, 63),
        membership: args.databaseMembership,
        engineVersion: db.engineVersion,
        instanceClass: db.instanceClass,
        port: db.port,
        minReaders: db.minReaders,
        maxReaders: db.maxReaders,
        readerCpuTargetPercent: db.readerCpuTargetPercent,
        backupRetentionDays: db.backupRetentionDays,
        backupWindow: windows.databaseBackup,
        maintenanceWindow: windows.databaseMaintenance,
        availabilityZones: args.availabilityZones,
        vpcId: network.vpcId,
        subnetIds: network.isolatedSubnetIds,
        kmsKeyArn: key.keyArn,
        accountId,
        logRetentionDays: args.logRetentionDays,
        deletionProtection: args.deletionProtection,
      },
      { parent: this },
    );
    const cache = new ValkeyCache(
      `${name}-cache`,
      {
        nodeType: cacheConfig.nodeType,
        engineVersion: cacheConfig.engineVersion,
        nodes: cacheConfig.nodes,
        snapshotRetentionDays: cacheConfig.snapshotRetentionDays,
        snapshotWindow: windows.cacheSnapshot,
        maintenanceWindow: windows.cacheMaintenance,
        availabilityZones: args.availabilityZones,
        vpcId: network.vpcId,
        subnetIds: network.isolatedSubnetIds,
        kmsKeyArn: key.keyArn,
        logRetentionDays: args.logRetentionDays,
      },
      { parent: this },
    );
    const brokerName = dataStoreName(args.app, args.stack, 50);
    const broker = new RabbitMqBroker(
      `${name}-broker`,
      {
        brokerName,
        deploymentMode: brokerConfig.deploymentMode,
        instanceType: brokerConfig.instanceType,
        engineVersion: brokerConfig.engineVersion,
        maintenanceWindow: windows.brokerMaintenance,
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        kmsKeyArn: key.keyArn,
      },
      { parent: this },
    );
    const objects = new ObjectStore(
      `${name}-media`,
      {
        bucketPrefix: `${args.app}-media-${args.region}-`,
        kmsKeyArn: key.keyArn,
        accessLogs: {
          bucketName: ingress.accessLogBucket,
          prefix: `${S3_ACCESS_LOG_PREFIX}media/`,
          policy: ingress.accessLogPolicy,
        },
        cloudFrontSourceArn,
        noncurrentVersionDays: args.data.objectStore.noncurrentVersionDays,
      },
      { parent: this },
    );
    const dataAccess = cellDataAccess({
      database,
      cache,
      broker,
      objects,
      kmsKeyArn: key.keyArn,
      region: args.region,
    });
    // What every container of the cell is told about where it runs.
    const cellEnvironment = { AWS_REGION: args.region, STOREFRONT_CELL: args.region, PUBLIC_HOST: args.domain };
    const web = new WebService(
      `${name}-web`,
      {
        accountId,
        region: args.region,
        clusterArn: cluster.clusterArn,
        clusterReady: [cluster.capacityProviders],
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        loadBalancer: {
          listenerArn: ingress.httpsListenerArn,
          securityGroupId: ingress.securityGroupId,
          conditions: ingress.forwardConditions,
        },
        image: args.web.image,
        cpu: args.web.cpu,
        memory: args.web.memory,
        port: args.web.port,
        healthCheckPath: args.web.healthCheckPath,
        initialTaskCount: args.web.minTasks,
        onDemandBase: args.web.minTasks,
        spotPercent: args.web.spotPercent,
        logRetentionDays: args.logRetentionDays,
        environment: cellEnvironment,
        dataAccess,
        logKmsKeyArn: key.keyArn,
      },
      { parent: this },
    );
    new ServiceScaling(
      `${name}-web-scaling`,
      {
        clusterName: cluster.clusterName,
        serviceName: web.serviceName,
        minCapacity: args.web.minTasks,
        maxCapacity: args.web.maxTasks,
        schedule: args.webSchedule,
        requestsPerTarget: {
          resourceLabel: pulumi.interpolate`${ingress.loadBalancerArnSuffix}/${web.targetGroupArnSuffix}`,
          target: args.web.requestsPerTarget,
        },
        cpuTargetPercent: args.web.cpuTargetPercent,
      },
      { parent: this },
    );

    // Background work: the worker consumes the broker; the jobs run on schedules, the
    // catalog sync among them, with the external systems' credentials as ECS secrets.
    const { worker: workerConfig, jobs: jobConfigs, externalSystems, alarms } = args.background;
    const worker = new WorkerService(
      `${name}-worker`,
      {
        accountId,
        region: args.region,
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        clusterReady: [cluster.capacityProviders],
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        image: workerConfig.image,
        command: workerConfig.command,
        cpu: workerConfig.cpu,
        memory: workerConfig.memory,
        minTasks: workerConfig.minTasks,
        maxTasks: workerConfig.maxTasks,
        onDemandBase: workerConfig.onDemandBase,
        onDemandWeight: workerConfig.onDemandWeight,
        spotWeight: workerConfig.spotWeight,
        stopTimeoutSeconds: workerConfig.stopTimeoutSeconds,
        environment: cellEnvironment,
        dataAccess,
        logRetentionDays: args.logRetentionDays,
        logKmsKeyArn: key.keyArn,
        brokerName,
        messagesPerTask: workerConfig.messagesPerTask,
      },
      { parent: this },
    );
    const external = new ExternalSystems(
      `${name}-external`,
      { systems: externalSystems, kmsKeyId: key.keyArn },
      { parent: this },
    );
    // A scheduler role allowed to start nothing would be an invalid policy: no jobs, no scheduler.
    const jobs =
      jobConfigs.length === 0
        ? undefined
        : new ScheduledJobs(
            `${name}-jobs`,
            {
              app: args.app,
              stack: args.stack,
              accountId,
              region: args.region,
              clusterArn: cluster.clusterArn,
              vpcId: network.vpcId,
              subnetIds: network.privateSubnetIds,
              jobs: jobConfigs.map((job) => {
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
                  environment: { ...cellEnvironment, ...systems.environment },
                  secrets: systems.secrets,
                  secretArns: systems.secretArns,
                };
              }),
              dataAccess,
              kmsKeyArn: key.keyArn,
              logRetentionDays: args.logRetentionDays,
            },
            { parent: this },
          );
    const cellAlarms = new CellAlarms(
      `${name}-alarms`,
      {
        app: args.app,
        stack: args.stack,
        region: args.region,
        accountId,
        kmsKeyArn: key.keyArn,
        email: alarms.email,
        loadBalancerArnSuffix: ingress.loadBalancerArnSuffix,
        targetGroupArnSuffix: web.targetGroupArnSuffix,
        brokerName,
        queueDepthThreshold: alarms.queueDepthThreshold,
        queueDepthMinutes: alarms.queueDepthMinutes,
        deadLetterQueueName: jobs?.deadLetterQueueName,
        jobs: jobs
          ? jobConfigs.flatMap((job) =>
              // A disabled job is not expected to succeed.
              job.alarmAfterMinutes === undefined || !job.enabled
                ? []
                : [
                    {
                      name: job.name,
                      logGroupName: jobs.jobs[job.name].logGroupName,
                      alarmAfterMinutes: job.alarmAfterMinutes,
                    },
                  ],
            )
          : [],
        error5xxPercent: alarms.error5xxPercent,
        webFloor: args.web.minTasks,
      },
      { parent: this },
    );

    this.region = args.region;
    this.vpcId = network.vpcId;
    this.vpcCidr = args.cidr;
    this.albDnsName = ingress.dnsName;
    this.albZoneId = ingress.zoneId;
    this.originHostName = originHostName;
    this.clusterName = cluster.clusterName;
    this.webServiceName = web.serviceName;
    this.keyArn = key.keyArn;
    this.healthAlarmName = cellAlarms.healthAlarmName;
    this.workerServiceName = worker.serviceName;
    this.jobs = jobs;
    this.alarmTopicArn = cellAlarms.topicArn;
    this.externalSecretArns = external.secretArnByName;
    this.database = database;
    this.cache = cache;
    this.broker = broker;
    this.objects = objects;
    this.registerOutputs({
      vpcId: this.vpcId,
      albDnsName: this.albDnsName,
      albZoneId: this.albZoneId,
      clusterName: this.clusterName,
      webServiceName: this.webServiceName,
    });
  }
}
