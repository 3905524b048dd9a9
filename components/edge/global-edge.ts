import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GlobalConfig } from "../../config/global";
import { checkRegion } from "../../config/shared";
import { BucketReplication } from "./bucket-replication";
import { CellOrigin } from "./cell-origin";
import { Distribution } from "./distribution";
import { EdgeCertificate } from "./edge-certificate";
import { writerHostName } from "./host-names";
import { ViewerRecords } from "./viewer-records";
import { WebAcl } from "./web-acl";

/** One cell as the edge sees it: plain identity, plus the outputs the edge points at. */
export interface EdgeCell {
  /** The cell's stack name, as listed in `storefront:cells`. */
  stack: string;
  /** The cell's region; every logical name and Route 53 identity of the cell derives from it. */
  region: string;
  /** Whether the cell is the primary (listed first). */
  isPrimary: boolean;
  /** The cell's load balancer DNS name. */
  albDnsName: pulumi.Input<string>;
  /** Hosted zone of the load balancer's DNS name. */
  albZoneId: pulumi.Input<string>;
  /** The cell's health alarm (in `region`) that its Route 53 health check follows. */
  healthAlarmName: pulumi.Input<string>;
  /** The cell's KMS key, which encrypts its media bucket. */
  keyArn: pulumi.Input<string>;
  /** The cell's media bucket. */
  mediaBucketName: pulumi.Input<string>;
  mediaBucketArn: pulumi.Input<string>;
  /** The media bucket's regional domain name, a CloudFront origin. */
  mediaBucketDomainName: pulumi.Input<string>;
}

/**
 * The edge's config (`GlobalConfig`, as the config reader checked and defaulted it: price
 * class, WAF rate limit, catalog cache time, log retention, Origin Shield region) and the
 * cells and providers the stack resolved.
 */
export interface GlobalEdgeArgs
  extends Pick<
    GlobalConfig,
    | "priceClass"
    | "rateLimitPer5Minutes"
    | "catalogCacheSeconds"
    | "logRetentionDays"
    | "originShieldRegion"
    | "writePaths"
  > {
  /** Short app name: a prefix for names, comments and metrics. */
  app: string;
  /** The shop's apex domain; viewers use it and `www.<domain>`, the cells serve `origin.<domain>`. */
  domain: string;
  /** Route 53 hosted zone of `domain`. */
  hostedZoneId: string;
  /** The cells, the primary first, each region once. */
  cells: EdgeCell[];
  /** The origin-verify header value the cells expect (the home cell's secret output). */
  originVerifySecret: pulumi.Input<string>;
  /** An AWS provider per cell region, for what must live in a cell's region (its bucket's replication configuration). */
  regionProviders: Record<string, aws.Provider>;
}

/** A cell's Route 53 health check, as the stack exports it. */
export interface EdgeCellRouting {
  stack: string;
  region: string;
  healthCheckId: pulumi.Output<string>;
}

/**
 * The shop's global edge, in front of every cell: the viewer certificate and the WAF web
 * ACL, the CloudFront distribution, the viewer names (apex and `www`) as alias records to
 * it, latency routing of `origin.<domain>` to the nearest healthy cell, and replication
 * between the cells' media buckets.
 *
 * It must be created with a us-east-1 provider (`providers: [provider]`): CloudFront takes
 * its certificate and web ACL only from there, and Route 53 and IAM are global. Only the
 * buckets' replication configurations go through `regionProviders`, in each bucket's region.
 *
 * Every cell's resources are keyed by its region, never by its position in the list:
 * adding a cell adds its health check, its latency record and its replication, and
 * changes nothing that belongs to another cell.
 *
 * Cost: the certificate is free; WAF $9/month (ACL and 4 rules) + $0.60 per million
 * requests; Route 53 $0.50/month per cell health check, latency queries $0.60 per million;
 * CloudFront and replication as in `Distribution` and `BucketReplication`.
 */
export class GlobalEdge extends pulumi.ComponentResource {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly distributionDomainName: pulumi.Output<string>;
  readonly certificateArn: pulumi.Output<string>;
  readonly webAclArn: pulumi.Output<string>;
  readonly logBucketName: pulumi.Output<string>;
  /** `origin.<domain>`: the name CloudFront resolves to the nearest healthy cell. */
  readonly originHostName: string;
  /** `writer.<domain>`: the primary cell, where the write paths go (its record follows the primary). */
  readonly writerHostName: string;
  /** The viewer names: the apex, then `www`. */
  readonly viewerNames: string[];
  readonly cells: EdgeCellRouting[];

