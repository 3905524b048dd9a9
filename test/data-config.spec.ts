import { strict as assert } from "node:assert";
import { formatMinuteOfDay } from "../capacity/schedule";
import { CellConfig, readCellConfig } from "../config/cell";
import { fixtureRaw } from "./fixtures/three-cells";
import { ConfigProblem, formatProblem } from "../config/reader";
import { configErrorOf } from "./support/config-errors";

/** A mutable copy of a raw config map. */
type MutableRaw = Record<string, string>;

/** A stack file as the engine would pass it: the valid base every case changes one value of. */
function baseRaw(stack = "us-east-1"): MutableRaw {
  return { ...fixtureRaw(stack) };
}

/** Sets (a string) or deletes (`undefined`) top-level keys. */
const set =
  (overrides: Record<string, string | undefined>) =>
  (raw: MutableRaw): MutableRaw => {
    const result = { ...raw };
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete result[key];
      else result[key] = value;
    }
    return result;
  };

/** Sets (or, with `undefined`, deletes) fields of the structured value under `storefront:<name>`. */
const fields =
  (name: "database" | "cache" | "broker" | "objectStore", values: Record<string, unknown>) =>
  (raw: MutableRaw): MutableRaw => {
    const key = `storefront:${name}`;
    const object = JSON.parse(raw[key] ?? "{}") as Record<string, unknown>;
    for (const [field, value] of Object.entries(values)) {
      if (value === undefined) delete object[field];
      else object[field] = value;
    }
    return { ...raw, [key]: JSON.stringify(object) };
  };

function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `    ${formatProblem(p)}`).join("\n");
}

/** The primary's and the secondary's real values, read once. */
const primary = (): CellConfig => readCellConfig(fixtureRaw("us-east-1"), "us-east-1");

interface BadCase {
  name: string;
  raw: (base: MutableRaw) => MutableRaw;
  /** us-east-1 (the primary) unless set. */
  stack?: string;
  key: string;
  /** The value the problem must show. */
  value: unknown;
  /** Text the message must contain: what is allowed. */
  text: string;
}

const AURORA_CLASS_TEXT = "must be a memory-optimized Graviton class a global database accepts";
const AURORA_VERSION_SHAPE_TEXT = 'must be an Aurora PostgreSQL major.minor version such as "16.6"';
const AURORA_VERSION_TEXT = "must be Aurora PostgreSQL 15.4 or later";
const IDENTIFIER_TEXT = "must be 1-63 of a-z, 0-9 and _, starting with a letter";
const MASTER_USERNAME_TEXT = "must be 1-16 of a-z, 0-9 and _, starting with a letter";
const PRIMARY_ONLY_TEXT = "(homeStack) only, which created the global database; the other cells take it from the home";
const CACHE_TYPE_TEXT = "must be a Graviton ElastiCache node type";
const DISTRIBUTION_TEXT = "must be a CloudFront distribution ARN";
const QUIET_SHAPE_TEXT = 'must be a local time HH:MM such as "04:00"';
const UNKNOWN_FIELD_TEXT = "is not a known field;";

