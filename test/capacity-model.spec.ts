import { strict as assert } from "node:assert";
import { capacityDay, capacityInputOf, cellCapacityDay, sameInBothSeasons } from "../capacity/cell-capacity";
import { cellEfficiency, fleetEfficiencyOf } from "../capacity/efficiency";
import { LATENCY_REGIONS, nearestSurvivor, regionLatencyMs } from "../capacity/nearest-region";
import {
  describeFailoverDetail,
  describeHeadroom,
  fleetHeadroom,
  regionalHeadroom,
} from "../capacity/regional-headroom";
import { describeRuns, offsetCombinations } from "../capacity/offset-combinations";
import { secondsToScale } from "../capacity/scale-out-time";
import { parsePeakWindow, PeakWindow } from "../capacity/schedule";
import { demandAt, peakShare } from "../capacity/traffic";
import { CELL_REGIONS } from "../config/cell-regions";
import { capacityCell, ModelCellArgs, modelCell } from "./support/capacity-cells";

function window(text: string): PeakWindow {
  const parsed = parsePeakWindow(text);
  if (!("window" in parsed)) throw new Error(parsed.error);
  return parsed.window;
}

/** The days of 2026 New York and Dublin are both on standard time. */
const WINTER_DAYS = "1 Jan-7 Mar, 1 Nov-31 Dec";

const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** UTC hours whose busiest minute is the full peak. */
function peakHours(rows: { utcHour: number; demandRps: number }[], peakRps: number): number[] {
  return rows.filter((row) => row.demandRps === peakRps).map((row) => row.utcHour);
}

/** New York, 18:00-23:00 local, 60 -> 600 requests/s: 3 tasks off-peak, 30 at peak, ceiling 60. */
const newYork = (edits: Partial<ModelCellArgs> = {}) =>
  modelCell({
    stack: "us-east-1",
    region: "us-east-1",
    timeZone: "America/New_York",
    peakWindow: "18:00-23:00",
    traffic: { offPeakRps: 60, peakRps: 600 },
    ...edits,
  });

/** Dublin, 19:00-23:30 local, 40 -> 400 requests/s, taking `failoverRps` more from a failed region. */
const dublin = (failoverRps: number) =>
  modelCell({
    stack: "eu-west-1",
    region: "eu-west-1",
    timeZone: "Europe/Dublin",
    peakWindow: "19:00-23:30",
    traffic: { offPeakRps: 40, peakRps: 400, failoverRps },
  });

describe("capacity model: demand over the local day", () => {
  it("is at peak inside a window that crosses midnight, ramps either side, off-peak elsewhere", () => {
    const w = window("22:00-02:00");
    const traffic = { offPeakRps: 100, peakRps: 500, rampMinutes: 60, failoverRps: 0 };
    assert.equal(demandAt(at("23:30"), w, traffic), 500);
    assert.equal(demandAt(at("01:59"), w, traffic), 500);
    assert.equal(demandAt(at("02:00"), w, traffic), 500, "the ramp out starts from the peak");
    assert.equal(demandAt(at("02:30"), w, traffic), 300);
    assert.equal(demandAt(at("21:30"), w, traffic), 300);
    assert.equal(demandAt(at("21:00"), w, traffic), 100);
    assert.equal(demandAt(at("12:00"), w, traffic), 100);
    assert.equal(peakShare(at("03:00"), w, 60), 0);
    assert.equal(peakShare(at("02:00"), w, 0), 0, "no ramp: a step at the window's end");
  });
});

