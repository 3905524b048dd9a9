import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { readCellConfig } from "../config/cell";
import { checkRequiredHeadroom } from "../config/regional-headroom";
import { siblingFiles } from "../config/sibling-files";
import { RawConfig } from "../config/reader";
import { RegionalCell } from "../components/cell/regional-cell";
import { StackBudget } from "../components/ops/stack-budget";
import { cellBudgetLimit } from "../cost/budget-limit";
import { cellMonthlyRequests } from "../cost/bill-of-materials";
import { cellAvailabilityZones } from "./availability-zones";
import { databaseMembership, originSecrets } from "./cell-roles";

/** What a cell stack exports; secondary cells and the global stack read these. */
export interface CellStackOutputs {
  kind: "cell";
  region: string;
  /** Whether the cell is the primary (the Aurora writer's region); moves with a switchover. */
  isPrimary: boolean;
  /** Whether the cell is the home (created the global database and owns the shared secrets); never moves. */
  isHome: boolean;
  vpcId: pulumi.Output<string>;
  vpcCidr: string;
  /** The AZ names of this account the cell spans, in subnet order. */
  availabilityZones: string[];
  /** The same zones' IDs (the same physical zones in every account): pin these to keep them. */
  availabilityZoneIds: string[];
  albDnsName: pulumi.Output<string>;
  albZoneId: pulumi.Output<string>;
  originHostName: string;
  clusterName: pulumi.Output<string>;
  webServiceName: pulumi.Output<string>;
  workerServiceName: pulumi.Output<string>;
  /** The EventBridge Scheduler group holding the cell's job schedules (when it has jobs). */
  scheduleGroupName?: pulumi.Output<string>;
  /** Where failed job invocations land (SQS, encrypted; when it has jobs); redrive from here. */
  jobsDeadLetterQueueUrl?: pulumi.Output<string>;
  /** The cell's alarm topic: subscribe a pager to it. */
  alarmTopicArn: pulumi.Output<string>;
  /** External systems' credentials secrets by system name, to fill with `put-secret-value`. */
  externalSystemSecretArns: Record<string, pulumi.Output<string>>;
  /** The CloudWatch alarm (in `region`) the edge's Route 53 health check for this cell follows. */
  healthAlarmName: pulumi.Output<string>;
  /** The cell's KMS key (the edge's replication role encrypts with it). */
  keyArn: pulumi.Output<string>;
  /** The media bucket: the edge's origin group and replication read these. */
  mediaBucketName: pulumi.Output<string>;
  mediaBucketArn: pulumi.Output<string>;
  mediaBucketDomainName: pulumi.Output<string>;
  databaseClusterIdentifier: pulumi.Output<string>;
  databaseWriterEndpoint: pulumi.Output<string>;
  databaseReaderEndpoint: pulumi.Output<string>;
  databasePort: number;
  cacheEndpoint: pulumi.Output<string>;
  brokerEndpoint: pulumi.Output<string>;
  /** The ECS cluster, web service and Aurora cluster ARNs the edge's Region switch plans name. */
  clusterArn: pulumi.Output<string>;
  webServiceArn: pulumi.Output<string>;
  databaseClusterArn: pulumi.Output<string>;
  /** The web service's peak floor and ceiling (`web.peakMinTasks`, `web.maxTasks`): the plans size a takeover from them. */
  webPeakMinTasks: number;
  webMaxTasks: number;
  /** Home only, a secret output: the origin-verify value the edge sends (the active slot). */
  originVerifySecret?: pulumi.Output<string>;
  /** Home only, a secret output: both slots' values, slot `a` first (every cell accepts both). */
  originVerifySecrets?: pulumi.Output<string[]>;
  /** Home only: the global cluster, resolved once the home's first instance exists. */
  globalClusterIdentifier?: pulumi.Output<string>;
  /** Home only: the master secret (each other cell reads its replica). */
  databaseSecretArn?: pulumi.Output<string>;
  /** Home only: the database the global cluster holds. */
  databaseName?: pulumi.Output<string>;
  /** Requests the cell's load balancer serves a month, as the estimate assumes (the edge prices its own share from it). */
  estimatedMonthlyRequests: number;
  /** The stack's monthly AWS Budget and its limit, USD. */
  budgetName: string;
  budgetLimitUsd: number;
}

/**
 * A regional cell stack: validate config before anything is registered, then one provider
 * for the cell's region carrying the default tags, then the cell.
 */