const BAD_CASES: BadCase[] = [
  // Aurora
  ...[
    ["burstable class (no global database on db.t*)", "db.t4g.medium"],
    ["x86 class", "db.r6i.large"],
    ["misspelt class", "db.r7g.larg"],
  ].map(([name, value]) => ({
    name: `database.instanceClass ${name}`,
    raw: fields("database", { instanceClass: value }),
    key: "storefront:database.instanceClass",
    value,
    text: AURORA_CLASS_TEXT,
  })),
  ...[
    ["16", AURORA_VERSION_SHAPE_TEXT],
    ["14.9", AURORA_VERSION_TEXT],
    ["15.3", AURORA_VERSION_TEXT],
  ].map(([value, text]) => ({
    name: `database.engineVersion ${value}`,
    raw: fields("database", { engineVersion: value }),
    key: "storefront:database.engineVersion",
    value,
    text,
  })),
  ...[80, 65536].map((value) => ({
    name: `database.port ${value}`,
    raw: fields("database", { port: value }),
    key: "storefront:database.port",
    value,
    text: "must be a whole number from 1150 to 65535",
  })),
  {
    name: "database.databaseName with a hyphen",
    raw: fields("database", { databaseName: "store-front" }),
    key: "storefront:database.databaseName",
    value: "store-front",
    text: IDENTIFIER_TEXT,
  },
  {
    name: "database.masterUsername starting with a digit",
    raw: fields("database", { masterUsername: "1admin" }),
    key: "storefront:database.masterUsername",
    value: "1admin",
    text: MASTER_USERNAME_TEXT,
  },
  {
    // CreateDBCluster takes at most 16 characters for MasterUsername.
    name: "database.masterUsername of 17 characters",
    raw: fields("database", { masterUsername: "storefront_admins" }),
    key: "storefront:database.masterUsername",
    value: "storefront_admins",
    text: MASTER_USERNAME_TEXT,
  },
  {
    // RDS.24: the admin user is not `postgres`.
    name: "database.masterUsername postgres",
    raw: fields("database", { masterUsername: "postgres" }),
    key: "storefront:database.masterUsername",
    value: "postgres",
    text: "must not be a default or reserved name",
  },
  {
    name: "database.minReaders 0 (RDS.15: two instances at least)",
    raw: fields("database", { minReaders: 0 }),
    key: "storefront:database.minReaders",
    value: 0,
    text: "must be a whole number from 1 to 15",
  },
  {
    name: "database.maxReaders below minReaders",
    raw: fields("database", { minReaders: 3, maxReaders: 2 }),
    key: "storefront:database.maxReaders",
    value: 2,
    text: "must be at least minReaders (3)",
  },
  {
    name: "database.maxReaders 16 (Aurora holds 15 readers)",
    raw: fields("database", { maxReaders: 16 }),
    key: "storefront:database.maxReaders",
    value: 16,
    text: "must be a whole number from 1 to 15",
  },
  ...[6, 36].map((value) => ({
    name: `database.backupRetentionDays ${value}`,
    raw: fields("database", { backupRetentionDays: value }),
    key: "storefront:database.backupRetentionDays",
    value,
    text: "must be a whole number from 7 to 35",
  })),
  {
    name: "database.replicaRegions with a malformed region",
    raw: fields("database", { replicaRegions: ["eu-west"] }),
    key: "storefront:database.replicaRegions",
    value: ["eu-west"],
    text: 'eu-west: must be an AWS region name such as "us-east-1"',
  },
  {
    name: "database.replicaRegions naming the primary's own region",
    raw: fields("database", { replicaRegions: ["eu-west-1", "us-east-1"] }),
    key: "storefront:database.replicaRegions",
    value: ["eu-west-1", "us-east-1"],
    text: "us-east-1: must not name the home's own region",
  },
  {
    name: "database.replicaRegions repeating a region",
    raw: fields("database", { replicaRegions: ["eu-west-1", "eu-west-1"] }),
    key: "storefront:database.replicaRegions",
    value: ["eu-west-1", "eu-west-1"],
    text: "must not repeat a region",
  },
  // Primary-only fields on the secondary (docs/aws-behaviours.md #1: a secondary cluster sets no database name or master user).
  ...[
    ["databaseName", "storefront"],
    ["masterUsername", "storefront_admin"],
    ["replicaRegions", ["us-east-1"]],
  ].map(([field, value]) => ({
    name: `database.${String(field)} on the secondary`,
    stack: "eu-west-1",
    raw: fields("database", { [String(field)]: value }),
    key: `storefront:database.${String(field)}`,
    value,
    text: PRIMARY_ONLY_TEXT,
  })),
  // Valkey
  ...["cache.m5.large", "cache.t4g.large"].map((value) => ({
    name: `cache.nodeType ${value}`,
    raw: fields("cache", { nodeType: value }),
    key: "storefront:cache.nodeType",
    value,
    text: CACHE_TYPE_TEXT,
  })),
  {
    name: "cache.engineVersion 7.0",
    raw: fields("cache", { engineVersion: "7.0" }),
    key: "storefront:cache.engineVersion",
    value: "7.0",
    text: 'must be one of "7.2", "8.0", "8.1"',
  },
  {
    // ElastiCache.3: automatic failover and multi-AZ need a replica.
    name: "cache.nodes 1",
    raw: fields("cache", { nodes: 1 }),
    key: "storefront:cache.nodes",
    value: 1,
    text: "must be a whole number from 2 to 6",
  },
  // RabbitMQ
  {
    name: "broker.engineVersion 3.12",
    raw: fields("broker", { engineVersion: "3.12" }),
    key: "storefront:broker.engineVersion",
    value: "3.12",
    text: 'must be one of "3.13", "4.2"',
  },
  {
    name: "broker.instanceType unknown",
    raw: fields("broker", { instanceType: "mq.m6g.large" }),
    key: "storefront:broker.instanceType",
    value: "mq.m6g.large",
    text: "must be one of mq.t3.micro, mq.m5.large",
  },
  {
    // docs/aws-behaviours.md #9: RabbitMQ 4 runs only on m7g.
    name: "broker 4.2 on mq.m5.large",
    raw: fields("broker", { engineVersion: "4.2", instanceType: "mq.m5.large" }),
    key: "storefront:broker.instanceType",
    value: "mq.m5.large",
    text: "must be an mq.m7g type: RabbitMQ 4.2 runs only on m7g",
  },
  ...["mq.t3.micro", "mq.m7g.medium"].map((type) => ({
    name: `broker CLUSTER_MULTI_AZ on ${type}`,
    raw: fields("broker", { deploymentMode: "CLUSTER_MULTI_AZ", instanceType: type }),
    key: "storefront:broker.deploymentMode",
    value: "CLUSTER_MULTI_AZ",
    text: `must be SINGLE_INSTANCE with ${type}`,
  })),
  {
    name: "broker.deploymentMode of ActiveMQ",
    raw: fields("broker", { deploymentMode: "ACTIVE_STANDBY_MULTI_AZ" }),
    key: "storefront:broker.deploymentMode",
    value: "ACTIVE_STANDBY_MULTI_AZ",
    text: 'must be one of "CLUSTER_MULTI_AZ", "SINGLE_INSTANCE"',
  },
  // Object store
  {
    name: "objectStore.noncurrentVersionDays 0",
    raw: fields("objectStore", { noncurrentVersionDays: 0 }),
    key: "storefront:objectStore.noncurrentVersionDays",
    value: 0,
    text: "must be a whole number from 1 to 3650",
  },
  ...[
    "E2QWRUHAPOMQZL",
    "arn:aws:cloudfront::123456789012:distribution/",
    "arn:aws:cloudfront::1234:distribution/E2QWRUHAPOMQZL",
    "arn:aws:cloudfront:us-east-1:123456789012:distribution/E2QWRUHAPOMQZL",
  ].map((value) => ({
    name: `edgeDistributionArn ${value}`,
    raw: set({ "storefront:edgeDistributionArn": value }),
    key: "storefront:edgeDistributionArn",
    value,
    text: DISTRIBUTION_TEXT,
  })),
  // Quiet hour: "24:00" must be a problem, not a RangeError from formatting minute 1440.
  ...["4:00", "24:00", "12:60", "04:00 "].map((value) => ({
    name: `quietTime ${JSON.stringify(value)}`,
    raw: set({ "storefront:quietTime": value }),
    key: "storefront:quietTime",
    value,
    text: QUIET_SHAPE_TEXT,
  })),
  // Misspelt fields would silently fall back to defaults.
  ...(
    [
      ["database", "instanceType"],
      ["cache", "nodetype"],
      ["broker", "mode"],
      ["objectStore", "noncurrentDays"],
    ] as const
  ).map(([name, field]) => ({
    name: `unknown field ${name}.${field}`,
    raw: fields(name, { [field]: "x" }),
    key: `storefront:${name}.${field}`,
    value: "x",
    text: UNKNOWN_FIELD_TEXT,
  })),
];

