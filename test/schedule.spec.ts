import { strict as assert } from "node:assert";
import {
  FollowTheSunArgs,
  PeakWindow,
  followTheSunSchedule,
  formatMinuteOfDay,
  isIanaTimeZone,
  parsePeakWindow,
  utcTimeOf,
} from "../capacity/schedule";

const SHAPE = (got: string) => `expected HH:MM-HH:MM on a 24-hour clock (e.g. "17:00-22:00"), got ${got}`;
const RANGE = (got: string) => `expected hours 00-23 and minutes 00-59 in HH:MM-HH:MM (e.g. "17:00-22:00"), got ${got}`;

function windowOf(text: string): PeakWindow {
  const parsed = parsePeakWindow(text);
  if ("error" in parsed) throw new Error(`test setup: ${parsed.error}`);
  return parsed.window;
}

function args(overrides: Partial<FollowTheSunArgs> = {}): FollowTheSunArgs {
  return {
    window: windowOf("17:00-22:00"),
    leadMinutes: 30,
    timeZone: "America/New_York",
    baseMin: 2,
    peakMin: 6,
    max: 20,
    ...overrides,
  };
}

describe("parsePeakWindow", () => {
  it("parses a same-day window", () => {
    assert.deepEqual(parsePeakWindow("17:30-23:00"), {
      window: { start: 1050, end: 1380, crossesMidnight: false },
    });
  });

  it("parses a window crossing midnight", () => {
    assert.deepEqual(parsePeakWindow("22:00-02:00"), {
      window: { start: 1320, end: 120, crossesMidnight: true },
    });
  });

  it("parses the extremes of the clock", () => {
    assert.deepEqual(parsePeakWindow("00:00-23:59"), {
      window: { start: 0, end: 1439, crossesMidnight: false },
    });
    assert.deepEqual(parsePeakWindow("23:59-00:00"), {
      window: { start: 1439, end: 0, crossesMidnight: true },
    });
  });

  const bad: Array<[string, string]> = [
    ["25:00-26:00", RANGE('"25:00-26:00"')],
    ["24:00-02:00", RANGE('"24:00-02:00"')],
    ["17:60-18:00", RANGE('"17:60-18:00"')],
    ["17:00-18:75", RANGE('"17:00-18:75"')],
    ["9:00-17:00", SHAPE('"9:00-17:00"')],
    ["17:00", SHAPE('"17:00"')],
    ["ab:cd-ef:gh", SHAPE('"ab:cd-ef:gh"')],
    ["", SHAPE('""')],
    ["17:00 - 22:00", SHAPE('"17:00 - 22:00"')],
    [" 17:00-22:00", SHAPE('" 17:00-22:00"')],
    ["17:00-22:00\n", SHAPE('"17:00-22:00\\n"')],
    ["17.00-22.00", SHAPE('"17.00-22.00"')],
    ["17:00-22:00-23:00", SHAPE('"17:00-22:00-23:00"')],
    [
      "17:00-17:00",
      `expected the peak window's start and end to differ (a zero-length window is ambiguous), got "17:00-17:00"`,
    ],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)} with a message saying what is allowed`, () => {
      assert.deepEqual(parsePeakWindow(input), { error: message });
    });
  }

  it("rejects a non-string without throwing", () => {
    assert.deepEqual(parsePeakWindow(undefined as unknown as string), {
      error: SHAPE("undefined"),
    });
  });
});

describe("formatMinuteOfDay", () => {
  it("zero-pads hours and minutes", () => {
    assert.equal(formatMinuteOfDay(0), "00:00");
    assert.equal(formatMinuteOfDay(65), "01:05");
    assert.equal(formatMinuteOfDay(1050), "17:30");
    assert.equal(formatMinuteOfDay(1439), "23:59");
  });

  it("throws outside 0..1439 or for fractions", () => {
    for (const bad of [-1, 1440, 1.5, NaN]) {
      assert.throws(() => formatMinuteOfDay(bad), {
        name: "RangeError",
        message: `minute of day must be an integer in 0..1439, got ${bad}`,
      });
    }
  });
});

describe("isIanaTimeZone", () => {
  for (const zone of [
    "America/New_York",
    "Europe/Dublin",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Calcutta",
    "America/Argentina/Buenos_Aires",
    "UTC",
    "Etc/UTC",
  ]) {
    it(`accepts ${zone}`, () => assert.equal(isIanaTimeZone(zone), true));
  }
  for (const zone of [
    "+02:00",
    "-05:00",
    "EST",
    "CET",
    "PST",
    "EST5EDT",
    "Z",
    "utc",
    "america/new_york",
    "AMERICA/NEW_YORK",
    "Mars/Olympus_Mons",
    "",
    " America/New_York",
  ]) {
    it(`rejects ${JSON.stringify(zone)}`, () => assert.equal(isIanaTimeZone(zone), false));
  }
});

describe("followTheSunSchedule", () => {
  it("raises before and lowers after a plain window, in local time", () => {
    assert.deepEqual(followTheSunSchedule(args()), [
      {
        role: "before-peak",
        localTime: "16:30",
        schedule: "cron(30 16 * * ? *)",
        timeZone: "America/New_York",
        minCapacity: 6,
        maxCapacity: 20,
      },
      {
        role: "after-peak",
        localTime: "22:00",
        schedule: "cron(0 22 * * ? *)",
        timeZone: "America/New_York",
        minCapacity: 2,
        maxCapacity: 20,
      },
    ]);
  });

  it("wraps the raise to the previous evening when the lead crosses midnight", () => {
    const [before, after] = followTheSunSchedule(args({ window: windowOf("00:15-06:00"), leadMinutes: 30 }));
    assert.equal(before.localTime, "23:45");
    assert.equal(before.schedule, "cron(45 23 * * ? *)");
    assert.equal(after.localTime, "06:00");
    assert.equal(after.schedule, "cron(0 6 * * ? *)");
  });

  it("handles a window that itself crosses midnight", () => {
    const [before, after] = followTheSunSchedule(
      args({
        window: windowOf("22:00-02:00"),
        timeZone: "Europe/Dublin",
        baseMin: 1,
        peakMin: 4,
        max: 10,
      }),
    );
    assert.deepEqual(
      [before.role, before.localTime, before.schedule, before.minCapacity, before.maxCapacity, before.timeZone],
      ["before-peak", "21:30", "cron(30 21 * * ? *)", 4, 10, "Europe/Dublin"],
    );
    assert.deepEqual(
      [after.role, after.localTime, after.schedule, after.minCapacity, after.maxCapacity, after.timeZone],
      ["after-peak", "02:00", "cron(0 2 * * ? *)", 1, 10, "Europe/Dublin"],
    );
  });

  it("fires exactly at the start with zero lead, at midnight as cron(0 0 ...)", () => {
    const [before] = followTheSunSchedule(args({ window: windowOf("00:00-08:00"), leadMinutes: 0 }));
    assert.equal(before.localTime, "00:00");
    assert.equal(before.schedule, "cron(0 0 * * ? *)");
  });

  it("accepts equal capacities and the maximum 720-minute lead when the gap allows", () => {
    const [before, after] = followTheSunSchedule(
      args({
        window: windowOf("12:00-12:30"),
        leadMinutes: 720,
        baseMin: 3,
        peakMin: 3,
        max: 3,
      }),
    );
    assert.equal(before.schedule, "cron(0 0 * * ? *)");
    assert.deepEqual([before.minCapacity, before.maxCapacity, after.minCapacity, after.maxCapacity], [3, 3, 3, 3]);
  });

  it("accepts a lead one minute shorter than the off-peak gap", () => {
    // 08:00-07:00 leaves only a 60-minute off-peak gap.
    const [before, after] = followTheSunSchedule(args({ window: windowOf("08:00-07:00"), leadMinutes: 59 }));
    assert.equal(before.localTime, "07:01");
    assert.equal(after.localTime, "07:00");
  });

  const thrown: Array<[string, Partial<FollowTheSunArgs>, string]> = [
    ["peakMin < baseMin", { baseMin: 5, peakMin: 4 }, "peakMin (4) must be >= baseMin (5)"],
    ["max < peakMin", { peakMin: 6, max: 5 }, "max (5) must be >= peakMin (6)"],
    ["negative baseMin", { baseMin: -1 }, "baseMin must be a non-negative integer, got -1"],
    ["fractional peakMin", { peakMin: 2.5 }, "peakMin must be a non-negative integer, got 2.5"],
    ["NaN max", { max: NaN }, "max must be a non-negative integer, got NaN"],
    ["negative lead", { leadMinutes: -5 }, "leadMinutes must be a non-negative integer, got -5"],
    ["fractional lead", { leadMinutes: 0.5 }, "leadMinutes must be a non-negative integer, got 0.5"],
    ["lead over 720", { leadMinutes: 721 }, "leadMinutes must be between 0 and 720 (12 hours), got 721"],
    [
      "offset time zone",
      { timeZone: "+02:00" },
      'timeZone must be an IANA time zone name such as "America/New_York" or "UTC" (not an offset or abbreviation), got "+02:00"',
    ],
    [
      "abbreviated time zone",
      { timeZone: "EST" },
      'timeZone must be an IANA time zone name such as "America/New_York" or "UTC" (not an offset or abbreviation), got "EST"',
    ],
    [
      "lead equal to the off-peak gap (raise at the previous end)",
      { window: windowOf("08:00-07:00"), leadMinutes: 60 },
      "leadMinutes (60) must be shorter than the off-peak gap of 60 minutes between the window's end (07:00) " +
        "and its start (08:00); otherwise the floor would be raised at or before the previous peak ends",
    ],
    [
      "lead longer than the off-peak gap of a midnight-crossing window",
      { window: windowOf("20:00-18:00"), leadMinutes: 180 },
      "leadMinutes (180) must be shorter than the off-peak gap of 120 minutes between the window's end (18:00) " +
        "and its start (20:00); otherwise the floor would be raised at or before the previous peak ends",
    ],
    [
      "lead longer than the off-peak gap of a same-day window",
      { window: windowOf("02:00-23:00"), leadMinutes: 200 },
      "leadMinutes (200) must be shorter than the off-peak gap of 180 minutes between the window's end (23:00) " +
        "and its start (02:00); otherwise the floor would be raised at or before the previous peak ends",
    ],
    [
      "hand-built window with out-of-range minutes",
      { window: { start: 1440, end: 60, crossesMidnight: true } },
      "window start and end must be integer minutes of day in 0..1439, got start=1440 end=60",
    ],
    [
      "hand-built zero-length window",
      { window: { start: 600, end: 600, crossesMidnight: false } },
      "window start and end must differ, got 10:00 for both",
    ],
    [
      "hand-built window with a wrong crossesMidnight flag",
      { window: { start: 1320, end: 120, crossesMidnight: false } },
      "window.crossesMidnight must be true for 22:00-02:00, got false",
    ],
  ];
  for (const [what, overrides, message] of thrown) {
    it(`throws on ${what}`, () => {
      assert.throws(() => followTheSunSchedule(args(overrides)), {
        name: "Error",
        message,
      });
    });
  }
});

describe("utcTimeOf", () => {
  const winter = new Date("2026-01-15");
  const summer = new Date("2026-07-15");

  it("America/New_York follows EST/EDT", () => {
    assert.equal(utcTimeOf(17 * 60, "America/New_York", winter), "22:00");
    assert.equal(utcTimeOf(17 * 60, "America/New_York", summer), "21:00");
  });

  it("Europe/Dublin is UTC in winter and UTC+1 in summer", () => {
    assert.equal(utcTimeOf(17 * 60, "Europe/Dublin", winter), "17:00");
    assert.equal(utcTimeOf(17 * 60, "Europe/Dublin", summer), "16:00");
  });

  it("Asia/Tokyo has no DST and wraps back across UTC midnight", () => {
    assert.equal(utcTimeOf(17 * 60, "Asia/Tokyo", winter), "08:00");
    assert.equal(utcTimeOf(17 * 60, "Asia/Tokyo", summer), "08:00");
    assert.equal(utcTimeOf(8 * 60, "Asia/Tokyo", summer), "23:00");
  });

  it("Asia/Kolkata keeps its half-hour offset", () => {
    assert.equal(utcTimeOf(17 * 60 + 30, "Asia/Kolkata", winter), "12:00");
    assert.equal(utcTimeOf(2 * 60, "Asia/Kolkata", summer), "20:30");
  });

  it("wraps forward across UTC midnight (20:00 Los Angeles in January is 04:00 UTC)", () => {
    assert.equal(utcTimeOf(20 * 60, "America/Los_Angeles", winter), "04:00");
    assert.equal(utcTimeOf(20 * 60, "America/Los_Angeles", summer), "03:00");
  });

  it("uses the offset in force on the transition day itself", () => {
    // US DST 2026 starts 8 March at 02:00 and ends 1 November at 02:00.
    assert.equal(utcTimeOf(60, "America/New_York", new Date("2026-03-08")), "06:00");
    assert.equal(utcTimeOf(17 * 60, "America/New_York", new Date("2026-03-08")), "21:00");
    assert.equal(utcTimeOf(17 * 60, "America/New_York", new Date("2026-11-01")), "22:00");
    // EU summer time 2026 starts 29 March at 01:00 UTC.
    assert.equal(utcTimeOf(17 * 60, "Europe/Dublin", new Date("2026-03-28")), "17:00");
    assert.equal(utcTimeOf(17 * 60, "Europe/Dublin", new Date("2026-03-29")), "16:00");
  });

  it("maps a skipped local time forward and a repeated one to its first occurrence", () => {
    // 02:30 does not exist on 8 March in New York: treated as 03:30 EDT = 07:30 UTC.
    assert.equal(utcTimeOf(150, "America/New_York", new Date("2026-03-08")), "07:30");
    // 01:30 happens twice on 1 November: the first (EDT) is 05:30 UTC.
    assert.equal(utcTimeOf(90, "America/New_York", new Date("2026-11-01")), "05:30");
  });

  it("uses the UTC calendar date of the reference date, ignoring its time of day", () => {
    assert.equal(utcTimeOf(17 * 60, "America/New_York", new Date("2026-07-15T23:59:59Z")), "21:00");
  });

  it("works for UTC itself", () => {
    assert.equal(utcTimeOf(1439, "UTC", summer), "23:59");
  });

  it("rejects bad input", () => {
    assert.throws(() => utcTimeOf(1440, "UTC", winter), /minute of day must be an integer in 0\.\.1439, got 1440/);
    assert.throws(() => utcTimeOf(60, "EST", winter), /timeZone must be an IANA time zone name, got "EST"/);
    assert.throws(() => utcTimeOf(60, "UTC", new Date("nope")), /referenceDate must be a valid Date/);
  });
});
