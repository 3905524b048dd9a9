import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { fixtureRaw } from "./fixtures/three-cells";
import { ConfigError, ConfigProblem, formatProblem } from "../config/reader";
import { configErrorOf } from "./support/config-errors";

/** A mutable copy of a raw config map. */
type MutableRaw = Record<string, string>;

/** The fixture fleet's us-east-1 stack file as the engine would pass it: the valid base every bad case overrides. */
function baseRaw(stack = "us-east-1"): MutableRaw {
  return { ...fixtureRaw(stack) };
}

/** Applies overrides to a raw map: a string sets the key, `undefined` deletes it. */
function withOverrides(raw: MutableRaw, overrides: Record<string, string | undefined>): MutableRaw {
  const result = { ...raw };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** Rewrites the JSON object under `storefront:web`. */
function withWeb(raw: MutableRaw, edit: (web: Record<string, unknown>) => void): MutableRaw {
  const web = JSON.parse(raw["storefront:web"]) as Record<string, unknown>;
  edit(web);
  return { ...raw, "storefront:web": JSON.stringify(web) };
}

function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `    ${formatProblem(p)}`).join("\n");
}

/** Asserts that some problem has exactly `key` and a message containing `text`. */
function assertProblem(error: ConfigError, key: string, text: string): void {
  const match = error.problems.find((p) => p.key === key && p.message.includes(text));
  assert.ok(
    match,
    `expected a problem on ${key} whose message contains ${JSON.stringify(text)}; got:\n${describeProblems(error.problems)}`,
  );
}

describe("readCellConfig: the fixture fleet's stack files", () => {
  it("us-east-1 parses and is the primary cell", () => {
    const config = readCellConfig(fixtureRaw("us-east-1"), "us-east-1");
    assert.equal(config.stack, "us-east-1");
    assert.equal(config.region, "us-east-1");
    assert.equal(config.isPrimary, true);
    assert.equal(config.shared.primaryRegion, "us-east-1");
    assert.equal(config.shared.primaryStack, "us-east-1");
    assert.equal(config.shared.domain, "shop.example.com");
    assert.equal(config.shared.hostedZoneId, "Z0123456789EXAMPLEZONE");
    assert.equal(config.shared.app, "storefront");
    assert.equal(config.cidr, "10.10.0.0/16");
    assert.equal(config.timeZone, "America/New_York");
    assert.equal(config.peakWindowText, "18:00-23:00");
    assert.deepEqual(config.peakWindow, { start: 18 * 60, end: 23 * 60, crossesMidnight: false });
    assert.equal(config.peakLeadMinutes, 30);
    assert.equal(config.natStrategy, "OnePerAz");
    assert.equal(config.interfaceEndpoints, true);
    assert.equal(config.web.image, "public.ecr.aws/storefront/web:1.0.0");
    assert.equal(config.web.cpu, 1024);
    assert.equal(config.web.memory, 2048);
    assert.equal(config.web.minTasks, 3);
    assert.equal(config.web.peakMinTasks, 12);
    assert.equal(config.web.maxTasks, 60);
    assert.equal(config.web.requestsPerTarget, 1200);
    // 18:00 start - 30 min lead = 17:30 local; the floor comes down at 23:00 local.
    assert.deepEqual(config.webSchedule, [
      {
        role: "before-peak",
        localTime: "17:30",
        schedule: "cron(30 17 * * ? *)",
        timeZone: "America/New_York",
        minCapacity: 12,
        maxCapacity: 60,
      },
      {
        role: "after-peak",
        localTime: "23:00",
        schedule: "cron(0 23 * * ? *)",
        timeZone: "America/New_York",
        minCapacity: 3,
        maxCapacity: 60,
      },
    ]);
  });

  it("eu-west-1 parses and is a secondary cell", () => {
    const config = readCellConfig(fixtureRaw("eu-west-1"), "eu-west-1");
    assert.equal(config.region, "eu-west-1");
    assert.equal(config.isPrimary, false);
    assert.equal(config.shared.primaryRegion, "us-east-1");
    assert.equal(config.shared.primaryStack, "us-east-1");
    assert.equal(config.cidr, "10.20.0.0/16");
    assert.equal(config.timeZone, "Europe/Dublin");
    assert.deepEqual(config.peakWindow, { start: 19 * 60, end: 23 * 60 + 30, crossesMidnight: false });
    assert.equal(config.web.cpu, 1024);
    assert.equal(config.web.memory, 2048);
    assert.equal(config.web.minTasks, 2);
    assert.equal(config.web.peakMinTasks, 8);
    assert.equal(config.web.maxTasks, 40);
    assert.equal(config.web.spotPercent, 30);
    // 19:00 start - 30 min lead = 18:30 local; the floor comes down at 23:30 local.
    assert.deepEqual(
      config.webSchedule.map((a) => [a.role, a.schedule, a.timeZone, a.minCapacity, a.maxCapacity]),
      [
        ["before-peak", "cron(30 18 * * ? *)", "Europe/Dublin", 8, 40],
        ["after-peak", "cron(30 23 * * ? *)", "Europe/Dublin", 2, 40],
      ],
    );
  });
});

