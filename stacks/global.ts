import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stackBaseName } from "../config/cell";
import { checkEdgeCells, EdgeCellIdentity, GlobalConfig, readGlobalConfig } from "../config/global";
import { checkPriceClassCoverage } from "../config/price-class";
import { ConfigError, RawConfig } from "../config/reader";
import { EdgeCell, GlobalEdge } from "../components/edge/global-edge";
import { writerHostName } from "../components/edge/host-names";
import { RegionSwitch, RegionSwitchCell } from "../components/recovery/region-switch";
import { isLostCell } from "../config/lost-cells";
import { REQUIRE_HEADROOM_KEY } from "../config/regional-headroom";
import { planTakeovers, takeoverShortfalls } from "../recovery/takeover-capacity";
import { CellStackOutputs, qualifiedStackName } from "./cell";
import { cellOutputValue, requireCellOutput } from "./cell-outputs";
import { StackBudget } from "../components/ops/stack-budget";
import { globalBudgetLimit } from "../cost/budget-limit";
import type { EdgeCellLoad } from "../cost/edge-bill";

/** CloudFront's certificate and web ACL exist only here (docs/aws-behaviours.md #6); Route 53 and IAM are global. */
export const EDGE_REGION = "us-east-1";

/** What the global stack exports. */
export interface GlobalStackOutputs {
  kind: "global";
  /** The distribution's own name, `dxxxx.cloudfront.net`. */
  distributionDomainName: pulumi.Output<string>;
  distributionId: pulumi.Output<string>;
  /** Each cell's `storefront:edgeDistributionArn` takes this value. */
  distributionArn: pulumi.Output<string>;
  /** The shop's public URLs: the apex, then `www`. */
  urls: string[];
  /** `origin.<domain>`, latency-routed to the nearest healthy cell. */
  originHostName: string;
  /** Every cell in deploy order with the Route 53 health check that follows it. */
  cells: { stack: string; region: string; healthCheckId: pulumi.Output<string> }[];
  webAclArn: pulumi.Output<string>;
  certificateArn: pulumi.Output<string>;
  logBucketName: pulumi.Output<string>;
  /** `writer.<domain>`: its record follows the primary cell and moves with the Region switch plans. */
  writerHostName: string;
  /** One ARC Region switch plan per secondary cell, each paired with the primary. */
  regionSwitchPlans: { name: string; arn: pulumi.Output<string>; regions: string[] }[];
  /** The stack's monthly AWS Budget and its limit, USD. */
  budgetName: string;
  budgetLimitUsd: number;
}

/**
 * The global edge stack: validate config before anything is read; read every cell's outputs
 * through one StackReference each and check the cells against each other before any AWS
 * resource is registered; then one us-east-1 provider for the edge and one per other cell
 * region for the buckets' replication configurations; then the edge.
 */
