import { strict as assert } from "node:assert";
import { checkQuietTime, dataStoreWindows, DataStoreWindows } from "../capacity/maintenance";
import { PeakWindow } from "../capacity/schedule";

const hhmm = (text: string): number => {
  const [h, m] = text.split(":").map(Number);
  return h * 60 + m;
};

// RDS and ElastiCache window formats: daily `hh24:mi-hh24:mi`, weekly `ddd:hh24:mi-ddd:hh24:mi`.
const DAILY = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const WEEKLY =
  /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/**
 * The reference week the windows are documented against (from Sunday 4 January 2026
 * local), as UTC dates: a local Sunday can be Saturday 3 January to Monday 5 January in
 * UTC, so each UTC weekday maps to one date between 3 and 9 January.
 */
const UTC_DATE_OF_DAY: Record<string, number> = { sat: 3, sun: 4, mon: 5, tue: 6, wed: 7, thu: 8, fri: 9 };

/** The instant a weekly window's `ddd:HH:MM` start names on the reference week. */
function weeklyStartInstant(window: string): number {
  const [day, hours, minutes] = window.split("-")[0].split(":");
  return Date.UTC(2026, 0, UTC_DATE_OF_DAY[day], Number(hours), Number(minutes));
}

/** Local `ddd HH:MM` of an instant in a zone, read with Intl (independent of the code under test). */
function localDayTime(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday").toLowerCase()} ${part("hour")}:${part("minute")}`;
}

/** A weekly window as [start, end) minutes of the UTC week (Sunday 00:00 = 0). */
function weekRange(window: string): [number, number] {
  const [start, end] = window.split("-").map((side) => {
    const [day, hours, minutes] = side.split(":");
    return DAYS.indexOf(day) * 1440 + Number(hours) * 60 + Number(minutes);
  });
  return [start, end > start ? end : end + 7 * 1440];
}

/** Whether a weekly window meets a daily window on any day of the week (both UTC). */
function overlapsDaily(weekly: string, daily: string): boolean {
  const [wStart, wEnd] = weekRange(weekly);
  const [dStart, dEndRaw] = daily.split("-").map(hhmm);
  const dEnd = dEndRaw > dStart ? dEndRaw : dEndRaw + 1440;
  for (let day = -1; day <= 7; day++) {
    const start = day * 1440 + dStart;
    const end = day * 1440 + dEnd;
    // Compare on the week and on the next, so a window that wraps past Saturday is seen.
    for (const shift of [0, 7 * 1440]) if (start + shift < wEnd && wStart < end + shift) return true;
  }
  return false;
}