describe("readCellConfig: defaults", () => {
  it("applies defaults when optional keys are absent", () => {
    const raw = withWeb(
      withOverrides(baseRaw(), {
        "storefront:natStrategy": undefined,
        "storefront:interfaceEndpoints": undefined,
        "storefront:azCount": undefined,
        "storefront:availabilityZones": undefined,
        "storefront:flowLogRetentionDays": undefined,
        "storefront:logRetentionDays": undefined,
        "storefront:deletionProtection": undefined,
        "storefront:peakLeadMinutes": undefined,
        "storefront:app": undefined,
        "storefront:owner": undefined,
        "storefront:primaryStack": undefined,
      }),
      (web) => {
        for (const field of Object.keys(web)) if (field !== "image") delete web[field];
      },
    );
    assert.equal(raw["storefront:natStrategy"], undefined, "test setup: key still present");

    const config = readCellConfig(raw, "us-east-1");
    assert.equal(config.natStrategy, "OnePerAz");
    assert.equal(config.interfaceEndpoints, true);
    assert.equal(config.azCount, 3);
    assert.equal(config.availabilityZones, undefined);
    assert.equal(config.flowLogRetentionDays, 90);
    assert.equal(config.logRetentionDays, 30);
    assert.equal(config.deletionProtection, true);
    assert.equal(config.peakLeadMinutes, 30);
    assert.equal(config.shared.app, "storefront");
    assert.equal(config.shared.owner, "platform");
    // primaryStack falls back to primaryRegion's name.
    assert.equal(config.shared.primaryStack, "us-east-1");
    assert.deepEqual(config.web, {
      image: "public.ecr.aws/storefront/web:1.0.0",
      cpu: 512,
      memory: 1024,
      port: 8080,
      healthCheckPath: "/healthz",
      minTasks: 2,
      peakMinTasks: 4,
      maxTasks: 20,
      requestsPerTarget: 1000,
      cpuTargetPercent: 60,
      spotPercent: 0,
    });
    assert.deepEqual(
      config.webSchedule.map((a) => [a.schedule, a.minCapacity, a.maxCapacity]),
      [
        ["cron(30 17 * * ? *)", 4, 20],
        ["cron(0 23 * * ? *)", 2, 20],
      ],
    );
  });

  it("derives peakMinTasks and maxTasks defaults from the values that are set", () => {
    const config = readCellConfig(
      withWeb(baseRaw(), (web) => {
        web.minTasks = 7;
        delete web.peakMinTasks;
        delete web.maxTasks;
        // Without a traffic profile: with one, the counts left out are derived from it.
        delete web.traffic;
      }),
      "us-east-1",
    );
    assert.equal(config.web.minTasks, 7);
    assert.equal(config.web.peakMinTasks, 7);
    assert.equal(config.web.maxTasks, 20);
  });

  it("accepts valid non-default values", () => {
    const config = readCellConfig(
      withOverrides(baseRaw(), {
        "storefront:natStrategy": "Single",
        "storefront:interfaceEndpoints": "false",
        "storefront:azCount": "2",
        "storefront:flowLogRetentionDays": "365",
        "storefront:logRetentionDays": "14",
        "storefront:deletionProtection": "false",
        "storefront:cidr": "172.16.0.0/20",
        "storefront:peakWindow": "22:00-02:00",
        "storefront:peakLeadMinutes": "60",
      }),
      "us-east-1",
    );
    assert.equal(config.natStrategy, "Single");
    assert.equal(config.interfaceEndpoints, false);
    assert.equal(config.azCount, 2);
    assert.equal(config.flowLogRetentionDays, 365);
    assert.equal(config.logRetentionDays, 14);
    assert.equal(config.deletionProtection, false);
    assert.equal(config.cidr, "172.16.0.0/20");
    assert.deepEqual(config.peakWindow, { start: 22 * 60, end: 2 * 60, crossesMidnight: true });
    assert.deepEqual(
      config.webSchedule.map((a) => a.schedule),
      ["cron(0 21 * * ? *)", "cron(0 2 * * ? *)"],
    );
  });

  it("takes azCount from pinned availabilityZones", () => {
    const config = readCellConfig(
      withOverrides(baseRaw(), { "storefront:availabilityZones": JSON.stringify(["us-east-1a", "us-east-1c"]) }),
      "us-east-1",
    );
    assert.deepEqual(config.availabilityZones, ["us-east-1a", "us-east-1c"]);
    assert.equal(config.azCount, 2);
  });
});

