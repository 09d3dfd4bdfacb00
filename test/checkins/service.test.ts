import { afterAll, describe, expect, it } from "vitest";
import { CampaignValidationError } from "../../src/checkins/campaign.ts";
import { CheckinService } from "../../src/checkins/CheckinService.ts";
import { loadChangeGuidance } from "../../src/checkins/guidance.ts";
import { JobWorker } from "../../src/jobs/JobWorker.ts";
import { manualClock, storeKinds } from "../support/fresh-stores.ts";
import { FakeDirectory, RecordingMessenger, weeklyCampaign } from "./support.ts";

const { kinds, dropAll } = storeKinds("checkins");
afterAll(() => dropAll());

const guidance = await loadChangeGuidance("knowledge");
const H = 3_600_000;
const people = [
  { userId: "UBER00001", timeZone: "Europe/Berlin", team: "Sales" },
  { userId: "UNYC00002", timeZone: "America/New_York", team: "Sales" },
  { userId: "UTOK00003", timeZone: "Asia/Tokyo", team: "Ops" },
];

for (const kind of kinds) {
  describe.skipIf(kind.skip)(`check-in rounds on ${kind.name}`, () => {
    it("asks each participant at 09:00 their time (across a daylight-saving change), reminds until answered, closes and reports once", async () => {
      const db = await kind.fresh();
      try {
        // Created on Friday 23 Oct 2026; the first round is Monday 26 Oct (New York still on EDT, Berlin already on CET).
        const clock = manualClock("2026-10-23T12:00:00Z");
        const service = new CheckinService({ store: db.store, clock, guidance });
        const messenger = new RecordingMessenger();
        const worker = new JobWorker({ jobs: db.store.jobs, clock, handlers: service.handlers(new FakeDirectory(people), messenger) });
        const { campaign, firstRound } = await service.createCampaign("UOWNER001", weeklyCampaign({ schedule: { cadence: "weekly", startDate: "2026-10-23", weekday: 1, time: "09:00" } }), "view-1");
        expect(firstRound).toBe("2026-10-26");
        // The same submission again (Slack retry) does not make a second campaign.
        expect((await service.createCampaign("UOWNER001", weeklyCampaign(), "view-1")).created).toBe(false);

        const stepTo = async (iso: string) => {
          clock.set(iso);
          await worker.drain();
        };
        await stepTo("2026-10-25T19:00:00Z"); // 09:00 in UTC+14: the round opens, nobody is due yet
        expect(messenger.invites).toHaveLength(0);
        const planned = await db.store.checkins.listParticipations(campaign.id, "2026-10-26");
        expect(Object.fromEntries(planned.map((p) => [p.userId, p.dueAt.toISOString()]))).toEqual({
          UTOK00003: "2026-10-26T00:00:00.000Z",
          UBER00001: "2026-10-26T08:00:00.000Z",
          UNYC00002: "2026-10-26T13:00:00.000Z",
        });
        await stepTo("2026-10-26T08:00:00Z");
        expect(messenger.invites.map((i) => i.userId)).toEqual(["UTOK00003", "UBER00001"]);
        await stepTo("2026-10-26T13:00:00Z");
        expect(messenger.invites.map((i) => i.userId)).toEqual(["UTOK00003", "UBER00001", "UNYC00002"]);

        // Berlin answers part of it, then (after a "crash": a new service and worker) resumes and finishes.
        const berlin = { campaignId: campaign.id, round: "2026-10-26", userId: "UBER00001" };
        expect(await service.recordAnswer(berlin, "awareness", "4")).toMatchObject({ ok: true });
        expect(await service.recordAnswer(berlin, "desire", 9)).toMatchObject({ ok: false, reason: "invalid" });
        const again = new CheckinService({ store: await db.open(), clock, guidance });
        expect((await again.participation(berlin))!.answers).toEqual({ awareness: 4 });
        expect(await again.submit(berlin, { desire: 2 })).toMatchObject({ ok: false, message: expect.stringContaining("knowledge") });
        expect(await again.submit(berlin, { desire: 2, knowledge: 3, ability: 3, reinforcement: 4, usage: "daily", blockers: "No time, and Salesforce is not connected" })).toMatchObject({
          ok: true,
          participation: { state: "answered", answers: { awareness: 4, desire: 2 } },
        });
        // Tokyo skips; New York snoozes 4 hours.
        expect(await service.skip({ ...berlin, userId: "UTOK00003" })).toBe(true);
        const nyc = { ...berlin, userId: "UNYC00002" };
        clock.set("2026-10-26T14:00:00Z");
        expect(await service.snooze(nyc)).toEqual(new Date("2026-10-26T18:00:00Z"));

        await stepTo("2026-10-26T18:00:00Z"); // the snooze reminder
        expect(messenger.reminders.map((r) => r.userId)).toEqual(["UNYC00002"]);
        await stepTo("2026-10-27T04:00:00Z"); // Tokyo's and Berlin's first reminders were due: neither is sent
        expect(messenger.reminders).toHaveLength(1);
        await stepTo("2026-10-27T09:00:00Z"); // New York's first scheduled reminder (+20 h)
        await stepTo("2026-10-28T05:00:00Z"); // and second (+40 h)
        expect(messenger.reminders.map((r) => r.userId)).toEqual(["UNYC00002", "UNYC00002", "UNYC00002"]);
        await expect(service.recordAnswer(nyc, "awareness", 3)).resolves.toMatchObject({ ok: true });

        await stepTo("2026-10-28T13:00:00Z"); // New York's window closes: the round closes and is reported
        expect(await service.recordAnswer(nyc, "desire", 3)).toMatchObject({ ok: false, reason: "closed" });
        expect(messenger.reports).toHaveLength(1);
        const { report, target } = messenger.reports[0]!;
        expect(target).toEqual({ kind: "dm", userId: "UOWNER001" });
        expect(report).toMatchObject({ final: true, participation: { invited: 3, answered: 1, skipped: 1, notAnswered: 1 }, overall: { withheld: true } });
        // Withheld (1 respondent): no chart, no blockers.
        expect(messenger.charts).toHaveLength(0);
        expect(report.blockers).toBeNull();
        expect((await db.store.checkins.getRound(campaign.id, "2026-10-26"))!.status).toBe("reported");
        const states = Object.fromEntries((await db.store.checkins.listParticipations(campaign.id, "2026-10-26")).map((p) => [p.userId, p.state]));
        expect(states).toEqual({ UBER00001: "answered", UNYC00002: "expired", UTOK00003: "skipped" });

        // The next round (2 Nov) is scheduled: New York is back on EST, so 09:00 is 14:00Z.
        await stepTo("2026-11-02T14:00:00Z");
        const next = await db.store.checkins.listParticipations(campaign.id, "2026-11-02");
        expect(next.find((p) => p.userId === "UNYC00002")!.dueAt.toISOString()).toBe("2026-11-02T14:00:00.000Z");
        expect(messenger.invites.filter((i) => i.round === "2026-11-02")).toHaveLength(3);
        // Everything was sent once.
        await stepTo("2026-11-02T14:00:00Z");
        expect(messenger.invites).toHaveLength(6);
        expect(messenger.reports).toHaveLength(1);
      } finally {
        await db.cleanup();
      }
    });

    it("a failed send is retried; an undeliverable person is left out; the report has the chart and cited actions", async () => {
      const db = await kind.fresh();
      try {
        const clock = manualClock("2026-11-20T12:00:00Z");
        const service = new CheckinService({ store: db.store, clock, guidance });
        const messenger = new RecordingMessenger();
        const team = Array.from({ length: 8 }, (_, i) => ({ userId: `UT${String(i).padStart(6, "0")}`, timeZone: "Europe/London", team: i < 6 ? "Support" : "Legal" }));
        messenger.undeliverable.add("UT000007");
        messenger.failNextInvite = 1;
        const worker = new JobWorker({ jobs: db.store.jobs, clock, backoffMs: 60_000, handlers: service.handlers(new FakeDirectory(team), messenger) });
        const { campaign } = await service.createCampaign("UOWNER001", weeklyCampaign({ report: { kind: "channel", channelId: "CREPORTS1" }, schedule: { cadence: "once", startDate: "2026-11-23", weekday: 1, time: "09:00" } }), "v");
        clock.set("2026-11-23T09:00:00Z");
        await worker.drain();
        expect(messenger.invites).toHaveLength(6);
        clock.advance(60_000);
        await worker.drain();
        expect(new Set(messenger.invites.map((i) => i.userId)).size).toBe(7);
        const k = (u: string) => ({ campaignId: campaign.id, round: "2026-11-23", userId: u });
        const answers = [
          { awareness: 4, desire: 2, knowledge: 2, ability: 2, reinforcement: 2, blockers: "We cannot connect it to Salesforce" },
          { awareness: 4, desire: 4, knowledge: 2, ability: 2, reinforcement: 2, blockers: "need training on prompts" },
          { awareness: 5, desire: 4, knowledge: 2, ability: 3, reinforcement: 3, blockers: "no time" },
          { awareness: 4, desire: 4, knowledge: 4, ability: 2, reinforcement: 2, blockers: "Salesforce integration missing" },
          { awareness: 5, desire: 5, knowledge: 5, ability: 5, reinforcement: 5 },
          { awareness: 4, desire: 4, knowledge: 3, ability: 4, reinforcement: 4 },
        ];
        for (let i = 0; i < answers.length; i++) expect(await service.submit(k(`UT${String(i).padStart(6, "0")}`), answers[i]!)).toMatchObject({ ok: true });
        clock.set("2026-11-25T09:00:00Z");
        await worker.drain();
        expect(messenger.reports).toHaveLength(1);
        const { report, target } = messenger.reports[0]!;
        expect(target).toEqual({ kind: "channel", channelId: "CREPORTS1" });
        expect(report.participation).toMatchObject({ invited: 8, answered: 6 });
        expect(report.overall).toMatchObject({ withheld: false, barrier: "knowledge", respondents: 6 });
        expect(report.teams.map((t) => [t.team, t.withheld])).toEqual([["Legal", true], ["Support", false]]);
        expect(report.blockers!.find((b) => b.theme === "integration")).toMatchObject({ count: 2, systems: ["Salesforce"] });
        const advice = report.advice.find((a) => a.barrier === "knowledge")!;
        expect(advice.items[0]!.citation).toMatchObject({ path: "change/adkar.md", section: "What each barrier point triggers" });
        expect(advice.items[0]!.action).toMatch(/^Knowledge barrier → training and use cases for the role/);
        expect(advice.items.some((i) => /Interventions for Knowledge/.test(i.action))).toBe(true);
        expect(advice.items.some((i) => i.referral && i.citation.path === "integrations/salesforce.md")).toBe(true);
        expect(messenger.charts).toHaveLength(1);
        expect(messenger.charts[0]!.bytes).toBeGreaterThan(5000);
        expect(await db.store.jobs.countEffects(`checkins:invite:${campaign.id}:`)).toBe(7);
      } finally {
        await db.cleanup();
      }
    });
  });
}

