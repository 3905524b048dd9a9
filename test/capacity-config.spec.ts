import { strict as assert } from "node:assert";
import {
  capacityDay,
  capacityDayAtOffset,
  capacityInputOf,
  CellCapacityInput,
  SEASONS,
} from "../capacity/cell-capacity";
import { offsetCombinations } from "../capacity/offset-combinations";
import { nearestSurvivor } from "../capacity/nearest-region";
import { fleetHeadroom } from "../capacity/regional-headroom";
import { deriveWebTasks } from "../capacity/sizing";
import { CellConfig, readCellConfig } from "../config/cell";
import { cellStacks } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { TASK_COUNT } from "../config/limits";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { configErrorOf } from "./support/config-errors";
import { capacityCell, capacityRaw } from "./support/capacity-cells";

const PROFILE = { offPeakRps: 100, peakRps: 1000, rampMinutes: 60 };

describe("web task counts derived from a traffic profile", () => {
  it("derives every count the file leaves out, and says so", () => {
    // At 1200 requests/task/min (20 requests/s): 100 -> 5 tasks, 1000 -> 50, 1000 + 1000 -> 100.
    // The off-peak floor is 8: over 3 zones, a lost zone takes 3 and leaves the 5 off-peak needs.
    const config = capacityCell("us-east-1", { web: { traffic: PROFILE } });
    assert.deepEqual([config.web.minTasks, config.web.peakMinTasks, config.web.maxTasks], [8, 50, 100]);
    assert.deepEqual(config.webCapacity.sources, { minTasks: "derived", peakMinTasks: "derived", maxTasks: "derived" });
    assert.deepEqual(config.webCapacity.traffic, { ...PROFILE, failoverRps: 1000 });
    assert.equal(config.webCapacity.maxRequestsPerTask, config.web.requestsPerTarget, "the conservative default");
    // The scheduled actions carry the derived counts.
    assert.deepEqual(
      config.webSchedule.map((a) => [a.role, a.minCapacity, a.maxCapacity]),
      [
        ["before-peak", 50, 100],
        ["after-peak", 8, 100],
      ],
    );
  });

  it("lets explicit values win and fits the derived ones around them", () => {
    const ceiling = capacityCell("us-east-1", { web: { traffic: PROFILE, maxTasks: 120 } });
    assert.deepEqual([ceiling.web.minTasks, ceiling.web.peakMinTasks, ceiling.web.maxTasks], [8, 50, 120]);
    assert.deepEqual(ceiling.webCapacity.sources, {
      minTasks: "derived",
      peakMinTasks: "derived",
      maxTasks: "explicit",
    });

    const highFloor = capacityCell("us-east-1", { web: { traffic: PROFILE, minTasks: 60 } });
    assert.deepEqual([highFloor.web.minTasks, highFloor.web.peakMinTasks, highFloor.web.maxTasks], [60, 60, 100]);

    const lowCeiling = capacityCell("us-east-1", { web: { traffic: PROFILE, maxTasks: 30 } });
    assert.deepEqual([lowCeiling.web.minTasks, lowCeiling.web.peakMinTasks, lowCeiling.web.maxTasks], [8, 30, 30]);

    const allSet = capacityCell("us-east-1", {
      web: { traffic: PROFILE, minTasks: 3, peakMinTasks: 12, maxTasks: 60 },
    });
    assert.deepEqual([allSet.web.minTasks, allSet.web.peakMinTasks, allSet.web.maxTasks], [3, 12, 60]);
    assert.deepEqual(allSet.webCapacity.sources, {
      minTasks: "explicit",
      peakMinTasks: "explicit",
      maxTasks: "explicit",
    });
  });

  it("keeps min <= peak floor <= ceiling within the task range for any profile and any explicit value", () => {
    const profiles = [
      { offPeakRps: 1, peakRps: 1, rampMinutes: 0, failoverRps: 0 },
      { offPeakRps: 7, peakRps: 333, rampMinutes: 240, failoverRps: 1 },
      { offPeakRps: 500, peakRps: 9000, rampMinutes: 30, failoverRps: 9000 },
    ];
    for (const traffic of profiles) {
      for (const explicit of [
        {},
        { minTasks: 40 },
        { peakMinTasks: 3 },
        { maxTasks: 2 },
        { minTasks: 1, maxTasks: 1 },
      ]) {
        const { counts } = deriveWebTasks(traffic, 1200, explicit, { zones: 3, maxRequestsPerTask: 1200 });
        const where = `${JSON.stringify(traffic)} with ${JSON.stringify(explicit)}: ${JSON.stringify(counts)}`;
        assert.ok(counts.minTasks <= counts.peakMinTasks && counts.peakMinTasks <= counts.maxTasks, where);
        for (const value of Object.values(counts)) assert.ok(value >= TASK_COUNT.min, where);
        for (const [key, value] of Object.entries(explicit)) {
          assert.equal(counts[key as keyof typeof counts], value, `${where}: ${key} is explicit`);
        }
      }
    }
  });

  it("keeps the old defaults, marked as such, without a profile", () => {
    const config = capacityCell("us-east-1", { web: { minTasks: 3 } });
    assert.deepEqual([config.web.minTasks, config.web.peakMinTasks, config.web.maxTasks], [3, 4, 20]);
    assert.deepEqual(config.webCapacity.sources, {
      minTasks: "explicit",
      peakMinTasks: "default",
      maxTasks: "default",
    });
    assert.equal(config.webCapacity.traffic, undefined);
  });
});