interface BadCase {
  name: string;
  /** Builds the bad raw config from the valid us-east-1 base. */
  raw: (base: MutableRaw) => MutableRaw;
  /** Stack name passed to readCellConfig; us-east-1 unless set. */
  stack?: string;
  key: string;
  /** Text the problem's message must contain: what is allowed. */
  text: string;
}

const set = (overrides: Record<string, string | undefined>) => (base: MutableRaw) => withOverrides(base, overrides);
const web = (edit: (web: Record<string, unknown>) => void) => (base: MutableRaw) => withWeb(base, edit);

const RFC1918_TEXT = "must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)";
const PREFIX_TEXT = "must be a /16 to /20 block";
const CIDR_SHAPE_TEXT = 'expected an IPv4 CIDR block like "10.20.0.0/16"';
const REGION_TEXT = 'must be an AWS region name such as "us-east-1" or "eu-west-1"';
const DOMAIN_TEXT = 'must be a lower-case DNS name such as "shop.example.com"';
const TIME_ZONE_TEXT = 'must be an IANA time zone name such as "America/New_York" or "Europe/Dublin"';
const WINDOW_SHAPE_TEXT = 'expected HH:MM-HH:MM on a 24-hour clock (e.g. "17:00-22:00")';
const CPU_TEXT = "CPU must be one of 256, 512, 1024, 2048, 4096, 8192, 16384";
const IMAGE_TEXT = 'must be an image reference with a tag or digest, such as "registry/name:1.4.2"';
const RETENTION_TEXT = "must be a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120";

