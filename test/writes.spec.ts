/**
 * Writes that always work, and jobs that run where they should: the edge sends the write
 * paths to `writer.<domain>` (the primary), every cell answers that name, write forwarding
 * is an opt-in, and jobs that write to the database run in the primary only: every cell that
 * lists such a job builds it, with its schedule disabled outside the primary.
 */
import { strict as assert } from "node:assert";
import { writerHostName } from "../components/edge/host-names";
import { readCellConfig, stackBaseName } from "../config/cell";
import { loadStackConfig } from "../config/files";
import { readGlobalConfig } from "../config/global";
import { jobsRunningHere, runsHere, scheduleState } from "../config/job-placement";
import { ConfigError, RawConfig } from "../config/reader";
import { DEFAULT_WRITE_PATHS, MAX_CACHE_BEHAVIOURS, NON_WRITE_BEHAVIOURS } from "../config/write-paths";
import { cellStacks } from "../config/deploy-order";
import { evaluateFleet, StackEvaluation } from "../offline/evaluate";
import { RecordedResource } from "../offline/mock-cloud";
import { reveal } from "../offline/recorded-values";
import { fixtureRaw, THIRD_CELL, threeCellRoot } from "./fixtures/three-cells";
import { fleetsUnderTest } from "./support/fleets";

const SCHEDULE = "aws:scheduler/schedule:Schedule";
const CLUSTER = "aws:rds/cluster:Cluster";

/** The problems a config reader reports, as `key: message` lines; fails when it accepts the config. */
function problemsOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => `${p.key} = ${JSON.stringify(p.value)}: ${p.message}`).join("\n");
    throw error;
  }
  return assert.fail("the config was accepted");
}

const globalWith = (writePaths: unknown): RawConfig => ({
  ...fixtureRaw("global"),
  "storefront:writePaths": JSON.stringify(writePaths),
});
const globalProblems = (writePaths: unknown) => problemsOf(() => readGlobalConfig(globalWith(writePaths), "global"));

