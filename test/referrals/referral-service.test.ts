import { afterAll, describe, expect, it } from "vitest";
import { HOUR, withDirectory } from "../support/partners.ts";
import { engines } from "../support/stores.ts";
import { ReferralInputError } from "../../src/referrals/ReferralService.ts";

const all = engines("referrals");
afterAll(async () => {
  for (const e of all) await e.cleanup();
});

const SALESFORCE_NEED =
  "Our reps waste hours on account plans. We want the assistant to pull Salesforce opportunity history and draft the plan. Contact me at jan.devries@example.com or +31 6 12345678.";

for (const engine of all) {
  describe.skipIf(engine.skip)(`ReferralService (${engine.name})`, () => {
    const setup = async (options?: { slaHours?: number }) => {
      const store = await (await engine.fresh())();
      return { store, ...(await withDirectory(store, undefined, options)) };
    };

    it("refuses without consent and stores nothing", async () => {
      const { store, service } = await setup();
      await expect(service.submit({ key: "v1", requesterId: "UREQ", summary: SALESFORCE_NEED, consent: false })).rejects.toBeInstanceOf(ReferralInputError);
      await expect(service.submit({ key: "v1", requesterId: "UREQ", summary: "help", consent: true })).rejects.toThrow(/sentence or two/);
      expect(await store.referrals.list()).toEqual([]);
      expect(await store.outbox.counts()).toEqual({ pending: 0, done: 0, dead: 0 });
    });

    it("submit redacts the summary, offers the best match, and commits card, DM and webhook messages with it", async () => {
      const { store, service } = await setup();
      const out = await service.submit({ key: "v1", requesterId: "UREQ", teamId: "T1", summary: SALESFORCE_NEED, consent: true, details: { goal: "Call me on +31 6 12345678" } });
      expect(out.kind).toBe("offered");
      const r = out.referral;
      expect(r.state).toBe("offered");
      expect(r.summary).not.toContain("jan.devries@example.com");
      expect(r.summary).toContain("[EMAIL]");
      expect(r.summary).toContain("[PHONE]");
      expect(r.details.goal).toBe("Call me on [PHONE]");
      expect(r.details.systems).toContain("salesforce");
      expect(r.firmId).toBe(r.candidates[0]!.id);
      expect(r.candidates.length).toBeGreaterThanOrEqual(2);
      expect(r.candidates[0]!.reasons.length).toBeGreaterThan(0);
      expect((await store.referrals.events(r.id)).map((e) => [e.from ?? null, e.to])).toEqual([[null, "submitted"], ["submitted", "offered"]]);
      const pending = await store.outbox.list({ state: "pending" });
      expect(pending.map((m) => m.kind).sort()).toEqual(
        ["referral.card", "referral.dm", ...(out.kind === "offered" && r.firmId === "kestrel-bay" ? ["referral.webhook"] : [])].sort(),
      );
      expect(pending.find((m) => m.kind === "referral.card")!.payload).toEqual({ referralId: r.id, firmId: r.firmId });
      expect((await store.partners.stats(r.firmId!)).openReferrals).toBe(1);
      // The same submit again (a retried view submission) changes nothing.
      const again = await service.submit({ key: "v1", requesterId: "UREQ", teamId: "T1", summary: SALESFORCE_NEED, consent: true });
      expect(again).toMatchObject({ kind: "existing", referral: { id: r.id } });
      expect(await store.outbox.list({ state: "pending" })).toHaveLength(pending.length);
    });

    it("only the offered firm's managers accept; others get a refusal and nothing changes; identity goes in the webhook only after accept", async () => {
      const { store, service } = await setup();
      const out = await service.submit({ key: "v1", requesterId: "UREQ", summary: "We need SAP S/4HANA invoice matching automated for month-end close; German team.", consent: true });
      const r = out.referral;
      expect(r.firmId).toBe("kestrel-bay");
      const hookBefore = (await store.outbox.list({ kind: "referral.webhook" }))[0]!;
      expect(JSON.parse((hookBefore.payload as { body: string }).body).referral.requester).toBeUndefined();
      expect((hookBefore.payload as { body: string }).body).not.toContain("UREQ");

      for (const [user, action] of [["U0LR0001", "accept"], ["UREQ", "accept"], ["UX", "decline"], ["U0KB0001", "withdraw"]] as const) {
        const refused = await service.act(r.id, action, user);
        expect(refused.ok).toBe(false);
      }
      expect((await store.referrals.get(r.id))!.version).toBe(r.version);
      expect(await store.referrals.events(r.id)).toHaveLength(2);

      const accepted = await service.act(r.id, "accept", "U0KB0001");
      expect(accepted).toMatchObject({ ok: true, referral: { state: "accepted", firmId: "kestrel-bay" } });
      const hooks = await store.outbox.list({ kind: "referral.webhook" });
      const body = JSON.parse((hooks.at(-1)!.payload as { body: string }).body);
      expect(body).toMatchObject({ event: "referral.accepted", referral: { requester: { slackUserId: "UREQ" } } });
      expect(await service.act(r.id, "withdraw", "UREQ")).toMatchObject({ ok: false, reason: expect.stringContaining("cannot be withdrawn") });
      expect(await service.act(r.id, "start", "U0KB0001")).toMatchObject({ ok: true, referral: { state: "in_progress" } });
      expect(await service.act(r.id, "win", "UPMO1")).toMatchObject({ ok: true, referral: { state: "won" } });
      expect((await store.outbox.list({ kind: "referral.survey" })).length).toBe(1);
      const stats = await store.partners.stats("kestrel-bay");
      expect(stats).toMatchObject({ openReferrals: 0, offered: 1, accepted: 1, won: 1 });

      // Outcome: requester only, once, 1-5; it feeds the firm's record.
      expect(await service.recordOutcome(r.id, "UX", 5, true)).toMatchObject({ ok: false });
      expect(await service.recordOutcome(r.id, "UREQ", 9, true)).toMatchObject({ ok: false });
      expect(await service.recordOutcome(r.id, "UREQ", 2, false)).toMatchObject({ ok: true, referral: { outcomeRating: 2, outcomeRecommend: false } });
      expect(await service.recordOutcome(r.id, "UREQ", 5, true)).toMatchObject({ ok: false, reason: expect.stringContaining("already") });
      expect(await store.partners.stats("kestrel-bay")).toMatchObject({ ratings: 1, ratingSum: 2, recommendNo: 1 });
      const events = await store.referrals.events(r.id);
      expect(events.map((e) => `${e.from}->${e.to}:${e.actor}`)).toEqual([
        "undefined->submitted:UREQ",
        "submitted->offered:system",
        "offered->accepted:U0KB0001",
        "accepted->in_progress:U0KB0001",
        "in_progress->won:UPMO1",
        "won->won:UREQ",
      ]);
    });

    it("decline re-offers to the next candidate in rank order; the requester may withdraw before acceptance", async () => {
      const { store, service } = await setup();
      const r = (await service.submit({ key: "v1", requesterId: "UREQ", summary: SALESFORCE_NEED, consent: true })).referral;
      const order = r.candidates.map((c) => c.id);
      const managerOf = async (firmId: string) => (await store.partners.getProfile(firmId))!.firm.contacts.managers[0]!;
      const first = await service.act(r.id, "decline", await managerOf(order[0]!), "no capacity this quarter");
      expect(first).toMatchObject({ ok: true, referral: { state: "offered", firmId: order[1], offerIndex: 1 } });
      const second = await service.act(r.id, "decline", await managerOf(order[1]!));
      expect(second).toMatchObject({ ok: true, referral: { state: "offered", firmId: order[2], offerIndex: 2 } });
      const events = await store.referrals.events(r.id);
      expect(events.map((e) => [e.to, e.firmId])).toEqual([
        ["submitted", undefined],
        ["offered", order[0]],
        ["declined", order[0]],
        ["offered", order[1]],
        ["declined", order[1]],
        ["offered", order[2]],
      ]);
      expect(events[2]!.reason).toBe("no capacity this quarter");
      expect((await store.partners.stats(order[0]!))).toMatchObject({ openReferrals: 0, declined: 1 });
      expect(await service.act(r.id, "withdraw", "UREQ")).toMatchObject({ ok: true, referral: { state: "withdrawn" } });
      expect((await store.partners.stats(order[2]!)).openReferrals).toBe(0);
    });

    it("SLA: a reminder at half time, expiry at the deadline re-offers to the next candidate (injected clock)", async () => {
      const { store, service, clock } = await setup({ slaHours: 48 });
      const r = (await service.submit({ key: "v1", requesterId: "UREQ", summary: SALESFORCE_NEED, consent: true })).referral;
      expect(r.slaDueAt!.getTime() - r.offeredAt!.getTime()).toBe(48 * HOUR);
      clock.advance(24 * HOUR - 1);
      expect(await service.sweep()).toEqual({ reminded: 0, expired: 0, reoffered: 0 });
      clock.advance(1);
      expect(await service.sweep()).toEqual({ reminded: 1, expired: 0, reoffered: 0 });
      expect(await service.sweep()).toEqual({ reminded: 0, expired: 0, reoffered: 0 });
      expect(await store.outbox.list({ kind: "referral.reminder" })).toHaveLength(1);
      clock.advance(24 * HOUR);
      expect(await service.sweep()).toMatchObject({ expired: 1 });
      const after = (await store.referrals.get(r.id))!;
      expect(after).toMatchObject({ state: "offered", firmId: r.candidates[1]!.id, offerIndex: 1 });
      expect(after.remindedAt).toBeUndefined();
      expect(after.slaDueAt!.getTime()).toBe(clock.now + 48 * HOUR);
      expect((await store.referrals.events(r.id)).map((e) => e.to)).toEqual(["submitted", "offered", "expired", "offered"]);
      expect(await store.partners.stats(r.candidates[0]!.id)).toMatchObject({ expired: 1, openReferrals: 0 });
    });

    it("a new request from the same team for the same system within 90 days links to the open one unless the user insists", async () => {
      const { store, service, clock } = await setup();
      const first = (await service.submit({ key: "a", requesterId: "U1", teamId: "TEAM", summary: SALESFORCE_NEED, consent: true })).referral;
      const linked = await service.submit({ key: "b", requesterId: "U2", teamId: "TEAM", summary: "Salesforce account summaries for our reps please", consent: true });
      expect(linked).toMatchObject({ kind: "linked", existing: { id: first.id }, referral: { state: "duplicate", duplicateOf: first.id } });
      const other = await service.submit({ key: "c", requesterId: "U3", teamId: "OTHER", summary: "Salesforce account summaries for our reps please", consent: true });
      expect(other.kind).toBe("offered");
      const insisted = await service.submit({ key: "d", requesterId: "U2", teamId: "TEAM", summary: "Salesforce account summaries for our reps please", consent: true, insist: true });
      expect(insisted.kind).toBe("offered");
      clock.advance(91 * 24 * HOUR);
      const later = await service.submit({ key: "e", requesterId: "U2", teamId: "TEAM", summary: "Salesforce forecasting with AI for our reps", consent: true });
      expect(later.kind).not.toBe("linked");
      expect((await store.referrals.list({ teamId: "TEAM" })).length).toBe(4);
    });

    it("two concurrent submits of the same request (two instances) create one referral and one card message", async () => {
      const open = await engine.fresh();
      const [s1, s2] = [await open(), await open()];
      const a = await withDirectory(s1);
      const b = await withDirectory(s2, a.clock);
      const input = { key: "view-123", requesterId: "UREQ", summary: SALESFORCE_NEED, consent: true };
      const outcomes = await Promise.all([a.service.submit(input), b.service.submit(input), a.service.submit(input), b.service.submit(input)]);
      expect(new Set(outcomes.map((o) => o.referral.id)).size).toBe(1);
      expect(outcomes.filter((o) => o.kind === "offered")).toHaveLength(1);
      expect(await s1.outbox.list({ kind: "referral.card" })).toHaveLength(1);
      expect(await s1.referrals.list()).toHaveLength(1);
      // And two workers claiming at once: the card goes to exactly one.
      const claims = await Promise.all([
        s1.outbox.claim({ owner: "w1", at: a.clock.fn(), leaseMs: 60_000, limit: 10, kinds: ["referral.card"] }),
        s2.outbox.claim({ owner: "w2", at: a.clock.fn(), leaseMs: 60_000, limit: 10, kinds: ["referral.card"] }),
      ]);
      expect(claims.flat()).toHaveLength(1);
    });

    it("escalation records become referrals (migration 41), submitted for the PMO and never offered", async () => {
      const store = await (await engine.fresh())();
      const { escalation } = await store.createEscalation({
        key: "C1:1.0:U9",
        userId: "U9",
        conversationId: "C1:1.0",
        need: "Connect Workday to the assistant",
        reasons: ["integration"],
        partners: [{ id: "x", name: "X", score: 0.5 }],
        at: new Date("2026-10-01T00:00:00Z"),
      });
      // Re-run version 41 against a database that now holds an escalation (as an upgrade would).
      const { migrations } = await import("../../src/store/migrations.ts");
      const m41 = migrations.find((m) => m.version === 41)!;
      const raw = store as unknown as { db?: { exec(sql: string): void }; pool?: { query(sql: string): Promise<unknown> } };
      if (raw.db) raw.db.exec(m41.sqlite);
      else await raw.pool!.query(m41.postgres);
      const [r] = await store.referrals.list();
      expect(r).toMatchObject({
        key: "escalation:C1:1.0:U9",
        requesterId: "U9",
        state: "submitted",
        summary: "Connect Workday to the assistant",
        escalationId: escalation.id,
        candidates: [{ id: "x", name: "X", score: 0.5, reasons: [] }],
      });
      expect((await store.referrals.events(r!.id)).map((e) => [e.actor, e.to])).toEqual([["migration", "submitted"]]);
    });
  });
}
