import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isOriginShieldRegion, ORIGIN_SHIELD_REGIONS, originShieldRegionFor } from "../../config/aws-limits";
import { ORIGIN_VERIFY_HEADER } from "../common/origin-verify";
import { REGION_PATTERN } from "../../config/shared";
import { PRICE_CLASSES, PriceClass } from "../../config/global";
import {
  ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  CATALOG_KEY_HEADERS,
  CacheBehaviourSpec,
  CacheMode,
  DEFAULT_BEHAVIOUR,
  allBehaviours,
  behaviourProblems,
  catalogTtls,
  orderedBehaviours,
} from "./cache-behaviours";
import { DistributionLogging } from "./distribution-logging";
import { writerHostName } from "./host-names";
import {
  checkWritePath,
  NON_WRITE_BEHAVIOURS,
  READ_PATH_PATTERNS,
  writePathListProblems,
} from "../../config/write-paths";

/** Price classes CloudFront offers. */

/** Viewer TLS policy: TLS 1.2 or later with forward-secret ciphers. */
export const VIEWER_TLS_POLICY = "TLSv1.2_2021";

/**
 * Statuses on which the media origin group retries the secondary bucket: 5xx when the
 * primary's S3 endpoint fails, and 403/404 for an object not yet replicated into the
 * primary (S3 answers 403 for a missing key when the caller may not list the bucket, as
 * CloudFront under origin access control may not).
 */
export const MEDIA_FAILOVER_STATUSES = [403, 404, 500, 502, 503, 504];

/** HSTS max-age: two years, above the one year the browsers' preload lists require. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Origin id of the cells' API (`origin.<domain>`). */
export const API_ORIGIN_ID = "api";
/** Origin id of the primary cell's API (`writer.<domain>`), for the write paths. */
export const WRITER_ORIGIN_ID = "writer";
/** Origin id of the media origin group (two or more buckets). */
export const MEDIA_GROUP_ID = "media";
/** Origin id of one cell's media bucket. */
export function mediaOriginId(region: string): string {
  return `media-${region}`;
}

export interface MediaOrigin {
  /** Region of the cell that owns the bucket. */
  region: string;
  /** The bucket's regional domain name, `<bucket>.s3.<region>.amazonaws.com`. */
  bucketRegionalDomainName: pulumi.Input<string>;
}

export interface DistributionArgs {
  /** Short app name, for the log bucket prefix and comments. */
  app: string;
  /** The shop's apex domain; the distribution answers for it and `www.<domain>` (see `aliases`). */
  domain: string;
  /** Public names of the distribution, e.g. the apex and `www`; the certificate must cover them. */
  aliases: string[];
  /** ACM certificate for `aliases`, issued in us-east-1 (docs/aws-behaviours.md #6). */
  certificateArn: pulumi.Input<string>;
  /** ARN of the CLOUDFRONT-scope web ACL (us-east-1) to attach. */
  webAclArn: pulumi.Input<string>;
  /** Host name the cells answer on, `origin.<domain>`, resolved by latency to the nearest healthy cell. */
  originHostName: string;
  /**
   * Host name of the primary cell, `writer.<domain>` (`writerHostName`): a Route 53 record
   * that follows the primary. The write paths go there; every cell's certificate and
   * listener accept it.
   */
  writerHostName: string;
  /**
   * CloudFront path patterns that write (`storefront:writePaths`), sent to `writerHostName`
   * with every method and no caching, after the read behaviours.
   * @default DEFAULT_WRITE_PATHS (cart, checkout, account)
   */
  writePaths?: readonly string[];
  /** Shared secret sent in the origin-verify header; the cells' listeners forward nothing without it. */
  originVerifySecret: pulumi.Input<string>;
  /**
   * The cells' media buckets, the primary's first. The media origin group fails over from
   * the first to the second; with one bucket the media path uses it directly.
   */
  mediaOrigins: MediaOrigin[];
  /**
   * Region of Origin Shield in front of the primary's media bucket: the primary cell's
   * region. Every other bucket is shielded in its own region (AWS advises the shield
   * region nearest the origin).
   */
  originShieldRegion: string;
  /**
   * CloudFront price class.
   */
  priceClass: PriceClass;
  /**
   * Default seconds a catalog or product response is cached when the origin sends no Cache-Control (1 to 300).
   */
  catalogCacheSeconds: number;
  /** Account of the distribution, for the log bucket's policy. */
  accountId: pulumi.Input<string>;
  /**
   * Days to keep access logs.
   */
  logRetentionDays: number;
  /**
   * Route the API origin through Origin Shield in `originShieldRegion` too. Off by
   * default: Origin Shield resolves `origin.<domain>` from its own region, so latency
   * routing would send every cache fill to the cell nearest the shield instead of the
   * cell nearest the shopper, which undoes follow-the-sun; and the API is mostly
   * uncacheable, so a shield would add a hop without saving origin load.
   * @default false
   */
  apiOriginShield?: boolean;
}