export async function globalStack(raw: RawConfig, stack: string): Promise<GlobalStackOutputs> {
  const config = readGlobalConfig(raw, stack);
  const { cells, originVerifySecret, recoveryCells, globalClusterIdentifier, loads, primaryAlarmTopicArn } =
    await readCells(config);
  // From config and the cells' outputs, before any AWS resource: an unpriced region needs a set limit.
  const budgetLimitUsd = globalBudgetLimit(config, loads);

  const tags = { app: config.shared.app, stack, owner: config.shared.owner, "managed-by": "pulumi" };
  const edgeProvider = new aws.Provider(`aws-${EDGE_REGION}`, {
    region: EDGE_REGION,
    defaultTags: { tags },
  });
  // One provider per region, named after it: a cell added or removed adds or removes its
  // region's provider and nothing else. A cell in us-east-1 shares the edge's.
  const regionProviders: Record<string, aws.Provider> = {};
  for (const { region } of cells) {
    regionProviders[region] =
      region === EDGE_REGION
        ? edgeProvider
        : new aws.Provider(`aws-${region}`, { region: region as aws.Region, defaultTags: { tags } });
  }

  const edge = new GlobalEdge(
    config.shared.app,
    {
      ...config,
      app: config.shared.app,
      domain: config.shared.domain,
      hostedZoneId: config.shared.hostedZoneId,
      cells,
      originVerifySecret,
      regionProviders,
    },
    { providers: [edgeProvider] },
  );

  const writer = writerHostName(config.shared.domain);
  const regionSwitch = new RegionSwitch(
    `${config.shared.app}-switch`,
    {
      app: config.shared.app,
      writerHostName: writer,
      hostedZoneId: config.shared.hostedZoneId,
      cells: recoveryCells,
      globalClusterIdentifier,
      accountId: aws.getCallerIdentityOutput({}, { provider: edgeProvider }).accountId,
    },
    { providers: [edgeProvider] },
  );
  // The edge has no on-call topic of its own: its budget notifies the primary cell's alarm topic.
  const budget = new StackBudget(
    `${config.shared.app}-budget`,
    { app: config.shared.app, stack, limitUsd: budgetLimitUsd, topicArn: primaryAlarmTopicArn },
    { providers: [edgeProvider] },
  );

  return {
    kind: "global",
    distributionDomainName: edge.distributionDomainName,
    distributionId: edge.distributionId,
    distributionArn: edge.distributionArn,
    urls: edge.viewerNames.map((name) => `https://${name}`),
    originHostName: edge.originHostName,
    cells: edge.cells,
    webAclArn: edge.webAclArn,
    certificateArn: edge.certificateArn,
    logBucketName: edge.logBucketName,
    writerHostName: writer,
    regionSwitchPlans: regionSwitch.plans,
    budgetName: budget.budgetName,
    budgetLimitUsd,
  };
}

/** The outputs every cell exports that the edge reads as plain values. */
const IDENTITY_OUTPUTS = [
  "kind",
  "region",
  "isPrimary",
  "vpcCidr",
  "originHostName",
  "webPeakMinTasks",
  "webMaxTasks",
  "estimatedMonthlyRequests",
  "isHome",
] as const satisfies readonly (keyof CellStackOutputs)[];

/**
 * Reads each listed cell through a StackReference, in list order (the primary first), and
 * refuses a fleet whose outputs disagree: not exactly one primary, two cells in a region,
 * overlapping VPC blocks, a stack that is not a cell. Region, role and VPC block are
 * awaited here: every logical name and Route 53 identity of a cell derives from its region,
 * so they must be plain values, and a bad fleet must stop before anything is created.
 */
