/**
 * When rounds happen and when each participant is asked, in their own time zone. Dates and zones go through
 * luxon (IANA zones from the runtime's ICU, daylight saving handled by the library), never hand-written offsets.
 * Pure: every function takes the instants it needs.
 */
import { DateTime } from "luxon";

export type Cadence = "once" | "weekly" | "biweekly" | "monthly";

export interface Schedule {
  cadence: Cadence;
  /** First possible round, a local date (yyyy-MM-dd). For "once" it is the round's date. */
  startDate: string;
  /** ISO weekday 1 (Monday) .. 7 (Sunday); ignored for "once". Monthly: the first such weekday of each month. */
  weekday: number;
  /** Local time of day (HH:mm) in each participant's own time zone. */
  time: string;
}

/** Slack's `tz` may be missing or unknown to ICU; such participants are asked at the time in this zone. */
export const FALLBACK_ZONE = "UTC";
/** The earliest zone on Earth: a round opens when its local time first arrives anywhere. */
const EARLIEST_ZONE = "UTC+14";

export function isValidZone(zone: string | undefined): zone is string {
  return typeof zone === "string" && zone.length > 0 && DateTime.local().setZone(zone).isValid;
}

function day(iso: string): DateTime {
  const d = DateTime.fromISO(iso, { zone: "UTC" });
  if (!d.isValid) throw new RangeError(`Not a date (yyyy-MM-dd): ${iso}`);
  return d.startOf("day");
}

/** The round dates of a schedule (local dates, yyyy-MM-dd), first on or after `startDate`, in order. */
export function* roundDates(schedule: Schedule): Generator<string> {
  const start = day(schedule.startDate);
  if (schedule.cadence === "once") {
    yield start.toISODate()!;
    return;
  }
  if (schedule.cadence === "monthly") {
    for (let month = start.startOf("month"); ; month = month.plus({ months: 1 })) {
      const first = month.plus({ days: (schedule.weekday - month.weekday + 7) % 7 });
      if (first >= start) yield first.toISODate()!;
    }
  }
  const step = schedule.cadence === "weekly" ? 7 : 14;
  for (let d = start.plus({ days: (schedule.weekday - start.weekday + 7) % 7 }); ; d = d.plus({ days: step })) yield d.toISODate()!;
}

/** The first round date strictly after `afterDate` (or the first at all when undefined); null when there is none. */
export function nextRoundDate(schedule: Schedule, afterDate?: string): string | null {
  for (const date of roundDates(schedule)) {
    if (afterDate === undefined || date > afterDate) return date;
    if (schedule.cadence === "once") return null;
  }
  return null;
}

/** The first round date whose local time has not yet passed everywhere on Earth at `now` (for a new campaign). */
export function firstRoundDate(schedule: Schedule, now: Date): string | null {
  for (const date of roundDates(schedule)) {
    // Still ahead for someone: the latest zone (UTC-12) has not yet reached date + time.
    if (localInstant(date, schedule.time, "UTC-12") > now) return date;
    if (schedule.cadence === "once") return null;
  }
  return null;
}

/**
 * The instant `date` at `time` happens in `zone` (an unknown zone falls back to UTC). In a spring-forward gap the
 * wall time does not exist; luxon moves it forward by the gap (02:30 → 03:30), which is what a person expects.
 */
export function localInstant(date: string, time: string, zone: string): Date {
  const z = isValidZone(zone) ? zone : FALLBACK_ZONE;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: z });
  if (!dt.isValid) throw new RangeError(`Not a local date and time: ${date} ${time} (${dt.invalidExplanation ?? "invalid"})`);
  return dt.toJSDate();
}

/** When a round opens: its local time in the earliest zone, so nobody's DM is due before the round exists. */
export function roundOpensAt(date: string, time: string): Date {
  return localInstant(date, time, EARLIEST_ZONE);
}

export interface ParticipantTimes {
  /** When the DM goes out (never before `now`: a participant whose local time already passed is asked at once). */
  dueAt: Date;
  /** When their answers stop being accepted. */
  closesAt: Date;
  /** When to remind them if they have not answered (each before closesAt). */
  reminders: Date[];
}

export interface Window {
  /** How long after the DM answers are accepted. */
  windowHours: number;
  reminderCount: number;
  reminderSpacingHours: number;
}

/** A participant's delivery, reminder and closing instants for a round, in their own zone. */
export function participantTimes(date: string, time: string, zone: string | undefined, window: Window, now: Date): ParticipantTimes {
  const local = localInstant(date, time, zone ?? FALLBACK_ZONE);
  const dueAt = local > now ? local : now;
  const closesAt = new Date(dueAt.getTime() + window.windowHours * 3_600_000);
  const reminders: Date[] = [];
  for (let i = 1; i <= window.reminderCount; i++) {
    const at = new Date(dueAt.getTime() + i * window.reminderSpacingHours * 3_600_000);
    if (at < closesAt) reminders.push(at);
  }
  return { dueAt, closesAt, reminders };
}

/** A participant-facing "Monday 24 November, 09:00" in their zone. */
export function describeLocal(at: Date, zone: string | undefined): string {
  const z = isValidZone(zone) ? zone : FALLBACK_ZONE;
  return DateTime.fromJSDate(at, { zone: z }).toFormat("cccc d LLLL, HH:mm");
}
