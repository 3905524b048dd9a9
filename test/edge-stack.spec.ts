import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { loadStackConfig } from "../config/files";
import { readGlobalConfig } from "../config/global";
import { cellStacks, deployOrder, evaluateStack, mockStackName, StackEvaluation, stackSuite } from "./support/evaluate";
import { MockCloud } from "../offline/mock-cloud";
import { evaluateThreeCells, fixtureRaw, THIRD_CELL } from "./fixtures/three-cells";

const config = readGlobalConfig(loadStackConfig("global"), "global");

/** Evaluates the global stack against the given cell outputs; returns the failure and what was registered. */
async function failedEdge(upstream: StackEvaluation[], raw = fixtureRaw("global")) {
  const cloud = new MockCloud();
  let failure: unknown;
  try {
    await evaluateStack("global", { upstream, raw, cloud });
  } catch (error) {
    failure = error;
  }
  assert.ok(failure instanceof pulumi.RunError, `expected a RunError, got ${String(failure)}`);
  return { message: (failure as Error).message, cloud };
}

/** A cell's evaluation with some of its outputs replaced, as if its stack exported them. */
function withOutputs(evaluation: StackEvaluation, outputs: Record<string, unknown>): StackEvaluation {
  return { ...evaluation, outputs: { ...evaluation.outputs, ...outputs } };
}