describe("readCellConfig: the data tier's bad values", () => {
  it("the real stack files are accepted as they are", () => {
    assert.equal(readCellConfig(baseRaw(), "us-east-1").data.database.replicaRegions[0], "eu-west-1");
    assert.equal(readCellConfig(baseRaw("eu-west-1"), "eu-west-1").data.database.replicaRegions.length, 0);
  });

  for (const badCase of BAD_CASES) {
    const stack = badCase.stack ?? "us-east-1";
    it(`${badCase.name} (${stack}) -> exactly one problem on ${badCase.key}`, () => {
      const error = configErrorOf(badCase.raw(baseRaw(stack)), stack);
      assert.equal(error.problems.length, 1, describeProblems(error.problems));
      const [problem] = error.problems;
      assert.equal(problem.key, badCase.key, describeProblems(error.problems));
      assert.deepEqual(problem.value, badCase.value, describeProblems(error.problems));
      assert.ok(problem.message.includes(badCase.text), describeProblems(error.problems));
    });
  }
});

describe("readCellConfig: the quiet hour against the fixture fleet's peak windows", () => {
  for (const stack of ["us-east-1", "eu-west-1"]) {
    const real = () => readCellConfig(fixtureRaw(stack), stack);
    /** The backup hour, the maintenance hour and an hour either side span [q - 60, q + 180). */
    const clashes: Array<[string, (c: CellConfig) => number]> = [
      ["inside the peak", (c) => c.peakWindow.start + 60],
      // The windows with their margin end halfway into the lead: clear of the peak itself.
      ["in the lead before the peak", (c) => c.peakWindow.start - 180 - Math.floor(c.peakLeadMinutes / 2)],
      // Maintenance ends 30 minutes before the lead; a daylight-saving shift would take it in.
      ["within the daylight-saving hour before the lead", (c) => c.peakWindow.start - c.peakLeadMinutes - 150],
      // Backup starts 30 minutes after the peak; a daylight-saving shift would take it in.
      ["within the daylight-saving hour after the peak", (c) => c.peakWindow.end + 30],
    ];
    for (const [where, quietOf] of clashes) {
      it(`${stack}: refuses a quietTime ${where}`, () => {
        const config = real();
        assert.ok(config.peakLeadMinutes >= 2, "the lead case needs a lead");
        const quietTime = formatMinuteOfDay((quietOf(config) + 1440) % 1440);
        const error = configErrorOf(set({ "storefront:quietTime": quietTime })(baseRaw(stack)), stack);
        assert.deepEqual(
          error.problems.map((p) => [p.key, p.value]),
          [["storefront:quietTime", quietTime]],
        );
        assert.ok(
          error.problems[0].message.includes(
            `outside the peak window ${config.peakWindowText} and its lead of ${config.peakLeadMinutes} minutes`,
          ),
          error.problems[0].message,
        );
      });
    }

    it(`${stack}: accepts the closest quiet times either side of the peak, margins included`, () => {
      const config = real();
      const earliest = config.peakWindow.end + 60;
      const latest = config.peakWindow.start - config.peakLeadMinutes - 180;
      for (const minute of [earliest, latest]) {
        const quietTime = formatMinuteOfDay((minute + 1440) % 1440);
        const accepted = readCellConfig(set({ "storefront:quietTime": quietTime })(baseRaw(stack)), stack);
        assert.equal(accepted.data.quietTime, quietTime);
        assert.equal(accepted.data.windows.brokerMaintenance.timeOfDay, formatMinuteOfDay((minute + 60 + 1440) % 1440));
      }
    });
  }
});

