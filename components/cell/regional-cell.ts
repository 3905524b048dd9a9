import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CellConfig } from "../../config/cell";
import { AuroraDatabase, AuroraMembership } from "../data/aurora-database";
import { CellKey } from "../data/cell-key";
import { cellDataAccess } from "../data/cell-data-access";
import { ObjectStore } from "../data/object-store";
import { RabbitMqBroker } from "../data/rabbitmq-broker";
import { ValkeyCache } from "../data/valkey-cache";
import { ExternalSystems } from "../jobs/external-systems";
import { ScheduledJobs } from "../jobs/scheduled-jobs";
import { CellAlarms } from "../ops/cell-alarms";
import { ZonalAutoshift } from "../ops/zonal-autoshift";
import {
  alarmsArgs,
  autoshiftArgs,
  brokerArgs,
  cacheArgs,
  CellFoundation,
  databaseArgs,
  ingressArgs,
  jobsArgs,
  keyArgs,
  mediaBucketArgs,
  networkArgs,
  originHostName,
  webArgs,
  webScalingArgs,
  workerArgs,
} from "./cell-parts";
import { Cluster } from "./cluster";
import { Ingress } from "./ingress";
import { Network } from "./network";
import { ServiceScaling } from "./service-scaling";
import { WebService } from "./web-service";
import { WorkerService } from "./worker-service";

/**
 * The cell's config (`CellConfig`, as the config reader checked and defaulted it: each
 * member's meaning and default is documented there) and what the stack resolves around it.
 */
export interface RegionalCellArgs
  extends Pick<
    CellConfig,
    | "stack"
    | "region"
    | "isPrimary"
    | "cidr"
    | "natStrategy"
    | "interfaceEndpoints"
    | "flowLogRetentionDays"
    | "logRetentionDays"
    | "deletionProtection"
    | "web"
    | "webSchedule"
    | "data"
    | "background"
    | "zonalAutoshift"
  > {
  /** Short app name, used in physical name prefixes (`storefront:app`). */
  app: string;
  /** AZs the cell spans, pinned in config or looked up (a plain list: it decides how many subnets exist). */
  availabilityZones: string[];
  /** Public apex domain; the cell serves `origin.<domain>`. */
  domain: string;
  /** Hosted zone of `domain`. */
  hostedZoneId: string;
  /** Values of the origin-verify header the cell accepts: both slots (the home generates them, the others reference them). */
  originVerifySecrets: pulumi.Input<string>[];
  /** How this cell's database belongs to the global database (home or joiner). */
  databaseMembership: AuroraMembership;
  /** Whether this cell is the primary (the Aurora writer); decides only what tasks are told. */
  isPrimary: boolean;
}

/**
 * One region's complete, independent slice of the storefront: the network, the load
 * balancer, the cluster and the cell key; the database, cache, broker and media bucket; the
 * web service with demand and follow-the-sun scaling, the worker, the scheduled jobs and the
 * alarms. Each part's arguments come from one pure function of cell-parts.ts. Create one
 * per region stack, through a provider for that region.
 *
 * Cost (us-east-1, before traffic, with the defaults): NAT gateways about $99/month,
 * interface endpoints about $44/month (about $88 with private ECR images), ALB about
 * $16/month, the web floor of `web.minTasks` tasks at about $29/month each for 1 vCPU /
 * 2 GB on ARM, and the data tier:
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
  /** The ECS cluster's ARN (a Region switch plan's ECS scaling step names it). */
  readonly clusterArn: pulumi.Output<string>;
  /** The web service's ARN (a Region switch plan's ECS scaling step names it). */
  readonly webServiceArn: pulumi.Output<string>;
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
  /** The media bucket (config `objectStore`, resources `<cell>-media`, outputs `mediaBucket*`). */
  readonly mediaBucket: ObjectStore;

  constructor(name: string, args: RegionalCellArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:RegionalCell", name, {}, opts);
    const child = { parent: this };
    const accountId = aws.getCallerIdentityOutput({}, child).accountId;

    // Where everything else runs: the network, the load balancer, the cluster, the key.
    const network = new Network(`${name}-network`, networkArgs(args, accountId), child);
    const ingress = new Ingress(`${name}-ingress`, ingressArgs(args, accountId, network), child);
    const cluster = new Cluster(`${name}-cluster`, {}, child);
    const key = new CellKey(`${name}-key`, keyArgs(args, accountId), child);
    const base: CellFoundation = { accountId, network, ingress, cluster, key };

    // The data tier, and what every task is told and allowed about it.
    const database = new AuroraDatabase(`${name}-database`, databaseArgs(args, base), child);
    const cache = new ValkeyCache(`${name}-cache`, cacheArgs(args, base), child);
    const broker = new RabbitMqBroker(`${name}-broker`, brokerArgs(args, base), child);
    const mediaBucket = new ObjectStore(`${name}-media`, mediaBucketArgs(args, base), child);
    const dataAccess = cellDataAccess({
      database,
      cache,
      broker,
      mediaBucket,
      kmsKeyArn: key.keyArn,
      region: args.region,
    });

    // The web service and its scaling; the worker on the broker; the jobs on schedules,
    // with the external systems' credentials as ECS secrets; the alarms over all of it.
    const web = new WebService(`${name}-web`, webArgs(args, base, dataAccess), child);
    new ServiceScaling(`${name}-web-scaling`, webScalingArgs(args, base, web), child);
    const worker = new WorkerService(`${name}-worker`, workerArgs(args, base, dataAccess), child);
    const external = new ExternalSystems(
      `${name}-external`,
      { systems: args.background.externalSystems, kmsKeyId: key.keyArn },
      child,
    );
    const jobArgs = jobsArgs(args, base, dataAccess, external);
    const jobs = jobArgs ? new ScheduledJobs(`${name}-jobs`, jobArgs, child) : undefined;
    const cellAlarms = new CellAlarms(`${name}-alarms`, alarmsArgs(args, base, web, jobs), child);
    // AWS may shift the load balancer's traffic off an impaired zone, and practises it weekly off-peak.
    if (args.zonalAutoshift.enabled) {
      new ZonalAutoshift(`${name}-autoshift`, autoshiftArgs(args, base, cellAlarms), child);
    }

    this.region = args.region;
    this.vpcId = network.vpcId;
    this.vpcCidr = args.cidr;
    this.albDnsName = ingress.dnsName;
    this.albZoneId = ingress.zoneId;
    this.originHostName = originHostName(args);
    this.clusterName = cluster.clusterName;
    this.webServiceName = web.serviceName;
    this.clusterArn = cluster.clusterArn;
    this.webServiceArn = web.serviceArn;
    this.keyArn = key.keyArn;
    this.healthAlarmName = cellAlarms.healthAlarmName;
    this.workerServiceName = worker.serviceName;
    this.jobs = jobs;
    this.alarmTopicArn = cellAlarms.topicArn;
    this.externalSecretArns = external.secretArnByName;
    this.database = database;
    this.cache = cache;
    this.broker = broker;
    this.mediaBucket = mediaBucket;
    this.registerOutputs({
      vpcId: this.vpcId,
      albDnsName: this.albDnsName,
      albZoneId: this.albZoneId,
      clusterName: this.clusterName,
      webServiceName: this.webServiceName,
    });
  }
}