async function readCells(config: GlobalConfig): Promise<{
  cells: EdgeCell[];
  originVerifySecret: pulumi.Output<string>;
  recoveryCells: RegionSwitchCell[];
  globalClusterIdentifier: pulumi.Output<string>;
  loads: EdgeCellLoad[];
  primaryAlarmTopicArn: pulumi.Output<string>;
}> {
  const references = config.cells.map((stack) => ({
    stack,
    reference: new pulumi.StackReference(qualifiedStackName(stack)),
  }));
  const values = await Promise.all(
    references.map(async ({ reference }) => {
      const read = await Promise.all(IDENTITY_OUTPUTS.map((name) => cellOutputValue(reference, name)));
      return Object.fromEntries(IDENTITY_OUTPUTS.map((name, i) => [name, read[i]]));
    }),
  );
  const missing = references.flatMap(({ stack }, i) => {
    const absent = IDENTITY_OUTPUTS.filter((name) => values[i][name] === undefined);
    return absent.length > 0
      ? [`stack "${stack}" exports no ${absent.join(", ")}: deploy it (as a cell) before the edge`]
      : [];
  });
  const identities: EdgeCellIdentity[] = references.map(({ stack }, i) => ({
    stack,
    kind: String(values[i].kind),
    region: String(values[i].region),
    // A lost cell cannot be deployed to say it no longer writes (config/lost-cells.ts).
    isPrimary: values[i].isPrimary === true && !isLostCell(config.lostCells, stack),
    isHome: values[i].isHome === true,
    cidr: String(values[i].vpcCidr),
    originHostName: String(values[i].originHostName),
  }));
  const problems =
    missing.length > 0
      ? missing
      : checkEdgeCells(
          identities,
          `origin.${config.shared.domain}`,
          stackBaseName(config.shared.homeStack),
          stackBaseName(config.shared.primaryStack),
        );
  // Only once every cell's region is known: a missing cell is the one problem to report.
  const uncovered = missing.length > 0 ? [] : checkPriceClassCoverage(config.priceClass, identities);
  if (problems.length + uncovered.length > 0) {
    throw new ConfigError(config.stack, [
      ...problems.map((message) => ({ key: "storefront:cells", value: config.cells, message })),
      ...uncovered.map((message) => ({ key: "storefront:priceClass", value: config.priceClass, message })),
    ]);
  }

  const cells: EdgeCell[] = references.map(({ stack, reference }, i) => ({
    stack,
    region: identities[i].region,
    isPrimary: identities[i].isPrimary,
    albDnsName: requireCellOutput(reference, "albDnsName"),
    albZoneId: requireCellOutput(reference, "albZoneId"),
    healthAlarmName: requireCellOutput(reference, "healthAlarmName"),
    keyArn: requireCellOutput(reference, "keyArn"),
    mediaBucketName: requireCellOutput(reference, "mediaBucketName"),
    mediaBucketArn: requireCellOutput(reference, "mediaBucketArn"),
    mediaBucketDomainName: requireCellOutput(reference, "mediaBucketDomainName"),
  }));
  // The home owns the secret and exports its active slot as a secret output, wherever the
  // primary is; wrapping it again keeps it secret even from a backend that does not report
  // which outputs are secret. checkEdgeCells made sure the home is listed and says it is.
  const home = references.find(({ stack }) => stackBaseName(stack) === stackBaseName(config.shared.homeStack))!;
  const originVerifySecret = pulumi.secret(requireCellOutput(home.reference, "originVerifySecret"));
  const recoveryCells: RegionSwitchCell[] = references.map(({ reference }, i) => ({
    region: identities[i].region,
    isPrimary: identities[i].isPrimary,
    peakMinTasks: Number(values[i].webPeakMinTasks),
    maxTasks: Number(values[i].webMaxTasks),
    albDnsName: cells[i].albDnsName,
    albZoneId: cells[i].albZoneId,
    clusterArn: requireCellOutput(reference, "clusterArn"),
    webServiceArn: requireCellOutput(reference, "webServiceArn"),
    databaseClusterArn: requireCellOutput(reference, "databaseClusterArn"),
  }));
  // With storefront:requireRegionalHeadroom, every move a plan can make must fit the
  // survivor's web.maxTasks, checked before any AWS resource is registered.
  const shortfalls = config.shared.requireRegionalHeadroom ? takeoverShortfalls(planTakeovers(recoveryCells)) : [];
  if (shortfalls.length > 0) {
    throw new ConfigError(
      config.stack,
      shortfalls.map((message) => ({ key: REQUIRE_HEADROOM_KEY, value: true, message: `is on, and ${message}` })),
    );
  }
  // The home created the global cluster and keeps it; the primary (listed first) is on call.
  const globalClusterIdentifier = requireCellOutput(home.reference, "globalClusterIdentifier");
  const loads = references.map(({ stack }, i) => ({
    stack,
    region: identities[i].region,
    monthlyRequests: Number(values[i].estimatedMonthlyRequests),
  }));
  return {
    cells,
    originVerifySecret,
    recoveryCells,
    globalClusterIdentifier,
    loads,
    primaryAlarmTopicArn: requireCellOutput(references[0].reference, "alarmTopicArn"),
  };
}