/**
 * The shop's one CloudFront distribution, for the apex and `www`. TLS 1.2+ with SNI,
 * HTTP/2 and HTTP/3, IPv6, the WAF web ACL, HTTPS-only for viewers (redirect) and origins.
 *
 * Origins: the cells' API at `origin.<domain>` (HTTPS with TLS 1.2 only, the
 * origin-verify header; resolved by latency from each edge location, so no Origin Shield),
 * the primary cell's API at `writer.<domain>` on the same terms, for the write paths,
 * and the cells' media buckets through origin access control, each behind Origin Shield
 * (the primary's in `originShieldRegion`), grouped for failover (primary first). The edge writes no bucket or key policy:
 * the cells own those (docs/aws-behaviours.md #15) and admit CloudFront for reads.
 *
 * Behaviours come from `cache-behaviours.ts`: catalog reads cached briefly by query string
 * and language, the write paths (cart, checkout, account by default) to the writer and
 * never cached, every other API path never cached, media and static files
 * cached long; a response headers policy adds security headers everywhere. Access logs go
 * through standard logging v2 to a private bucket (`DistributionLogging`).
 *
 * Everything is created through the caller's us-east-1 provider (docs/aws-behaviours.md #6).
 *
 * Cost: data transfer out $0.085/GB for the first 10 TB (North America, Europe), HTTPS
 * requests $0.0100 per 10,000 (North America; $0.0120 in Europe); Origin Shield adds a
 * per-request charge for what it forwards (see CloudFront pricing); policies and origin
 * access control are free. Logging as in `DistributionLogging`.
 */
export class Distribution extends pulumi.ComponentResource {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly domainName: pulumi.Output<string>;
  /** Hosted zone of CloudFront domain names, for alias records. */
  readonly hostedZoneId: pulumi.Output<string>;
  readonly logBucketName: pulumi.Output<string>;

