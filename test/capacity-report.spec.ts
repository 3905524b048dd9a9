import { strict as assert } from "node:assert";
import { capacityInputOf, CellCapacityInput } from "../capacity/cell-capacity";
import { CellConfig, readCellConfig } from "../config/cell";
import { cellStacks } from "../config/deploy-order";
import { loadStackConfig } from "../config/files";
import { MockCloud } from "../offline/mock-cloud";
import { evaluateStack } from "../offline/evaluate";
import { sizingRows } from "../scripts/plan-capacity";
import { checkFleetHeadroom, warningBlock } from "../scripts/plan-headroom";
import { checkRequiredHeadroom } from "../config/regional-headroom";
import { siblingFiles } from "../config/sibling-files";
import { checkFleetConfig, runPlan } from "../scripts/plan-run";
import { capacitySection, hourBands } from "../scripts/report-capacity";
import { followTheSunSvg } from "../scripts/report-chart";
import { fleetChart, reportSections } from "../scripts/report";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { fleetCopy } from "./support/fixture-copy";
import { capacityCell, capacityRaw } from "./support/capacity-cells";
import { parseSvgTexts } from "./support/svg";

let fixture: CellConfig[] | undefined;

/** The fixture fleet's cells, in deploy order (read once). */
const fixtureCells = (): CellConfig[] =>
  (fixture ??= cellStacks(THREE_CELLS_ROOT).map((stack) =>
    readCellConfig(loadStackConfig(stack, THREE_CELLS_ROOT), stack),
  ));

/** The attribute values of `<g class="cell" data-stack="...">` groups, in document order. */
const cellGroups = (svg: string) => [...svg.matchAll(/<g class="cell" data-stack="([^"]+)">/g)].map((m) => m[1]);

describe("npm run report: the follow-the-sun chart", () => {
  const cells = fixtureCells();
  const inputs = cells.map(capacityInputOf) as CellCapacityInput[];

  it("draws one panel per cell, in order, each with its tasks, floor and demand, over hours 00-23", () => {
    assert.ok(
      inputs.every((input) => input !== undefined),
      "the fixture's cells all have a profile",
    );
    const svg = followTheSunSvg(inputs);
    const texts = parseSvgTexts(svg);
    assert.deepEqual(
      cellGroups(svg),
      cells.map((c) => c.stack),
    );
    for (const stack of cells.map((c) => c.stack)) assert.ok(texts.includes(stack), `${stack} is labelled`);
    const hours = svg.slice(svg.indexOf('<g class="hours">'));
    assert.deepEqual(
      parseSvgTexts(`<svg>${hours.slice(0, hours.indexOf("</g>") + 4)}</svg>`),
      [...Array(24).keys()].map((h) => String(h).padStart(2, "0")),
    );
    for (const series of ["tasks", "floor", "demand"]) {
      assert.equal(svg.match(new RegExp(`<path class="${series}" d="M`, "g"))?.length, cells.length, series);
    }
    // Each series is one step per hour: 24 horizontal segments.
    const demand = /<path class="demand" d="([^"]+)"/.exec(svg)![1];
    assert.equal(demand.split(" ").length, 48);
  });

  it("puts each cell's peak where its day puts it: the tallest tasks step at its busiest UTC hours", () => {
    const svg = followTheSunSvg(inputs);
    const newYork = inputs.find((i) => i.timeZone === "America/New_York")!;
    const group = svg.slice(svg.indexOf(`data-stack="${newYork.stack}"`));
    const tasks = /<path class="tasks" d="([^"]+)"/.exec(group)![1];
    // The y of each hour's step (lower is more tasks). Winter: 18:00-23:00 New York is 23:00-04:00
    // UTC; the floor rises at 22:30 and the ramp out keeps hour 04 at the peak.
    const ys = [...tasks.matchAll(/[ML]([\d.]+),([\d.]+) L[\d.]+,[\d.]+/g)].slice(0, 24).map((m) => Number(m[2]));
    const top = Math.min(...ys);
    assert.deepEqual(
      ys.map((y, hour) => (y === top ? hour : -1)).filter((h) => h >= 0),
      [0, 1, 2, 3, 4, 22, 23],
    );
    // 15 July: New York is on summer time, its day an hour earlier in UTC.
    const summer = followTheSunSvg(inputs, "summer");
    assert.match(summer, /<title>Follow-the-sun web capacity by cell, 2026-07-15, UTC<\/title>/);
    const summerTasks = /<path class="tasks" d="([^"]+)"/.exec(
      summer.slice(summer.indexOf(`data-stack="${newYork.stack}"`)),
    )![1];
    const summerYs = [...summerTasks.matchAll(/[ML]([\d.]+),([\d.]+) L[\d.]+,[\d.]+/g)]
      .slice(0, 24)
      .map((m) => Number(m[2]));
    assert.deepEqual(
      summerYs.map((y, hour) => (y === Math.min(...summerYs) ? hour : -1)).filter((h) => h >= 0),
      [0, 1, 2, 3, 21, 22, 23],
    );
  });

  it("renders only the modelled cells of a fleet", () => {
    const cells = [capacityCell("us-east-1", { web: { minTasks: 3 } }), fixtureCells()[1]];
    assert.deepEqual(cellGroups(fleetChart(cells)), [cells[1].stack]);
  });
});