const BAD_CASES: BadCase[] = [
  // Names that must fit S3's bucket prefix in every region: 16 + "-media-" + 14 + "-" is 38 characters (37 allowed).
  {
    name: "an app name too long for the media bucket prefix in the longest region names",
    raw: set({ "storefront:app": "storefront-shop1" }),
    key: "storefront:app",
    text: 'must be 3-12 characters of lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit (the media bucket "<app>-media-<region>-" must fit S3\'s 37-character prefix in every region, and "<app>-ingress-alb" with its 8-character suffix ELB\'s 32-character load balancer name)',
  },
  // The load balancer's auto-name: 14 + "-ingress-alb" + Pulumi's 8 characters is 34; ELB allows 32.
  {
    name: "an app name too long for the load balancer name",
    raw: set({ "storefront:app": "storefront-ab1" }),
    key: "storefront:app",
    text: "must be 3-12 characters of lower-case letters, digits and hyphens",
  },
  // VPC block
  {
    name: "cidr in public address space",
    raw: set({ "storefront:cidr": "8.8.0.0/16" }),
    key: "storefront:cidr",
    text: RFC1918_TEXT,
  },
  {
    name: "cidr too small (/24)",
    raw: set({ "storefront:cidr": "10.10.0.0/24" }),
    key: "storefront:cidr",
    text: PREFIX_TEXT,
  },
  {
    name: "cidr too large (/12)",
    raw: set({ "storefront:cidr": "172.16.0.0/12" }),
    key: "storefront:cidr",
    text: PREFIX_TEXT,
  },
  {
    name: "cidr malformed",
    raw: set({ "storefront:cidr": "10.10.0/16" }),
    key: "storefront:cidr",
    text: CIDR_SHAPE_TEXT,
  },
  {
    name: "cidr with host bits set",
    raw: set({ "storefront:cidr": "10.10.1.0/16" }),
    key: "storefront:cidr",
    text: 'did you mean "10.10.0.0/16"',
  },
  { name: "cidr missing", raw: set({ "storefront:cidr": undefined }), key: "storefront:cidr", text: "is required" },
  // Regions
  { name: "aws:region malformed", raw: set({ "aws:region": "us-east" }), key: "aws:region", text: REGION_TEXT },
  { name: "aws:region upper case", raw: set({ "aws:region": "US-EAST-1" }), key: "aws:region", text: REGION_TEXT },
  {
    name: "primaryRegion malformed",
    raw: set({ "storefront:primaryRegion": "useast1" }),
    key: "storefront:primaryRegion",
    text: REGION_TEXT,
  },
  // Shared values
  {
    name: "domain missing",
    raw: set({ "storefront:domain": undefined }),
    key: "storefront:domain",
    text: "is required",
  },
  {
    name: "domain upper case",
    raw: set({ "storefront:domain": "Shop.Example.com" }),
    key: "storefront:domain",
    text: DOMAIN_TEXT,
  },
  {
    name: "domain without a dot",
    raw: set({ "storefront:domain": "localhost" }),
    key: "storefront:domain",
    text: DOMAIN_TEXT,
  },
  {
    name: "hostedZoneId malformed",
    raw: set({ "storefront:hostedZoneId": "zone-123" }),
    key: "storefront:hostedZoneId",
    text: 'must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"',
  },
  {
    name: "app with upper case",
    raw: set({ "storefront:app": "StoreFront" }),
    key: "storefront:app",
    text: "must be 3-12 characters of lower-case letters, digits and hyphens",
  },
  // Time zone and peak window
  {
    name: "time zone abbreviation EST",
    raw: set({ "storefront:timeZone": "EST" }),
    key: "storefront:timeZone",
    text: TIME_ZONE_TEXT,
  },
  {
    name: "time zone that does not exist",
    raw: set({ "storefront:timeZone": "Mars/Olympus" }),
    key: "storefront:timeZone",
    text: TIME_ZONE_TEXT,
  },
  {
    name: "peakWindow without minutes",
    raw: set({ "storefront:peakWindow": "9-17" }),
    key: "storefront:peakWindow",
    text: WINDOW_SHAPE_TEXT,
  },
  {
    name: "peakWindow hours out of range",
    raw: set({ "storefront:peakWindow": "25:00-26:00" }),
    key: "storefront:peakWindow",
    text: "expected hours 00-23 and minutes 00-59",
  },
  {
    name: "peakWindow of zero length",
    raw: set({ "storefront:peakWindow": "17:00-17:00" }),
    key: "storefront:peakWindow",
    text: "expected the peak window's start and end to differ",
  },
  {
    name: "peakWindow missing",
    raw: set({ "storefront:peakWindow": undefined }),
    key: "storefront:peakWindow",
    text: "is required",
  },
  {
    name: "peakLeadMinutes longer than the off-peak gap",
    raw: set({ "storefront:peakWindow": "08:00-20:00", "storefront:peakLeadMinutes": "720" }),
    key: "storefront:peakLeadMinutes",
    text: "must be shorter than the off-peak gap of 720 minutes",
  },
  {
    name: "peakLeadMinutes over 12 hours",
    raw: set({ "storefront:peakLeadMinutes": "721" }),
    key: "storefront:peakLeadMinutes",
    text: "must be a whole number from 0 to 720",
  },
  {
    name: "peakLeadMinutes negative",
    raw: set({ "storefront:peakLeadMinutes": "-5" }),
    key: "storefront:peakLeadMinutes",
    text: "must be a whole number from 0 to 720",
  },
  {
    name: "peakLeadMinutes not a number",
    raw: set({ "storefront:peakLeadMinutes": "half an hour" }),
    key: "storefront:peakLeadMinutes",
    text: "must be a whole number from 0 to 720",
  },
  // Web service: task size
  {
    // The CPU value is the bad one, and the message is about CPU: the key must say so.
    name: "Fargate cpu that does not exist (300), memory set",
    raw: web((w) => {
      w.cpu = 300;
    }),
    key: "storefront:web.cpu",
    text: CPU_TEXT,
  },
  {
    name: "Fargate cpu that does not exist (300), memory unset",
    raw: web((w) => {
      w.cpu = 300;
      delete w.memory;
    }),
    key: "storefront:web.cpu",
    text: CPU_TEXT,
  },
  {
    name: "memory too large for cpu 256",
    raw: web((w) => {
      w.cpu = 256;
      w.memory = 4096;
    }),
    key: "storefront:web.memory",
    text: "with 256 CPU units memory must be 512 or 1024..2048 MiB in steps of 1024",
  },
  {
    name: "memory too small for cpu 4096",
    raw: web((w) => {
      w.cpu = 4096;
      w.memory = 2048;
    }),
    key: "storefront:web.memory",
    text: "with 4096 CPU units memory must be 8192..30720 MiB in steps of 1024",
  },
  // Web service: task counts
  {
    name: "minTasks 0",
    raw: web((w) => {
      w.minTasks = 0;
    }),
    key: "storefront:web.minTasks",
    text: "must be a whole number from 1 to 1000",
  },
  {
    name: "peakMinTasks below minTasks",
    raw: web((w) => {
      w.minTasks = 3;
      w.peakMinTasks = 2;
    }),
    key: "storefront:web.peakMinTasks",
    text: "must be at least minTasks (3)",
  },
  {
    name: "maxTasks below peakMinTasks",
    raw: web((w) => {
      w.peakMinTasks = 12;
      w.maxTasks = 10;
    }),
    key: "storefront:web.maxTasks",
    text: "must be at least peakMinTasks (12)",
  },
  {
    name: "maxTasks fractional",
    raw: web((w) => {
      w.maxTasks = 60.5;
    }),
    key: "storefront:web.maxTasks",
    text: "must be a whole number from 1 to 1000",
  },
  // Web service: other fields
  {
    name: "image without a tag",
    raw: web((w) => {
      w.image = "public.ecr.aws/storefront/web";
    }),
    key: "storefront:web.image",
    text: IMAGE_TEXT,
  },
  {
    name: "image on the latest tag",
    raw: web((w) => {
      w.image = "public.ecr.aws/storefront/web:latest";
    }),
    key: "storefront:web.image",
    text: 'must not use the moving "latest" tag; pin a version tag or digest',
  },
  {
    name: "image missing",
    raw: web((w) => {
      delete w.image;
    }),
    key: "storefront:web.image",
    text: "is required",
  },
  {
    name: "unknown web field (typo mem)",
    raw: web((w) => {
      w.mem = w.memory;
      delete w.memory;
    }),
    key: "storefront:web.mem",
    text: "is not a known field; known fields are image, cpu, memory, port, healthCheckPath",
  },
  {
    name: "web port below 1024",
    raw: web((w) => {
      w.port = 80;
    }),
    key: "storefront:web.port",
    text: "must be a whole number from 1024 to 65535",
  },
  {
    name: "web healthCheckPath without a leading slash",
    raw: web((w) => {
      w.healthCheckPath = "healthz";
    }),
    key: "storefront:web.healthCheckPath",
    text: 'must be a URL path starting with "/", such as "/healthz"',
  },
  {
    name: "web spotPercent over 100",
    raw: web((w) => {
      w.spotPercent = 150;
    }),
    key: "storefront:web.spotPercent",
    text: "must be a whole number from 0 to 100",
  },
  {
    name: "web cpuTargetPercent over 90",
    raw: web((w) => {
      w.cpuTargetPercent = 95;
    }),
    key: "storefront:web.cpuTargetPercent",
    text: "must be a whole number from 10 to 90",
  },
  {
    name: "web is a list",
    raw: set({ "storefront:web": "[1,2]" }),
    key: "storefront:web",
    text: "must be an object (a YAML mapping)",
  },
  {
    name: "web is plain text",
    raw: set({ "storefront:web": "cpu=512" }),
    key: "storefront:web",
    text: "must be structured YAML (a list or mapping), not text",
  },
  // Network options
  {
    name: "natStrategy None",
    raw: set({ "storefront:natStrategy": "None" }),
    key: "storefront:natStrategy",
    text: 'must be one of "OnePerAz", "Single"',
  },
  {
    name: "interfaceEndpoints yes",
    raw: set({ "storefront:interfaceEndpoints": "yes" }),
    key: "storefront:interfaceEndpoints",
    text: "must be true or false",
  },
  {
    name: "deletionProtection maybe",
    raw: set({ "storefront:deletionProtection": "maybe" }),
    key: "storefront:deletionProtection",
    text: "must be true or false",
  },
  {
    name: "flowLogRetentionDays 45",
    raw: set({ "storefront:flowLogRetentionDays": "45" }),
    key: "storefront:flowLogRetentionDays",
    text: RETENTION_TEXT,
  },
  {
    name: "logRetentionDays 0",
    raw: set({ "storefront:logRetentionDays": "0" }),
    key: "storefront:logRetentionDays",
    text: "must be a whole number of at least 1",
  },
  {
    name: "availabilityZones of another region",
    raw: set({ "storefront:availabilityZones": JSON.stringify(["eu-west-1a", "eu-west-1b"]) }),
    key: "storefront:availabilityZones",
    text: 'must be zones of us-east-1, such as "us-east-1a"',
  },
  {
    name: "availabilityZones with a duplicate",
    raw: set({ "storefront:availabilityZones": JSON.stringify(["us-east-1a", "us-east-1b", "us-east-1a"]) }),
    key: "storefront:availabilityZones",
    text: "must not repeat a zone",
  },
  {
    name: "availabilityZones with a single zone",
    raw: set({ "storefront:availabilityZones": JSON.stringify(["us-east-1a"]) }),
    key: "storefront:availabilityZones",
    text: "must list 2 to 4 zones",
  },
  {
    name: "availabilityZones as plain text",
    raw: set({ "storefront:availabilityZones": "us-east-1a" }),
    key: "storefront:availabilityZones",
    text: "must be structured YAML (a list or mapping), not text",
  },
  {
    name: "azCount 5",
    raw: set({ "storefront:azCount": "5" }),
    key: "storefront:azCount",
    text: "must be a whole number from 2 to 4",
  },
  {
    name: "azCount disagreeing with the pinned zones",
    raw: set({
      "storefront:azCount": "3",
      "storefront:availabilityZones": JSON.stringify(["us-east-1a", "us-east-1b"]),
    }),
    key: "storefront:azCount",
    text: "must equal the number of availabilityZones listed (2)",
  },
  {
    name: "azCount 1",
    raw: set({ "storefront:azCount": "1" }),
    key: "storefront:azCount",
    text: "must be a whole number from 2 to 4",
  },
  // Stack identity
  {
    name: "kind edge is refused",
    raw: set({ "storefront:kind": "edge" }),
    key: "storefront:kind",
    text: 'must be one of "cell"',
  },
  {
    name: "primaryStack names this stack, but primaryRegion is elsewhere",
    raw: set({ "storefront:primaryRegion": "eu-west-1", "storefront:primaryStack": "us-east-1" }),
    key: "storefront:primaryStack",
    text: 'must name the stack whose region is primaryRegion "eu-west-1"',
  },
  {
    name: "primaryStack names a secondary stack evaluated as itself",
    raw: () => withOverrides(baseRaw("eu-west-1"), { "storefront:primaryStack": "eu-west-1" }),
    stack: "eu-west-1",
    key: "storefront:primaryStack",
    text: 'must name the stack whose region is primaryRegion "us-east-1"',
  },
];