describe("capacity model: hour by hour in UTC", () => {
  it("moves a DST zone's peak an hour earlier in UTC in summer; a zone without DST stays put", () => {
    const ny = newYork({ traffic: { offPeakRps: 60, peakRps: 600, rampMinutes: 0 } });
    assert.equal(sameInBothSeasons("America/New_York"), false);
    // 18:00-23:00 New York: 23:00-04:00 UTC in winter (UTC-5), 22:00-03:00 in summer (UTC-4).
    assert.deepEqual(peakHours(capacityDay(ny, "winter"), 600), [0, 1, 2, 3, 23]);
    assert.deepEqual(peakHours(capacityDay(ny, "summer"), 600), [0, 1, 2, 22, 23]);

    const tokyo = newYork({ timeZone: "Asia/Tokyo", traffic: { offPeakRps: 60, peakRps: 600, rampMinutes: 0 } });
    assert.equal(sameInBothSeasons("Asia/Tokyo"), true);
    // 18:00-23:00 Tokyo (UTC+9) is 09:00-14:00 UTC all year.
    assert.deepEqual(peakHours(capacityDay(tokyo, "winter"), 600), [9, 10, 11, 12, 13]);
    assert.deepEqual(capacityDay(tokyo, "winter"), capacityDay(tokyo, "summer"));
  });

  it("takes the floor from the scheduled actions, across midnight, and clamps tasks to floor and ceiling", () => {
    const cell = modelCell({
      stack: "eu-west-1",
      region: "eu-west-1",
      timeZone: "UTC",
      peakWindow: "22:00-02:00",
      traffic: { offPeakRps: 40, peakRps: 400, rampMinutes: 0, failoverRps: 0 },
    });
    // 1200 requests/task/min is 20 requests/s per task: 2 tasks off-peak, 20 at peak; the
    // off-peak floor is 3, one per zone, and 2 of them carry off-peak demand with a zone lost.
    assert.deepEqual(
      cell.schedule.map((a) => [a.localTime, a.minCapacity, a.maxCapacity]),
      [
        ["21:30", 20, 20],
        ["02:00", 3, 20],
      ],
    );
    const day = capacityDay(cell, "winter");
    assert.deepEqual(
      day.map((h) => h.utcHour),
      [...Array(24).keys()],
    );
    // Raised at 21:30 (the lead), lowered at 02:00.
    assert.deepEqual(
      day.filter((h) => h.floorTasks === 20).map((h) => h.utcHour),
      [0, 1, 21, 22, 23],
    );
    assert.deepEqual([day[21].demandRps, day[21].floorTasks, day[21].tasks], [40, 20, 20], "the floor holds tasks up");
    assert.deepEqual([day[12].demandRps, day[12].floorTasks, day[12].tasks], [40, 3, 3]);
    for (const hour of day) {
      assert.ok(hour.floorTasks <= hour.tasks && hour.tasks <= hour.ceilingTasks, `hour ${hour.utcHour}`);
      assert.equal(hour.covered, true);
    }
  });

  it("says a ceiling set below the peak does not cover it, and runs no more than the ceiling", () => {
    const cell = newYork({ traffic: { offPeakRps: 60, peakRps: 600, rampMinutes: 0 }, explicit: { maxTasks: 10 } });
    const uncovered = capacityDay(cell, "winter").filter((h) => !h.covered);
    assert.deepEqual(
      uncovered.map((h) => h.utcHour),
      [0, 1, 2, 3, 23],
    );
    assert.ok(uncovered.every((h) => h.tasks === 10));
  });

  it("reads a cell config's profile, and refuses to model a cell without one, naming the key", () => {
    const modelled = capacityCell("us-east-1", { web: { traffic: { offPeakRps: 60, peakRps: 600 } } });
    assert.deepEqual(cellCapacityDay(modelled, "winter"), capacityDay(newYork(), "winter"));
    const unmodelled = capacityCell("us-east-1", { web: { minTasks: 3 } });
    assert.equal(capacityInputOf(unmodelled), undefined);
    assert.throws(() => cellCapacityDay(unmodelled, "winter"), /storefront:web\.traffic/);
  });
});