describe("npm run report: the capacity section", () => {
  it("prints each cell's day in bands, per season where its zone shifts, the N+1 verdict and efficiency", () => {
    const cells = fixtureCells();
    const [section] = reportSections(cells);
    assert.equal(section, capacitySection(cells));
    assert.match(section, /^== Capacity/);
    for (const cell of cells) assert.match(section, new RegExp(`^${cell.stack} \\(${cell.timeZone}`, "m"));
    // New York, Dublin and Sydney all move their clocks: two tables each.
    assert.equal(section.match(/^ {2}winter \(15 Jan\)$/gm)?.length, 3);
    assert.equal(section.match(/^ {2}summer \(15 Jul\)$/gm)?.length, 3);
    assert.match(section, /^ {2}N\+1 holds at every hour of \d+ offset combinations over the year; worst \d\d:00 UTC/m);
    assert.match(section, /^ {2}fleet +\d\.\d\d +static peak \d\.\d\d/m);
    for (const cell of cells) assert.match(section, new RegExp(`^ {2}${cell.stack} +\\d\\.\\d\\d`, "m"));
    // Per cell, what the fleet actually sends it against its hand-set failoverRps.
    for (const cell of cells) {
      assert.match(
        section,
        new RegExp(
          `^ {2}${cell.stack} receives (at most [\\d.]+ requests/s|nothing).*failoverRps ${cell.webCapacity.traffic!.failoverRps}$`,
          "m",
        ),
      );
    }
    assert.match(
      section,
      /^ {2}largest need over the floor: \d\d:00 UTC .* runs its floor of \d+ tasks against a need of \d+ .*x what the floor serves/m,
    );
  });

  it("prints efficiency at the target beside full use only where web.maxRequestsPerTask differs", () => {
    const traffic = { offPeakRps: 60, peakRps: 600 };
    const same = capacitySection([capacityCell("us-east-1", { web: { traffic } })]);
    assert.doesNotMatch(same, /at the target \d/);
    const above = capacitySection([capacityCell("us-east-1", { web: { traffic, maxRequestsPerTask: 1600 } })]);
    assert.match(above, /^ {2}us-east-1 +(\d\.\d\d) +static peak \d\.\d\d +at the target (\d\.\d\d)/m);
    const [, full, target] = /^ {2}us-east-1 +(\d\.\d\d) +static peak \d\.\d\d +at the target (\d\.\d\d)/m.exec(above)!;
    assert.ok(Number(full) < Number(target), `${full} at full use < ${target} at the target`);
  });

  it("prints one table for a zone without DST, and names cells it cannot model", () => {
    const tokyo = capacityCell("us-east-1", {
      timeZone: "Asia/Tokyo",
      web: { traffic: { offPeakRps: 60, peakRps: 600 } },
    });
    const section = capacitySection([tokyo, capacityCell("eu-west-1", { web: { maxTasks: 40 } })]);
    assert.match(section, /every season \(no DST shift\)/);
    assert.doesNotMatch(section, /winter \(15 Jan\)/);
    assert.match(section, /Not modelled \(no storefront:web\.traffic\): eu-west-1/);
    assert.match(section, /N\+1 cannot be judged/);
  });

  it("bands hours with the same figures together", () => {
    const day = [0, 1, 2].map((utcHour) => ({
      utcHour,
      demandRps: utcHour === 2 ? 9 : 1,
      meanDemandRps: 1,
      floorTasks: 2,
      tasks: 2,
      ceilingTasks: 4,
      covered: true,
    }));
    assert.deepEqual(
      hourBands(day).map((b) => [b.from, b.to]),
      [
        [0, 1],
        [2, 2],
      ],
    );
  });
});