describe("readCellConfig: bad values", () => {
  it("the base config used by every case is valid", () => {
    assert.doesNotThrow(() => readCellConfig(baseRaw(), "us-east-1"));
    assert.doesNotThrow(() => readCellConfig(baseRaw("eu-west-1"), "eu-west-1"));
  });

  it("covers at least 20 bad inputs", () => {
    assert.ok(BAD_CASES.length >= 20, `only ${BAD_CASES.length} cases`);
    assert.equal(new Set(BAD_CASES.map((c) => c.name)).size, BAD_CASES.length, "case names must be unique");
  });

  for (const badCase of BAD_CASES) {
    it(`${badCase.name} -> ${badCase.key}`, () => {
      const stack = badCase.stack ?? "us-east-1";
      const raw = badCase.raw(baseRaw());
      const error = configErrorOf(raw, stack);
      assert.equal(error.name, "ConfigError");
      assert.ok(error.problems.length >= 1);
      assertProblem(error, badCase.key, badCase.text);
      // The formatted message lists this problem under its key too.
      assert.ok(
        error.message.includes(`  - ${badCase.key} = `),
        `message does not list ${badCase.key}:\n${error.message}`,
      );
    });
  }
});

describe("readCellConfig: several problems at once", () => {
  it("reports every problem in one error", () => {
    const raw = withWeb(
      withOverrides(baseRaw(), { "storefront:cidr": "8.8.0.0/16", "storefront:timeZone": "EST" }),
      (w) => {
        w.memory = 3000;
      },
    );
    const error = configErrorOf(raw, "us-east-1");
    assert.ok(error.problems.length >= 3, `expected 3+ problems, got:\n${describeProblems(error.problems)}`);
    assertProblem(error, "storefront:cidr", RFC1918_TEXT);
    assertProblem(error, "storefront:timeZone", TIME_ZONE_TEXT);
    assertProblem(error, "storefront:web.memory", "with 1024 CPU units memory must be 2048..8192 MiB in steps of 1024");
    for (const key of ["storefront:cidr", "storefront:timeZone", "storefront:web.memory"]) {
      assert.ok(error.message.includes(key), `message does not mention ${key}:\n${error.message}`);
    }
    assert.ok(
      error.message.startsWith(`Invalid configuration for stack "us-east-1" (${error.problems.length} problems):\n`),
      error.message,
    );
  });

  it("reports problems from every part of the config together", () => {
    const raw = withWeb(
      withOverrides(baseRaw(), {
        "aws:region": "us-east",
        "storefront:domain": "localhost",
        "storefront:natStrategy": "None",
        "storefront:flowLogRetentionDays": "45",
      }),
      (w) => {
        w.image = "web:latest";
        w.mem = 2048;
      },
    );
    const error = configErrorOf(raw, "us-east-1");
    const keys = new Set(error.problems.map((p) => p.key));
    for (const key of [
      "aws:region",
      "storefront:domain",
      "storefront:natStrategy",
      "storefront:flowLogRetentionDays",
      "storefront:web.image",
      "storefront:web.mem",
    ]) {
      assert.ok(keys.has(key), `no problem on ${key}; got:\n${describeProblems(error.problems)}`);
    }
  });

  it("reports an impossible peak lead alongside other problems", () => {
    // The lead-vs-gap check must not be hidden by an unrelated bad value: one run should
    // show the operator everything that is wrong.
    const raw = withOverrides(baseRaw(), {
      "storefront:cidr": "8.8.0.0/16",
      "storefront:peakWindow": "08:00-20:00",
      "storefront:peakLeadMinutes": "720",
    });
    const error = configErrorOf(raw, "us-east-1");
    assertProblem(error, "storefront:cidr", RFC1918_TEXT);
    assertProblem(error, "storefront:peakLeadMinutes", "must be shorter than the off-peak gap of 720 minutes");
  });
});

