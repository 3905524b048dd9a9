import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import {
  BucketReplication,
  ReplicatedBucket,
  replicationPriority,
  replicationRuleId,
} from "../components/edge/bucket-replication";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";

const CONFIG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/** A cell's media bucket and key as the cell stacks export them. */
function cellBucket(region: string): ReplicatedBucket & { bucketName: string; bucketArn: string; keyArn: string } {
  const bucketName = `storefront-media-${region}-0a1b2c3`;
  return {
    region,
    bucketName,
    bucketArn: `arn:aws:s3:::${bucketName}`,
    keyArn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/key-${region}`,
  };
}

interface Built {
  cloud: MockCloud;
  roleArns: Record<string, string>;
}

/** Builds the replication under a fresh mock cloud with a provider per region, and waits for every registration. */
async function build(regions: string[]): Promise<Built> {
  const cloud = new MockCloud();
  await cloud.install(`replication-${regions.length}`);
  try {
    const providers = Object.fromEntries(REGIONS.map((r) => [r, new aws.Provider(r, { region: r })]));
    const replication = new BucketReplication(
      "media-replication",
      { accountId: MOCK_ACCOUNT_ID, buckets: regions.map(cellBucket), providers },
      { provider: providers["us-east-1"] },
    );
    const roleArns = await new Promise<Record<string, string>>((done) =>
      pulumi.output(replication.roleArns).apply((arns) => done(arns as Record<string, string>)),
    );
    return { cloud, roleArns };
  } finally {
    await pulumi.runtime.disconnect();
  }
}

/** The recorded replication configuration of the bucket in `region`. */
function configOf(cloud: MockCloud, region: string): RecordedResource {
  const matches = cloud.ofType(CONFIG).filter((c) => c.inputs.bucket === cellBucket(region).bucketName);
  assert.equal(matches.length, 1, `one replication configuration for ${region}`);
  return matches[0];
}

/** Every ARN a policy statement names. */
function resources(statement: any): string[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

describe("media bucket replication", () => {
  describe("between three cells", () => {
    let built: Built;
    before(async () => {
      built = await build(REGIONS);
    });

    // docs/aws-behaviours.md #15: one replication configuration per bucket, and this is its one owner.
    it("puts one replication configuration on each bucket, made in the bucket's own region", () => {
      assert.equal(built.cloud.ofType(CONFIG).length, REGIONS.length);
      for (const region of REGIONS) assert.equal(configOf(built.cloud, region).region, region);
    });

    it("replicates each bucket into exactly the other cells' buckets, re-encrypted with their keys", () => {
      for (const region of REGIONS) {
        const others = REGIONS.filter((r) => r !== region).map(cellBucket);
        const rules: any[] = configOf(built.cloud, region).inputs.rules;
        assert.deepEqual(
          rules.map((r) => [r.destination.bucket, r.destination.encryptionConfiguration.replicaKmsKeyId]).sort(),
          others.map((b) => [b.bucketArn, b.keyArn]).sort(),
        );
        assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, "rule ids are unique");
        assert.equal(new Set(rules.map((r) => r.priority)).size, rules.length, "priorities are unique");
      }
    });

    it("replicates every object, delete markers, SSE-KMS objects and replica changes, into STANDARD", () => {
      for (const rule of built.cloud.ofType(CONFIG).flatMap((c) => c.inputs.rules as any[])) {
        assert.equal(rule.status, "Enabled");
        // A filter makes a V2 rule; an empty prefix selects every object.
        assert.deepEqual(rule.filter, { prefix: "" });
        assert.deepEqual(rule.deleteMarkerReplication, { status: "Enabled" });
        assert.deepEqual(rule.sourceSelectionCriteria, {
          sseKmsEncryptedObjects: { status: "Enabled" },
          replicaModifications: { status: "Enabled" },
        });
        assert.equal(rule.destination.storageClass, "STANDARD");
      }
    });

    it("gives each source bucket its own role, trusted by S3 for this account only", () => {
      const roles = built.cloud.ofType(ROLE);
      assert.equal(roles.length, REGIONS.length);
      for (const region of REGIONS) {
        const roleArn = configOf(built.cloud, region).inputs.role;
        const role = roles.find((r) => r.state.arn === roleArn);
        assert.ok(role, `${region}'s configuration uses one of the roles`);
        assert.equal(built.roleArns[region], roleArn);
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement;
        assert.deepEqual(trust, [
          {
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
          },
        ]);
      }
      assert.equal(new Set(Object.values(built.roleArns)).size, REGIONS.length);
    });

    it("lets each role read its source, write into the other buckets and use exactly the keys involved", () => {
      for (const region of REGIONS) {
        const source = cellBucket(region);
        const others = REGIONS.filter((r) => r !== region).map(cellBucket);
        const role = built.cloud.ofType(ROLE).find((r) => r.state.arn === built.roleArns[region])!;
        const policy = built.cloud.ofType(ROLE_POLICY).find((p) => p.inputs.role === role.id)!;
        const statements: any[] = JSON.parse(policy.inputs.policy).Statement;
        const grants = (action: string) =>
          statements
            .filter((s) => [s.Action].flat().includes(action))
            .flatMap(resources)
            .sort();

        assert.deepEqual(grants("s3:GetReplicationConfiguration"), [source.bucketArn]);
        assert.deepEqual(grants("s3:ListBucket"), [source.bucketArn]);
        for (const action of [
          "s3:GetObjectVersionForReplication",
          "s3:GetObjectVersionAcl",
          "s3:GetObjectVersionTagging",
        ]) {
          assert.deepEqual(grants(action), [`${source.bucketArn}/*`], action);
        }
        for (const action of ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]) {
          assert.deepEqual(grants(action), others.map((b) => `${b.bucketArn}/*`).sort(), action);
        }
        assert.deepEqual(grants("kms:Decrypt"), [source.keyArn]);
        assert.deepEqual(grants("kms:Encrypt"), others.map((b) => b.keyArn).sort());
        assert.deepEqual(grants("kms:GenerateDataKey"), others.map((b) => b.keyArn).sort());

        // Each key only through S3 in the key's own region.
        for (const s of statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("kms:")))) {
          const keyRegion = resources(s)[0].split(":")[3];
          assert.deepEqual(s.Condition, { StringEquals: { "kms:ViaService": `s3.${keyRegion}.amazonaws.com` } });
        }
        assert.ok(statements.every((s) => s.Effect === "Allow" && !resources(s).includes("*")));
        // Nothing beyond the actions checked above.
        assert.deepEqual([...new Set(statements.flatMap((s) => [s.Action].flat()))].sort(), [
          "kms:Decrypt",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "s3:GetObjectVersionAcl",
          "s3:GetObjectVersionForReplication",
          "s3:GetObjectVersionTagging",
          "s3:GetReplicationConfiguration",
          "s3:ListBucket",
          "s3:ReplicateDelete",
          "s3:ReplicateObject",
          "s3:ReplicateTags",
        ]);
      }
    });

    it("makes the configuration wait for its role's permissions", () => {
      for (const region of REGIONS) {
        const config = configOf(built.cloud, region);
        const role = built.cloud.ofType(ROLE).find((r) => r.state.arn === config.inputs.role)!;
        const policy = built.cloud.ofType(ROLE_POLICY).find((p) => p.inputs.role === role.id)!;
        assert.ok(config.dependsOn.includes(policy.urn), region);
      }
    });

    // docs/aws-behaviours.md #15: the cells own their bucket and key policies.
    it("writes no bucket policy or key policy", () => {
      for (const type of ["aws:s3/bucketPolicy:BucketPolicy", "aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"]) {
        assert.deepEqual(built.cloud.ofType(type), [], type);
      }
    });
  });

  describe("adding a cell", () => {
    let two: Built;
    let three: Built;
    before(async () => {
      two = await build(REGIONS.slice(0, 2));
      three = await build(REGIONS);
    });

    it("adds exactly its role, policy and configuration, and one rule to each other configuration", () => {
      const names = (b: Built) =>
        b.cloud.resources
          .filter((r) => r.custom && r.type !== "pulumi:providers:aws")
          .map((r) => `${r.type}::${r.name}`);
      const before = names(two);
      const after = names(three);
      assert.ok(
        before.every((n) => after.includes(n)),
        "nothing renamed or removed",
      );
      assert.deepEqual(
        after
          .filter((n) => !before.includes(n))
          .map((n) => n.split("::")[0])
          .sort(),
        [CONFIG, ROLE, ROLE_POLICY].sort(),
      );
      for (const region of REGIONS.slice(0, 2)) {
        const rulesBefore = configOf(two.cloud, region).inputs.rules;
        const rulesAfter = configOf(three.cloud, region).inputs.rules;
        const added = rulesAfter.filter((r: any) => !rulesBefore.some((old: any) => old.id === r.id));
        assert.deepEqual(
          added.map((r: any) => r.destination.bucket),
          [cellBucket(REGIONS[2]).bucketArn],
        );
        // The rules that were there are unchanged (same id, priority and destination).
        for (const old of rulesBefore) {
          assert.deepEqual(
            rulesAfter.find((r: any) => r.id === old.id),
            old,
          );
        }
      }
    });
  });

  describe("with a single cell", () => {
    it("creates nothing: there is no other bucket to replicate into", async () => {
      const built = await build(["us-east-1"]);
      const custom = built.cloud.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws");
      assert.deepEqual(custom, []);
      assert.deepEqual(built.roleArns, {});
    });
  });

  describe("rule ids and priorities", () => {
    it("are derived from the destination region and unique for every region name", () => {
      const geographies = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"];
      const directions = [
        "north",
        "south",
        "east",
        "west",
        "central",
        "northeast",
        "southeast",
        "northwest",
        "southwest",
      ];
      const regions = geographies.flatMap((g) =>
        ["", "-gov"].flatMap((gov) =>
          directions.flatMap((d) => [...Array(10).keys()].map((n) => `${g}${gov}-${d}-${n}`)),
        ),
      );
      const priorities = regions.map(replicationPriority);
      assert.equal(new Set(priorities).size, regions.length);
      assert.ok(priorities.every((p) => Number.isInteger(p) && p >= 1));
      assert.equal(replicationRuleId("eu-west-1"), "replicate-to-eu-west-1");
      assert.throws(() => replicationPriority("europe-1"), /not an AWS region name: "europe-1"/);
    });
  });

  describe("guard clauses", () => {
    before(async () => {
      await new MockCloud().install("replication-guards");
    });
    after(async () => {
      await pulumi.runtime.disconnect();
    });

    it("refuses a bucket whose region has no provider", () => {
      const providers = { "us-east-1": new aws.Provider("guard-us-east-1", { region: "us-east-1" }) };
      assert.throws(
        () =>
          new BucketReplication("guarded", {
            accountId: MOCK_ACCOUNT_ID,
            buckets: ["us-east-1", "eu-west-1"].map(cellBucket),
            providers,
          }),
        /no provider for bucket region\(s\) eu-west-1; providers has us-east-1/,
      );
    });

    it("refuses two buckets in one region", () => {
      const providers = { "eu-west-1": new aws.Provider("guard-eu-west-1", { region: "eu-west-1" }) };
      assert.throws(
        () =>
          new BucketReplication("twice", {
            accountId: MOCK_ACCOUNT_ID,
            buckets: [cellBucket("eu-west-1"), cellBucket("eu-west-1")],
            providers,
          }),
        /buckets repeats a region \(one bucket per cell\): eu-west-1, eu-west-1/,
      );
    });
  });
});