describe("capacity model: N+1 regional headroom", () => {
  it("says a fleet of one cannot hold N+1", () => {
    const verdict = regionalHeadroom([newYork()]);
    assert.equal(verdict.status, "impossible");
    assert.match(describeHeadroom(verdict), /impossible: a fleet of one cell \(us-east-1\).*at least two cells/);
    const config = fleetHeadroom([capacityCell("us-east-1", { web: { minTasks: 3 } })]);
    assert.equal(config.status, "impossible", "with or without a profile");
  });

  it("holds when the receiving cell's ceiling covers its own peak plus the neighbour's where the peaks overlap", () => {
    // Dublin's 19:00-23:30 and New York's 18:00-23:00 overlap at 23:00 UTC in winter.
    const verdict = regionalHeadroom([newYork(), dublin(660)]);
    assert.equal(verdict.status, "holds");
    if (verdict.status !== "holds") return;
    const { worst } = verdict;
    assert.deepEqual(
      [worst.days, worst.utcHour, worst.lost, worst.survivor],
      [WINTER_DAYS, 23, "us-east-1", "eu-west-1"],
    );
    assert.deepEqual([worst.ownRps, worst.receivedRps], [400, 600]);
    // (400 + 660) / 20 = 53 tasks of ceiling; 1000 requests/s need 50.
    assert.deepEqual([worst.ceilingTasks, worst.neededTasks, worst.marginTasks], [53, 50, 3]);
    assert.equal(worst.secondsToScale, 330, "from Dublin's peak floor of 20");
    assert.equal(verdict.failing.length, 0);
    // Two cells, each lost in turn, one survivor, 24 hours, three offset combinations: both on
    // standard time, New York alone on summer time (8-28 March, 25-31 October), both on it.
    assert.equal(verdict.combinations, 3);
    assert.equal(verdict.checked, 2 * 1 * 24 * 3);
    assert.match(
      describeHeadroom(verdict),
      /^N\+1 holds at every hour of 3 offset combinations over the year; worst 23:00 UTC \(1 Jan-7 Mar, 1 Nov-31 Dec\).*about 6 min/,
    );
  });

  it("fails, naming the hours, when the ceiling holds only the cell's own peak", () => {
    const verdict = regionalHeadroom([newYork(), dublin(0)]);
    assert.equal(verdict.status, "fails");
    if (verdict.status !== "fails") return;
    assert.ok(verdict.failing.every((h) => h.survivor === "eu-west-1" && h.marginTasks < 0));
    assert.deepEqual(
      verdict.failing.filter((h) => h.days === WINTER_DAYS).map((h) => h.utcHour),
      // Dublin's own peak plus New York's off-peak, and New York's peak on Dublin's ramps.
      [0, 1, 2, 3, 4, 18, 19, 20, 21, 22, 23],
    );
    assert.equal(verdict.worst.marginTasks, 20 - 50);
    assert.equal(verdict.worst.secondsToScale, undefined, "the ceiling never reaches the need");
    assert.match(
      describeHeadroom(verdict),
      /^N\+1 fails at \d+ of 144 survivor-hours \(3 offset combinations over the year\); worst 23:00 UTC \(1 Jan-7 Mar, 1 Nov-31 Dec\)/,
    );
  });

  it("finds each distinct combination of UTC offsets over the year, with the days that have it", () => {
    const combos = offsetCombinations(["America/New_York", "Europe/Dublin", "Australia/Sydney"]);
    assert.deepEqual(
      combos.map((c) => [[...c.offsets.values()].join(","), describeRuns(c.runs)]),
      [
        ["-300,0,660", "1 Jan-7 Mar, 1 Nov-31 Dec"],
        ["-240,0,660", "8 Mar-28 Mar, 25 Oct-31 Oct"],
        ["-240,60,660", "29 Mar-4 Apr, 4 Oct-24 Oct"],
        ["-240,60,600", "5 Apr-3 Oct"],
      ],
    );
    const reference = offsetCombinations(
      ["America/New_York", "Europe/Dublin"],
      [new Date("2026-01-15T00:00:00Z"), new Date("2026-07-15T00:00:00Z")],
    );
    assert.equal(reference.length, 2, "two reference days see only two");
    assert.deepEqual(
      offsetCombinations(["Asia/Tokyo", "Asia/Tokyo"]).map((c) => describeRuns(c.runs)),
      ["1 Jan-31 Dec"],
    );
  });

  it("scans the year: peaks apart on 15 January and 15 July overlap while only New York is on summer time", () => {
    // New York 17:00-18:00 is 22:00 UTC in winter, 21:00 in summer; Dublin 21:00-22:00 is
    // 21:00 UTC in winter, 20:00 in summer. From 8 to 28 March both are at 21:00 UTC.
    const probe = (stack: string, region: string, timeZone: string, peakWindow: string) =>
      modelCell({
        stack,
        region,
        timeZone,
        peakWindow,
        traffic: { offPeakRps: 60, peakRps: 600, rampMinutes: 0, failoverRps: 60 },
      });
    const fleet = [
      probe("us-east-1", "us-east-1", "America/New_York", "17:00-18:00"),
      probe("eu-west-1", "eu-west-1", "Europe/Dublin", "21:00-22:00"),
    ];
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    assert.equal(regionalHeadroom(fleet, [day("2026-01-15"), day("2026-07-15")]).status, "holds");
    assert.equal(regionalHeadroom(fleet, [day("2026-03-20")]).status, "fails");
    const year = regionalHeadroom(fleet);
    assert.equal(year.status, "fails");
    if (year.status !== "fails") return;
    assert.deepEqual(
      [...new Set(year.failing.map((h) => `${h.days} ${h.utcHour}`))],
      ["8 Mar-28 Mar, 25 Oct-31 Oct 21"],
    );
    assert.match(describeHeadroom(year), /worst 21:00 UTC \(8 Mar-28 Mar, 25 Oct-31 Oct\)/);
  });

  it("reports the failover traffic each cell actually receives and the largest need over the floor", () => {
    const verdict = regionalHeadroom([newYork(), dublin(660)]);
    assert.ok(verdict.status === "holds");
    if (verdict.status !== "holds") return;
    // Dublin takes New York's full peak; New York takes Dublin's.
    assert.deepEqual(
      verdict.received.map((r) => [r.stack, r.maxReceivedRps, r.failoverRps, r.at?.lost]),
      [
        ["eu-west-1", 600, 660, "us-east-1"],
        ["us-east-1", 400, 600, "eu-west-1"],
      ],
    );
    const ratio = (h: { neededTasks: number; floorTasks: number }) => h.neededTasks / h.floorTasks;
    const { steepest } = verdict;
    assert.ok(steepest.receivedRps > 0);
    assert.ok(steepest.neededTasks > steepest.floorTasks, "the floor alone does not hold a neighbour's peak");
    const load = steepest.ownRps + steepest.receivedRps;
    assert.equal(steepest.overload, Math.round((load / ((steepest.floorTasks * 1200) / 60)) * 100) / 100);
    const detail = describeFailoverDetail(verdict);
    assert.match(
      detail[0],
      /^eu-west-1 receives at most 600 requests\/s \(us-east-1 lost, \d\d:00 UTC .*failoverRps 660$/,
    );
    assert.match(
      detail[2],
      new RegExp(
        `runs its floor of ${steepest.floorTasks} tasks against a need of ${steepest.neededTasks} .*${steepest.overload}x`,
      ),
    );
    // Recomputed from the winter tables: no hour Dublin receives New York's demand needs more over its floor.
    const [ny, du] = [capacityDay(newYork(), "winter"), capacityDay(dublin(660), "winter")];
    const winterMost = Math.max(
      ...du.map(
        (h, i) => Math.ceil(Math.round((((h.demandRps + ny[i].demandRps) * 60) / 1200) * 1e6) / 1e6) / h.floorTasks,
      ),
    );
    assert.ok(ratio(steepest) >= winterMost, `${ratio(steepest)} >= ${winterMost}`);
  });

  it("cannot judge a fleet with a cell that has no traffic profile", () => {
    const verdict = fleetHeadroom([
      capacityCell("us-east-1", { web: { traffic: { offPeakRps: 60, peakRps: 600 } } }),
      capacityCell("eu-west-1", { web: { maxTasks: 40 } }),
    ]);
    assert.equal(verdict.status, "unknown");
    assert.match(describeHeadroom(verdict), /eu-west-1 has no traffic profile/);
  });

  it("sends a lost region's traffic to the nearest survivor by the latency table", () => {
    assert.equal(nearestSurvivor("us-east-1", ["ap-southeast-2", "eu-west-1"]), "eu-west-1");
    assert.equal(nearestSurvivor("ap-southeast-2", ["us-east-1", "eu-west-1"]), "us-east-1");
    assert.equal(nearestSurvivor("ap-southeast-2", ["eu-west-1", "ap-southeast-1"]), "ap-southeast-1");
    assert.throws(() => nearestSurvivor("us-east-1", ["sa-east-1"]), /capacity\/nearest-region\.ts/);
  });

  it("has a latency for every pair of regions a cell may use, the same both ways", () => {
    for (const a of CELL_REGIONS) {
      assert.ok(LATENCY_REGIONS.includes(a), `${a} is missing from capacity/nearest-region.ts`);
      for (const b of CELL_REGIONS) {
        const ms = regionLatencyMs(a, b);
        assert.ok(ms !== undefined && (a === b ? ms === 0 : ms > 0), `${a} -> ${b}: ${ms}`);
        assert.equal(ms, regionLatencyMs(b, a));
      }
    }
  });

  it("estimates the time to scale from the floor: none when the floor suffices, one step otherwise", () => {
    assert.equal(secondsToScale(50, 50, 60), 0);
    assert.equal(secondsToScale(20, 50, 60), 60 * 4 + 60 + 30);
    assert.equal(secondsToScale(20, 61, 60), undefined);
  });
});

describe("capacity model: efficiency", () => {
  // UTC, a six-hour peak at ten times off-peak, no ramp: 2 tasks off-peak, 20 at peak. The
  // off-peak floor is set to those 2 (explicit), below the zone-loss floor, so the tasks can
  // follow the demand exactly.
  const sixHourPeak = (leadMinutes: number, maxRequestsPerTask?: number) =>
    modelCell({
      explicit: { minTasks: 2 },
      stack: "eu-west-1",
      region: "eu-west-1",
      timeZone: "UTC",
      peakWindow: "10:00-16:00",
      leadMinutes,
      maxRequestsPerTask,
      traffic: { offPeakRps: 40, peakRps: 400, rampMinutes: 0, failoverRps: 0 },
    });

  it("is 1 when the tasks follow the demand exactly, against about 0.33 for static peak provisioning", () => {
    // Per day: (6 x 400 + 18 x 40) x 60 / 1200 = 156 task-hours demanded and run; 24 x 20 static.
    assert.deepEqual(cellEfficiency(sixHourPeak(0)), {
      demandedTaskHours: 2 * 156,
      provisionedTaskHours: 2 * 156,
      staticTaskHours: 2 * 480,
      efficiency: 1,
      staticEfficiency: 0.325,
      efficiencyAtTarget: 1,
    });
  });

  it("pays for the lead hour and for per-task headroom above the target", () => {
    const led = cellEfficiency(sixHourPeak(30));
    // The floor rises at 09:30, so hour 09 runs 20 tasks: 174 task-hours a day.
    assert.equal(led.provisionedTaskHours, 2 * 174);
    assert.equal(led.efficiency, 0.897);
    const headroom = cellEfficiency(sixHourPeak(30, 1600));
    // 3120 requests/s-hours a day at 1600 a minute: 117 task-hours demanded.
    assert.equal(headroom.demandedTaskHours, 2 * 117);
    assert.equal(headroom.efficiency, 0.672);
    // At the target (1200 a minute) the same hours need 156 task-hours a day of the 174 run.
    assert.equal(headroom.efficiencyAtTarget, 0.897);
    assert.equal(led.efficiencyAtTarget, led.efficiency, "the same when full use is the target");
  });

  it("sums the fleet's task-hours over the cells that have a profile", () => {
    const cells = [
      capacityCell("us-east-1", { web: { traffic: { offPeakRps: 60, peakRps: 600 } } }),
      capacityCell("eu-west-1", { web: { maxTasks: 40 } }),
    ];
    const { cells: each, fleet } = fleetEfficiencyOf(cells);
    assert.deepEqual(
      each.map((e) => e.stack),
      ["us-east-1"],
    );
    assert.deepEqual(each[0].efficiency, cellEfficiency(newYork()));
    assert.deepEqual(fleet, cellEfficiency(newYork()));
  });
});
