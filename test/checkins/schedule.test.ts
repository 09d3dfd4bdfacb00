import { describe, expect, it } from "vitest";
import { firstRoundDate, localInstant, nextRoundDate, participantTimes, roundDates, roundOpensAt } from "../../src/checkins/schedule.ts";

const take = (it: Iterable<string>, n: number) => {
  const out: string[] = [];
  for (const d of it) {
    out.push(d);
    if (out.length === n) break;
  }
  return out;
};

describe("round dates", () => {
  it("weekly, every two weeks and monthly on the weekday; once is one date", () => {
    // 2026-11-18 is a Wednesday; Monday is weekday 1.
    expect(take(roundDates({ cadence: "weekly", startDate: "2026-11-18", weekday: 1, time: "09:00" }), 3)).toEqual(["2026-11-23", "2026-11-30", "2026-12-07"]);
    expect(take(roundDates({ cadence: "biweekly", startDate: "2026-11-23", weekday: 1, time: "09:00" }), 3)).toEqual(["2026-11-23", "2026-12-07", "2026-12-21"]);
    expect(take(roundDates({ cadence: "monthly", startDate: "2026-11-18", weekday: 2, time: "09:00" }), 3)).toEqual(["2026-12-01", "2027-01-05", "2027-02-02"]);
    expect(take(roundDates({ cadence: "once", startDate: "2026-12-03", weekday: 1, time: "09:00" }), 3)).toEqual(["2026-12-03"]);
    expect(nextRoundDate({ cadence: "once", startDate: "2026-12-03", weekday: 1, time: "09:00" }, "2026-12-03")).toBeNull();
    expect(nextRoundDate({ cadence: "weekly", startDate: "2026-11-18", weekday: 1, time: "09:00" }, "2026-11-23")).toBe("2026-11-30");
  });

  it("a new campaign's first round is the first whose local time has not passed everywhere", () => {
    const s = { cadence: "weekly" as const, startDate: "2026-11-23", weekday: 1, time: "09:00" };
    // Monday 23 Nov 09:00 in UTC-12 is 21:00Z: still ahead at 20:00Z, gone at 22:00Z.
    expect(firstRoundDate(s, new Date("2026-11-23T20:00:00Z"))).toBe("2026-11-23");
    expect(firstRoundDate(s, new Date("2026-11-23T22:00:00Z"))).toBe("2026-11-30");
    expect(firstRoundDate({ ...s, cadence: "once" }, new Date("2026-11-24T00:00:00Z"))).toBeNull();
  });
});

describe("local delivery times across zones and daylight saving", () => {
  it("09:00 on the round date in each participant's own zone", () => {
    expect(localInstant("2026-11-23", "09:00", "Europe/Berlin").toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(localInstant("2026-11-23", "09:00", "America/New_York").toISOString()).toBe("2026-11-23T14:00:00.000Z");
    expect(localInstant("2026-11-23", "09:00", "Asia/Kolkata").toISOString()).toBe("2026-11-23T03:30:00.000Z");
    expect(localInstant("2026-11-23", "09:00", "Pacific/Kiritimati").toISOString()).toBe("2026-11-22T19:00:00.000Z");
    // The round opens when 09:00 first arrives anywhere (UTC+14), before anyone's DM is due.
    expect(roundOpensAt("2026-11-23", "09:00").getTime()).toBeLessThanOrEqual(localInstant("2026-11-23", "09:00", "Pacific/Kiritimati").getTime());
  });

  it("a weekly 09:00 stays 09:00 local across the autumn and spring changes (the UTC instant moves)", () => {
    // New York leaves daylight saving on Sunday 1 Nov 2026: Monday 26 Oct is EDT (UTC-4), Monday 2 Nov is EST (UTC-5).
    expect(localInstant("2026-10-26", "09:00", "America/New_York").toISOString()).toBe("2026-10-26T13:00:00.000Z");
    expect(localInstant("2026-11-02", "09:00", "America/New_York").toISOString()).toBe("2026-11-02T14:00:00.000Z");
    // Berlin changes a week earlier (25 Oct): in the week between, New York is only 5 hours behind Berlin.
    expect(localInstant("2026-10-26", "09:00", "Europe/Berlin").toISOString()).toBe("2026-10-26T08:00:00.000Z");
    expect(localInstant("2026-10-19", "09:00", "Europe/Berlin").toISOString()).toBe("2026-10-19T07:00:00.000Z");
    // Spring forward in Berlin (29 Mar 2026): 02:30 does not exist; it is asked at 03:30 local.
    expect(localInstant("2026-03-29", "02:30", "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("an unknown zone falls back to UTC; a participant whose time passed is asked at once", () => {
    expect(localInstant("2026-11-23", "09:00", "Mars/Olympus").toISOString()).toBe("2026-11-23T09:00:00.000Z");
    const now = new Date("2026-11-23T12:00:00Z");
    const t = participantTimes("2026-11-23", "09:00", "Europe/Berlin", { windowHours: 48, reminderCount: 3, reminderSpacingHours: 20 }, now);
    expect(t.dueAt).toEqual(now);
    expect(t.closesAt.toISOString()).toBe("2026-11-25T12:00:00.000Z");
    // The third reminder (+60 h) would fall after closing: two remain.
    expect(t.reminders.map((d) => d.toISOString())).toEqual(["2026-11-24T08:00:00.000Z", "2026-11-25T04:00:00.000Z"]);
  });
});