describe("readCellConfig: the data tier's good values", () => {
  it("carries a valid edgeDistributionArn into the object store config", () => {
    const arn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL";
    const config = readCellConfig(set({ "storefront:edgeDistributionArn": arn })(baseRaw()), "us-east-1");
    assert.equal(config.data.objectStore.edgeDistributionArn, arn);
    assert.equal(primary().data.objectStore.edgeDistributionArn, undefined);
  });

  it("accepts mq.t3.micro and mq.m7g.medium as single instances, and RabbitMQ 4.2 on m7g", () => {
    for (const [instanceType, deploymentMode, engineVersion] of [
      ["mq.t3.micro", "SINGLE_INSTANCE", "3.13"],
      ["mq.m7g.medium", "SINGLE_INSTANCE", "4.2"],
      ["mq.m7g.large", "CLUSTER_MULTI_AZ", "4.2"],
    ]) {
      const raw = fields("broker", { instanceType, deploymentMode, engineVersion })(baseRaw());
      assert.deepEqual(readCellConfig(raw, "us-east-1").data.broker, { instanceType, deploymentMode, engineVersion });
    }
  });

  it("takes maxReaders from minReaders when unset: at least minReaders, 4 otherwise", () => {
    const read = (minReaders: number) =>
      readCellConfig(fields("database", { minReaders, maxReaders: undefined })(baseRaw()), "us-east-1").data.database;
    assert.deepEqual([read(2).minReaders, read(2).maxReaders], [2, 4]);
    assert.deepEqual([read(6).minReaders, read(6).maxReaders], [6, 6]);
  });
});

