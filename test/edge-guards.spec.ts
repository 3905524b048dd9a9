import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { CellOrigin } from "../components/edge/cell-origin";
import { EdgeCertificate } from "../components/edge/edge-certificate";
import { EdgeCell, GlobalEdge, GlobalEdgeArgs } from "../components/edge/global-edge";
import { ViewerRecords } from "../components/edge/viewer-records";
import { WebAcl } from "../components/edge/web-acl";
import { MockCloud } from "../offline/mock-cloud";

/** The edge's components check their own arguments, whoever calls them (guard clauses). */
describe("edge component guard clauses", () => {
  before(async () => {
    await new MockCloud().install("edge-guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const cell = (region: string, isPrimary: boolean): EdgeCell => ({
    stack: region,
    region,
    isPrimary,
    albDnsName: "alb",
    albZoneId: "Z1",
    healthAlarmName: "alarm",
    keyArn: "key",
    mediaBucketName: "bucket",
    mediaBucketArn: "arn:aws:s3:::bucket",
    mediaBucketDomainName: "bucket.s3.amazonaws.com",
  });
  const edgeArgs = (cells: EdgeCell[], regions = cells.map((c) => c.region)): GlobalEdgeArgs => ({
    app: "storefront",
    domain: "shop.example.com",
    hostedZoneId: "Z0123456789EXAMPLEZONE",
    cells,
    originVerifySecret: "secret",
    regionProviders: Object.fromEntries(regions.map((r) => [r, {} as aws.Provider])),
    priceClass: "PriceClass_100",
    rateLimitPer5Minutes: 2000,
    catalogCacheSeconds: 60,
    logRetentionDays: 30,
    originShieldRegion: "us-east-1",
    writePaths: ["/api/cart*"],
  });

  it("GlobalEdge refuses no cells, a repeated region, a primary not first or twice, and a region without a provider", () => {
    const cases: [EdgeCell[], RegExp, string[]?][] = [
      [[], /cells is empty: the edge needs at least the primary cell/],
      [
        [cell("us-east-1", true), cell("us-east-1", false)],
        /cells repeats a region \(one cell per region\): us-east-1, us-east-1/,
      ],
      [
        [cell("eu-west-1", false), cell("us-east-1", true)],
        /exactly one primary, listed first; primaries: \[us-east-1\], first: eu-west-1/,
      ],
      [[cell("us-east-1", true), cell("eu-west-1", true)], /primaries: \[us-east-1, eu-west-1\]/],
      [
        [cell("us-east-1", true), cell("eu-west-1", false)],
        /regionProviders has no provider for eu-west-1/,
        ["us-east-1"],
      ],
      [[cell("us-east-1", true), cell("mars-1", false)], /cells has a region that is not an AWS region: "mars-1"/],
    ];
    cases.forEach(([cells, message, regions], i) => {
      assert.throws(() => new GlobalEdge(`edge-${i}`, edgeArgs(cells, regions)), message);
    });
  });

  it("CellOrigin refuses a region that is not one and a host other than origin.<domain>", () => {
    const args = {
      region: "us-east-1",
      originHostName: "origin.shop.example.com",
      hostedZoneId: "Z1",
      albDnsName: "alb",
      albZoneId: "Z2",
      healthAlarmName: "alarm",
    };
    assert.throws(() => new CellOrigin("o1", { ...args, region: "useast1" }), /region "useast1" must be an AWS region/);
    assert.throws(
      () => new CellOrigin("o2", { ...args, originHostName: "shop.example.com" }),
      /originHostName "shop\.example\.com" must be origin\.<domain>/,
    );
  });

  it("EdgeCertificate, ViewerRecords and WebAcl refuse empty or repeated names and a rate limit WAF refuses", () => {
    assert.throws(() => new EdgeCertificate("c1", { names: [], hostedZoneId: "Z1" }), /names must list at least one/);
    assert.throws(
      () => new EdgeCertificate("c2", { names: ["a.example.com", "a.example.com"], hostedZoneId: "Z1" }),
      /names must not repeat a name, got a\.example\.com, a\.example\.com/,
    );
    const target = { hostedZoneId: "Z1", distributionDomainName: "d1.cloudfront.net", distributionZoneId: "Z2" };
    assert.throws(() => new ViewerRecords("v1", { ...target, names: [] }), /names must list at least one/);
    for (const limit of [99, 2_000_000_001, 150.5]) {
      assert.throws(
        () => new WebAcl(`w-${limit}`, { app: "storefront", rateLimitPer5Minutes: limit }),
        new RegExp(`rateLimitPer5Minutes must be a whole number from 100 to 2000000000, got ${limit}`),
      );
    }
  });
});
