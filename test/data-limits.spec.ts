import { strict as assert } from "node:assert";
import {
  auroraParameterFamily,
  checkAuroraEngineVersion,
  checkAuroraInstanceClass,
  checkBrokerCombination,
  checkCacheNodeType,
  checkDatabaseName,
  checkMasterUsername,
} from "../config/data-limits";

/** Asserts every value is accepted (the check returns no message). */
function assertAccepted(check: (value: string) => string | undefined, values: readonly string[]): void {
  for (const value of values) assert.equal(check(value), undefined, `${JSON.stringify(value)} was refused`);
}

/** Asserts every value is refused with a message containing `text`. */
function assertRefused(check: (value: string) => string | undefined, values: readonly string[], text: string): void {
  for (const value of values) {
    const message = check(value);
    assert.ok(message !== undefined, `${JSON.stringify(value)} was accepted`);
    assert.ok(message.includes(text), `${JSON.stringify(value)}: ${message}`);
  }
}

describe("checkAuroraInstanceClass", () => {
  it("accepts memory-optimized Graviton classes a global database runs on", () => {
    assertAccepted(checkAuroraInstanceClass, [
      "db.r6g.large",
      "db.r7g.large",
      "db.r7g.16xlarge",
      "db.r8g.48xlarge",
      "db.x2g.large",
    ]);
  });

  it("refuses burstable classes: an Aurora global database does not run on db.t*", () => {
    assertRefused(checkAuroraInstanceClass, ["db.t4g.medium", "db.t4g.large", "db.t3.medium"], "memory-optimized");
  });

  it("refuses x86 classes (the cell runs Graviton) and sizes a family lacks", () => {
    assertRefused(
      checkAuroraInstanceClass,
      ["db.r6i.large", "db.r5.large", "db.x2iedn.xlarge", "db.r7g.24xlarge", "db.r6g.medium"],
      'such as "db.r7g.large"',
    );
  });

  it("refuses malformed class names", () => {
    assertRefused(
      checkAuroraInstanceClass,
      ["r7g.large", "db.r7g.larg", "db.r7g", "DB.R7G.LARGE", "db.r7g.large ", ""],
      "Graviton",
    );
  });
});

describe("checkAuroraEngineVersion", () => {
  it("accepts major.minor from 15.4 on in the 15, 16 and 17 series", () => {
    assertAccepted(checkAuroraEngineVersion, ["15.4", "15.10", "16.1", "16.6", "17.4"]);
  });

  it("refuses a bare major or a patch version: the global cluster is upgraded by naming major.minor", () => {
    assertRefused(checkAuroraEngineVersion, ["16", "16.6.1", "v16.6", "16.x", ""], "major.minor");
  });

  it("refuses versions without global write forwarding (before 15.4) and unknown majors", () => {
    assertRefused(checkAuroraEngineVersion, ["14.9", "15.3", "13.12", "18.0"], "15.4 or later");
  });
});

describe("auroraParameterFamily", () => {
  it("names the aurora-postgresql family of the major version", () => {
    assert.equal(auroraParameterFamily("15.4"), "aurora-postgresql15");
    assert.equal(auroraParameterFamily("16.6"), "aurora-postgresql16");
    assert.equal(auroraParameterFamily("17.4"), "aurora-postgresql17");
  });

  it("throws for a value that is not a version", () => {
    assert.throws(() => auroraParameterFamily("sixteen"), /not an Aurora PostgreSQL version: "sixteen"/);
    assert.throws(() => auroraParameterFamily("16"), /not an Aurora PostgreSQL version: "16"/);
  });
});

describe("checkMasterUsername", () => {
  it("accepts lower-case role names up to 16 characters (CreateDBCluster MasterUsername)", () => {
    assertAccepted(checkMasterUsername, ["storefront_admin", "a", "dba2", `a${"b".repeat(15)}`]);
  });

  it("refuses postgres and the RDS-reserved names (RDS.24)", () => {
    // RDS.24: the admin user is not the default `postgres`.
    assertRefused(
      checkMasterUsername,
      ["postgres", "admin", "rdsadmin", "rds_superuser", "rdsrepladmin"],
      "must not be a default or reserved name",
    );
  });

  it("refuses names PostgreSQL or RDS would not take", () => {
    assertRefused(
      checkMasterUsername,
      ["1admin", "_admin", "Store", "store-admin", "store admin", `a${"b".repeat(16)}`, "storefront_admins", ""],
      "must be 1-16 of a-z, 0-9 and _, starting with a letter",
    );
  });
});