describe("storefront:writePaths (config)", () => {
  it("defaults to the cart, checkout and account, and takes a list of path patterns", () => {
    const raw = { ...fixtureRaw("global") };
    delete raw["storefront:writePaths"];
    assert.deepEqual(readGlobalConfig(raw, "global").writePaths, ["/api/cart*", "/api/checkout*", "/api/account*"]);
    assert.deepEqual(DEFAULT_WRITE_PATHS, ["/api/cart*", "/api/checkout*", "/api/account*"]);
    const paths = ["/api/orders*", "/api/wishlist/?*", "/graphql"];
    assert.deepEqual(readGlobalConfig(globalWith(paths), "global").writePaths, paths);
  });

  it("refuses characters CloudFront does not accept, a pattern over 255 characters, and one without a leading /", () => {
    assert.match(
      globalProblems(["/api/cart items"]),
      /storefront:writePaths = "\/api\/cart items": must hold only letters, digits and _ - \. \* \$ \/ ~ " ' @ : \+ & \?/,
    );
    assert.match(globalProblems(["/api/cart#x"]), /must hold only letters/);
    assert.match(
      globalProblems([`/${"a".repeat(255)}`]),
      /must be 1-255 characters \(CloudFront's path pattern limit\)/,
    );
    assert.doesNotMatch(problemsOrNone(globalWith([`/${"a".repeat(254)}`])), /255/);
    assert.match(globalProblems(["api/cart*"]), /must start with "\/"/);
  });

  it("refuses a path matching everything, a repeated path, an empty list, and a path a read behaviour shadows", () => {
    assert.match(globalProblems(["/*"]), /must not match every path: reads stay on the nearest cell/);
    assert.match(globalProblems(["/api/cart*", "/api/cart*"]), /must list each path once \(repeated: \/api\/cart\*\)/);
    assert.match(globalProblems([]), /must list at least one path/);
    assert.match(
      globalProblems(["/api/catalog/reviews*"]),
      /\/api\/catalog\/reviews\* is shadowed by the read behaviour \/api\/catalog\/\*/,
    );
    assert.match(globalProblems(["/media/upload"]), /shadowed by the read behaviour \/media\/\*/);
  });

  it("refuses more paths than one distribution's 75 cache behaviours hold, counting the reads and the default", () => {
    const fits = MAX_CACHE_BEHAVIOURS - NON_WRITE_BEHAVIOURS;
    const paths = (n: number) => Array.from({ length: n }, (_, i) => `/api/w${i}*`);
    assert.equal(readGlobalConfig(globalWith(paths(fits)), "global").writePaths.length, fits);
    assert.match(
      globalProblems(paths(fits + 1)),
      new RegExp(`lists ${fits + 1} paths: .* above CloudFront's 75 cache behaviours`),
    );
  });
});

function problemsOrNone(raw: RawConfig): string {
  try {
    readGlobalConfig(raw, "global");
    return "";
  } catch (error) {
    return String(error);
  }
}

describe("job placement (config)", () => {
  const jobsWith = (runIn: unknown) => {
    const raw = { ...fixtureRaw("us-east-1") };
    const jobs = JSON.parse(raw["storefront:jobs"]) as Record<string, unknown>[];
    jobs[0] = { ...jobs[0], runIn };
    if (runIn === undefined) delete jobs[0].runIn;
    return { ...raw, "storefront:jobs": JSON.stringify(jobs) };
  };

  it("places a job that leaves runIn out in the primary only, and takes primary or every-cell", () => {
    for (const [runIn, expected] of [
      [undefined, "primary"],
      ["primary", "primary"],
      ["every-cell", "every-cell"],
    ] as const) {
      assert.equal(readCellConfig(jobsWith(runIn), "us-east-1").background.jobs[0].runIn, expected, String(runIn));
    }
  });

  it("refuses any other placement, naming the key and what is allowed", () => {
    assert.match(
      problemsOf(() => readCellConfig(jobsWith("secondary"), "us-east-1")),
      /storefront:jobs\[0\]\.runIn = "secondary": .*primary.*every-cell/,
    );
  });

  it("runs every job in the primary and only the every-cell jobs elsewhere", () => {
    const jobs = [
      { name: "a", runIn: "primary" as const },
      { name: "b", runIn: "every-cell" as const },
    ];
    assert.deepEqual(
      jobsRunningHere(jobs, true).map((j) => j.name),
      ["a", "b"],
    );
    assert.deepEqual(
      jobsRunningHere(jobs, false).map((j) => j.name),
      ["b"],
    );
    assert.deepEqual(
      [runsHere("primary", false), runsHere("every-cell", false), runsHere("primary", true)],
      [false, true, true],
    );
  });
});

/**
 * The URNs of a job's resources in a stack, with the stack and the job's name replaced:
 * what a job's identity depends on besides its name and the stack it is in.
 */
function jobUrns(evaluation: StackEvaluation, job: string): string[] {
  const marker = `-jobs-${job}`;
  return evaluation.cloud.resources
    .filter((r: RecordedResource) => r.name.includes(`${marker}-`) || r.name.endsWith(marker))
    .map((r) =>
      r.urn
        .replace(/^urn:pulumi:[^:]+::/, "urn:pulumi:<stack>::")
        .split(marker)
        .join("-jobs-<job>"),
    )
    .sort();
}

for (const fleet of fleetsUnderTest()) {
  describe(`writes and job placement: ${fleet.name}`, () => {
    let stacks: StackEvaluation[] = [];
    before(async () => {
      stacks = await evaluateFleet(fleet.root);
    });
    const cells = () =>
      cellStacks(fleet.root).map((stack) => ({
        stack,
        config: readCellConfig(loadStackConfig(stack, fleet.root), stack),
        evaluation: stacks.find((s) => s.stack === stack)!,
      }));
    const edge = () => stacks.find((s) => s.stack === "global")!;
    const edgeConfig = () => readGlobalConfig(loadStackConfig("global", fleet.root), "global");

    it("sends each configured write path to the writer origin, writer.<domain>: all methods, not cached", () => {
      const config = edgeConfig();
      const distribution = edge().cloud.one("aws:cloudfront/distribution:Distribution");
      const toWriter = (distribution.inputs.orderedCacheBehaviors as Record<string, any>[]).filter(
        (b) => b.targetOriginId === "writer",
      );
      assert.deepEqual(
        toWriter.map((b) => b.pathPattern),
        config.writePaths,
      );
      for (const b of toWriter) {
        assert.equal(b.allowedMethods.length, 7, b.pathPattern);
        assert.equal(b.cachePolicyId, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", b.pathPattern);
      }
      assert.equal(
        distribution.inputs.defaultCacheBehavior.targetOriginId,
        "api",
        "every other path stays on the nearest cell",
      );
    });

    it("has every cell answer writer.<domain>: on its certificate and in its listener rule", () => {
      for (const { stack, config, evaluation } of cells()) {
        const writer = writerHostName(config.shared.domain);
        const certificate = evaluation.cloud.one("aws:acm/certificate:Certificate");
        assert.ok(certificate.inputs.subjectAlternativeNames.includes(writer), stack);
        // The conditions carry the origin secret's header value: recorded as a secret.
        const conditions = reveal(evaluation.cloud.one("aws:lb/listenerRule:ListenerRule").inputs.conditions) as any[];
        const hosts = conditions.flatMap((c: any) => c.hostHeader?.values ?? []);
        assert.deepEqual(hosts, [`origin.${config.shared.domain}`, writer], stack);
      }
    });

    it("builds every listed job in every cell that lists it, its schedule ENABLED only where it runs, with heartbeats only there", () => {
      const all = cells();
      assert.equal(all.filter((c) => c.config.isPrimary).length, 1);
      for (const { stack, config, evaluation } of all) {
        const listed = config.background.jobs;
        const running = jobsRunningHere(listed, config.isPrimary);
        const states = Object.fromEntries(
          evaluation.cloud.ofType(SCHEDULE).map((s) => [s.inputs.name, s.inputs.state] as const),
        );
        assert.deepEqual(
          states,
          Object.fromEntries(listed.map((job) => [job.name, scheduleState(job, config.isPrimary)])),
          stack,
        );
        for (const job of listed.filter((j) => j.runIn === "primary" && j.enabled)) {
          assert.equal(states[job.name] === "ENABLED", config.isPrimary, `${stack} ${job.name}`);
        }
        const heartbeats = evaluation.cloud
          .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
          .filter((a) => a.inputs.namespace === "Storefront/Jobs")
          .map((a) => a.inputs.metricName)
          .sort();
        assert.deepEqual(
          heartbeats,
          running
            .filter((j) => j.enabled && j.alarmAfterMinutes !== undefined)
            .map((j) => `${j.name}-succeeded`)
            .sort(),
          `${stack}: a job whose schedule is off here must not page`,
        );
        // The dead-letter queue and its alarm exist wherever the config lists a job.
        const queues = evaluation.cloud.ofType("aws:sqs/queue:Queue").filter((q) => q.name.endsWith("-jobs-dlq"));
        assert.equal(queues.length, listed.length > 0 ? 1 : 0, stack);
        assert.equal(evaluation.outputs.scheduleGroupName !== undefined, listed.length > 0, stack);
      }
    });

    it("says in each schedule's description where the job runs and whether it runs here", () => {
      for (const { stack, config, evaluation } of cells()) {
        for (const job of config.background.jobs) {
          const schedule = evaluation.cloud.ofType(SCHEDULE).find((s) => s.inputs.name === job.name)!;
          const expected =
            job.runIn === "every-cell"
              ? "runs in every cell"
              : `runs in the primary cell only: ${runsHere(job.runIn, config.isPrimary) ? "runs here" : "disabled here"}`;
          assert.ok(schedule.inputs.description.endsWith(`; ${expected}`), `${stack} ${job.name}`);
        }
      }
    });

    it("gives a job the same URNs in any cell, so moving the primary flips schedules and moves nothing", () => {
      const all = cells();
      const placed = all.flatMap(({ config, evaluation }) =>
        config.background.jobs.map((job) => ({
          // A job's resources depend on its name and, for the secrets policy, on whether it
          // reads external systems; never on where it runs.
          job: `${job.name} [${job.externalSystems.join(",")}]`,
          where: `${config.stack} ${job.name}`,
          urns: jobUrns(evaluation, job.name),
        })),
      );
      assert.ok(placed.length > 0);
      // The same job in two cells: the very same URNs but for the stack.
      for (const { job, where, urns } of placed) {
        assert.ok(urns.length >= 5, `${where}: its schedule, task, roles, group and logs`);
        const first = placed.find((p) => p.job === job)!;
        assert.deepEqual(urns, first.urns, `${where} vs ${first.where}`);
      }
      // Any two jobs' schedules: one URN pattern, and nothing names the cell.
      const schedules = new Set(placed.map((p) => p.urns.find((u) => u.includes("aws:scheduler/schedule:Schedule"))));
      assert.equal(schedules.size, 1, [...schedules].join("\n"));
      for (const { urns } of placed) {
        for (const urn of urns) assert.doesNotMatch(urn, new RegExp(all.map((c) => c.config.region).join("|")), urn);
      }
    });

    it("turns Aurora write forwarding on exactly where storefront:database.writeForwarding says, and tells the tasks", () => {
      for (const { stack, config, evaluation } of cells()) {
        const on = config.data.database.writeForwarding;
        assert.equal(evaluation.cloud.one(CLUSTER).inputs.enableGlobalWriteForwarding, on, stack);
        const web = evaluation.cloud
          .ofType("aws:ecs/taskDefinition:TaskDefinition")
          .map((d) => JSON.parse(d.inputs.containerDefinitions)[0])
          .find((c) => c.name === "web");
        const told = web.environment.find((e: { name: string }) => e.name === "DB_WRITE_FORWARDING")?.value;
        assert.equal(told, String(on && !config.isPrimary), stack);
      }
    });
  });
}

describe("writes and job placement: three-cell fixture, pinned", () => {
  let stacks: StackEvaluation[] = [];
  before(async () => {
    stacks = await evaluateFleet(threeCellRoot());
  });
  const byName = (stack: string) => stacks.find((s) => stackBaseName(s.stack) === stack)!;
  const schedules = (stack: string) =>
    byName(stack)
      .cloud.ofType(SCHEDULE)
      .map((s) => `${s.inputs.name} ${s.inputs.state}`)
      .sort();

  it("runs the catalog sync, the reconciliation and the cache warm in the primary, only the cache warm in eu-west-1, nothing in the third cell (its default catalog sync built, disabled)", () => {
    assert.deepEqual(schedules("us-east-1"), [
      "cache-warm ENABLED",
      "catalog-sync ENABLED",
      "order-reconciliation ENABLED",
    ]);
    assert.deepEqual(schedules("eu-west-1"), [
      "cache-warm ENABLED",
      "catalog-sync DISABLED",
      "order-reconciliation DISABLED",
    ]);
    // The third cell's file lists no jobs: it gets the default catalog sync, which writes.
    assert.deepEqual(schedules(THIRD_CELL), ["catalog-sync DISABLED"]);
    assert.equal(byName(THIRD_CELL).cloud.ofType("storefront:jobs:ScheduledJobs").length, 1);
    assert.ok(byName(THIRD_CELL).outputs.jobsDeadLetterQueueUrl);
    assert.deepEqual(
      byName(THIRD_CELL)
        .cloud.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((a) => a.inputs.namespace === "Storefront/Jobs"),
      [],
      "no heartbeat for a job that does not run here",
    );
  });

  it("forwards writes in the third cell only, where its file turns it on", () => {
    const forwarding = ["us-east-1", "eu-west-1", THIRD_CELL].map(
      (stack) => byName(stack).cloud.one(CLUSTER).inputs.enableGlobalWriteForwarding,
    );
    assert.deepEqual(forwarding, [false, false, true]);
  });

  it("sends the cart, checkout and account to writer.shop.example.com", () => {
    const distribution = byName("global").cloud.one("aws:cloudfront/distribution:Distribution");
    const writer = (reveal(distribution.inputs.origins) as Record<string, any>[]).find((o) => o.originId === "writer");
    assert.equal(writer?.domainName, "writer.shop.example.com");
    assert.deepEqual(
      (distribution.inputs.orderedCacheBehaviors as Record<string, any>[])
        .filter((b) => b.targetOriginId === "writer")
        .map((b) => b.pathPattern),
      ["/api/cart*", "/api/checkout*", "/api/account*"],
    );
  });
});
