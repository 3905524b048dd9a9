import { strict as assert } from "node:assert";
import { auroraLogGroupName, dataStoreName, secretReplicaArn } from "../components/data/arns";

describe("secretReplicaArn", () => {
  it("keeps the secret's account, name and random suffix and changes only the region", () => {
    // A replica keeps the primary secret's name and suffix (docs/aws-behaviours.md #1: the master
    // password lives in one secret replicated to the other regions).
    assert.equal(
      secretReplicaArn(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:storefront/database/master-AbC123",
        "eu-west-1",
      ),
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:storefront/database/master-AbC123",
    );
  });

  it("keeps names with hyphens, underscores and slashes whole", () => {
    assert.equal(
      secretReplicaArn("arn:aws:secretsmanager:eu-west-1:000000000001:secret:a-b_c/d.e+f=g@h-XyZ987", "ap-southeast-2"),
      "arn:aws:secretsmanager:ap-southeast-2:000000000001:secret:a-b_c/d.e+f=g@h-XyZ987",
    );
  });

  it("keeps the partition of GovCloud and China ARNs", () => {
    assert.equal(
      secretReplicaArn(
        "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-master-Q1w2E3",
        "us-gov-east-1",
      ),
      "arn:aws-us-gov:secretsmanager:us-gov-east-1:123456789012:secret:db-master-Q1w2E3",
    );
    assert.equal(
      secretReplicaArn("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-master-Q1w2E3", "cn-northwest-1"),
      "arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:db-master-Q1w2E3",
    );
  });

  it("refuses an ARN that is not a Secrets Manager secret", () => {
    for (const arn of [
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:secretsmanager:us-east-1:123456789012:rotation:db-master-Q1w2E3",
      "arn:aws:secretsmanager:us-east-1:12345:secret:db-master-Q1w2E3",
      "db-master-Q1w2E3",
      "",
    ]) {
      assert.throws(
        () => secretReplicaArn(arn, "eu-west-1"),
        (error: Error) => error.message === `not a Secrets Manager secret ARN: ${JSON.stringify(arn)}`,
        arn,
      );
    }
  });
});

describe("auroraLogGroupName", () => {
  it("is the group RDS exports a cluster's postgresql log to (RDS.37)", () => {
    // RDS.37: the `postgresql` log is exported to /aws/rds/cluster/<cluster id>/postgresql.
    assert.equal(auroraLogGroupName("storefront-us-east-1"), "/aws/rds/cluster/storefront-us-east-1/postgresql");
    assert.equal(auroraLogGroupName("shop-eu-west-1"), "/aws/rds/cluster/shop-eu-west-1/postgresql");
  });
});

describe("dataStoreName", () => {
  /** The limits: RDS cluster ids 63, Amazon MQ broker names 50, ElastiCache ids 40. */
  const LIMITS = [63, 50, 40];
  /** The longest valid app (16 characters) with the longest region names. */
  const LONGEST_APP = "storefront-globa";

  it("is <app>-<stack> for the project's app and stacks", () => {
    for (const limit of LIMITS) {
      assert.equal(dataStoreName("storefront", "us-east-1", limit), "storefront-us-east-1");
      assert.equal(dataStoreName("storefront", "eu-west-1", limit), "storefront-eu-west-1");
    }
  });

  it("fits every limit whole for the longest valid app and region names", () => {
    for (const region of ["ap-southeast-2", "us-gov-west-1", "ap-northeast-3"]) {
      for (const limit of LIMITS) {
        assert.equal(dataStoreName(LONGEST_APP, region, limit), `${LONGEST_APP}-${region}`, `${region} at ${limit}`);
      }
    }
  });

  it("cuts a longer name to each limit without leaving a trailing hyphen", () => {
    // 39 letters then "-": a plain cut at 40 would end on the hyphen.
    const app = "a".repeat(39);
    assert.equal(dataStoreName(app, "ap-southeast-2", 40), app);
    const long = "warehouse-inventory-and-fulfilment-platform";
    for (const limit of LIMITS) {
      const name = dataStoreName(long, "ap-southeast-2", limit);
      assert.ok(name.length <= limit, `${name} is longer than ${limit}`);
      assert.ok(`${long}-ap-southeast-2`.startsWith(name), `${name} is not a prefix of the full name`);
      assert.doesNotMatch(name, /-$/);
    }
    // A cut at 44 ends on the hyphen after the 43-character app: the hyphen goes.
    assert.equal(dataStoreName(long, "ap-southeast-2", 44), long);
  });

  it("lower-cases, replaces characters ids do not take and collapses hyphens", () => {
    assert.equal(dataStoreName("Store_Front", "eu--west.1", 63), "store-front-eu-west-1");
  });

  it("refuses a name that does not start with a letter", () => {
    assert.throws(() => dataStoreName("1shop", "us-east-1", 63), /must start with a letter: "1shop-us-east-1"/);
    assert.throws(() => dataStoreName("-shop", "us-east-1", 63), /must start with a letter: "-shop-us-east-1"/);
  });
});
