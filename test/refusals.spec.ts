import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { APP_NAME_MAX, checkAppName } from "../config/app-name";
import { checkAuroraEngineVersion } from "../config/data-limits";
import { AURORA_POSTGRESQL_VERSIONS, AURORA_VERSIONS_AS_OF } from "../config/engine-versions";
import { readGlobalConfig } from "../config/global";
import { checkPriceClassCoverage, priceClassServing } from "../config/price-class";
import { ConfigError, RawConfig } from "../config/reader";
import { CELL_KEYS, GLOBAL_KEYS, nearestKnown, SHARED_KEYS } from "../config/unknown-keys";
import { MockCloud } from "../offline/mock-cloud";
import { runPlan } from "../scripts/plan-run";
import { evaluateStack, StackEvaluation } from "./support/evaluate";
import { evaluateThreeCells, fixtureRaw, THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { fleetCopy } from "./support/fixture-copy";

/** The problems a cell or global config has (none when it is accepted). */
function problemsOf(raw: RawConfig, stack: string): { key: string; message: string }[] {
  try {
    if (raw["storefront:kind"] === "global") readGlobalConfig(raw, stack);
    else readCellConfig(raw, stack);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(({ key, message }) => ({ key, message }));
  }
}

describe("refusals: every mistake once, clearly", function () {
  this.timeout(120_000);

  describe("unknown keys, at every level", () => {
    it("refuses a misspelt top-level key with the nearest known key (natStrategyy, edgeDistributionARN)", () => {
      const raw = {
        ...fixtureRaw("eu-west-1"),
        "storefront:natStrategyy": "Single",
        "storefront:edgeDistributionARN": "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
      };
      assert.deepEqual(problemsOf(raw, "eu-west-1"), [
        { key: "storefront:natStrategyy", message: "is not a known key; did you mean `storefront:natStrategy`?" },
        {
          key: "storefront:edgeDistributionARN",
          message: "is not a known key; did you mean `storefront:edgeDistributionArn`?",
        },
      ]);
    });

    it("refuses a key of the other stack kind, and one near no key with the list of known keys", () => {
      const cell = problemsOf({ ...fixtureRaw("eu-west-1"), "storefront:priceClass": "PriceClass_All" }, "eu-west-1");
      assert.equal(cell.length, 1);
      assert.equal(cell[0].key, "storefront:priceClass");
      assert.match(cell[0].message, /^is not a known key; known keys are app, domain, .*, cidr, /);
      const edge = problemsOf({ ...fixtureRaw("global"), "storefront:priceclass": "PriceClass_All" }, "global");
      assert.deepEqual(edge, [
        { key: "storefront:priceclass", message: "is not a known key; did you mean `storefront:priceClass`?" },
      ]);
    });

    it("refuses a misspelt field inside a structured value with the nearest field", () => {
      const raw = fixtureRaw("eu-west-1");
      const web = { ...JSON.parse(raw["storefront:web"]), maxTask: 50 };
      delete web.maxTasks;
      const problems = problemsOf({ ...raw, "storefront:web": JSON.stringify(web) }, "eu-west-1");
      assert.deepEqual(problems, [
        { key: "storefront:web.maxTask", message: "is not a known field; did you mean `maxTasks`?" },
      ]);
    });

    it("knows exactly the keys the readers read: each known key set to nonsense is refused on that key", () => {
      for (const [stack, keys] of [
        ["us-east-1", [...SHARED_KEYS, ...CELL_KEYS]],
        ["global", [...SHARED_KEYS, ...GLOBAL_KEYS]],
      ] as const) {
        for (const key of keys) {
          const problems = problemsOf({ ...fixtureRaw(stack), [`storefront:${key}`]: "%%%" }, stack);
          assert.ok(
            problems.some((p) => p.key.startsWith(`storefront:${key}`)),
            `${stack}: storefront:${key} = "%%%" was not refused on its key: ${JSON.stringify(problems)}`,
          );
        }
      }
    });

    it("suggests only near keys", () => {
      assert.equal(nearestKnown("natStrategyy", CELL_KEYS), "natStrategy");
      assert.equal(nearestKnown("PEAKWINDOW", CELL_KEYS), "peakWindow");
      assert.equal(nearestKnown("colour", CELL_KEYS), undefined);
    });
  });

  describe("values AWS would refuse", () => {
    it(`refuses an Aurora version not on the dated list (${AURORA_VERSIONS_AS_OF}), naming the versions of its series`, () => {
      const raw = fixtureRaw("us-east-1");
      const database = { ...JSON.parse(raw["storefront:database"]), engineVersion: "16.99" };
      assert.deepEqual(problemsOf({ ...raw, "storefront:database": JSON.stringify(database) }, "us-east-1"), [
        {
          key: "storefront:database.engineVersion",
          message: `is not an Aurora PostgreSQL version AWS offers (list as of ${AURORA_VERSIONS_AS_OF}: 16.1, 16.2, 16.3, 16.4, 16.6, 16.8, 16.9, 16.10); a newer release is added to config/engine-versions.ts`,
        },
      ]);
      for (const version of AURORA_POSTGRESQL_VERSIONS) assert.equal(checkAuroraEngineVersion(version), undefined);
    });

    it("refuses a peak window so long it is clearly swapped, once, with the window meant", () => {
      const problems = problemsOf(
        { ...fixtureRaw("us-east-1"), "storefront:peakWindow": "23:00-18:00", "storefront:quietTime": "12:00" },
        "us-east-1",
      );
      assert.deepEqual(problems, [
        {
          key: "storefront:peakWindow",
          message:
            'lasts 19 hours, more than the 12 a peak can: start and end look swapped; did you mean "18:00-23:00"?',
        },
      ]);
      // A late peak across midnight and a twelve-hour day are plausible.
      for (const window of ["20:00-00:00", "22:00-02:00", "08:00-20:00"]) {
        const accepted = problemsOf(
          { ...fixtureRaw("us-east-1"), "storefront:peakWindow": window, "storefront:quietTime": "04:00" },
          "us-east-1",
        ).filter((p) => p.key === "storefront:peakWindow");
        assert.deepEqual(accepted, [], window);
      }
    });

    it(`holds one app-name rule (3-${APP_NAME_MAX}) in every region, with one message`, () => {
      // The load balancer's auto-name (`<app>-ingress-alb` and 8 characters, 32 at most) is the tighter limit.
      assert.equal(APP_NAME_MAX, 12);
      for (const region of ["ca-central-1", "ap-northeast-1", "ap-southeast-2"]) {
        const raw = { ...fixtureRaw("eu-west-1"), "aws:region": region, "storefront:app": "a".repeat(12) };
        assert.deepEqual(
          problemsOf(raw, "eu-west-1").filter((p) => p.key === "storefront:app"),
          [],
          region,
        );
        const tooLong = problemsOf({ ...raw, "storefront:app": "a".repeat(13) }, "eu-west-1");
        assert.deepEqual(
          tooLong.map((p) => p.key),
          ["storefront:app"],
          region,
        );
        assert.equal(tooLong[0].message, checkAppName("a".repeat(13)));
      }
      assert.match(checkAppName("ab")!, /^must be 3-12 characters/);
      assert.equal(checkAppName("shop-2"), undefined);
      assert.notEqual(checkAppName("shop-"), undefined);
    });
  });

  describe("the edge's price class and the cells' regions", () => {
    it("names the cheapest class that serves each region", () => {
      assert.equal(priceClassServing("eu-west-1"), "PriceClass_100");
      assert.equal(priceClassServing("ap-northeast-1"), "PriceClass_200");
      assert.equal(priceClassServing("ap-southeast-2"), "PriceClass_All");
      assert.equal(priceClassServing("sa-east-1"), "PriceClass_All");
      assert.deepEqual(checkPriceClassCoverage("PriceClass_All", [{ stack: "x", region: "sa-east-1" }]), []);
    });

    it("refuses an Asia cell behind PriceClass_100 in the plan, with the class that covers it", async () => {
      const root = fleetCopy(THREE_CELLS_ROOT, [
        {
          file: "Pulumi.global.yaml",
          from: "storefront:priceClass: PriceClass_All",
          to: "storefront:priceClass: PriceClass_100",
        },
      ]);
      const { code, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.equal(
        stderr,
        'storefront:priceClass = "PriceClass_100" has no edge locations near the cell "ap-southeast-2" in ap-southeast-2: set storefront:priceClass to "PriceClass_All" (or a wider class) in the global stack file',
      );
    });

    it("refuses it at deploy time too, before any resource but the stack references", async () => {
      const cells = (await evaluateThreeCells()).filter((e: StackEvaluation) => e.stack !== "global");
      const cloud = new MockCloud();
      const raw = { ...fixtureRaw("global"), "storefront:priceClass": "PriceClass_200" };
      const failure = await evaluateStack("global", { raw, upstream: cells, cloud }).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(failure instanceof pulumi.RunError, `expected a RunError, got ${String(failure)}`);
      assert.match(failure.message, /storefront:priceClass = "PriceClass_200": .* near the cell "ap-southeast-2"/);
      assert.deepEqual([...new Set(cloud.resources.map((r) => r.type))], ["pulumi:pulumi:StackReference"]);
    });
  });

  describe("in the plan: one problem per mistake, with the file", () => {
    it("names the stack file, line and column of a YAML syntax error, and reports nothing else", async () => {
      const root = fleetCopy(THREE_CELLS_ROOT, [
        { file: "Pulumi.eu-west-1.yaml", from: "    minTasks: 2\n", to: "    minTasks: [2\n" },
      ]);
      const { code, stdout, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(stderr, /^Pulumi\.eu-west-1\.yaml is not valid YAML: .* at line \d+, column \d+/);
      assert.doesNotMatch(stderr, /us-east-1|replicaRegions|storefront:cells/);
    });

    it("reports an invalid cell file's own problems and skips the fleet checks that depend on it", async () => {
      const root = fleetCopy(THREE_CELLS_ROOT, [
        { file: "Pulumi.ap-southeast-2.yaml", from: "aws:region: ap-southeast-2", to: "aws:region: ap-southeast-9x" },
      ]);
      const { code, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.match(
        stderr,
        /^Invalid configuration for stack "ap-southeast-2" \(1 problem\):\n {2}- aws:region = "ap-southeast-9x"/,
      );
      assert.equal(stderr.split("\n").length, 2, stderr);
      assert.doesNotMatch(stderr, /replicaRegions|not a cell stack file|priceClass/);
    });

    it("refuses a primary moved in config while homeStack still defaults to it (the home would move), as the only problem", async () => {
      // The fixture's Pulumi.yaml sets no homeStack: it follows primaryStack to eu-west-1.
      const root = fleetCopy(THREE_CELLS_ROOT, [
        { file: "Pulumi.yaml", from: "    default: us-east-1\n", to: "    default: eu-west-1\n" },
        { file: "Pulumi.yaml", from: "    default: us-east-1\n", to: "    default: eu-west-1\n" },
      ]);
      const { code, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.equal(
        stderr,
        'storefront:homeStack = "eu-west-1" (defaulting to primaryStack), but the global database was created by "us-east-1": Pulumi.us-east-1.yaml holds the home\'s storefront:database.databaseName, masterUsername, replicaRegions. The home never moves, not even with the primary (a new home would create a second global cluster and new secrets): set storefront:homeStack: us-east-1 in Pulumi.yaml (docs/recovery.md, "Planned switchover")',
      );
    });

    it("refuses deploying a cell whose config names another primary than the checkout's other stack files, before any resource", async () => {
      // The checkout's own files name us-east-1 the primary; eu-west-1 alone is told it is.
      const raw = {
        ...fixtureRaw("eu-west-1"),
        "storefront:primaryRegion": "eu-west-1",
        "storefront:primaryStack": "eu-west-1",
      };
      const cloud = new MockCloud();
      const failure = await evaluateStack("eu-west-1", { raw, cloud }).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(failure instanceof pulumi.RunError, `expected a RunError, got ${String(failure)}`);
      assert.match(
        failure.message,
        /^storefront:primaryRegion = "us-east-1" in stack "us-east-1" but "eu-west-1" in stack "eu-west-1": a fleet has one primary and one home; set primaryRegion in Pulumi\.yaml only \(docs\/recovery\.md\)$/m,
      );
      assert.deepEqual(cloud.resources, []);
    });
  });
});
