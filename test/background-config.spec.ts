import { strict as assert } from "node:assert";
import { parseScheduleExpression } from "../capacity/schedule-expression";
import { checkHttpsUrl, checkSecretName, defaultAlarmAfterMinutes, MAX_JOBS } from "../config/background";
import { readCellConfig } from "../config/cell";
import { fixtureRaw } from "./fixtures/three-cells";
import { ConfigProblem, formatProblem } from "../config/reader";
import { configErrorOf } from "./support/config-errors";

type MutableRaw = Record<string, string>;

function baseRaw(stack = "us-east-1"): MutableRaw {
  return { ...fixtureRaw(stack) };
}

function withValue(key: string, value: unknown, stack = "us-east-1"): MutableRaw {
  const raw = baseRaw(stack);
  if (value === undefined) delete raw[`storefront:${key}`];
  else raw[`storefront:${key}`] = JSON.stringify(value);
  return raw;
}

/** The stack file's jobs with one field of the first job changed. */
function firstJobWith(field: string, value: unknown): MutableRaw {
  const raw = baseRaw();
  const jobs = JSON.parse(raw["storefront:jobs"]) as Record<string, unknown>[];
  jobs[0] = { ...jobs[0], [field]: value };
  raw["storefront:jobs"] = JSON.stringify(jobs);
  return raw;
}

function workerWith(field: string, value: unknown): MutableRaw {
  const raw = baseRaw();
  raw["storefront:worker"] = JSON.stringify({ ...JSON.parse(raw["storefront:worker"]), [field]: value });
  return raw;
}

function externalWith(index: number, field: string, value: unknown): MutableRaw {
  const raw = baseRaw();
  const systems = JSON.parse(raw["storefront:externalSystems"]) as Record<string, unknown>[];
  systems[index] = { ...systems[index], [field]: value };
  raw["storefront:externalSystems"] = JSON.stringify(systems);
  return raw;
}

function problemsOf(raw: MutableRaw, stack = "us-east-1"): readonly ConfigProblem[] {
  return configErrorOf(raw, stack).problems;
}

/** Fails unless exactly one problem names `key`, shows `value` and says `text`. */
function assertProblem(problems: readonly ConfigProblem[], key: string, value: unknown, text: string): void {
  const listing = problems.map((p) => `    ${formatProblem(p)}`).join("\n");
  const matching = problems.filter((p) => p.key === key);
  assert.equal(matching.length, 1, `expected one problem for ${key}, got:\n${listing}`);
  assert.deepEqual(matching[0].value, value, listing);
  assert.ok(matching[0].message.includes(text), `"${matching[0].message}" should say "${text}"`);
}