  constructor(name: string, args: GlobalEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:GlobalEdge", name, {}, opts);
    checkArgs(name, args);
    this.originHostName = `origin.${args.domain}`;
    this.writerHostName = writerHostName(args.domain);
    this.viewerNames = [args.domain, `www.${args.domain}`];

    const certificate = new EdgeCertificate(
      `${name}-cert`,
      { names: this.viewerNames, hostedZoneId: args.hostedZoneId },
      { parent: this },
    );
    const webAcl = new WebAcl(
      `${name}-waf`,
      { app: args.app, rateLimitPer5Minutes: args.rateLimitPer5Minutes },
      { parent: this },
    );

    this.cells = args.cells.map((cell) => {
      const origin = new CellOrigin(
        `${name}-origin-${cell.region}`,
        {
          region: cell.region,
          originHostName: this.originHostName,
          hostedZoneId: args.hostedZoneId,
          albDnsName: cell.albDnsName,
          albZoneId: cell.albZoneId,
          healthAlarmName: cell.healthAlarmName,
        },
        { parent: this },
      );
      return { stack: cell.stack, region: cell.region, healthCheckId: origin.healthCheckId };
    });

    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const distribution = new Distribution(
      `${name}-cdn`,
      {
        app: args.app,
        domain: args.domain,
        aliases: this.viewerNames,
        certificateArn: certificate.certificateArn,
        webAclArn: webAcl.arn,
        originHostName: this.originHostName,
        writerHostName: this.writerHostName,
        writePaths: args.writePaths,
        originVerifySecret: pulumi.secret(args.originVerifySecret),
        mediaOrigins: args.cells.map((cell) => ({
          region: cell.region,
          bucketRegionalDomainName: cell.mediaBucketDomainName,
        })),
        originShieldRegion: args.originShieldRegion,
        priceClass: args.priceClass,
        catalogCacheSeconds: args.catalogCacheSeconds,
        accountId,
        logRetentionDays: args.logRetentionDays,
      },
      { parent: this },
    );
    new ViewerRecords(
      `${name}-viewers`,
      {
        names: this.viewerNames,
        hostedZoneId: args.hostedZoneId,
        distributionDomainName: distribution.domainName,
        distributionZoneId: distribution.hostedZoneId,
      },
      { parent: this },
    );
    new BucketReplication(
      `${name}-replication`,
      {
        accountId,
        buckets: args.cells.map((cell) => ({
          region: cell.region,
          bucketName: cell.mediaBucketName,
          bucketArn: cell.mediaBucketArn,
          keyArn: cell.keyArn,
        })),
        providers: args.regionProviders,
      },
      { parent: this },
    );

    this.distributionId = distribution.distributionId;
    this.distributionArn = distribution.distributionArn;
    this.distributionDomainName = distribution.domainName;
    this.logBucketName = distribution.logBucketName;
    this.certificateArn = certificate.certificateArn;
    this.webAclArn = webAcl.arn;
    this.registerOutputs({
      distributionId: this.distributionId,
      distributionArn: this.distributionArn,
      distributionDomainName: this.distributionDomainName,
      certificateArn: this.certificateArn,
      webAclArn: this.webAclArn,
    });
  }
}

/** Guard clauses: each names the argument, the value and what is allowed. */
function checkArgs(name: string, args: GlobalEdgeArgs): void {
  const fail = (message: string): never => {
    throw new Error(`GlobalEdge ${name}: ${message}`);
  };
  const regions = args.cells.map((cell) => cell.region);
  if (args.cells.length === 0) fail("cells is empty: the edge needs at least the primary cell");
  const badRegion = regions.find((region) => checkRegion(region) !== undefined);
  if (badRegion !== undefined) fail(`cells has a region that is not an AWS region: ${JSON.stringify(badRegion)}`);
  if (new Set(regions).size !== regions.length)
    fail(`cells repeats a region (one cell per region): ${regions.join(", ")}`);
  const primaries = args.cells.filter((cell) => cell.isPrimary).map((cell) => cell.stack);
  if (primaries.length !== 1 || !args.cells[0].isPrimary) {
    fail(
      `cells must hold exactly one primary, listed first; primaries: [${primaries.join(", ")}], first: ${args.cells[0].stack}`,
    );
  }
  const missing = regions.filter((region) => !args.regionProviders[region]);
  if (missing.length > 0) fail(`regionProviders has no provider for ${missing.join(", ")}: one per cell region`);
}