describe("problems that must not hide or invent each other", () => {
  it("reports an impossible lead time next to an unrelated problem", () => {
    const error = configErrorOf(
      withOverrides(baseRaw(), {
        "storefront:cidr": "8.8.0.0/16",
        "storefront:peakWindow": "08:00-20:00",
        "storefront:peakLeadMinutes": "720",
      }),
      "us-east-1",
    );
    assert.deepEqual(error.problems.map((p) => p.key).sort(), ["storefront:cidr", "storefront:peakLeadMinutes"]);
    assert.match(
      error.problems.find((p) => p.key === "storefront:peakLeadMinutes")!.message,
      /peakLeadMinutes \(720\)/,
    );
  });

  it("blames an unknown CPU size on web.cpu, not on web.memory", () => {
    const error = configErrorOf(
      withWeb(baseRaw(), (w) => {
        w.cpu = 300;
      }),
      "us-east-1",
    );
    assert.deepEqual(
      error.problems.map((p) => p.key),
      ["storefront:web.cpu"],
    );
  });

  it("reports a malformed primaryRegion once, without a second primaryStack problem", () => {
    const error = configErrorOf(withOverrides(baseRaw(), { "storefront:primaryRegion": "useast1" }), "us-east-1");
    assert.deepEqual(
      error.problems.map((p) => p.key),
      ["storefront:primaryRegion"],
    );
  });
});