describe("readCellConfig: the data tier's defaults", () => {
  const DATA_KEYS = [
    "storefront:quietTime",
    "storefront:database",
    "storefront:cache",
    "storefront:broker",
    "storefront:objectStore",
    "storefront:edgeDistributionArn",
  ];
  const unset = set(Object.fromEntries(DATA_KEYS.map((key) => [key, undefined])));

  // The defaults documented in config/data-tier.ts.
  const DATABASE_DEFAULTS = {
    instanceClass: "db.r7g.large",
    engineVersion: "16.6",
    // RDS.23: not PostgreSQL's default 5432.
    port: 5433,
    databaseName: "storefront",
    masterUsername: "storefront_admin",
    minReaders: 1,
    maxReaders: 4,
    readerCpuTargetPercent: 60,
    backupRetentionDays: 14,
    replicaRegions: [],
    // Aurora write forwarding is an opt-in: the edge sends writes to the primary.
    writeForwarding: false,
  };
  const CACHE_DEFAULTS = { nodeType: "cache.m7g.large", engineVersion: "8.0", nodes: 2, snapshotRetentionDays: 3 };
  const BROKER_DEFAULTS = { deploymentMode: "CLUSTER_MULTI_AZ", instanceType: "mq.m7g.large", engineVersion: "3.13" };

  for (const stack of ["us-east-1", "eu-west-1"]) {
    it(`${stack}: uses the documented defaults when the data keys are absent`, () => {
      const raw = unset(baseRaw(stack));
      for (const key of DATA_KEYS) assert.equal(key in raw, false, key);
      const { data } = readCellConfig(raw, stack);
      assert.deepEqual(data.database, DATABASE_DEFAULTS);
      assert.deepEqual(data.cache, CACHE_DEFAULTS);
      assert.deepEqual(data.broker, BROKER_DEFAULTS);
      assert.deepEqual(data.objectStore, { noncurrentVersionDays: 30, edgeDistributionArn: undefined });
      assert.equal(data.quietTime, "04:00");
      // Maintenance the hour after the 04:00 quiet hour, Wednesday, in the cell's own zone.
      assert.deepEqual(data.windows.brokerMaintenance, {
        dayOfWeek: "WEDNESDAY",
        timeOfDay: "05:00",
        timeZone: fixtureRaw(stack)["storefront:timeZone"],
      });
    });
  }

  it("places the default quiet hour in UTC from the stack's zone", () => {
    // America/New_York in January is EST, UTC-05:00: 04:00 local is 09:00 UTC.
    assert.equal(readCellConfig(unset(baseRaw()), "us-east-1").data.windows.databaseBackup, "09:00-10:00");
    // Europe/Dublin in January is GMT, UTC+00:00.
    assert.equal(readCellConfig(unset(baseRaw("eu-west-1")), "eu-west-1").data.windows.databaseBackup, "04:00-05:00");
  });
});

describe("readCellConfig: an unknown role invents no primary-only problems", () => {
  // The home's file sets databaseName, masterUsername and replicaRegions; with its role
  // unknown they must not be reported as set on a secondary.
  for (const [key, value] of [
    ["storefront:primaryRegion", "us-east"],
    ["aws:region", "useast1"],
  ]) {
    it(`reports only ${key} when it is malformed`, () => {
      const error = configErrorOf(set({ [key]: value })(baseRaw()), "us-east-1");
      assert.deepEqual(
        error.problems.map((p) => [p.key, p.value]),
        [[key, value]],
        describeProblems(error.problems),
      );
    });
  }
});