describe("checkDatabaseName", () => {
  it("accepts lower-case identifiers up to 63 characters", () => {
    assertAccepted(checkDatabaseName, ["storefront", "shop_eu", "s", `s${"x".repeat(62)}`]);
  });

  it("refuses identifiers that need quoting or are too long", () => {
    assertRefused(
      checkDatabaseName,
      ["9shop", "Shop", "shop-front", "shop.front", `s${"x".repeat(63)}`, ""],
      "must be 1-63 of a-z, 0-9 and _, starting with a letter",
    );
  });
});

describe("checkCacheNodeType", () => {
  it("accepts Graviton node types, T4g up to medium", () => {
    assertAccepted(checkCacheNodeType, [
      "cache.t4g.micro",
      "cache.t4g.medium",
      "cache.m6g.large",
      "cache.m7g.large",
      "cache.r7g.16xlarge",
    ]);
  });

  it("refuses x86 node types, T4g sizes that do not exist and malformed names", () => {
    assertRefused(
      checkCacheNodeType,
      ["cache.m5.large", "cache.r6i.large", "cache.t3.medium", "cache.t4g.large", "m7g.large", "cache.m7g.medium"],
      "must be a Graviton ElastiCache node type",
    );
  });
});

describe("checkBrokerCombination", () => {
  it("accepts RabbitMQ 3.13 clusters on m5 and m7g large and up", () => {
    for (const type of ["mq.m5.large", "mq.m5.4xlarge", "mq.m7g.large", "mq.m7g.16xlarge"]) {
      assert.deepEqual(checkBrokerCombination("3.13", type, "CLUSTER_MULTI_AZ"), [], type);
    }
  });

  it("accepts RabbitMQ 4 on m7g only (docs/aws-behaviours.md #9)", () => {
    // docs/aws-behaviours.md #9: RabbitMQ 4 runs only on m7g instance types.
    assert.deepEqual(checkBrokerCombination("4.2", "mq.m7g.large", "CLUSTER_MULTI_AZ"), []);
    assert.deepEqual(checkBrokerCombination("4.2", "mq.m5.large", "CLUSTER_MULTI_AZ"), [
      { field: "instanceType", message: "must be an mq.m7g type: RabbitMQ 4.2 runs only on m7g" },
    ]);
    assert.deepEqual(checkBrokerCombination("4.2", "mq.m5.xlarge", "SINGLE_INSTANCE"), [
      { field: "instanceType", message: "must be an mq.m7g type: RabbitMQ 4.2 runs only on m7g" },
    ]);
  });

  it("runs mq.t3.micro and mq.m7g.medium only as a single instance", () => {
    for (const type of ["mq.t3.micro", "mq.m7g.medium"]) {
      assert.deepEqual(checkBrokerCombination("3.13", type, "SINGLE_INSTANCE"), [], type);
      const problems = checkBrokerCombination("3.13", type, "CLUSTER_MULTI_AZ");
      assert.deepEqual(
        problems.map((p) => p.field),
        ["deploymentMode"],
        type,
      );
      assert.match(problems[0].message, new RegExp(`^must be SINGLE_INSTANCE with ${type.replace(/\./g, "\\.")};`));
    }
  });

  it("reports both rules when RabbitMQ 4 asks for a cluster of mq.t3.micro", () => {
    const problems = checkBrokerCombination("4.2", "mq.t3.micro", "CLUSTER_MULTI_AZ");
    assert.deepEqual(
      problems.map((p) => p.field),
      ["instanceType", "deploymentMode"],
    );
  });

  it("refuses unknown instance types with the list of known ones, and nothing else", () => {
    for (const type of ["mq.m6g.large", "mq.m5.medium", "mq.t3.small", "m7g.large", ""]) {
      const problems = checkBrokerCombination("4.2", type, "CLUSTER_MULTI_AZ");
      assert.equal(problems.length, 1, `${type}: ${JSON.stringify(problems)}`);
      assert.equal(problems[0].field, "instanceType");
      assert.match(problems[0].message, /^must be one of mq\.t3\.micro, mq\.m5\.large, .*mq\.m7g\.16xlarge$/);
    }
  });
});
