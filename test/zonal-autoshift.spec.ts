import { strict as assert } from "node:assert";
import {
  blockedUtcSpan,
  blockedWindows,
  coveringSpan,
  PRACTICE_RUN_MINUTES,
  SEASON_DATES,
} from "../capacity/practice-runs";
import { parsePeakWindow, PeakWindow, utcTimeOf } from "../capacity/schedule";
import {
  checkFloorZoneLoss,
  holdsWithZoneLost,
  offPeakLoadTasks,
  tasksAfterZoneLoss,
  zoneSafeFloor,
} from "../capacity/zone-loss";
import { CellConfig, readCellConfig } from "../config/cell";
import { loadStackConfig } from "../config/files";
import { cellAlarmName, cellHealthAlarmName } from "../components/ops/alarm-names";
import { CELL_ALARM_SPECS } from "../components/ops/cell-alarm-specs";
import { BLOCKED_WINDOW, PRACTICE_RUN_LIMITS } from "../components/ops/zonal-autoshift";
import { runPlan } from "../scripts/plan-run";
import { configErrorOf } from "./support/config-errors";
import { evaluateFleet, StackEvaluation } from "./support/evaluate";
import { fleetsUnderTest } from "./support/fleets";

const AUTOSHIFT = "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration";
const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The minutes of each weekday (UTC) at which no practice run can start under these
 * windows. A window ending at 23:59 reaches midnight: ARC's format has no 24:00, and the
 * next day's window starts at 00:00.
 */
function blockedMinutes(windows: string[]): Map<string, boolean[]> {
  const days = new Map(WEEKDAYS.map((day) => [day, new Array<boolean>(1440).fill(false)]));
  for (const window of windows) {
    const match = BLOCKED_WINDOW.exec(window);
    assert.ok(match, `malformed window ${window}`);
    const [start, end] = window.split("-").map((part) => minuteOf(part.slice(4)));
    assert.ok(start < end, `window ${window} ends before it starts`);
    const minutes = days.get(match[1]) as boolean[];
    for (let minute = start; minute < (end === 1439 ? 1440 : end); minute++) minutes[minute] = true;
  }
  return days;
}

/**
 * Every local minute from one practice run before the raised floor to the end of the peak,
 * on a date in each season, is blocked in UTC on every weekday: no practice run that
 * starts outside the windows overlaps the peak or its lead. The zone's offset on each date
 * comes from the schedule's own conversion (utcTimeOf) at local noon.
 */
function assertPeakBlocked(windows: string[], window: PeakWindow, leadMinutes: number, timeZone: string): void {
  const blocked = blockedMinutes(windows);
  const before = leadMinutes + PRACTICE_RUN_MINUTES;
  const length = (window.end - window.start + 1440) % 1440;
  for (const date of SEASON_DATES) {
    const offset = 720 - minuteOf(utcTimeOf(720, timeZone, date));
    for (let minute = -before; minute < length; minute++) {
      const local = (window.start + minute + 1440) % 1440;
      const utc = (((local - offset) % 1440) + 1440) % 1440;
      for (const [day, minutes] of blocked) {
        assert.ok(
          minutes[utc],
          `${timeZone} local minute ${local} on ${date.toISOString().slice(0, 10)} is UTC minute ${utc}, not blocked on ${day}: ${windows.join(" ")}`,
        );
      }
    }
  }
}

function windowsFor(peak: string, leadMinutes: number, timeZone: string): { windows: string[]; window: PeakWindow } {
  const parsed = parsePeakWindow(peak);
  assert.ok("window" in parsed);
  return {
    window: parsed.window,
    windows: blockedWindows(blockedUtcSpan({ window: parsed.window, leadMinutes, timeZone })),
  };
}

