import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { ORIGIN_VERIFY_HEADER } from "../components/common/origin-verify";
import { Distribution, DistributionArgs } from "../components/edge/distribution";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";
import { isSecretInput, reveal } from "../offline/recorded-values";

/** AWS-managed policy ids, as AWS publishes them. */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** The hosted zone of every CloudFront domain name. */
const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];
const ONE_YEAR = 31_536_000;
/** The cells' ALB idle timeout (components/cell/ingress.ts). */
const ALB_IDLE_SECONDS = 60;

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
/** The cells' API origins: the nearest cell's (reads) and the primary's (writes). */
const API_ORIGINS = ["api", "writer"];
const SECRET = "origin-verify-0123456789abcdef";

/** A cell's media bucket as the cell stacks export it. */
function cellBucket(region: string) {
  const bucket = `storefront-media-${region}-0a1b2c3`;
  return { region, bucketName: bucket, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` };
}

function edgeArgs(regions: string[], overrides: Partial<DistributionArgs> = {}): DistributionArgs {
  return {
    app: "storefront",
    domain: "shop.example.com",
    aliases: ["shop.example.com", "www.shop.example.com"],
    certificateArn: `arn:aws:acm:us-east-1:${MOCK_ACCOUNT_ID}:certificate/edge-cert`,
    webAclArn: `arn:aws:wafv2:us-east-1:${MOCK_ACCOUNT_ID}:global/webacl/edge/abc`,
    originHostName: "origin.shop.example.com",
    writerHostName: "writer.shop.example.com",
    originVerifySecret: SECRET,
    mediaOrigins: regions.map((region) => {
      const { bucketRegionalDomainName } = cellBucket(region);
      return { region, bucketRegionalDomainName };
    }),
    // Not the primary's own region, so the primary bucket's shield is seen to follow it.
    originShieldRegion: "us-east-2",
    catalogCacheSeconds: 45,
    priceClass: "PriceClass_100",
    accountId: MOCK_ACCOUNT_ID,
    logRetentionDays: 30,
    ...overrides,
  };
}

interface Built {
  cloud: MockCloud;
  args: DistributionArgs;
  outputs: { id: string; arn: string; domainName: string; hostedZoneId: string; logBucketName: string };
}

/** Builds the distribution through a us-east-1 provider under a fresh mock cloud, and waits for every registration. */
async function build(regions: string[], overrides: Partial<DistributionArgs> = {}): Promise<Built> {
  const cloud = new MockCloud();
  await cloud.install(`edge-${regions.length}`);
  const args = edgeArgs(regions, overrides);
  try {
    const usEast1 = new aws.Provider("us-east-1", { region: "us-east-1" });
    const edge = new Distribution("edge", args, { provider: usEast1 });
    const outputs = await new Promise<Built["outputs"]>((done) =>
      pulumi
        .all([edge.distributionId, edge.distributionArn, edge.domainName, edge.hostedZoneId, edge.logBucketName])
        .apply(([id, arn, domainName, hostedZoneId, logBucketName]) =>
          done({ id, arn, domainName, hostedZoneId, logBucketName }),
        ),
    );
    return { cloud, args, outputs };
  } finally {
    await pulumi.runtime.disconnect();
  }
}

/** Every behaviour of the recorded distribution, the default last (with pathPattern `*`). */
function behaviours(distribution: RecordedResource): Record<string, any>[] {
  return [
    ...distribution.inputs.orderedCacheBehaviors,
    { ...distribution.inputs.defaultCacheBehavior, pathPattern: "*" },
  ];
}

describe("edge distribution", () => {
  for (const regions of [
    ["us-east-1", "eu-west-1"],
    ["us-east-1", "eu-west-1", "ap-southeast-2"],
    // CloudFront runs no Origin Shield in eu-north-1.
    ["us-east-1", "eu-north-1"],
  ]) {
    describe(`over ${regions.length} cells`, () => {
      let built: Built;
      before(async () => {
        built = await build(regions);
      });
      const distribution = () => built.cloud.one(DISTRIBUTION);
      const origins = () => reveal(distribution().inputs.origins) as Record<string, any>[];
      const s3Origins = () => origins().filter((o) => !API_ORIGINS.includes(o.originId));

      it("serves the apex and www with the us-east-1 certificate over SNI, TLSv1.2_2021, HTTP/2+3, IPv6 and the web ACL", () => {
        const inputs = distribution().inputs;
        assert.deepEqual(inputs.aliases, built.args.aliases);
        assert.deepEqual(inputs.viewerCertificate, {
          acmCertificateArn: built.args.certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2021",
        });
        assert.equal(inputs.webAclId, built.args.webAclArn);
        assert.equal(inputs.httpVersion, "http2and3");
        assert.equal(inputs.isIpv6Enabled, true);
        assert.equal(inputs.priceClass, "PriceClass_100");
        assert.equal(inputs.enabled, true);
      });

      // docs/aws-behaviours.md #6: CloudFront's certificate, ACL and log delivery live in us-east-1.
      it("creates the distribution, its policies and its log delivery through the us-east-1 provider", () => {
        const edgeResources = built.cloud.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        const types = new Set(edgeResources.map((r) => r.type));
        for (const type of [DISTRIBUTION, "aws:s3/bucket:Bucket", "aws:cloudwatch/logDelivery:LogDelivery"]) {
          assert.ok(types.has(type), type);
        }
        for (const r of edgeResources) assert.equal(r.region, "us-east-1", `${r.type} ${r.name}`);
      });

      it("reaches the API origin over HTTPS with TLS 1.2 only and the origin-verify header, without Origin Shield", () => {
        // The header the cells' listener rules require (components/cell/ingress.ts).
        assert.equal(ORIGIN_VERIFY_HEADER, "X-Origin-Verify");
        assert.ok(isSecretInput(distribution().inputs.origins), "the secret stays encrypted in state");
        const api = origins().find((o) => o.originId === "api")!;
        assert.equal(api.domainName, built.args.originHostName);
        assert.equal(api.customOriginConfig.originProtocolPolicy, "https-only");
        assert.deepEqual(api.customOriginConfig.originSslProtocols, ["TLSv1.2"]);
        assert.equal(api.customOriginConfig.httpsPort, 443);
        assert.deepEqual(api.customHeaders, [{ name: ORIGIN_VERIFY_HEADER, value: SECRET }]);
        // A shield would resolve origin.<domain> from its own region: latency routing would
        // then pick the cell nearest the shield, not the shopper's.
        assert.equal(api.originShield, undefined);
        // A keep-alive at or above the ALB's idle timeout reuses connections the ALB closes (502s).
        assert.ok(api.customOriginConfig.originKeepaliveTimeout < ALB_IDLE_SECONDS);
        assert.ok(api.connectionTimeout >= 1 && api.connectionTimeout <= 10);
      });

      it("shields the primary's bucket in originShieldRegion and every other bucket in or nearest its own region", () => {
        // Where CloudFront runs Origin Shield for each other bucket: its own region, or the nearest one.
        const shieldOf: Record<string, string> = {
          "eu-west-1": "eu-west-1",
          "ap-southeast-2": "ap-southeast-2",
          "eu-north-1": "eu-central-1",
        };
        const media = origins().filter((o) => !API_ORIGINS.includes(o.originId));
        assert.ok(media.length >= 2);
        media.forEach((origin, i) => {
          const expected = i === 0 ? "us-east-2" : shieldOf[regions[i]];
          assert.deepEqual(origin.originShield, { enabled: true, originShieldRegion: expected }, origin.originId);
        });
      });

      it("reads each served bucket through origin access control (always sign, SigV4, S3)", () => {
        const oac = built.cloud.one("aws:cloudfront/originAccessControl:OriginAccessControl");
        assert.deepEqual(
          [oac.inputs.originAccessControlOriginType, oac.inputs.signingBehavior, oac.inputs.signingProtocol],
          ["s3", "always", "sigv4"],
        );
        assert.ok(s3Origins().length >= 2);
        for (const origin of s3Origins()) {
          assert.equal(origin.originAccessControlId, oac.id, origin.originId);
          assert.equal(origin.customOriginConfig, undefined, "an S3 origin, not a website endpoint");
          assert.equal(origin.s3OriginConfig, undefined, "no legacy origin access identity");
        }
      });

      it("groups the primary's bucket first and the next cell's second, failing over on 403/404 and 5xx", () => {
        const expected = regions.slice(0, 2).map(cellBucket);
        assert.deepEqual(
          s3Origins().map((o) => o.domainName),
          expected.map((b) => b.bucketRegionalDomainName),
        );
        const groups = distribution().inputs.originGroups;
        assert.equal(groups.length, 1);
        const byId = new Map(s3Origins().map((o) => [o.originId, o.domainName]));
        // CloudFront origin groups hold exactly two members.
        assert.deepEqual(
          groups[0].members.map((m: any) => byId.get(m.originId)),
          expected.map((b) => b.bucketRegionalDomainName),
        );
        assert.deepEqual([...groups[0].failoverCriteria.statusCodes].sort(), [403, 404, 500, 502, 503, 504]);
        const media = behaviours(distribution()).find((b) => b.pathPattern === "/media/*")!;
        assert.equal(media.targetOriginId, groups[0].originId);
      });

      // docs/aws-behaviours.md #15: the cells own their bucket and key policies.
      it("writes no bucket policy or key policy for the cells' buckets, only its own log bucket's", () => {
        assert.deepEqual(built.cloud.ofType("aws:kms/key:Key"), []);
        assert.deepEqual(built.cloud.ofType("aws:kms/keyPolicy:KeyPolicy"), []);
        const policies = built.cloud.ofType("aws:s3/bucketPolicy:BucketPolicy");
        const logBucket = built.cloud.one("aws:s3/bucket:Bucket");
        assert.deepEqual(
          policies.map((p) => p.inputs.bucket),
          [logBucket.id],
        );
        const cellBuckets = regions.map((r) => cellBucket(r).bucketName);
        for (const p of policies) for (const name of cellBuckets) assert.ok(!p.inputs.policy.includes(name));
      });

      it("redirects viewers to HTTPS and adds the security headers on every behaviour", () => {
        const headers = built.cloud.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
        const all = behaviours(distribution());
        assert.equal(all.length, 8);
        for (const b of all) {
          assert.equal(b.viewerProtocolPolicy, "redirect-to-https", b.pathPattern);
          assert.equal(b.responseHeadersPolicyId, headers.id, b.pathPattern);
        }
      });

      it("never caches a behaviour that allows a write method", () => {
        const writers = behaviours(distribution()).filter((b) =>
          b.allowedMethods.some((m: string) => WRITES.includes(m)),
        );
        assert.deepEqual(writers.map((b) => b.pathPattern).sort(), [
          "*",
          "/api/account*",
          "/api/cart*",
          "/api/checkout*",
        ]);
        for (const b of writers) {
          assert.equal(b.cachePolicyId, CACHING_DISABLED, b.pathPattern);
          assert.equal(b.originRequestPolicyId, ALL_VIEWER_EXCEPT_HOST, b.pathPattern);
          // The default write paths go to the primary; every other API path to the nearest cell.
          assert.equal(b.targetOriginId, b.pathPattern === "*" ? "api" : "writer", b.pathPattern);
        }
      });

      it("reaches the writer origin (writer.<domain>) on the same terms as the API origin", () => {
        const byId = new Map(origins().map((o) => [o.originId, o]));
        const [api, writer] = [byId.get("api")!, byId.get("writer")!];
        assert.deepEqual([writer.domainName, writer.originShield], ["writer.shop.example.com", undefined]);
        // Everything but the id, the name and the shield (off by default on both) is the API origin's.
        assert.deepEqual({ ...writer, originId: "api", domainName: api.domainName }, api);
        assert.deepEqual(writer.customHeaders, [{ name: ORIGIN_VERIFY_HEADER, value: SECRET }]);
      });

      it("caches catalog reads briefly by query string and language, and media and static files long", () => {
        const catalog = built.cloud.one("aws:cloudfront/cachePolicy:CachePolicy");
        const byPattern = new Map(behaviours(distribution()).map((b) => [b.pathPattern, b]));
        for (const path of ["/api/catalog/*", "/api/products/*"]) {
          const b = byPattern.get(path)!;
          assert.equal(b.cachePolicyId, catalog.id, path);
          assert.deepEqual([...b.allowedMethods].sort(), ["GET", "HEAD", "OPTIONS"], path);
          assert.equal(b.originRequestPolicyId, undefined, "no cookie reaches a shared cached response");
        }
        for (const path of ["/media/*", "/static/*"]) {
          const b = byPattern.get(path)!;
          assert.equal(b.cachePolicyId, CACHING_OPTIMIZED, path);
          assert.deepEqual([...b.allowedMethods].sort(), ["GET", "HEAD"], path);
          assert.equal(b.compress, true, path);
        }
        const p = catalog.inputs;
        assert.deepEqual([p.minTtl, p.defaultTtl], [0, built.args.catalogCacheSeconds]);
        assert.ok(p.maxTtl >= p.defaultTtl && p.maxTtl <= 300, `maxTtl ${p.maxTtl}`);
        const key = p.parametersInCacheKeyAndForwardedToOrigin;
        assert.equal(key.queryStringsConfig.queryStringBehavior, "all");
        assert.equal(key.cookiesConfig.cookieBehavior, "none");
        assert.deepEqual(key.headersConfig, { headerBehavior: "whitelist", headers: { items: ["Accept-Language"] } });
        assert.deepEqual([key.enableAcceptEncodingGzip, key.enableAcceptEncodingBrotli], [true, true]);
      });

      it("sends HSTS (a year or more, subdomains, preload), nosniff, DENY framing, a strict referrer and XSS blocking", () => {
        const config = built.cloud.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").inputs
          .securityHeadersConfig;
        const hsts = config.strictTransportSecurity;
        assert.ok(hsts.accessControlMaxAgeSec >= ONE_YEAR);
        assert.deepEqual([hsts.includeSubdomains, hsts.preload, hsts.override], [true, true, true]);
        assert.deepEqual(config.contentTypeOptions, { override: true });
        assert.deepEqual(config.frameOptions, { frameOption: "DENY", override: true });
        assert.deepEqual(config.referrerPolicy, { referrerPolicy: "strict-origin-when-cross-origin", override: true });
        assert.deepEqual(config.xssProtection, { protection: true, modeBlock: true, override: true });
      });

      it("exports the distribution's id, ARN, domain name, alias zone and log bucket", () => {
        const recorded = distribution();
        const logBucket = built.cloud.one("aws:s3/bucket:Bucket");
        assert.deepEqual(built.outputs, {
          id: recorded.id,
          arn: `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/${recorded.id}`,
          domainName: recorded.state.domainName,
          hostedZoneId: CLOUDFRONT_ZONE,
          logBucketName: logBucket.state.bucket,
        });
      });
    });
  }

  describe("over a single cell", () => {
    let built: Built;
    before(async () => {
      built = await build(["us-east-1"]);
    });

    it("sends /media/* straight to the one bucket: an origin group needs two members", () => {
      const inputs = built.cloud.one(DISTRIBUTION).inputs;
      assert.deepEqual(inputs.originGroups, []);
      const s3 = (reveal(inputs.origins) as any[]).filter((o) => !API_ORIGINS.includes(o.originId));
      assert.deepEqual(
        s3.map((o) => o.domainName),
        [cellBucket("us-east-1").bucketRegionalDomainName],
      );
      const media = inputs.orderedCacheBehaviors.find((b: any) => b.pathPattern === "/media/*");
      assert.equal(media.targetOriginId, s3[0].originId);
    });
  });

  describe("logging (standard logging v2)", () => {
    let built: Built;
    before(async () => {
      built = await build(["us-east-1", "eu-west-1"]);
    });
    const one = (type: string) => built.cloud.one(type);

    // docs/aws-behaviours.md #14: legacy logging needs bucket ACLs, which BucketOwnerEnforced forbids.
    it("uses no legacy logging on the distribution", () => {
      assert.equal(one(DISTRIBUTION).inputs.loggingConfig, undefined);
    });

    it("delivers the distribution's access logs through a delivery source, an S3 destination and a delivery", () => {
      const source = one("aws:cloudwatch/logDeliverySource:LogDeliverySource");
      const destination = one("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
      const delivery = one("aws:cloudwatch/logDelivery:LogDelivery");
      const bucket = one("aws:s3/bucket:Bucket");
      assert.deepEqual(source.inputs, { logType: "ACCESS_LOGS", resourceArn: built.outputs.arn });
      assert.equal(
        destination.inputs.deliveryDestinationConfiguration.destinationResourceArn,
        `${bucket.state.arn}/cloudfront`,
      );
      assert.equal(delivery.inputs.deliverySourceName, source.state.name);
      assert.equal(delivery.inputs.deliveryDestinationArn, destination.state.arn);
      // The delivery waits for the bucket policy that admits it.
      assert.ok(delivery.dependsOn.includes(one("aws:s3/bucketPolicy:BucketPolicy").urn));
    });

    it("logs the request fields operators need, and never the shoppers' cookies", () => {
      const fields: string[] = one("aws:cloudwatch/logDelivery:LogDelivery").inputs.recordFields;
      // A delivery without a field list logs every field, cs(Cookie) with its session tokens.
      assert.ok(Array.isArray(fields) && fields.length > 0, "an explicit field list");
      assert.ok(!fields.some((field) => /cookie/i.test(field)), fields.join(", "));
      for (const field of ["date", "time", "c-ip", "cs-method", "cs-uri-stem", "sc-status", "x-edge-request-id"]) {
        assert.ok(fields.includes(field), field);
      }
      assert.equal(new Set(fields).size, fields.length);
    });

    it("keeps logs in a protected, private, SSE-S3 bucket that expires them after logRetentionDays", () => {
      const bucket = one("aws:s3/bucket:Bucket");
      assert.equal(bucket.protect, true);
      assert.ok(bucket.inputs.bucketPrefix.length <= 37);
      assert.deepEqual(one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule, {
        objectOwnership: "BucketOwnerEnforced",
      });
      const block = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
      assert.deepEqual(
        [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
        [true, true, true, true],
      );
      const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
      assert.equal(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
      const rules = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules;
      const expiry = rules.find((r: any) => r.expiration?.days !== undefined);
      assert.equal(expiry.expiration.days, built.args.logRetentionDays);
      assert.deepEqual(expiry.filter, { prefix: "" });
    });

    it("admits log delivery under the prefix only for this account's delivery source, and refuses plain HTTP", () => {
      const bucket = one("aws:s3/bucket:Bucket");
      const source = one("aws:cloudwatch/logDeliverySource:LogDeliverySource");
      const statements: any[] = JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement;
      const tls = statements.find((s) => s.Effect === "Deny");
      assert.deepEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
      const allows = statements.filter((s) => s.Effect === "Allow");
      assert.ok(allows.length >= 1);
      for (const s of allows) {
        assert.deepEqual(s.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.equal(s.Condition.StringEquals["aws:SourceAccount"], MOCK_ACCOUNT_ID);
        assert.equal(s.Condition.ArnLike["aws:SourceArn"], source.state.arn);
      }
      const write = allows.find((s) => s.Action === "s3:PutObject");
      assert.equal(write.Resource, `${bucket.state.arn}/cloudfront/*`);
    });
  });

  describe("with configured write paths", () => {
    const writePaths = ["/api/orders*", "/api/wishlist/*", "/graphql"];
    let built: Built;
    before(async () => {
      built = await build(["us-east-1", "eu-west-1"], { writePaths });
    });

    it("makes each write path a behaviour to the writer origin: all methods, not cached, the viewer's whole request", () => {
      const all = behaviours(built.cloud.one(DISTRIBUTION));
      const toWriter = all.filter((b) => b.targetOriginId === "writer");
      assert.deepEqual(
        toWriter.map((b) => b.pathPattern),
        writePaths,
      );
      for (const b of toWriter) {
        assert.deepEqual([...b.allowedMethods].sort(), ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
        assert.equal(b.cachePolicyId, CACHING_DISABLED, b.pathPattern);
        assert.equal(b.originRequestPolicyId, ALL_VIEWER_EXCEPT_HOST, b.pathPattern);
      }
    });

    it("leaves the reads where they were: catalog, products and static on the API origin, media on the buckets, ahead of the writes", () => {
      const all = behaviours(built.cloud.one(DISTRIBUTION));
      const targets = Object.fromEntries(all.map((b) => [b.pathPattern, b.targetOriginId]));
      assert.deepEqual(
        [
          targets["/api/catalog/*"],
          targets["/api/products/*"],
          targets["/static/*"],
          targets["/media/*"],
          targets["*"],
        ],
        ["api", "api", "api", "media", "api"],
      );
      const firstWrite = all.findIndex((b) => b.targetOriginId === "writer");
      const lastRead = Math.max(
        ...["/api/catalog/*", "/api/products/*", "/media/*", "/static/*"].map((p) =>
          all.findIndex((b) => b.pathPattern === p),
        ),
      );
      assert.ok(lastRead < firstWrite, "reads are matched before any write path");
      // The default write paths are not written when the config names others.
      assert.equal(targets["/api/cart*"], undefined);
    });
  });

  describe("guard clauses", () => {
    before(async () => {
      await new MockCloud().install("edge-guards");
    });
    after(async () => {
      await pulumi.runtime.disconnect();
    });
    const refuses = (overrides: Partial<DistributionArgs>, message: RegExp) =>
      assert.throws(() => new Distribution("guarded", edgeArgs(["us-east-1", "eu-west-1"], overrides)), message);

    it("refuses no media origins, a repeated or malformed region", () => {
      refuses({ mediaOrigins: [] }, /mediaOrigins is empty/);
      const media = { region: "eu-west-1", bucketRegionalDomainName: "b.s3.eu-west-1.amazonaws.com" };
      refuses({ mediaOrigins: [media, media] }, /mediaOrigins repeats a region: eu-west-1, eu-west-1/);
      refuses({ mediaOrigins: [{ ...media, region: "europe" }] }, /not an AWS region: "europe"/);
    });

    it("refuses a price class CloudFront does not offer", () => {
      refuses(
        { priceClass: "PriceClass_50" as unknown as DistributionArgs["priceClass"] },
        /priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got "PriceClass_50"/,
      );
    });

    it("refuses a catalog TTL outside 1..300 s, an origin host other than origin.<domain>, and no aliases", () => {
      refuses({ catalogCacheSeconds: 600 }, /catalogCacheSeconds must be a whole number from 1 to 300, got 600/);
      refuses({ originHostName: "api.shop.example.com" }, /originHostName must be "origin\.shop\.example\.com"/);
      refuses({ aliases: [] }, /aliases is empty/);
    });

    it("refuses a writer host other than writer.<domain>, and write paths CloudFront or the reads would refuse", () => {
      refuses({ writerHostName: "origin.shop.example.com" }, /writerHostName must be "writer\.shop\.example\.com"/);
      refuses({ writePaths: ["/api/cart items"] }, /writePaths: "\/api\/cart items" must hold only letters/);
      refuses({ writePaths: ["/media/upload*"] }, /shadowed by the read behaviour \/media\/\*/);
      refuses({ writePaths: ["/api/cart*", "/api/cart*"] }, /repeated: \/api\/cart\*/);
    });
  });
});