describe("campaign validation and export", () => {
  it("lists every field problem with its path", async () => {
    const db = await kinds[0]!.fresh();
    try {
      const service = new CheckinService({ store: db.store, clock: manualClock("2026-11-20T12:00:00Z") });
      const bad = weeklyCampaign({ name: " ", windowHours: 2, schedule: { cadence: "weekly", startDate: "2026-11-23", weekday: 1, time: "25:00" } });
      const err = await service.createCampaign("U1", bad, "x").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CampaignValidationError);
      expect((err as CampaignValidationError).errors.map((e) => e.path).sort()).toEqual(["name", "reminders.spacingHours", "schedule.time", "windowHours"]);
      const past = await service.createCampaign("U1", weeklyCampaign({ schedule: { cadence: "once", startDate: "2026-01-05", weekday: 1, time: "09:00" } }), "y").catch((e: unknown) => e);
      expect((past as CampaignValidationError).errors[0]).toMatchObject({ path: "schedule.startDate" });
      expect(await db.store.checkins.listCampaigns()).toEqual([]);
    } finally {
      await db.cleanup();
    }
  });

  it("an anonymous export has no names, small teams merged, rows not in participant order", async () => {
    const db = await kinds[0]!.fresh();
    try {
      const clock = manualClock("2026-11-20T12:00:00Z");
      const service = new CheckinService({ store: db.store, clock });
      const team = Array.from({ length: 7 }, (_, i) => ({ userId: `UX${String(i).padStart(6, "0")}`, timeZone: "UTC", team: i < 5 ? "Finance" : "Audit" }));
      const worker = new JobWorker({ jobs: db.store.jobs, clock, handlers: service.handlers(new FakeDirectory(team), new RecordingMessenger()) });
      const { campaign } = await service.createCampaign("UOWNER001", weeklyCampaign({ anonymous: true }), "v");
      clock.set("2026-11-23T09:00:00Z");
      await worker.drain();
      for (let i = 0; i < 7; i++) {
        await service.submit({ campaignId: campaign.id, round: "2026-11-23", userId: `UX${String(i).padStart(6, "0")}` }, { awareness: 5 - (i % 5), desire: 3, knowledge: 3, ability: 3, reinforcement: 3 });
      }
      const rows = await service.exportRows(campaign.id);
      expect(rows).toHaveLength(7);
      const text = JSON.stringify(rows);
      expect(text).not.toMatch(/UX0000/);
      expect(rows.every((r) => !("participant" in r))).toBe(true);
      expect(rows.filter((r) => r.team === "(withheld)")).toHaveLength(2);
      expect(rows.filter((r) => r.team === "Finance")).toHaveLength(5);
      const named = await service.createCampaign("UOWNER001", weeklyCampaign({ anonymous: false }), "w");
      expect(named.created).toBe(true);
    } finally {
      await db.cleanup();
    }
  });
});
