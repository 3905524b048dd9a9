import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CellConfig, readCellConfig } from "../config/cell";
import { siblingCellFiles } from "../config/primary-switch";
import { checkRequiredHeadroom } from "../config/regional-headroom";
import { RawConfig } from "../config/reader";
import { RegionalCell } from "../components/cell/regional-cell";
import { secretReplicaArn } from "../components/data/arns";
import { AuroraMembership } from "../components/data/aurora-database";
import { requireCellOutput } from "./cell-outputs";
import { StackBudget } from "../components/ops/stack-budget";
import { cellBudgetLimit } from "../cost/budget-limit";
import { cellMonthlyRequests } from "../cost/bill-of-materials";
import { cellAvailabilityZones } from "./availability-zones";

/** What a cell stack exports; secondary cells and the global stack read these. */
export interface CellStackOutputs {
  kind: "cell";
  region: string;
  isPrimary: boolean;
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
  /** Only the primary exports it; it is a secret output. */
  originVerifySecret?: pulumi.Output<string>;
  /** Primary only: the global cluster, resolved once its writer instance exists. */
  globalClusterIdentifier?: pulumi.Output<string>;
  /** Primary only: the master secret (each secondary reads its replica). */
  databaseSecretArn?: pulumi.Output<string>;
  /** Primary only: the database the global cluster holds. */
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
  if (config.shared.requireRegionalHeadroom) checkRequiredHeadroom(config, siblingCellFiles(stack));

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
  // Secondary cells read the primary's outputs: the origin secret and the global database.
  const primary = config.isPrimary
    ? undefined
    : new pulumi.StackReference(qualifiedStackName(config.shared.primaryStack));
  const originVerifySecret = originSecret(primary);

  const cell = new RegionalCell(
    config.shared.app,
    {
      ...config,
      app: config.shared.app,
      availabilityZones,
      domain: config.shared.domain,
      hostedZoneId: config.shared.hostedZoneId,
      originVerifySecret,
      databaseMembership: databaseMembership(config, primary),
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
    ...(config.isPrimary
      ? {
          originVerifySecret: pulumi.secret(originVerifySecret),
          globalClusterIdentifier: cell.database.globalClusterIdentifier,
          databaseSecretArn: cell.database.masterSecretArn,
          databaseName: cell.database.databaseName,
        }
      : {}),
  };
}

/**
 * The primary creates the global cluster and the master secret; a secondary joins the
 * global cluster the primary exported and reads the secret's replica in its own region.
 */
function databaseMembership(config: CellConfig, primary: pulumi.StackReference | undefined): AuroraMembership {
  const database = config.data.database;
  if (!primary) {
    return {
      role: "primary",
      globalClusterIdentifier: `${config.shared.app}-global`,
      databaseName: database.databaseName,
      masterUsername: database.masterUsername,
      secretReplicaRegions: database.replicaRegions,
    };
  }
  return {
    role: "secondary",
    globalClusterIdentifier: requireCellOutput(primary, "globalClusterIdentifier"),
    databaseName: requireCellOutput(primary, "databaseName"),
    masterSecretArn: requireCellOutput(primary, "databaseSecretArn").apply((arn) =>
      secretReplicaArn(arn, config.region),
    ),
  };
}

/**
 * The origin-verify header value: generated once by the primary cell, read by every other
 * cell from the primary's outputs. Rotating it means replacing the primary's password and
 * then updating every other stack, the edge last.
 */
function originSecret(primary: pulumi.StackReference | undefined): pulumi.Output<string> {
  if (!primary) {
    // Protected: a new value would lock CloudFront out of every cell until all stacks and
    // the edge were updated.
    return new random.RandomPassword("origin-verify-secret", { length: 48, special: false }, { protect: true }).result;
  }
  return requireCellOutput(primary, "originVerifySecret");
}

/** `org/project/stack`, as StackReference wants it; a bare name is completed with this stack's org and project. */
export function qualifiedStackName(stack: string): string {
  return stack.includes("/") ? stack : `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
}