describe("dataStoreWindows", () => {
  /**
   * Quiet hour 04:00 local, maintenance the hour after (05:00) on Sunday (database),
   * Tuesday (cache) and Wednesday (broker). Offsets on the reference week, January 2026:
   * New York EST -05:00, Dublin GMT +00:00, Tokyo JST +09:00, Sydney AEDT +11:00 (southern
   * summer: daylight time), Auckland NZDT +13:00.
   */
  const cases: Array<[string, Omit<DataStoreWindows, "brokerMaintenance">]> = [
    [
      "America/New_York",
      {
        databaseBackup: "09:00-10:00",
        databaseMaintenance: "sun:10:00-sun:11:00",
        cacheSnapshot: "09:00-10:00",
        cacheMaintenance: "tue:10:00-tue:11:00",
      },
    ],
    [
      "Europe/Dublin",
      {
        databaseBackup: "04:00-05:00",
        databaseMaintenance: "sun:05:00-sun:06:00",
        cacheSnapshot: "04:00-05:00",
        cacheMaintenance: "tue:05:00-tue:06:00",
      },
    ],
    [
      // 04:00 Sunday in Tokyo is 19:00 Saturday UTC: the weekday moves back with the shift.
      "Asia/Tokyo",
      {
        databaseBackup: "19:00-20:00",
        databaseMaintenance: "sat:20:00-sat:21:00",
        cacheSnapshot: "19:00-20:00",
        cacheMaintenance: "mon:20:00-mon:21:00",
      },
    ],
    [
      "Australia/Sydney",
      {
        databaseBackup: "17:00-18:00",
        databaseMaintenance: "sat:18:00-sat:19:00",
        cacheSnapshot: "17:00-18:00",
        cacheMaintenance: "mon:18:00-mon:19:00",
      },
    ],
    [
      "Pacific/Auckland",
      {
        databaseBackup: "15:00-16:00",
        databaseMaintenance: "sat:16:00-sat:17:00",
        cacheSnapshot: "15:00-16:00",
        cacheMaintenance: "mon:16:00-mon:17:00",
      },
    ],
  ];

  for (const [timeZone, expected] of cases) {
    it(`puts a 04:00 quiet hour in ${timeZone} at the UTC times of the January reference week`, () => {
      assert.deepEqual(dataStoreWindows(hhmm("04:00"), timeZone), {
        ...expected,
        brokerMaintenance: { dayOfWeek: "WEDNESDAY", timeOfDay: "05:00", timeZone },
      });
    });
  }

  it("maps every UTC window back to the local quiet hour and weekday, per Intl", () => {
    const zones = [
      "America/New_York",
      "America/Los_Angeles",
      "America/St_Johns",
      "Europe/Dublin",
      "Asia/Kolkata",
      "Asia/Tokyo",
      "Australia/Sydney",
      "Pacific/Chatham",
      "Pacific/Auckland",
    ];
    for (const timeZone of zones) {
      for (const quiet of ["00:00", "02:15", "04:00", "11:30", "22:45", "23:30"]) {
        const windows = dataStoreWindows(hhmm(quiet), timeZone);
        const where = `${quiet} in ${timeZone}: ${JSON.stringify(windows)}`;
        const maintenance = (hhmm(quiet) + 60) % 1440;
        const maintenanceText = `${String(Math.floor(maintenance / 60)).padStart(2, "0")}:${String(maintenance % 60).padStart(2, "0")}`;
        const [backupHours, backupMinutes] = windows.databaseBackup.split("-")[0].split(":").map(Number);
        const backupInstant = Date.UTC(2026, 0, 4, backupHours, backupMinutes);
        assert.equal(localDayTime(backupInstant, timeZone).slice(4), quiet, where);
        assert.equal(windows.cacheSnapshot, windows.databaseBackup, where);
        assert.equal(
          localDayTime(weeklyStartInstant(windows.databaseMaintenance), timeZone),
          `sun ${maintenanceText}`,
          where,
        );
        assert.equal(
          localDayTime(weeklyStartInstant(windows.cacheMaintenance), timeZone),
          `tue ${maintenanceText}`,
          where,
        );
        assert.deepEqual(
          windows.brokerMaintenance,
          { dayOfWeek: "WEDNESDAY", timeOfDay: maintenanceText, timeZone },
          where,
        );
      }
    }
  });

  it("wraps a window that crosses UTC midnight onto the next day", () => {
    // New York EST -05:00: 17:30 local is 22:30 UTC; maintenance 18:30 local Sunday is 23:30 UTC.
    const evening = dataStoreWindows(hhmm("17:30"), "America/New_York");
    assert.equal(evening.databaseBackup, "22:30-23:30");
    assert.equal(evening.databaseMaintenance, "sun:23:30-mon:00:30");
    assert.equal(evening.cacheMaintenance, "tue:23:30-wed:00:30");
    // 18:30 local is 23:30 UTC: the daily backup runs over midnight; maintenance starts Monday UTC.
    const later = dataStoreWindows(hhmm("18:30"), "America/New_York");
    assert.equal(later.databaseBackup, "23:30-00:30");
    assert.equal(later.databaseMaintenance, "mon:00:30-mon:01:30");
  });

  it("starts maintenance on the store's own local day when the hour after the quiet hour passes local midnight", () => {
    // Dublin GMT: quiet 23:30 local, maintenance 00:30 local on the store's day.
    const windows = dataStoreWindows(hhmm("23:30"), "Europe/Dublin");
    assert.equal(windows.databaseBackup, "23:30-00:30");
    assert.equal(windows.databaseMaintenance, "sun:00:30-sun:01:30");
    assert.equal(windows.cacheMaintenance, "tue:00:30-tue:01:30");
    assert.deepEqual(windows.brokerMaintenance, {
      dayOfWeek: "WEDNESDAY",
      timeOfDay: "00:30",
      timeZone: "Europe/Dublin",
    });
  });

  it("writes RDS/ElastiCache window formats with an hour each (RDS needs 30 minutes, ElastiCache 60)", () => {
    for (const timeZone of ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]) {
      for (let quiet = 0; quiet < 1440; quiet += 45) {
        const windows = dataStoreWindows(quiet, timeZone);
        const where = `${quiet} in ${timeZone}: ${JSON.stringify(windows)}`;
        for (const daily of [windows.databaseBackup, windows.cacheSnapshot]) {
          assert.match(daily, DAILY, where);
          const [start, end] = daily.split("-").map(hhmm);
          assert.equal((end - start + 1440) % 1440, 60, where);
        }
        for (const weekly of [windows.databaseMaintenance, windows.cacheMaintenance]) {
          assert.match(weekly, WEEKLY, where);
          const [start, end] = weekRange(weekly);
          assert.equal(end - start, 60, where);
        }
        assert.match(windows.brokerMaintenance.timeOfDay, /^([01]\d|2[0-3]):[0-5]\d$/, where);
      }
    }
  });

  it("never lets a store's maintenance overlap its backup or snapshot (RDS and ElastiCache refuse it)", () => {
    for (const timeZone of [
      "UTC",
      "America/New_York",
      "Europe/Dublin",
      "Asia/Tokyo",
      "Australia/Sydney",
      "Asia/Kolkata",
    ]) {
      for (let quiet = 0; quiet < 1440; quiet += 30) {
        const windows = dataStoreWindows(quiet, timeZone);
        const where = `${quiet} in ${timeZone}: ${JSON.stringify(windows)}`;
        assert.equal(overlapsDaily(windows.databaseMaintenance, windows.databaseBackup), false, where);
        assert.equal(overlapsDaily(windows.cacheMaintenance, windows.cacheSnapshot), false, where);
      }
    }
    // The overlap check itself sees an overlap when there is one.
    assert.equal(overlapsDaily("sun:04:30-sun:05:30", "04:00-05:00"), true);
    assert.equal(overlapsDaily("sat:23:30-sun:00:30", "00:00-01:00"), true);
  });

  it("maintains each store on a different weekday, so one bad night touches one store", () => {
    for (const timeZone of ["America/New_York", "Asia/Tokyo", "Pacific/Auckland"]) {
      const windows = dataStoreWindows(hhmm("04:00"), timeZone);
      const localDays = [
        localDayTime(weeklyStartInstant(windows.databaseMaintenance), timeZone).slice(0, 3),
        localDayTime(weeklyStartInstant(windows.cacheMaintenance), timeZone).slice(0, 3),
        windows.brokerMaintenance.dayOfWeek.slice(0, 3).toLowerCase(),
      ];
      assert.equal(new Set(localDays).size, 3, `${timeZone}: ${localDays.join(", ")}`);
      assert.notEqual(windows.databaseMaintenance.slice(0, 3), windows.cacheMaintenance.slice(0, 3), timeZone);
    }
  });
});

