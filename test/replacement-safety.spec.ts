import { strict as assert } from "node:assert";
import { loadStackConfig } from "../config/files";
import { RawConfig } from "../config/reader";
import { cellStacks, evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";
import { RecordedResource } from "../offline/mock-cloud";
import { reveal } from "../offline/recorded-values";
import { REPLACED_ON_CHANGE } from "../config/replacement-inputs";

/** The replace-triggering inputs of every resource of those types, by logical name. */
function replaceTriggers(evaluation: StackEvaluation): Map<string, string> {
  const triggers = new Map<string, string>();
  for (const [type, fields] of Object.entries(REPLACED_ON_CHANGE)) {
    for (const resource of evaluation.cloud.ofType(type)) {
      triggers.set(`${type} ${resource.name}`, JSON.stringify(fields.map((f) => reveal(resource.inputs[f]) ?? null)));
    }
  }
  return triggers;
}

/** Changes one structured config value's fields, keeping the rest of the stack file. */
function withFields(raw: RawConfig, key: string, fields: Record<string, unknown>): RawConfig {
  return { ...raw, [key]: JSON.stringify({ ...JSON.parse(raw[key] ?? "{}"), ...fields }) };
}

/** Everyday edits an operator makes to a cell: sizes, counts, windows, retention, the edge's ARN. */
function everydayEdits(raw: RawConfig): RawConfig {
  let edited = withFields(raw, "storefront:web", { minTasks: 4, peakMinTasks: 14, maxTasks: 80, cpuTargetPercent: 55 });
  edited = withFields(edited, "storefront:database", {
    instanceClass: "db.r7g.xlarge",
    maxReaders: 8,
    readerCpuTargetPercent: 50,
    backupRetentionDays: 21,
  });
  edited = withFields(edited, "storefront:cache", { nodeType: "cache.r7g.large", nodes: 3, snapshotRetentionDays: 7 });
  edited = withFields(edited, "storefront:broker", { instanceType: "mq.m7g.xlarge" });
  edited = withFields(edited, "storefront:objectStore", { noncurrentVersionDays: 60 });
  return {
    ...edited,
    "storefront:quietTime": "03:00",
    // Sizes cost/prices.ts does not price: the budget's limit is set (docs/cost.md).
    "storefront:budget": JSON.stringify({ limitUsd: 5000 }),
    "storefront:logRetentionDays": "90",
    "storefront:edgeDistributionArn": "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
  };
}

describe("replacement safety", () => {
  const suite = stackSuite();
  // The primary and the first secondary of the shipped stack files, whichever they are. A
  // one-cell fleet is valid (remove-cell allows it): then only the primary is compared.
  const [primaryStack, secondaryStack] = cellStacks() as [string, string | undefined];

  describe("everyday edits and a new cell in the primary's replica list", () => {
    let primary: StackEvaluation;
    let secondary: StackEvaluation | undefined;
    let replicasAfter: string[] = [];
    before(async () => {
      const primaryRaw = everydayEdits(loadStackConfig(primaryStack));
      const replicas = JSON.parse(primaryRaw["storefront:database"]).replicaRegions as string[];
      // A cell joins: the primary replicates the master secret to one more region.
      const joining = ["ap-southeast-2", "sa-east-1", "ca-central-1"].find((r) => !replicas.includes(r))!;
      replicasAfter = [...replicas, joining];
      primary = await evaluateStack(primaryStack, {
        raw: withFields(primaryRaw, "storefront:database", { replicaRegions: replicasAfter }),
      });
      if (secondaryStack) {
        secondary = await evaluateStack(secondaryStack, {
          raw: everydayEdits(loadStackConfig(secondaryStack)),
          upstream: [primary],
        });
      }
    });

    for (const stack of secondaryStack ? [primaryStack, secondaryStack] : [primaryStack]) {
      it(`leaves every replace-triggering input of ${stack}'s stores, keys, buckets and services unchanged`, () => {
        const before = replaceTriggers(suite.byName(stack));
        const after = replaceTriggers(stack === primaryStack ? primary : secondary!);
        // The edits must not add or remove stateful resources either.
        assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
        assert.ok(before.size >= 12, `only ${before.size} resources compared`);
        for (const [resource, triggers] of before) {
          assert.equal(after.get(resource), triggers, `${resource} would be replaced`);
        }
      });
    }

    it("did apply the edits (so the comparison is not between two identical programs)", () => {
      const cache = (e: StackEvaluation): RecordedResource =>
        e.cloud.one("aws:elasticache/replicationGroup:ReplicationGroup");
      assert.notEqual(cache(primary).inputs.nodeType, cache(suite.byName(primaryStack)).inputs.nodeType);
      const secret = primary.cloud
        .ofType("aws:secretsmanager/secret:Secret")
        .find((s) => s.name.endsWith("database-master"));
      assert.deepEqual(
        secret?.inputs.replicas.map((r: { region: string }) => r.region),
        replicasAfter,
      );
      const cluster = (e: StackEvaluation) => e.cloud.one("aws:rds/cluster:Cluster");
      assert.notEqual(
        cluster(primary).inputs.preferredBackupWindow,
        cluster(suite.byName(primaryStack)).inputs.preferredBackupWindow,
      );
      if (secondaryStack) {
        assert.notEqual(
          cluster(secondary!).inputs.preferredBackupWindow,
          cluster(suite.byName(secondaryStack)).inputs.preferredBackupWindow,
        );
      }
    });
  });
});
