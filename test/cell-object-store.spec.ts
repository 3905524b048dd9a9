import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { CellKey } from "../components/data/cell-key";
import { ObjectStore } from "../components/data/object-store";
import { fixtureRaw } from "./fixtures/three-cells";
import { evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";
import { MOCK_ACCOUNT_ID, MockCloud } from "../offline/mock-cloud";
import { arnMatches, list, Statement, statements } from "./support/policies";

/** The default CloudFront scope: every distribution of this account, nothing else. */
const ANY_DISTRIBUTION = `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/*`;
/** A distribution ARN the global stack could export. */
const EDGE_DISTRIBUTION = `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/E2QWRUHAPOMQZL`;

/** Whether a statement's principal is anyone at all. */
function grantsEveryone(statement: Statement): boolean {
  const principal = statement.Principal;
  if (principal === "*") return true;
  return typeof principal === "object" && list(principal.AWS).includes("*");
}

/** The statement whose principal is the given AWS service. */
function forService(policy: Statement[], service: string): Statement {
  const found = policy.filter((s) => s.Principal?.Service === service);
  assert.equal(found.length, 1, `one statement for ${service}`);
  return found[0];
}

describe("cell object store and key", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, cloud, config }) => {
    const bucket = () => cloud().one("aws:s3/bucket:Bucket", "media");
    const ofBucket = (type: string) => cloud().one(type, "media");
    const key = () => cloud().one("aws:kms/key:Key", "key");
    const cloudFrontScope = () => config.data.objectStore.edgeDistributionArn ?? ANY_DISTRIBUTION;

    describe("media bucket", () => {
      it("is protected, auto-named within S3's prefix limit, in the cell's region", () => {
        const media = bucket();
        assert.equal(media.protect, true);
        assert.equal(media.inputs.bucket, undefined);
        assert.ok(media.inputs.bucketPrefix.length <= 37, media.inputs.bucketPrefix);
        assert.equal(media.region, config.region);
        assert.notEqual(media.inputs.forceDestroy, true);
      });

      it("blocks all public access and disables ACLs", () => {
        // S3.1 / S3.8 and S3.12.
        const block = ofBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        assert.equal(block.inputs.bucket, bucket().id);
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
          assert.equal(block.inputs[flag], true, flag);
        }
        const ownership = ofBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        assert.equal(ownership.inputs.bucket, bucket().id);
        assert.equal(ownership.inputs.rule.objectOwnership, "BucketOwnerEnforced");
      });

      it("is versioned, which replication between cells needs", () => {
        const versioning = ofBucket("aws:s3/bucketVersioning:BucketVersioning");
        assert.equal(versioning.inputs.bucket, bucket().id);
        assert.equal(versioning.inputs.versioningConfiguration.status, "Enabled");
      });

      it("encrypts with the cell key through an S3 Bucket Key", () => {
        const encryption = ofBucket(
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        );
        assert.equal(encryption.inputs.bucket, bucket().id);
        assert.deepEqual(encryption.inputs.rules, [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key().state.arn },
            bucketKeyEnabled: true,
          },
        ]);
      });

      it("expires old versions after the configured days and aborts abandoned uploads", () => {
        // S3.13: lifecycle rules.
        const lifecycle = ofBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        assert.equal(lifecycle.inputs.bucket, bucket().id);
        const rules: Statement[] = lifecycle.inputs.rules;
        for (const rule of rules) assert.equal(rule.status, "Enabled", rule.id);
        const noncurrent = rules.filter((r) => r.noncurrentVersionExpiration);
        assert.deepEqual(
          noncurrent.map((r) => [r.noncurrentVersionExpiration.noncurrentDays, r.filter]),
          [[config.data.objectStore.noncurrentVersionDays, { prefix: "" }]],
        );
        const abort = rules.filter((r) => r.abortIncompleteMultipartUpload);
        assert.equal(abort.length, 1);
        assert.ok(abort[0].abortIncompleteMultipartUpload.daysAfterInitiation >= 1);
      });

      it("logs server access to the cell's SSE-S3 access-log bucket under a prefix its policy admits", () => {
        // S3.9. Server access logs need a policy grant to logging.s3.amazonaws.com when ACLs
        // are disabled, and cannot be delivered to a bucket with SSE-KMS default encryption.
        const logging = ofBucket("aws:s3/bucketLogging:BucketLogging");
        const logBucket = cloud().one("aws:s3/bucket:Bucket", "alb-logs");
        assert.equal(logging.inputs.bucket, bucket().id);
        assert.equal(logging.inputs.targetBucket, logBucket.state.bucket);
        const prefix: string = logging.inputs.targetPrefix;
        assert.match(prefix, /^[a-z0-9-]+\/([a-z0-9-]+\/)*$/);
        assert.ok(!prefix.startsWith("AWSLogs/"), "the ALB's prefix belongs to the ALB");

        const logPolicy = statements(cloud().one("aws:s3/bucketPolicy:BucketPolicy", "alb-logs").inputs.policy);
        const grant = forService(logPolicy, "logging.s3.amazonaws.com");
        assert.equal(grant.Effect, "Allow");
        assert.ok(list(grant.Action).includes("s3:PutObject"));
        assert.deepEqual(grant.Condition, { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
        const delivered = `${logBucket.state.arn}/${prefix}2026-01-04-09-15-00-0123456789ABCDEF`;
        assert.ok(
          list(grant.Resource).some((resource) => arnMatches(String(resource), delivered)),
          `${JSON.stringify(grant.Resource)} does not admit ${delivered}`,
        );
        const logEncryption = cloud().one(
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "alb-logs",
        );
        assert.equal(logEncryption.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
      });

      it("turns logging on only after the log bucket's policy admits it (S3 checks the grant then)", () => {
        const logging = ofBucket("aws:s3/bucketLogging:BucketLogging");
        const logPolicy = cloud().one("aws:s3/bucketPolicy:BucketPolicy", "alb-logs");
        assert.ok(logging.dependsOn.includes(logPolicy.urn), "BucketLogging must wait for the log bucket policy");
      });

      it("denies plain HTTP on the bucket and its objects", () => {
        // S3.5.
        const arn = bucket().state.arn;
        const policy = ofBucket("aws:s3/bucketPolicy:BucketPolicy");
        assert.equal(policy.inputs.bucket, bucket().id);
        const deny = statements(policy.inputs.policy).filter((s) => s.Effect === "Deny");
        assert.deepEqual(deny, [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]);
      });

      it("lets CloudFront read only the media prefix, only for this account's distributions", () => {
        const arn = bucket().state.arn;
        const policy = statements(ofBucket("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const allow = policy.filter((s) => s.Effect === "Allow");
        assert.equal(allow.length, 1);
        assert.ok(!grantsEveryone(allow[0]));
        assert.deepEqual(allow[0].Principal, { Service: "cloudfront.amazonaws.com" });
        assert.deepEqual(list(allow[0].Action), ["s3:GetObject"]);
        assert.equal(allow[0].Resource, `${arn}/media/*`);
        assert.deepEqual(allow[0].Condition, { ArnLike: { "AWS:SourceArn": cloudFrontScope() } });
      });

      it("leaves replication to the global stack, the one owner of the replication configuration", () => {
        // docs/aws-behaviours.md #15: two owners of one replication configuration overwrite each other.
        assert.equal(bucket().inputs.replicationConfiguration, undefined);
        const replication = cloud().resources.filter((r) => /s3\/bucketReplicationConfig/i.test(r.type));
        assert.deepEqual(
          replication.map((r) => r.name),
          [],
        );
      });
    });

    describe("cell key", () => {
      it("is a protected, rotating, customer-managed symmetric key with a 30-day deletion window", () => {
        // KMS.4 (rotation) and KMS.3 (deletion window, protection).
        const cellKey = key();
        assert.equal(cellKey.protect, true);
        assert.equal(cellKey.inputs.enableKeyRotation, true);
        assert.equal(cellKey.inputs.deletionWindowInDays, 30);
        assert.equal(cellKey.inputs.keyUsage, "ENCRYPT_DECRYPT");
        assert.equal(cellKey.inputs.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.notEqual(cellKey.inputs.multiRegion, true);
        assert.equal(cellKey.region, config.region);
      });

      it("is aliased alias/<app>/<stack>", () => {
        const alias = cloud().one("aws:kms/alias:Alias", "key-alias");
        assert.equal(alias.inputs.name, `alias/${config.shared.app}/${stack}`);
        assert.equal(alias.inputs.targetKeyId, key().state.keyId);
      });

      it("delegates to IAM in this account and grants no one else everything", () => {
        const policy = statements(key().inputs.policy);
        for (const statement of policy) assert.ok(!grantsEveryone(statement), JSON.stringify(statement));
        const root = policy.filter((s) => s.Principal?.AWS !== undefined);
        assert.deepEqual(
          root.map((s) => [s.Effect, s.Principal.AWS, s.Action, s.Resource]),
          [["Allow", `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`, "kms:*", "*"]],
        );
        assert.equal(policy.length, 5, "delegation, CloudWatch Logs, CloudFront, CloudWatch alarms and budgets only");
      });

      it("admits CloudWatch Logs of its own region only for this account's log groups there", () => {
        const logs = forService(statements(key().inputs.policy), `logs.${config.region}.amazonaws.com`);
        const scope = `arn:aws:logs:${config.region}:${MOCK_ACCOUNT_ID}:*`;
        assert.deepEqual(logs.Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": scope } });
        // Every log group encrypted with the key falls inside the condition.
        const encrypted = cloud()
          .ofType("aws:cloudwatch/logGroup:LogGroup")
          .filter((g) => g.inputs.kmsKeyId === key().state.arn);
        assert.ok(encrypted.some((g) => g.name.endsWith("cache-slow-log")));
        for (const group of encrypted) assert.ok(arnMatches(scope, group.state.arn), group.state.arn);
        assert.ok(!arnMatches(scope, `arn:aws:logs:ap-south-1:${MOCK_ACCOUNT_ID}:log-group:other`));
      });

      it("lets CloudFront only decrypt, only for the distributions the bucket admits", () => {
        const cloudFront = forService(statements(key().inputs.policy), "cloudfront.amazonaws.com");
        assert.deepEqual(list(cloudFront.Action), ["kms:Decrypt"]);
        assert.deepEqual(cloudFront.Condition, { ArnLike: { "AWS:SourceArn": cloudFrontScope() } });
      });
    });

    it("exports the key and the media bucket for the global stack", () => {
      const outputs = suite.byName(stack).outputs;
      const media = bucket();
      assert.equal(outputs.keyArn, key().state.arn);
      assert.equal(outputs.mediaBucketName, media.state.bucket);
      assert.equal(outputs.mediaBucketArn, media.state.arn);
      assert.equal(outputs.mediaBucketDomainName, media.state.bucketRegionalDomainName);
      // The regional name: the global name misroutes a new bucket outside us-east-1.
      assert.equal(outputs.mediaBucketDomainName, `${outputs.mediaBucketName}.s3.${config.region}.amazonaws.com`);
    });
  });

  describe("with the edge distribution named in config (us-east-1)", () => {
    let variant: StackEvaluation;
    before(async () => {
      const raw = { ...fixtureRaw("us-east-1"), "storefront:edgeDistributionArn": EDGE_DISTRIBUTION };
      variant = await evaluateStack("us-east-1", { raw });
    });

    it("admits exactly that distribution in the bucket policy and the key policy", () => {
      const bucketPolicy = statements(variant.cloud.one("aws:s3/bucketPolicy:BucketPolicy", "media").inputs.policy);
      const keyPolicy = statements(variant.cloud.one("aws:kms/key:Key", "key").inputs.policy);
      for (const policy of [bucketPolicy, keyPolicy]) {
        const cloudFront = forService(policy, "cloudfront.amazonaws.com");
        assert.deepEqual(cloudFront.Condition, { ArnLike: { "AWS:SourceArn": EDGE_DISTRIBUTION } });
        assert.doesNotMatch(JSON.stringify(cloudFront.Condition), /\*/);
      }
    });
  });
});

describe("object store and key guard clauses", () => {
  before(async () => {
    await new MockCloud().install("guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  // Built inside each test: the stand-in policy is a resource, and the mocks exist only from `before`.
  const store = () => ({
    kmsKeyArn: "arn:key",
    accessLogs: {
      bucketName: "logs",
      prefix: "s3-access/media/",
      policy: new pulumi.ComponentResource("storefront:test:LogBucketPolicy", "log-policy"),
    },
    cloudFrontSourceArn: ANY_DISTRIBUTION,
    noncurrentVersionDays: 30,
  });

  it("ObjectStore refuses a bucket prefix longer than S3 allows", () => {
    assert.throws(
      () => new ObjectStore("long", { ...store(), bucketPrefix: "m".repeat(38) }),
      /bucketPrefix "m{38}" is longer than S3's 37-character limit/,
    );
  });

  it("ObjectStore refuses a media prefix that is not one lower-case folder", () => {
    ["media", "/media/", "Media/", "media/*"].forEach((mediaPrefix, i) => {
      assert.throws(
        () => new ObjectStore(`prefix-${i}`, { ...store(), bucketPrefix: "storefront-media-", mediaPrefix }),
        (error: Error) =>
          error.message.includes(`mediaPrefix must look like "media/", got ${JSON.stringify(mediaPrefix)}`),
      );
    });
  });

  it("CellKey refuses a deletion window KMS does not allow", () => {
    assert.throws(
      () =>
        new CellKey("key", {
          app: "storefront",
          stack: "us-east-1",
          region: "us-east-1",
          accountId: MOCK_ACCOUNT_ID,
          deletionWindowDays: 5,
        }),
      /deletionWindowDays must be 7\.\.30 \(KMS allows no other\), got 5/,
    );
  });
});