  constructor(name: string, args: DistributionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:Distribution", name, {}, opts);
    checkArgs(name, args);
    const ttls = catalogTtls(args.catalogCacheSeconds);
    const problems = behaviourProblems(allBehaviours(args.writePaths));
    if (problems.length > 0) throw new Error(`Distribution ${name}: ${problems.join("; ")}`);

    const catalogPolicy = new aws.cloudfront.CachePolicy(
      `${name}-catalog`,
      {
        comment: `${args.app}: catalog and product reads, cached briefly by query string and language`,
        ...ttls,
        parametersInCacheKeyAndForwardedToOrigin: {
          queryStringsConfig: { queryStringBehavior: "all" },
          headersConfig: { headerBehavior: "whitelist", headers: { items: [...CATALOG_KEY_HEADERS] } },
          cookiesConfig: { cookieBehavior: "none" },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      { parent: this },
    );
    const securityHeaders = this.createSecurityHeadersPolicy(name, args.app);
    const cachePolicyIds: Record<CacheMode, pulumi.Input<string>> = {
      catalog: catalogPolicy.id,
      disabled: CACHING_DISABLED_POLICY_ID,
      long: CACHING_OPTIMIZED_POLICY_ID,
    };

    const access = new aws.cloudfront.OriginAccessControl(
      `${name}-media`,
      {
        description: `${args.app}: CloudFront reads the cells' media buckets`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      { parent: this },
    );
    // CloudFront origin groups hold exactly two origins: the primary's bucket and the next.
    // Replication puts every object in every bucket, so a third adds nothing to reads.
    const served = args.mediaOrigins.slice(0, 2);
    const apiShield =
      (args.apiOriginShield ?? false) ? { enabled: true, originShieldRegion: args.originShieldRegion } : undefined;
    const mediaTarget = served.length === 2 ? MEDIA_GROUP_ID : mediaOriginId(served[0].region);

    const behaviour = (spec: CacheBehaviourSpec) => ({
      targetOriginId:
        spec.target === "media" ? mediaTarget : spec.target === "writer" ? WRITER_ORIGIN_ID : API_ORIGIN_ID,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: [...spec.allowedMethods],
      cachedMethods: [...spec.cachedMethods],
      cachePolicyId: cachePolicyIds[spec.cache],
      originRequestPolicyId: spec.forwardAllViewerValues ? ALL_VIEWER_EXCEPT_HOST_POLICY_ID : undefined,
      responseHeadersPolicyId: securityHeaders.id,
      compress: spec.compress,
    });

    const distribution = new aws.cloudfront.Distribution(
      `${name}`,
      {
        enabled: true,
        comment: `${args.app}: ${args.domain}`,
        aliases: args.aliases,
        viewerCertificate: {
          acmCertificateArn: args.certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: VIEWER_TLS_POLICY,
        },
        webAclId: args.webAclArn,
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: args.priceClass,
        restrictions: { geoRestriction: { restrictionType: "none" } },
        origins: [
          // Reads go to the nearest healthy cell; writes to the primary, on the same terms.
          { ...cellApiOrigin(API_ORIGIN_ID, args.originHostName, args), originShield: apiShield },
          cellApiOrigin(WRITER_ORIGIN_ID, args.writerHostName, args),
          ...served.map((media) => ({
            originId: mediaOriginId(media.region),
            domainName: media.bucketRegionalDomainName,
            originAccessControlId: access.id,
            // Media is cacheable: one shield per bucket collapses every edge's misses into
            // one fetch, in or nearest the bucket's region (the primary's is originShieldRegion).
            originShield: mediaShield(media.region === served[0].region ? args.originShieldRegion : media.region),
            // A dead primary bucket is given up on after 2 x 5 s, then the group fails over.
            connectionAttempts: 2,
            connectionTimeout: 5,
          })),
        ],
        originGroups:
          served.length === 2
            ? [
                {
                  originId: MEDIA_GROUP_ID,
                  failoverCriteria: { statusCodes: MEDIA_FAILOVER_STATUSES },
                  members: served.map((media) => ({ originId: mediaOriginId(media.region) })),
                },
              ]
            : [],
        orderedCacheBehaviors: orderedBehaviours(args.writePaths).map((spec) => ({
          pathPattern: spec.pathPattern,
          ...behaviour(spec),
        })),
        defaultCacheBehavior: behaviour(DEFAULT_BEHAVIOUR),
      },
      { parent: this },
    );

    const logging = new DistributionLogging(
      `${name}-logs`,
      {
        app: args.app,
        accountId: args.accountId,
        distributionArn: distribution.arn,
        retentionDays: args.logRetentionDays,
      },
      { parent: this },
    );

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.hostedZoneId = distribution.hostedZoneId;
    this.logBucketName = logging.bucketName;
    this.registerOutputs({
      distributionId: this.distributionId,
      distributionArn: this.distributionArn,
      domainName: this.domainName,
      hostedZoneId: this.hostedZoneId,
      logBucketName: this.logBucketName,
    });
  }

  /** HSTS (preload-ready), nosniff, no framing, a strict referrer policy and XSS blocking on every response. */
  private createSecurityHeadersPolicy(name: string, app: string): aws.cloudfront.ResponseHeadersPolicy {
    return new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        comment: `${app}: security headers on every response`,
        securityHeadersConfig: {
          strictTransportSecurity: {
            accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
            includeSubdomains: true,
            preload: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: "DENY", override: true },
          referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
          xssProtection: { protection: true, modeBlock: true, override: true },
        },
      },
      { parent: this },
    );
  }
}

/** Guard clauses: each names the argument, the value and what is allowed. */
function checkArgs(name: string, args: DistributionArgs): void {
  const { priceClass } = args;
  const fail = (message: string) => {
    throw new Error(`Distribution ${name}: ${message}`);
  };
  if (!(PRICE_CLASSES as readonly string[]).includes(priceClass)) {
    fail(`priceClass must be one of ${PRICE_CLASSES.join(", ")}, got ${JSON.stringify(priceClass)}`);
  }
  if (args.mediaOrigins.length === 0) {
    fail("mediaOrigins is empty: at least one cell's media bucket is needed for /media/*");
  }
  const regions = args.mediaOrigins.map((media) => media.region);
  const badRegion = regions.find((region) => !REGION_PATTERN.test(region));
  if (badRegion !== undefined)
    fail(`mediaOrigins has a region that is not an AWS region: ${JSON.stringify(badRegion)}`);
  if (new Set(regions).size !== regions.length) fail(`mediaOrigins repeats a region: ${regions.join(", ")}`);
  if (!isOriginShieldRegion(args.originShieldRegion)) {
    fail(
      `originShieldRegion must be a region CloudFront runs Origin Shield in (${ORIGIN_SHIELD_REGIONS.join(", ")}), got ${JSON.stringify(args.originShieldRegion)}`,
    );
  }
  if (args.aliases.length === 0) fail("aliases is empty: the distribution needs the shop's public names");
  if (args.originHostName !== `origin.${args.domain}`) {
    fail(
      `originHostName must be "origin.${args.domain}" (the cells' certificate name), got ${JSON.stringify(args.originHostName)}`,
    );
  }
  if (args.writerHostName !== writerHostName(args.domain)) {
    fail(
      `writerHostName must be "${writerHostName(args.domain)}" (a name on the cells' certificates), got ${JSON.stringify(args.writerHostName)}`,
    );
  }
  const writePaths = args.writePaths;
  if (writePaths !== undefined) {
    const problems = [
      ...writePaths.flatMap((path) => {
        const problem = checkWritePath(path);
        return problem ? [`${JSON.stringify(path)} ${problem}`] : [];
      }),
      ...writePathListProblems(writePaths, READ_PATH_PATTERNS, NON_WRITE_BEHAVIOURS),
    ];
    if (problems.length > 0) fail(`writePaths: ${problems.join("; ")}`);
  }
}

/**
 * A cell API origin: HTTPS with TLS 1.2 only, the origin-verify header, keepalive and read
 * timeouts fitted to the cells' load balancers. Reads (`origin.<domain>`) and writes
 * (`writer.<domain>`) reach the cells on the same terms.
 */
function cellApiOrigin(originId: string, domainName: string, args: DistributionArgs) {
  return {
    originId,
    domainName,
    customOriginConfig: {
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: "https-only",
      originSslProtocols: ["TLSv1.2"],
      // Below the ALB's 60 s idle timeout, so CloudFront never reuses a connection
      // the load balancer is closing (a 502).
      originKeepaliveTimeout: 55,
      // Checkout waits on payment providers; CloudFront's default of 30 s fits.
      originReadTimeout: 30,
    },
    connectionAttempts: 3,
    connectionTimeout: 5,
    customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: pulumi.secret(args.originVerifySecret) }],
  };
}

/** A bucket's Origin Shield: in its region or the nearest one that has Origin Shield, else none. */
function mediaShield(region: string): aws.types.input.cloudfront.DistributionOriginOriginShield | undefined {
  const shieldRegion = originShieldRegionFor(region);
  return shieldRegion ? { enabled: true, originShieldRegion: shieldRegion } : undefined;
}