describe("zonal autoshift", function () {
  this.timeout(300_000);

  describe("practice-run blocked windows", () => {
    const cases = [
      { peak: "18:00-23:00", lead: 30, timeZone: "America/New_York" },
      { peak: "19:00-23:30", lead: 30, timeZone: "Europe/Dublin" },
      { peak: "22:00-02:00", lead: 45, timeZone: "Australia/Sydney" },
      { peak: "11:30-14:00", lead: 0, timeZone: "Asia/Kolkata" },
      { peak: "20:00-23:00", lead: 60, timeZone: "Asia/Tokyo" },
    ];
    for (const { peak, lead, timeZone } of cases) {
      it(`blocks ${peak} ${timeZone} (lead ${lead} min) in UTC on every weekday, in both seasons`, () => {
        const { windows, window } = windowsFor(peak, lead, timeZone);
        assert.ok(windows.length <= PRACTICE_RUN_LIMITS.windows, `${windows.length} windows`);
        for (const w of windows) assert.match(w, BLOCKED_WINDOW);
        assertPeakBlocked(windows, window, lead, timeZone);
      });
    }

    it("leaves the rest of the day open: a zone without daylight saving blocks exactly the span", () => {
      const { windows } = windowsFor("20:00-23:00", 60, "Asia/Tokyo");
      // 18:30-23:00 JST is 09:30-14:00 UTC, every day.
      assert.deepEqual(
        windows,
        WEEKDAYS.map((day) => `${day}:09:30-${day}:14:00`),
      );
    });

    it("splits a span across UTC midnight into two windows a day, and covers both seasons' offsets", () => {
      const { windows } = windowsFor("18:00-23:00", 30, "America/New_York");
      // 17:00-23:00 local is 22:00-04:00 UTC in winter, 21:00-03:00 in summer.
      assert.deepEqual(windows.slice(0, 2), ["Mon:21:00-Mon:23:59", "Mon:00:00-Mon:04:00"]);
      assert.equal(windows.length, 14);
    });

    it("finds the shortest span covering spans that cross midnight", () => {
      assert.deepEqual(
        coveringSpan([
          { start: 1380, minutes: 120 },
          { start: 1320, minutes: 120 },
        ]),
        { start: 1320, minutes: 180 },
      );
    });

    it("refuses a peak and lead that leave no time a day for practice runs, naming peakLeadMinutes", () => {
      const raw = {
        ...loadStackConfig("us-east-1"),
        "storefront:peakWindow": "10:00-22:00",
        "storefront:peakLeadMinutes": "690",
        "storefront:quietTime": "23:00",
      };
      const error = configErrorOf(raw, "us-east-1");
      const problem = error.problems.find((p) => p.key === "storefront:peakLeadMinutes");
      assert.ok(problem, error.message);
      assert.match(problem.message, /leaving less than the 60 practice runs need/);
      assert.match(problem.message, /storefront:zonalAutoshift to false/);
      const off = configErrorOf({ ...raw, "storefront:zonalAutoshift": "false" }, "us-east-1");
      assert.ok(!off.problems.some((p) => p.key === "storefront:peakLeadMinutes"), off.message);
    });

    it("is on by default and off with storefront:zonalAutoshift false, which blocks nothing", () => {
      const raw = loadStackConfig("us-east-1");
      assert.equal(readCellConfig(raw, "us-east-1").zonalAutoshift.enabled, true);
      const off = readCellConfig({ ...raw, "storefront:zonalAutoshift": "false" }, "us-east-1").zonalAutoshift;
      assert.deepEqual(off, { enabled: false, blockedUtc: { start: 0, minutes: 0 }, blockedWindows: [] });
    });
  });

  describe("capacity when a zone's traffic is shifted away", () => {
    it("counts the tasks the busiest zone takes away and finds the floor that holds the load", () => {
      assert.equal(tasksAfterZoneLoss(3, 3), 2);
      assert.equal(tasksAfterZoneLoss(5, 3), 3);
      assert.equal(tasksAfterZoneLoss(4, 2), 2);
      assert.equal(holdsWithZoneLost(2, 3, 1), false, "fewer tasks than zones");
      assert.equal(holdsWithZoneLost(3, 3, 2), true);
      assert.equal(holdsWithZoneLost(3, 3, 3), false);
      assert.equal(zoneSafeFloor(3, 3), 5);
      assert.equal(zoneSafeFloor(3, 2, 2), 3);
      assert.equal(zoneSafeFloor(3, 0.5, 7), 7);
    });

    it("the plan's check and the derived floor agree: a derived floor always holds", () => {
      for (const [offPeakRps, zones] of [
        [40, 3],
        [60, 3],
        [60, 2],
        [333, 4],
      ]) {
        const floor = zoneSafeFloor(zones, offPeakLoadTasks(offPeakRps, 1200), 1);
        const check = (f: number) =>
          checkFloorZoneLoss({ floor: f, zones, offPeakRps, maxRequestsPerTask: 1200, cpuTargetPercent: 60 });
        assert.equal(check(floor).holds, true, `${offPeakRps} rps over ${zones} zones: ${floor}`);
        assert.equal(check(floor - 1).holds, false, `${offPeakRps} rps over ${zones} zones: ${floor - 1}`);
        assert.equal(check(floor - 1).neededFloor, floor);
      }
      // Without a profile: the floor busy at its CPU target, 2 of 3 tasks at 90%.
      const noProfile = { zones: 3, maxRequestsPerTask: 1200, cpuTargetPercent: 60 };
      assert.deepEqual(
        [checkFloorZoneLoss({ ...noProfile, floor: 3 }).holds, checkFloorZoneLoss({ ...noProfile, floor: 2 }).holds],
        [true, false],
      );
      assert.equal(checkFloorZoneLoss({ ...noProfile, zones: 2, floor: 4 }).neededFloor, undefined);
    });
  });

  for (const fleet of fleetsUnderTest()) {
    describe(`on the ${fleet.name}`, () => {
      let read: Promise<{ evaluation: StackEvaluation; config: CellConfig }[]> | undefined;
      const cells = () => (read ??= readCells());
      const readCells = async () => {
        const evaluations = await evaluateFleet(fleet.root);
        const cellEvaluations = evaluations.filter((e) => e.outputs.kind === "cell");
        assert.ok(cellEvaluations.length > 0, "no cell stack evaluated");
        return cellEvaluations.map((evaluation) => ({
          evaluation,
          config: readCellConfig(loadStackConfig(evaluation.stack, fleet.root), evaluation.stack) as CellConfig,
        }));
      };

      it("configures autoshift once per load balancer, with zonal shift on, when config enables it", async () => {
        for (const { evaluation, config } of await cells()) {
          const balancers = evaluation.cloud.ofType(LOAD_BALANCER);
          const configurations = evaluation.cloud.ofType(AUTOSHIFT);
          if (!config.zonalAutoshift.enabled) {
            assert.equal(configurations.length, 0, evaluation.stack);
            continue;
          }
          assert.ok(balancers.length > 0, `${evaluation.stack}: no load balancer`);
          assert.equal(configurations.length, balancers.length, `${evaluation.stack}: one configuration per ALB`);
          for (const balancer of balancers) {
            assert.equal(
              balancer.inputs.enableZonalShift,
              true,
              `${evaluation.stack}: zonal shift off on ${balancer.name}`,
            );
            const mine = configurations.filter((c) => c.inputs.resourceArn === balancer.state.arn);
            assert.equal(mine.length, 1, `${evaluation.stack}: ${balancer.name} has ${mine.length} configurations`);
            assert.equal(mine[0].inputs.zonalAutoshiftStatus, "ENABLED");
            assert.equal(mine[0].region, config.region);
          }
        }
      });

      it("ends practice runs on the health and 5xx alarms, blocks them while the web service is below its floor", async () => {
        for (const { evaluation, config } of await cells()) {
          if (!config.zonalAutoshift.enabled) continue;
          const app = config.shared.app;
          const arnOf = (alarmName: string) => {
            const alarm = evaluation.cloud.ofType(ALARM).find((a) => a.inputs.name === alarmName);
            assert.ok(alarm, `${evaluation.stack}: no alarm ${alarmName}`);
            assert.equal(alarm.region, config.region, `${alarmName} must be in the load balancer's region`);
            return alarm.state.arn;
          };
          const what = (key: string) => CELL_ALARM_SPECS.find((spec) => spec.key === key)?.what as string;
          const configuration = evaluation.cloud.one(AUTOSHIFT);
          assert.deepEqual(configuration.inputs.outcomeAlarms, [
            { type: "CLOUDWATCH", alarmIdentifier: arnOf(cellHealthAlarmName(app, config.stack)) },
            { type: "CLOUDWATCH", alarmIdentifier: arnOf(cellAlarmName(app, config.stack, what("error5xx"))) },
          ]);
          assert.deepEqual(configuration.inputs.blockingAlarms, [
            { type: "CLOUDWATCH", alarmIdentifier: arnOf(cellAlarmName(app, config.stack, what("webFloor"))) },
          ]);
        }
      });

      it("blocks practice runs over the cell's local peak, its lead and one run before it, in UTC in both seasons", async () => {
        for (const { evaluation, config } of await cells()) {
          if (!config.zonalAutoshift.enabled) continue;
          const windows: string[] = evaluation.cloud.one(AUTOSHIFT).inputs.blockedWindows;
          assert.ok(windows.length > 0 && windows.length <= PRACTICE_RUN_LIMITS.windows, `${windows.length} windows`);
          assertPeakBlocked(windows, config.peakWindow, config.peakLeadMinutes, config.timeZone);
        }
      });

      it("exports the zones' names and IDs, chosen by ID without the excluded zones, as the VPC uses them; the cluster names none", async () => {
        for (const { evaluation, config } of await cells()) {
          const { availabilityZones: names, availabilityZoneIds: ids } = evaluation.outputs;
          assert.equal(ids.length, config.azCount);
          assert.deepEqual(evaluation.cloud.one("awsx:ec2:Vpc").inputs.availabilityZoneNames, names);
          // The cluster's zones come from its subnet group: a zone change never replaces the cluster.
          for (const cluster of evaluation.cloud.ofType("aws:rds/cluster:Cluster")) {
            assert.equal(cluster.inputs.availabilityZones, undefined, `${cluster.name} sets availabilityZones`);
          }
          if (config.availabilityZoneIds) assert.deepEqual(ids, config.availabilityZoneIds);
          else if (!config.availabilityZones) {
            assert.ok(!ids.some((id: string) => config.excludedZoneIds.includes(id)), `${ids} has an excluded zone`);
            assert.deepEqual(
              ids,
              [...ids].sort((a: string, b: string) => Number(a.split("-az")[1]) - Number(b.split("-az")[1])),
            );
          }
        }
      });
    });
  }

  it("the plan shows each cell's zone names with their IDs, and the autoshift windows", async () => {
    const { code, stdout, stderr } = await runPlan([]);
    assert.equal(code, 0, stderr);
    const evaluations = (await evaluateFleet()).filter((e) => e.outputs.kind === "cell");
    for (const evaluation of evaluations) {
      const section = stdout.slice(stdout.indexOf(`== ${evaluation.stack} (`)).split("\n== ")[0];
      const { availabilityZones: names, availabilityZoneIds: ids } = evaluation.outputs;
      const pairs = names.map((name: string, i: number) => `${name} = ${ids[i]}`).join(", ");
      assert.ok(section.includes(`AZs               ${pairs}\n`), `${evaluation.stack}: no AZ row with ${pairs}`);
      assert.match(section, /\nautoshift\s+on: .* UTC daily \(both seasons\)/);
      // The shipped floors are derived with the zone-loss rule, so the plan's check passes.
      const config = readCellConfig(loadStackConfig(evaluation.stack), evaluation.stack);
      const loss = section.match(/web floor (\d+) with one of (\d+) zones shifted away leaves (\d+) tasks .*: (\S+)/);
      assert.ok(loss, `${evaluation.stack}: no zone-loss row`);
      assert.deepEqual(loss.slice(1), [
        String(config.web.minTasks),
        String(config.azCount),
        String(tasksAfterZoneLoss(config.web.minTasks, config.azCount)),
        "holds",
      ]);
    }
  });
});