describe("ConfigError message format", () => {
  it("names the stack, the count, and each key, value and allowed values on its own line", () => {
    const error = configErrorOf(withOverrides(baseRaw(), { "storefront:cidr": "8.8.0.0/16" }), "us-east-1");
    assert.equal(error.problems.length, 1);
    assert.equal(
      error.message,
      'Invalid configuration for stack "us-east-1" (1 problem):\n' +
        '  - storefront:cidr = "8.8.0.0/16": must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)',
    );
  });

  it("formats unset and structured values", () => {
    const raw = withWeb(withOverrides(baseRaw(), { "storefront:domain": undefined }), (w) => {
      w.memory = 3000;
    });
    const lines = configErrorOf(raw, "us-east-1").message.split("\n");
    assert.ok(
      lines.includes(
        '  - storefront:domain = (not set): is required: must be a lower-case DNS name such as "shop.example.com"',
      ),
      lines.join("\n"),
    );
    assert.ok(
      lines.includes(
        '  - storefront:web.memory = {"cpu":1024,"memory":3000}: Fargate does not run 1024 CPU units with 3000 MiB; ' +
          "with 1024 CPU units memory must be 2048..8192 MiB in steps of 1024",
      ),
      lines.join("\n"),
    );
  });

  it("formatProblem renders key = value: message", () => {
    assert.equal(
      formatProblem({ key: "storefront:azCount", value: "5", message: "must be a whole number from 2 to 4" }),
      'storefront:azCount = "5": must be a whole number from 2 to 4',
    );
    assert.equal(formatProblem({ key: "storefront:azCount", value: 5, message: "m" }), "storefront:azCount = 5: m");
    assert.equal(
      formatProblem({ key: "storefront:cidr", value: undefined, message: "is required" }),
      "storefront:cidr = (not set): is required",
    );
  });

  it("keeps the problems in the error's stack text, so an uncaught ConfigError still shows them", () => {
    // Node prints `error.stack` for an uncaught error; it must carry the message.
    const error = configErrorOf(withOverrides(baseRaw(), { "storefront:cidr": "8.8.0.0/16" }), "us-east-1");
    assert.equal(typeof error.stack, "string");
    assert.ok(String(error.stack).includes(error.message), `error.stack is ${JSON.stringify(error.stack)}`);
  });
});