export async function cellStack(raw: RawConfig, stack: string): Promise<CellStackOutputs> {
  const config = readCellConfig(raw, stack);
  // From config alone, before anything is registered: a stack it cannot price must set its limit.
  const budgetLimitUsd = cellBudgetLimit(config);
  // N+1 across the checkout's cell stack files, when Pulumi.yaml requires it.
  if (config.shared.requireRegionalHeadroom) checkRequiredHeadroom(config, siblingFiles(stack));

  // Every resource of the cell goes through this provider: its region is the stack's and
  // never changes (a provider region change would replace everything it created), and its
  // default tags label every resource for cost and ownership.
  const provider = new aws.Provider(`aws-${config.region}`, {
    region: config.region as aws.Region,
    defaultTags: {
      tags: {
        app: config.shared.app,
        cell: config.region,
        stack,
        owner: config.shared.owner,
        "managed-by": "pulumi",
      },
    },
  });
  const zones = await cellAvailabilityZones(config, provider);
  const availabilityZones = zones.names;
  // The other cells read the home's outputs: the origin secret and the global database. The
  // home, not the primary: what it created stays where it is when the primary moves.
  const home = config.isHome ? undefined : new pulumi.StackReference(qualifiedStackName(config.shared.homeStack));
  const originVerify = originSecrets(home, config.originSecret);

  const cell = new RegionalCell(
    config.shared.app,
    {
      ...config,
      app: config.shared.app,
      availabilityZones,
      domain: config.shared.domain,
      hostedZoneId: config.shared.hostedZoneId,
      originVerifySecrets: originVerify.slots,
      databaseMembership: databaseMembership(config, home),
    },
    { providers: [provider] },
  );
  const budget = new StackBudget(
    `${config.shared.app}-budget`,
    { app: config.shared.app, stack, limitUsd: budgetLimitUsd, topicArn: cell.alarmTopicArn },
    { providers: [provider] },
  );

  return {
    kind: "cell",
    region: config.region,
    isPrimary: config.isPrimary,
    isHome: config.isHome,
    vpcId: cell.vpcId,
    vpcCidr: cell.vpcCidr,
    availabilityZones,
    availabilityZoneIds: zones.zoneIds,
    albDnsName: cell.albDnsName,
    albZoneId: cell.albZoneId,
    originHostName: cell.originHostName,
    clusterName: cell.clusterName,
    webServiceName: cell.webServiceName,
    workerServiceName: cell.workerServiceName,
    ...(cell.jobs
      ? { scheduleGroupName: cell.jobs.scheduleGroupName, jobsDeadLetterQueueUrl: cell.jobs.deadLetterQueueUrl }
      : {}),
    alarmTopicArn: cell.alarmTopicArn,
    externalSystemSecretArns: cell.externalSecretArns,
    healthAlarmName: cell.healthAlarmName,
    keyArn: cell.keyArn,
    mediaBucketName: cell.mediaBucket.bucketName,
    mediaBucketArn: cell.mediaBucket.bucketArn,
    mediaBucketDomainName: cell.mediaBucket.bucketRegionalDomainName,
    databaseClusterIdentifier: cell.database.clusterIdentifier,
    databaseWriterEndpoint: cell.database.writerEndpoint,
    databaseReaderEndpoint: cell.database.readerEndpoint,
    databasePort: cell.database.port,
    cacheEndpoint: cell.cache.primaryEndpoint,
    brokerEndpoint: cell.broker.amqpsEndpoint,
    clusterArn: cell.clusterArn,
    webServiceArn: cell.webServiceArn,
    databaseClusterArn: cell.database.clusterArn,
    webPeakMinTasks: config.web.peakMinTasks,
    webMaxTasks: config.web.maxTasks,
    estimatedMonthlyRequests: Math.round(cellMonthlyRequests(config)),
    budgetName: budget.budgetName,
    budgetLimitUsd,
    ...(config.isHome
      ? {
          originVerifySecret: originVerify.active,
          originVerifySecrets: pulumi.secret(pulumi.all(originVerify.slots)),
          globalClusterIdentifier: cell.database.globalClusterIdentifier,
          databaseSecretArn: cell.database.masterSecretArn,
          databaseName: cell.database.databaseName,
        }
      : {}),
  };
}

/** `org/project/stack`, as StackReference wants it; a bare name is completed with this stack's org and project. */
export function qualifiedStackName(stack: string): string {
  return stack.includes("/") ? stack : `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
}