describe("web capacity keys: a clear error for each bad value", () => {
  /**
   * Stack files with several bad values each (the reader reports every problem at once, so
   * one read checks several keys): each expected problem is its key and a word of its message.
   */
  const cases: {
    name: string;
    web: Record<string, unknown>;
    raw?: Record<string, string>;
    expect: [string, string][];
  }[] = [
    {
      name: "out-of-range and misspelt traffic fields",
      web: { traffic: { offPeakRps: 0, peakRps: 99.5, rampMinutes: 241, failoverRps: -1, peakRPS: 5 } },
      expect: [
        ["web.traffic.offPeakRps", "from 1 to 1000000"],
        ["web.traffic.peakRps", "whole number"],
        ["web.traffic.rampMinutes", "from 0 to 240"],
        ["web.traffic.failoverRps", "from 0 to 1000000"],
        ["web.traffic.peakRPS", "did you mean `peakRps`"],
      ],
    },
    {
      name: "a missing peak, and a per-task capacity below the target",
      web: { traffic: { offPeakRps: 10 }, maxRequestsPerTask: 1000 },
      expect: [
        ["web.traffic.peakRps", "is required"],
        ["web.maxRequestsPerTask", "at least requestsPerTarget (1200)"],
      ],
    },
    {
      name: "a peak below off-peak",
      web: { traffic: { ...PROFILE, peakRps: 50 } },
      expect: [["web.traffic.peakRps", "at least offPeakRps (100)"]],
    },
    {
      name: "a profile that is not a mapping, a capacity as text, a switch that is not a boolean",
      web: { traffic: "lots", maxRequestsPerTask: "fast" },
      raw: { "storefront:requireRegionalHeadroom": "yes" },
      expect: [
        ["web.traffic", "mapping"],
        ["web.maxRequestsPerTask", "whole number"],
        ["requireRegionalHeadroom", "must be true or false"],
      ],
    },
    {
      name: "a profile needing more than 1000 tasks",
      web: { traffic: { ...PROFILE, peakRps: 30000 } },
      expect: [["web.traffic", "more than the 1000 a service may run"]],
    },
  ];
  for (const { name, web, raw, expect } of cases) {
    it(`refuses ${name}, naming each key and value`, () => {
      const error = configErrorOf(capacityRaw("us-east-1", { web, raw }), "us-east-1");
      for (const [key, text] of expect) {
        const problem = error.problems.find((p) => p.key === `storefront:${key}`);
        assert.ok(problem, `no problem on storefront:${key}; got ${error.message}`);
        assert.ok(problem.message.includes(text), `${problem.message} does not say ${text}`);
        assert.match(error.message, new RegExp(`storefront:${key.replace(/\./g, "\\.")} = `), `${key}: key and value`);
      }
      assert.equal(error.problems.length, expect.length, `only these problems:\n${error.message}`);
    });
  }
});