describe("background config (worker, jobs, external systems, alarms)", () => {
  describe("the stack files", () => {
    for (const stack of ["us-east-1", "eu-west-1"]) {
      it(`${stack}: reads the worker, both jobs, both external systems and the alarm address as written`, () => {
        const raw = baseRaw(stack);
        const { background, timeZone } = readCellConfig(raw, stack);
        const written = JSON.parse(raw["storefront:worker"]);
        for (const field of Object.keys(written)) {
          assert.deepEqual(background.worker[field as keyof typeof background.worker], written[field], field);
        }
        const jobs = JSON.parse(raw["storefront:jobs"]) as { name: string; schedule: string }[];
        assert.deepEqual(
          background.jobs.map((j) => [j.name, j.schedule, j.timeZone]),
          jobs.map((j) => [j.name, j.schedule, timeZone]),
        );
        const systems = JSON.parse(raw["storefront:externalSystems"]) as { name: string; baseUrl: string }[];
        assert.deepEqual(
          background.externalSystems.map((s) => [s.name, s.baseUrl]),
          systems.map((s) => [s.name, s.baseUrl]),
        );
        assert.equal(background.alarms.email, JSON.parse(raw["storefront:alarms"]).email);
      });
    }
  });

  describe("defaults", () => {
    it("without storefront:jobs, ships the catalog sync every five minutes, fed every external system", () => {
      const raw = withValue("jobs", undefined);
      const { background, timeZone } = readCellConfig(raw, "us-east-1");
      assert.equal(background.jobs.length, 1);
      const [sync] = background.jobs;
      assert.equal(sync.name, "catalog-sync");
      assert.deepEqual(parseScheduleExpression(sync.schedule), { kind: "rate", everyMinutes: 5 });
      assert.equal(sync.timeZone, timeZone);
      assert.deepEqual(
        sync.externalSystems,
        background.externalSystems.map((s) => s.name),
      );
      assert.equal(sync.alarmAfterMinutes, 15);
    });

    it("an empty job list means no jobs", () => {
      assert.deepEqual(readCellConfig(withValue("jobs", []), "us-east-1").background.jobs, []);
    });

    it("the worker defaults to the web image, a Spot majority above one on-demand task, and a 120 s stop timeout", () => {
      const raw = withValue("worker", {});
      const config = readCellConfig(raw, "us-east-1");
      assert.equal(config.background.worker.image, config.web.image);
      assert.equal(config.background.worker.onDemandBase, 1);
      assert.equal(config.background.worker.onDemandWeight, 0);
      assert.equal(config.background.worker.spotWeight, 1);
      // A Spot interruption gives two minutes' notice; 120 s is also Fargate's maximum.
      assert.equal(config.background.worker.stopTimeoutSeconds, 120);
      assert.equal(config.background.alarms.email, readCellConfig(baseRaw(), "us-east-1").background.alarms.email);
    });

    it("without an address, no e-mail subscription is configured", () => {
      assert.equal(readCellConfig(withValue("alarms", {}), "us-east-1").background.alarms.email, undefined);
    });

    it("a secret name defaults to <app>/external/<name>", () => {
      const systems = readCellConfig(baseRaw(), "us-east-1").background.externalSystems;
      assert.equal(systems[0].secretName, `storefront/external/${systems[0].name}`);
    });

    it("a rate job alarms after three missed runs (at least ten minutes), two when three exceed seven days, none beyond", () => {
      assert.equal(defaultAlarmAfterMinutes(1), 10);
      assert.equal(defaultAlarmAfterMinutes(5), 15);
      assert.equal(defaultAlarmAfterMinutes(60), 180);
      // Three days: three runs are nine days, past the seven CloudWatch looks back.
      assert.equal(defaultAlarmAfterMinutes(3 * 1440), 6 * 1440);
      assert.equal(defaultAlarmAfterMinutes(7 * 1440), undefined);
      const cronJob = { name: "nightly", schedule: "cron(0 3 * * ? *)", command: ["run"] };
      assert.equal(
        readCellConfig(withValue("jobs", [cronJob]), "us-east-1").background.jobs[0].alarmAfterMinutes,
        undefined,
      );
    });

    it("a job runs unless it says enabled: false", () => {
      const jobs = readCellConfig(baseRaw(), "us-east-1").background.jobs;
      assert.ok(jobs.length > 0 && jobs.every((job) => job.enabled));
      assert.equal(readCellConfig(firstJobWith("enabled", false), "us-east-1").background.jobs[0].enabled, false);
      assertProblem(
        problemsOf(firstJobWith("enabled", "sometimes")),
        "storefront:jobs[0].enabled",
        "sometimes",
        "true or false",
      );
    });
  });

  describe("refuses bad jobs with the key, the value and what is allowed", () => {
    it("a schedule expression that is not rate, cron or at", () => {
      assertProblem(
        problemsOf(firstJobWith("schedule", "every 5 minutes")),
        "storefront:jobs[0].schedule",
        "every 5 minutes",
        'must be "rate(',
      );
    });

    it("a rate whose unit disagrees with its value, and a cron without exactly one '?'", () => {
      assertProblem(
        problemsOf(firstJobWith("schedule", "rate(5 minute)")),
        "storefront:jobs[0].schedule",
        "rate(5 minute)",
        "plural units above one",
      );
      assertProblem(
        problemsOf(firstJobWith("schedule", "cron(0 3 * * * *)")),
        "storefront:jobs[0].schedule",
        "cron(0 3 * * * *)",
        'exactly one of day-of-month and day-of-week must be "?"',
      );
      assertProblem(
        problemsOf(firstJobWith("schedule", "cron(0 3 * *)")),
        "storefront:jobs[0].schedule",
        "cron(0 3 * *)",
        "has 6 fields",
      );
    });

    it("an unknown time zone", () => {
      assertProblem(
        problemsOf(firstJobWith("timeZone", "Mars/Olympus_Mons")),
        "storefront:jobs[0].timeZone",
        "Mars/Olympus_Mons",
        "IANA time zone",
      );
    });

    it("a duplicate job name", () => {
      const raw = baseRaw();
      const jobs = JSON.parse(raw["storefront:jobs"]);
      raw["storefront:jobs"] = JSON.stringify([...jobs, jobs[0]]);
      assertProblem(problemsOf(raw), "storefront:jobs", jobs[0].name, "job names must be unique");
    });

    it("a job name the schedule, task family and alarms cannot carry", () => {
      assertProblem(
        problemsOf(firstJobWith("name", "Catalog_Sync")),
        "storefront:jobs[0].name",
        "Catalog_Sync",
        "a-z, 0-9 and -",
      );
    });

    it("a missing command, a CPU/memory pair Fargate refuses, and retries outside 0..185", () => {
      const raw = baseRaw();
      const jobs = JSON.parse(raw["storefront:jobs"]);
      delete jobs[0].command;
      raw["storefront:jobs"] = JSON.stringify(jobs);
      assertProblem(problemsOf(raw), "storefront:jobs[0].command", undefined, "is required");
      assertProblem(
        problemsOf(firstJobWith("memory", 512)),
        "storefront:jobs[0].memory",
        { cpu: 512, memory: 512 },
        "Fargate does not run",
      );
      assertProblem(problemsOf(firstJobWith("retries", 186)), "storefront:jobs[0].retries", 186, "from 0 to 185");
    });

    it("an external system a job names but the config does not list", () => {
      assertProblem(
        problemsOf(firstJobWith("externalSystems", ["erp"])),
        "storefront:jobs[0].externalSystems",
        ["erp"],
        "which storefront:externalSystems does not list",
      );
    });

    it("a field no job has", () => {
      assertProblem(
        problemsOf(firstJobWith("schedual", "rate(1 hour)")),
        "storefront:jobs[0].schedual",
        "rate(1 hour)",
        "is not a known field",
      );
    });

    it(`more than ${MAX_JOBS} jobs`, () => {
      const jobs = Array.from({ length: MAX_JOBS + 1 }, (_, i) => ({
        name: `job-${i}`,
        schedule: "rate(1 hour)",
        command: ["run"],
      }));
      assertProblem(
        problemsOf(withValue("jobs", jobs)),
        "storefront:jobs",
        `${MAX_JOBS + 1} jobs`,
        `at most ${MAX_JOBS}`,
      );
    });
  });

  describe("refuses bad external systems and worker settings", () => {
    it("a non-https URL, and a URL carrying credentials", () => {
      assertProblem(
        problemsOf(externalWith(0, "baseUrl", "http://catalog.example.com/api")),
        "storefront:externalSystems[0].baseUrl",
        "http://catalog.example.com/api",
        "must use https://",
      );
      assertProblem(
        problemsOf(externalWith(0, "baseUrl", "https://user:pw@catalog.example.com")),
        "storefront:externalSystems[0].baseUrl",
        "https://user:pw@catalog.example.com",
        "must not carry credentials",
      );
    });

    it("a duplicate system name and a secret name Secrets Manager refuses", () => {
      const raw = externalWith(1, "name", "supplier-feed");
      assertProblem(problemsOf(raw), "storefront:externalSystems", "supplier-feed", "names must be unique");
      assertProblem(
        problemsOf(externalWith(0, "secretName", "bad name!")),
        "storefront:externalSystems[0].secretName",
        "bad name!",
        "letters, digits",
      );
    });

    it("a worker whose weights are both 0, whose floor is above its ceiling, or whose stop timeout Fargate refuses", () => {
      const zero = baseRaw();
      zero["storefront:worker"] = JSON.stringify({
        ...JSON.parse(zero["storefront:worker"]),
        onDemandWeight: 0,
        spotWeight: 0,
      });
      assertProblem(problemsOf(zero), "storefront:worker.spotWeight", 0, "must not both be 0");
      assertProblem(problemsOf(workerWith("minTasks", 30)), "storefront:worker.maxTasks", 20, "at least minTasks (30)");
      assertProblem(
        problemsOf(workerWith("stopTimeoutSeconds", 300)),
        "storefront:worker.stopTimeoutSeconds",
        300,
        "from 2 to 120",
      );
      assertProblem(
        problemsOf(workerWith("image", "worker:latest")),
        "storefront:worker.image",
        "worker:latest",
        '"latest"',
      );
    });

    it("an alarm address that is not one", () => {
      assertProblem(
        problemsOf(withValue("alarms", { email: "on call" })),
        "storefront:alarms.email",
        "on call",
        "e-mail address",
      );
    });
  });

  describe("pure checks", () => {
    it("parses the three schedule forms and refuses the rest", () => {
      assert.deepEqual(parseScheduleExpression("rate(1 hour)"), { kind: "rate", everyMinutes: 60 });
      assert.deepEqual(parseScheduleExpression("rate(2 days)"), { kind: "rate", everyMinutes: 2880 });
      assert.deepEqual(parseScheduleExpression("cron(0/15 * ? * MON-FRI *)"), { kind: "cron" });
      assert.deepEqual(parseScheduleExpression("at(2026-12-24T18:00:00)"), { kind: "at", at: "2026-12-24T18:00:00" });
      for (const bad of [
        "rate(0 minutes)",
        "rate(1 minutes)",
        "at(2026-02-30T00:00:00)",
        "cron(* * * * ? * *)",
        "daily",
      ]) {
        assert.ok("error" in parseScheduleExpression(bad), bad);
      }
    });

    it("checks URLs and secret names on their own", () => {
      assert.equal(checkHttpsUrl("https://catalog.example.com/v1"), undefined);
      assert.match(checkHttpsUrl("ftp://catalog.example.com") ?? "", /https:\/\//);
      assert.match(checkHttpsUrl("not a url") ?? "", /absolute URL/);
      assert.equal(checkSecretName("storefront/external/supplier-feed"), undefined);
      assert.match(checkSecretName("storefront/feed-abc123") ?? "", /ARN suffix/);
    });
  });
});