describe("global stack", () => {
  const suite = stackSuite();
  const edge = () => suite.byName("global");
  const cells = () => config.cells.map((stack) => suite.byName(stack));

  it("deploys last, after every cell; the per-cell suites still see only the cells", () => {
    assert.deepEqual(deployOrder(), [...config.cells, "global"]);
    assert.deepEqual(cellStacks(), config.cells);
    assert.equal(suite.all().at(-1)?.stack, "global");
  });

  it("makes only invokes the mocks know, and registers every resource under a distinct URN", () => {
    const { cloud } = edge();
    assert.deepEqual(cloud.unknownInvokes, []);
    assert.deepEqual(cloud.errors, []);
    const urns = cloud.resources.map((r) => r.urn);
    assert.equal(new Set(urns).size, urns.length);
  });

  it("reads each listed cell through exactly one StackReference, and no other stack", () => {
    const references = edge().cloud.ofType("pulumi:pulumi:StackReference");
    assert.deepEqual(references.map((r) => r.inputs.name).sort(), config.cells.map(mockStackName).sort());
  });

  describe("providers (docs/aws-behaviours.md #6)", () => {
    it("creates one us-east-1 provider with the default tags, and one per other cell region", () => {
      const providers = edge().cloud.ofType("pulumi:providers:aws");
      const regions = [...new Set(["us-east-1", ...cells().map((c) => c.outputs.region)])];
      assert.deepEqual(providers.map((p) => p.inputs.region).sort(), regions.sort());
      assert.deepEqual(providers.map((p) => p.name).sort(), regions.map((r) => `aws-${r}`).sort());
      for (const provider of providers) {
        assert.deepEqual(JSON.parse(provider.inputs.defaultTags).tags, {
          app: config.shared.app,
          stack: "global",
          owner: config.shared.owner,
          "managed-by": "pulumi",
        });
      }
    });

    it("creates nothing through a default provider: the edge in us-east-1, each bucket's replication in the bucket's region", () => {
      const resources = edge().cloud.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
      // Components below it inherit the provider through their parent.
      assert.equal(edge().cloud.one("storefront:edge:GlobalEdge").region, "us-east-1");
      assert.ok(resources.length > 20);
      const bucketRegion = new Map(cells().map((c) => [c.outputs.mediaBucketName, c.outputs.region]));
      for (const resource of resources) {
        assert.doesNotMatch(resource.provider, /::default/, `${resource.type} ${resource.name}`);
        const expected =
          resource.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
            ? bucketRegion.get(resource.inputs.bucket)
            : "us-east-1";
        assert.equal(resource.region, expected, `${resource.type} ${resource.name}`);
      }
      const replications = edge().cloud.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
      // A bucket replicates to the others; a one-cell fleet has none to replicate to.
      assert.deepEqual(
        replications.map((r) => r.region).sort(),
        cells().length < 2
          ? []
          : cells()
              .map((c) => c.outputs.region)
              .sort(),
      );
      for (const invoke of edge().cloud.invokes) assert.equal(invoke.region, "us-east-1", invoke.token);
    });

    it("with a third cell, adds that region's provider and uses it for that bucket's replication only", async () => {
      const three = await evaluateThreeCells();
      const threeEdge = three.find((e) => e.stack === "global")!;
      const providers = threeEdge.cloud.ofType("pulumi:providers:aws").map((p) => p.name);
      assert.deepEqual(providers.sort(), ["aws-ap-southeast-2", "aws-eu-west-1", "aws-us-east-1"]);
      const inThird = threeEdge.cloud.resources.filter((r) => r.custom && r.region === THIRD_CELL);
      assert.deepEqual(
        inThird.map((r) => r.type),
        ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
      );
      const thirdBucket = three.find((e) => e.stack === THIRD_CELL)!.outputs.mediaBucketName;
      assert.equal(inThird[0].inputs.bucket, thirdBucket);
      assert.deepEqual(readGlobalConfig(fixtureRaw("global"), "global").cells.at(-1), THIRD_CELL);
    });
  });

  it("groups everything under one GlobalEdge component", () => {
    const { cloud } = edge();
    assert.equal(cloud.one("storefront:edge:GlobalEdge").parentType, "");
    // The Region switch plans and the writer record are the other top-level component (docs/region-switch.md).
    const loose = cloud.resources.filter(
      (r) =>
        r.parentType === "" && !["storefront:edge:GlobalEdge", "storefront:recovery:RegionSwitch"].includes(r.type),
    );
    assert.deepEqual([...new Set(loose.map((r) => r.type))].sort(), [
      "pulumi:providers:aws",
      "pulumi:pulumi:StackReference",
      "storefront:ops:StackBudget",
    ]);
    const children = cloud.resources.filter((r) => r.parentType === "storefront:edge:GlobalEdge").map((r) => r.type);
    assert.equal(children.filter((t) => t === "storefront:edge:CellOrigin").length, config.cells.length);
    for (const type of ["EdgeCertificate", "WebAcl", "Distribution", "ViewerRecords", "BucketReplication"]) {
      assert.equal(children.filter((t) => t === `storefront:edge:${type}`).length, 1, type);
    }
  });

  it("owns the cells' buckets' replication configurations and none of their policies; the cells own no replication (docs/aws-behaviours.md #15)", () => {
    const mediaBuckets = cells().map((cell) => {
      const bucket = cell.cloud
        .ofType("aws:s3/bucket:Bucket")
        .find((b) => b.state.bucket === cell.outputs.mediaBucketName)!;
      return { cell, names: [bucket.state.bucket, bucket.id] };
    });
    const replicated = edge()
      .cloud.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
      .map((r) => r.inputs.bucket);
    assert.deepEqual(
      replicated.sort(),
      mediaBuckets.length < 2 ? [] : mediaBuckets.map((m) => m.names[0]).sort(),
      "one configuration per cell bucket (none when one cell has no other bucket to replicate to)",
    );
    const cellBucketNames = mediaBuckets.flatMap((m) => m.names);
    for (const policy of edge().cloud.ofType("aws:s3/bucketPolicy:BucketPolicy")) {
      assert.ok(!cellBucketNames.includes(policy.inputs.bucket), policy.name);
    }
    assert.deepEqual(edge().cloud.ofType("aws:kms/key:Key"), []);
    assert.deepEqual(edge().cloud.ofType("aws:kms/keyPolicy:KeyPolicy"), []);
    for (const { cell, names } of mediaBuckets) {
      assert.deepEqual(cell.cloud.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig"), []);
      const own = cell.cloud.ofType("aws:s3/bucketPolicy:BucketPolicy").filter((p) => names.includes(p.inputs.bucket));
      assert.equal(own.length, 1, `${cell.stack} owns its media bucket's policy`);
    }
  });

  describe("outputs", () => {
    it("exports the distribution's id, ARN and domain name, the public URLs and the origin host name", () => {
      const { outputs, cloud } = edge();
      const distribution = cloud.one("aws:cloudfront/distribution:Distribution");
      assert.equal(outputs.kind, "global");
      assert.equal(outputs.distributionId, distribution.id);
      assert.equal(outputs.distributionArn, distribution.state.arn);
      assert.equal(outputs.distributionDomainName, distribution.state.domainName);
      assert.match(outputs.distributionDomainName, /^d[a-z0-9]+\.cloudfront\.net$/);
      assert.deepEqual(outputs.urls, [`https://${config.shared.domain}`, `https://www.${config.shared.domain}`]);
      assert.equal(outputs.originHostName, `origin.${config.shared.domain}`);
      assert.deepEqual(distribution.inputs.aliases, [config.shared.domain, `www.${config.shared.domain}`]);
    });

    it("exports each cell with its region and the id of the health check that follows it", () => {
      const { outputs, cloud } = edge();
      assert.deepEqual(
        outputs.cells,
        cells().map((cell) => ({
          stack: cell.stack,
          region: cell.outputs.region,
          healthCheckId: cloud
            .ofType("aws:route53/healthCheck:HealthCheck")
            .find((c) => c.inputs.cloudwatchAlarmName === cell.outputs.healthAlarmName)!.id,
        })),
      );
    });

    it("exports the web ACL's and the validated certificate's ARNs", () => {
      const { outputs, cloud } = edge();
      assert.equal(outputs.webAclArn, cloud.one("aws:wafv2/webAcl:WebAcl").state.arn);
      assert.match(outputs.webAclArn, /^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\//);
      assert.equal(
        outputs.certificateArn,
        cloud.one("aws:acm/certificateValidation:CertificateValidation").state.certificateArn,
      );
    });

    it("exports a distribution ARN every cell accepts as storefront:edgeDistributionArn", () => {
      for (const stack of cellStacks()) {
        const raw = { ...loadStackConfig(stack), "storefront:edgeDistributionArn": edge().outputs.distributionArn };
        assert.equal(readCellConfig(raw, stack).data.objectStore.edgeDistributionArn, edge().outputs.distributionArn);
      }
    });

    it("passes the home's origin secret to the distribution and never exports it", () => {
      const secret: string = cells()[0].outputs.originVerifySecret;
      assert.ok(secret && secret.length >= 32);
      assert.ok(cells()[0].secretOutputNames.includes("originVerifySecret"));
      const distribution = edge().cloud.one("aws:cloudfront/distribution:Distribution");
      assert.ok(JSON.stringify(distribution.inputs.origins).includes(secret));
      assert.ok(!JSON.stringify(edge().outputs).includes(secret));
      assert.deepEqual(edge().secretOutputNames, []);
    });
  });

  describe("a fleet the cells' outputs contradict (the fixture fleet's cells, edited)", () => {
    let fixtureCells: StackEvaluation[] = [];
    before(async () => {
      fixtureCells = (await evaluateThreeCells()).filter((e) => e.stack !== "global");
    });
    const refused = [
      {
        name: "two cells in one region",
        edit: (primary: StackEvaluation, secondary: StackEvaluation) => [
          primary,
          withOutputs(secondary, { region: primary.outputs.region }),
        ],
        text: /stacks "us-east-1" and "eu-west-1" both claim region us-east-1/,
      },
      {
        name: "two primaries",
        edit: (primary: StackEvaluation, secondary: StackEvaluation) => [
          primary,
          withOutputs(secondary, { isPrimary: true }),
        ],
        text: /stacks "us-east-1" \(us-east-1\), "eu-west-1" \(eu-west-1\) all export isPrimary/,
      },
      {
        name: "overlapping VPC blocks",
        edit: (primary: StackEvaluation, secondary: StackEvaluation) => [
          primary,
          withOutputs(secondary, { vpcCidr: primary.outputs.vpcCidr }),
        ],
        text: /stacks "us-east-1" \(10\.10\.0\.0\/16\) and "eu-west-1" \(10\.10\.0\.0\/16\) have overlapping VPC CIDRs/,
      },
    ];
    for (const { name, edit, text } of refused) {
      it(`refuses ${name}, naming the stacks, before any provider or AWS resource is registered`, async () => {
        const [primary, secondary, third] = fixtureCells;
        const { message, cloud } = await failedEdge([...edit(primary, secondary), third]);
        assert.match(message, /storefront:cells = \["us-east-1","eu-west-1","ap-southeast-2"\]/);
        assert.match(message, text);
        assert.deepEqual([...new Set(cloud.resources.map((r) => r.type))], ["pulumi:pulumi:StackReference"]);
      });
    }

    it("refuses a listed stack that exports nothing yet (never deployed), naming it", async () => {
      const listed = JSON.parse(fixtureRaw("global")["storefront:cells"]) as string[];
      const raw = { ...fixtureRaw("global"), "storefront:cells": JSON.stringify([...listed, "sa-east-1"]) };
      const { message, cloud } = await failedEdge(fixtureCells, raw);
      assert.match(message, /stack "sa-east-1" exports no kind, region, isPrimary, vpcCidr/);
      assert.ok(cloud.resources.every((r) => r.type === "pulumi:pulumi:StackReference"));
    });

    it("refuses bad config before reading any stack", async () => {
      const raw = { ...fixtureRaw("global"), "storefront:cells": "[]" };
      const { message, cloud } = await failedEdge(fixtureCells, raw);
      assert.match(message, /storefront:cells = \[\]: must list at least one cell stack/);
      assert.deepEqual(cloud.resources, []);
    });
  });
});