describe("npm run plan: capacity", () => {
  it("says which task counts were derived and which explicit", () => {
    const derived = capacityCell("us-east-1", { web: { maxTasks: 70, traffic: { offPeakRps: 60, peakRps: 600 } } });
    const [counts, profile] = sizingRows(derived);
    // 60 requests/s off-peak is 3 tasks; 5 over 3 zones keep 3 with one zone lost.
    assert.match(counts, /sizing\s+minTasks 5 derived, peakMinTasks 30 derived, maxTasks 70 explicit$/);
    assert.match(profile, /traffic 60 req\/s off-peak, 600 at peak, ramp 60 min, \+600 from a failed region/);
    const [, none] = sizingRows(capacityCell("us-east-1", { web: { minTasks: 3 } }));
    assert.match(none, /no traffic profile/);
  });

  /** The fixture fleet with Dublin's ceiling too low for New York's peak on top of its own. */
  const lowCeiling = (require: boolean) =>
    fleetCopy(THREE_CELLS_ROOT, [
      { file: "Pulumi.eu-west-1.yaml", from: "maxTasks: 40", to: "maxTasks: 9" },
      ...(require
        ? [{ file: "Pulumi.yaml", from: "config:\n", to: "config:\n  requireRegionalHeadroom: true\n" }]
        : []),
    ]);

  it("warns loudly about a fleet without N+1 headroom, and fails the plan when Pulumi.yaml requires it", async () => {
    const warned = checkFleetConfig(lowCeiling(false));
    assert.deepEqual(warned.failures, []);
    assert.equal(warned.warnings.length, 1);
    assert.match(
      warned.warnings[0],
      /^N\+1 fails at \d+ of \d+ survivor-hours \(\d+ offset combinations over the year\); worst .*eu-west-1 serves/,
    );
    const block = warningBlock(warned.warnings[0]);
    assert.match(block, /^!{78}\nWARNING: the fleet does not hold N\+1 regional headroom\n/m);
    assert.match(block, /storefront:requireRegionalHeadroom: true/);

    const { code, stdout, stderr } = await runPlan(["--root", lowCeiling(true)]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      /N\+1 regional headroom is required: storefront:requireRegionalHeadroom = true: is on, and N\+1 fails/,
    );
  });

  it("has nothing to say about a fleet that holds N+1", () => {
    assert.equal(checkFleetHeadroom(fixtureCells()), undefined);
    assert.deepEqual(checkFleetConfig(THREE_CELLS_ROOT).warnings, []);
  });
});

describe("a cell stack's program under requireRegionalHeadroom", () => {
  it("stops with a config error naming the key before registering anything", async () => {
    // A ceiling of one task cannot hold this cell's own peak, whatever its siblings are.
    const raw = capacityRaw("us-east-1", {
      web: { maxTasks: 1, traffic: { offPeakRps: 60, peakRps: 600 } },
      raw: { "storefront:requireRegionalHeadroom": "true" },
    });
    const cloud = new MockCloud();
    await assert.rejects(
      evaluateStack("us-east-1", { raw, cloud }),
      /storefront:requireRegionalHeadroom = true: is on/,
    );
    assert.deepEqual(cloud.resources, []);
    // The same config passes without the switch: the refusal is the switch's.
    assert.doesNotThrow(() => readCellConfig({ ...raw, "storefront:requireRegionalHeadroom": "false" }, "us-east-1"));
  });

  it("refuses a sibling stack file it cannot read or that is invalid, naming the file, rather than leave it out", () => {
    const config = readCellConfig(
      capacityRaw("us-east-1", {
        web: { traffic: { offPeakRps: 60, peakRps: 600 } },
        raw: { "storefront:requireRegionalHeadroom": "true" },
      }),
      "us-east-1",
    );
    const broken = fleetCopy(THREE_CELLS_ROOT, [
      { file: "Pulumi.eu-west-1.yaml", from: "config:\n", to: "config: [\n" },
    ]);
    const siblings = siblingFiles("us-east-1", broken);
    assert.ok(
      siblings.some((s) => s.stack === "eu-west-1" && "error" in s),
      "the broken file comes back with its error",
    );
    assert.throws(
      () => checkRequiredHeadroom(config, siblings),
      /storefront:requireRegionalHeadroom = true: is on, and N\+1 cannot be judged: Pulumi\.eu-west-1\.yaml cannot be read/,
    );
    const invalid = { ...capacityRaw("eu-west-1"), "storefront:web": '{"maxTasks": -1}' };
    assert.throws(
      () => checkRequiredHeadroom(config, [{ stack: "eu-west-1", raw: invalid }]),
      /Pulumi\.eu-west-1\.yaml is invalid/,
    );
  });
});