/** Each cell stack file of a fleet, read as the program reads it. */
function fleetCells(root: string): { config: CellConfig; web: Record<string, unknown> }[] {
  return cellStacks(root).map((stack) => {
    const raw = loadStackConfig(stack, root);
    return { config: readCellConfig(raw, stack), web: JSON.parse(raw["storefront:web"]) as Record<string, unknown> };
  });
}

for (const [name, root] of [
  ["the shipped stack files", PROJECT_ROOT],
  ["the three-cell fixture", THREE_CELLS_ROOT],
] as const) {
  describe(`capacity of ${name} (invariants)`, () => {
    const cells = fleetCells(root);

    it("derives each count the file leaves out from its profile, and takes the rest from the file", () => {
      for (const { config, web } of cells) {
        const { traffic, requestsPerTarget, sources } = config.webCapacity;
        for (const key of ["minTasks", "peakMinTasks", "maxTasks"] as const) {
          assert.equal(
            sources[key],
            key in web ? "explicit" : traffic ? "derived" : "default",
            `${config.stack} ${key}`,
          );
          if (key in web) assert.equal(config.web[key], web[key], `${config.stack} ${key} as written`);
        }
        if (!traffic) continue;
        const explicit = Object.fromEntries(
          (["minTasks", "peakMinTasks", "maxTasks"] as const).filter((k) => k in web).map((k) => [k, web[k]]),
        );
        const { counts } = deriveWebTasks(traffic, requestsPerTarget, explicit, {
          zones: config.azCount,
          maxRequestsPerTask: config.webCapacity.maxRequestsPerTask,
        });
        assert.deepEqual(
          { minTasks: config.web.minTasks, peakMinTasks: config.web.peakMinTasks, maxTasks: config.web.maxTasks },
          counts,
          config.stack,
        );
      }
    });

    it("runs tasks between the scheduled floor and the ceiling at every hour of both seasons", () => {
      for (const { config } of cells) {
        const input = capacityInputOf(config);
        if (!input) continue;
        for (const season of SEASONS) {
          const day = capacityDay(input, season);
          assert.equal(day.length, 24);
          const floors = new Set(day.map((h) => h.floorTasks));
          assert.ok([...floors].every((f) => f === config.web.minTasks || f === config.web.peakMinTasks));
          for (const h of day) assert.ok(h.floorTasks <= h.tasks && h.tasks <= config.web.maxTasks, `${config.stack}`);
        }
      }
    });

    it("gives an N+1 verdict that agrees with the cells' hour-by-hour tables", () => {
      const configs = cells.map((c) => c.config);
      const verdict = fleetHeadroom(configs);
      const inputs = configs.map(capacityInputOf);
      if (configs.length < 2) return assert.equal(verdict.status, "impossible");
      if (inputs.some((i) => i === undefined)) return assert.equal(verdict.status, "unknown");
      // Recomputed from the tables: every failed region's demand on its nearest survivor.
      const failing: string[] = [];
      for (const lost of inputs) {
        const survivors = inputs.filter((i) => i !== lost);
        const taker = nearestSurvivor(
          lost!.region,
          survivors.map((s) => s!.region),
        );
        for (const combination of offsetCombinations(inputs.map((i) => i!.timeZone))) {
          const dayOf = (i: CellCapacityInput) => capacityDayAtOffset(i, combination.offsets.get(i.timeZone)!);
          const lostDay = dayOf(lost!);
          for (const survivor of survivors) {
            dayOf(survivor!).forEach((hour, h) => {
              const load = hour.demandRps + (survivor!.region === taker ? lostDay[h].demandRps : 0);
              if ((hour.ceilingTasks * survivor!.maxRequestsPerTask) / 60 < load - 1e-9) {
                failing.push(`${lost!.stack} ${survivor!.stack} ${combination.runs[0].from} ${h}`);
              }
            });
          }
        }
      }
      assert.ok(verdict.status === "holds" || verdict.status === "fails", verdict.status);
      if (verdict.status !== "holds" && verdict.status !== "fails") return;
      assert.equal(verdict.status, failing.length > 0 ? "fails" : "holds");
      assert.deepEqual(
        verdict.failing.map((f) => `${f.lost} ${f.survivor} ${f.firstDay} ${f.utcHour}`).sort(),
        failing.sort(),
      );
      assert.equal(verdict.worst.marginTasks >= 0, verdict.status === "holds");
    });
  });
}