describe("checkQuietTime", () => {
  // The us-east-1 shape: peak 18:00-23:00 with a 30-minute lead, busy 17:30-23:00.
  const evening: PeakWindow = { start: hhmm("18:00"), end: hhmm("23:00"), crossesMidnight: false };

  it("accepts a quiet hour far from the peak", () => {
    assert.equal(checkQuietTime(hhmm("04:00"), evening, 30), undefined);
  });

  it("refuses a quiet hour inside the peak, naming the peak and the lead", () => {
    assert.equal(
      checkQuietTime(hhmm("20:00"), evening, 30),
      "must leave the backup and maintenance hours (and an hour either side for daylight saving) outside the peak window 18:00-23:00 and its lead of 30 minutes",
    );
  });

  it("refuses maintenance that runs into the lead before the peak", () => {
    // Backup 16:00-17:00, maintenance 17:00-18:00: clear of the peak, inside the 17:30 lead.
    assert.ok(checkQuietTime(hhmm("16:00"), evening, 30));
    // With its margin the windows end at 17:45: clear of the peak itself, not of a 30-minute lead.
    assert.equal(checkQuietTime(hhmm("14:45"), evening, 0), undefined);
    assert.match(
      checkQuietTime(hhmm("14:45"), evening, 30) ?? "",
      /peak window 18:00-23:00 and its lead of 30 minutes$/,
    );
  });

  it("keeps an hour either side for daylight saving, with exact boundaries", () => {
    // Maintenance ends 17:00; a summer shift takes it to 18:00, into the lead.
    assert.ok(checkQuietTime(hhmm("15:00"), evening, 30));
    // Margin ends exactly at the lead's 17:30 start.
    assert.equal(checkQuietTime(hhmm("14:30"), evening, 30), undefined);
    assert.ok(checkQuietTime(hhmm("14:31"), evening, 30));
    // Backup at 23:30; a shift an hour earlier lands it at 22:30, in the peak.
    assert.ok(checkQuietTime(hhmm("23:30"), evening, 30));
    // Margin starts exactly as the peak ends.
    assert.equal(checkQuietTime(hhmm("00:00"), evening, 30), undefined);
    assert.ok(checkQuietTime(hhmm("23:59"), evening, 30));
  });

  it("handles a peak that crosses midnight", () => {
    const night: PeakWindow = { start: hhmm("22:00"), end: hhmm("02:00"), crossesMidnight: true };
    // Busy 21:00-02:00 with a 60-minute lead.
    assert.ok(checkQuietTime(hhmm("01:00"), night, 60));
    assert.ok(checkQuietTime(hhmm("02:30"), night, 60));
    assert.equal(checkQuietTime(hhmm("03:00"), night, 60), undefined);
    assert.equal(checkQuietTime(hhmm("18:00"), night, 60), undefined);
    assert.ok(checkQuietTime(hhmm("18:15"), night, 60));
  });

  it("sees a quiet hour whose windows cross midnight into a morning peak", () => {
    const morning: PeakWindow = { start: hhmm("01:00"), end: hhmm("03:00"), crossesMidnight: false };
    // Windows 22:30 (margin) to 02:30 cross midnight and meet the 01:00 peak.
    assert.ok(checkQuietTime(hhmm("23:30"), morning, 0));
    assert.equal(checkQuietTime(hhmm("12:00"), morning, 0), undefined);
  });
});
