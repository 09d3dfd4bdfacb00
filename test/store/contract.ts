/**
 * The Store contract: one suite, run against every engine (sqlite.test.ts, postgres.test.ts). A target gives a
 * fresh empty database per test and opens any number of independent instances on it (separate SQLite
 * connections to the same file, separate pg Pools on the same schema), so cross-instance behaviour is tested
 * the way several processes or replicas would see it.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.ts";
import type { AppliedMigration } from "../../src/store/migrations.ts";
import { latestVersion, migrations } from "../../src/store/migrations.ts";
import type { NewEscalation, Store } from "../../src/store/Store.ts";

export type ContractStore = Store & { appliedMigrations(): Promise<AppliedMigration[]> };

export interface ContractTarget {
  /** A fresh, empty database; the returned function opens a new, unmigrated instance on it each call. */
  newDatabase(): Promise<(options?: { clock?: Clock }) => ContractStore>;
}

const T0 = Date.parse("2026-03-02T09:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const MINUTE = 60_000;

function escalation(key: string, overrides: Partial<NewEscalation> = {}): NewEscalation {
  return {
    key,
    userId: "U1",
    conversationId: "C1:1700000000.000100",
    need: "Connect our Salesforce to the assistant so reps get account summaries.",
    reasons: ["low_confidence", "integration"],
    partners: [{ id: "acme", name: "Acme Integrations", score: 0.82 }],
    at: at(0),
    ...overrides,
  };
}

export function describeStoreContract(label: string, target: ContractTarget, options: { skip?: boolean } = {}): void {
  describe.skipIf(Boolean(options.skip))(`Store contract: ${label}`, () => {
    const opened: Store[] = [];

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    /** A fresh database and an opener that tracks instances for closing; `migrated` instances are ready to use. */
    async function setup() {
      const openRaw = await target.newDatabase();
      const open = (opts?: { clock?: Clock }) => {
        const store = openRaw(opts);
        opened.push(store);
        return store;
      };
      const openMigrated = async () => {
        const store = open();
        await store.migrate();
        return store;
      };
      return { open, openMigrated };
    }

    describe("migrations", () => {
      it("applies every version on a fresh database, stamped by the injected clock", async () => {
        const { open } = await setup();
        const store = open({ clock: () => new Date("2030-01-01T00:00:00.000Z") });
        await store.migrate();
        const applied = await store.appliedMigrations();
        expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
        expect(applied.at(-1)!.version).toBe(latestVersion);
        expect(applied.every((m) => m.appliedAt.toISOString() === "2030-01-01T00:00:00.000Z")).toBe(true);
      });

      it("migrate twice (same and another instance) is a no-op that keeps data", async () => {
        const { open, openMigrated } = await setup();
        const a = await openMigrated();
        await a.appendTurn({ conversationId: "c", role: "user", text: "hi", at: at(0) });
        const before = await a.appliedMigrations();
        await a.migrate();
        const b = open({ clock: () => new Date("2099-01-01T00:00:00.000Z") });
        await b.migrate();
        expect(await a.appliedMigrations()).toEqual(before);
        expect(await b.appliedMigrations()).toEqual(before);
        expect(await b.recentTurns("c", 10)).toHaveLength(1);
      });

      it("two instances migrating an empty database at once apply each version exactly once", async () => {
        const { open } = await setup();
        const a = open();
        const b = open();
        await Promise.all([a.migrate(), b.migrate()]);
        expect((await a.appliedMigrations()).map((m) => m.version)).toEqual(migrations.map((m) => m.version));
        expect(await a.claimEvent("after-migrate", at(0))).toBe(true);
        expect(await b.claimEvent("after-migrate", at(0))).toBe(false);
      });
    });

    describe("turns", () => {
      it("appendTurn returns the stored turn with an id and exactly the caller's timestamp", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const when = new Date("2001-02-03T04:05:06.789Z");
        const turn = await store.appendTurn({
          conversationId: "C1:1.0",
          role: "assistant",
          text: "Use the Salesforce playbook.",
          userId: "U1",
          answerId: "C1:2.0",
          meta: { intent: "integration", confidence: 0.71, citations: [{ path: "integrations/salesforce.md" }] },
          at: when,
        });
        expect(turn.id).toBeGreaterThan(0);
        expect(turn).toEqual({
          id: turn.id,
          conversationId: "C1:1.0",
          role: "assistant",
          text: "Use the Salesforce playbook.",
          userId: "U1",
          answerId: "C1:2.0",
          meta: { intent: "integration", confidence: 0.71, citations: [{ path: "integrations/salesforce.md" }] },
          at: when,
        });
        const [read] = await store.recentTurns("C1:1.0", 1);
        expect(read).toEqual(turn);
        expect(read!.at.getTime()).toBe(when.getTime());

        const bare = await store.appendTurn({ conversationId: "C1:1.0", role: "user", text: "", at: at(1) });
        expect(bare).toEqual({ id: bare.id, conversationId: "C1:1.0", role: "user", text: "", at: at(1) });
        expect(bare.id).toBeGreaterThan(turn.id);
      });

      it("recentTurns gives the last `limit` turns of one conversation, oldest first", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        for (let i = 0; i < 6; i++) {
          await store.appendTurn({ conversationId: "conv", role: i % 2 ? "assistant" : "user", text: `t${i}`, at: at(i) });
          await store.appendTurn({ conversationId: "other", role: "user", text: `o${i}`, at: at(i) });
        }
        expect((await store.recentTurns("conv", 3)).map((t) => t.text)).toEqual(["t3", "t4", "t5"]);
        expect((await store.recentTurns("conv", 100)).map((t) => t.text)).toEqual(["t0", "t1", "t2", "t3", "t4", "t5"]);
        expect(await store.recentTurns("conv", 0)).toEqual([]);
        expect(await store.recentTurns("missing", 5)).toEqual([]);
      });

      it("orders by the caller's timestamps, then by insertion for equal times", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        await store.appendTurn({ conversationId: "c", role: "user", text: "late", at: at(10) });
        await store.appendTurn({ conversationId: "c", role: "user", text: "early", at: at(1) });
        await store.appendTurn({ conversationId: "c", role: "assistant", text: "late-2", at: at(10) });
        expect((await store.recentTurns("c", 10)).map((t) => t.text)).toEqual(["early", "late", "late-2"]);
        expect((await store.recentTurns("c", 2)).map((t) => t.text)).toEqual(["late", "late-2"]);
      });

      it("rejects bad input with a clear message and stores nothing", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        await expect(
          store.appendTurn({ conversationId: "c", role: "user", text: "x", at: new Date("nope") }),
        ).rejects.toThrow(/turn\.at must be a valid Date/);
        await expect(
          store.appendTurn({ conversationId: "c", role: "bot" as never, text: "x", at: at(0) }),
        ).rejects.toThrow(/turn\.role must be one of user, assistant/);
        await expect(store.appendTurn({ conversationId: "", role: "user", text: "x", at: at(0) })).rejects.toThrow(
          /conversationId/,
        );
        await expect(store.recentTurns("c", -1)).rejects.toThrow(/limit/);
        expect(await store.recentTurns("c", 10)).toEqual([]);
      });
    });

    describe("claimEvent", () => {
      it("returns true for the first claim of a key and false afterwards", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        expect(await store.claimEvent("Ev123", at(0))).toBe(true);
        expect(await store.claimEvent("Ev123", at(1))).toBe(false);
        expect(await store.claimEvent("Ev123", at(0))).toBe(false);
        expect(await store.claimEvent("C1:1700000000.000200", at(0))).toBe(true);
        await expect(store.claimEvent("", at(0))).rejects.toThrow(/key must be a non-empty string/);
      });

      it("concurrent claims from two instances on the same database: exactly one wins per key", async () => {
        const { openMigrated } = await setup();
        const a = await openMigrated();
        const b = await openMigrated();
        const keys = Array.from({ length: 40 }, (_, i) => `Ev${i}`);
        const attempts = keys.flatMap((key) => [
          a.claimEvent(key, at(0)).then((won) => ({ key, won })),
          b.claimEvent(key, at(0)).then((won) => ({ key, won })),
          a.claimEvent(key, at(1)).then((won) => ({ key, won })),
          b.claimEvent(key, at(1)).then((won) => ({ key, won })),
        ]);
        const results = await Promise.all(attempts);
        for (const key of keys) {
          expect(results.filter((r) => r.key === key && r.won)).toHaveLength(1);
        }
        expect(await a.claimEvent("Ev0", at(2))).toBe(false);
        expect(await b.claimEvent("Ev0", at(2))).toBe(false);
      });

      it("keeps claims for a week after the newest claim, then prunes them (Slack retries come within hours)", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const DAY = 24 * 60 * MINUTE;
        const t = (ms: number) => new Date(at(0).getTime() + ms);
        expect(await store.claimEvent("old", t(0))).toBe(true);
        expect(await store.claimEvent("recent", t(5 * DAY))).toBe(true);
        // Six days after "old": still deduplicated.
        expect(await store.claimEvent("trigger-1", t(6 * DAY))).toBe(true);
        expect(await store.claimEvent("old", t(6 * DAY + MINUTE))).toBe(false);
        // Eight days after "old": pruned, so the key can be claimed again; "recent" (3 days old) is kept.
        expect(await store.claimEvent("trigger-2", t(8 * DAY))).toBe(true);
        expect(await store.claimEvent("old", t(8 * DAY + MINUTE))).toBe(true);
        expect(await store.claimEvent("recent", t(8 * DAY + MINUTE))).toBe(false);
      });
    });

    describe("feedback", () => {
      it("upserts on (answerId, userId, kind): a repeat updates instead of duplicating", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const first = await store.recordFeedback({
          answerId: "C1:2.0",
          userId: "U1",
          kind: "down",
          reason: "outdated",
          paths: ["integrations/salesforce.md"],
          question: "How do I connect Salesforce?",
          at: at(0),
        });
        expect(first).toEqual({
          id: first.id,
          answerId: "C1:2.0",
          userId: "U1",
          kind: "down",
          reason: "outdated",
          paths: ["integrations/salesforce.md"],
          question: "How do I connect Salesforce?",
          at: at(0),
        });

        const again = await store.recordFeedback({ answerId: "C1:2.0", userId: "U1", kind: "down", reason: "wrong", at: at(5) });
        expect(again.id).toBe(first.id);
        expect(again.reason).toBe("wrong");
        expect(again.paths).toEqual(["integrations/salesforce.md"]);
        expect(again.question).toBe("How do I connect Salesforce?");
        expect(again.at).toEqual(at(5));

        // Without a reason, the earlier reason is kept.
        const third = await store.recordFeedback({ answerId: "C1:2.0", userId: "U1", kind: "down", at: at(6) });
        expect(third.id).toBe(first.id);
        expect(third.reason).toBe("wrong");

        await store.recordFeedback({ answerId: "C1:2.0", userId: "U1", kind: "flag", reason: "unsafe", at: at(7) });
        await store.recordFeedback({ answerId: "C1:2.0", userId: "U2", kind: "up", at: at(8) });
        await store.recordFeedback({ answerId: "C9:9.0", userId: "U1", kind: "up", at: at(9) });

        const rows = await store.feedbackFor("C1:2.0");
        expect(rows.map((f) => [f.userId, f.kind, f.reason])).toEqual([
          ["U1", "down", "wrong"],
          ["U1", "flag", "unsafe"],
          ["U2", "up", undefined],
        ]);
        expect(await store.feedbackFor("nothing")).toEqual([]);
        await expect(
          store.recordFeedback({ answerId: "a", userId: "U1", kind: "meh" as never, at: at(0) }),
        ).rejects.toThrow(/feedback\.kind must be one of up, down, flag/);
      });

      it("the same feedback from two instances at once leaves one row", async () => {
        const { openMigrated } = await setup();
        const a = await openMigrated();
        const b = await openMigrated();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? a : b).recordFeedback({ answerId: "ans", userId: "U1", kind: "up", reason: `r${i}`, at: at(i) }),
          ),
        );
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        expect(await a.feedbackFor("ans")).toHaveLength(1);
      });
    });

    describe("escalations", () => {
      it("creates once per key; a retry returns the existing escalation with created=false", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const first = await store.createEscalation(escalation("C1:1.0:U1"));
        expect(first.created).toBe(true);
        expect(first.escalation).toEqual({ id: first.escalation.id, status: "open", ...escalation("C1:1.0:U1") });

        const retry = await store.createEscalation(escalation("C1:1.0:U1", { need: "changed", at: at(99) }));
        expect(retry.created).toBe(false);
        expect(retry.escalation).toEqual(first.escalation);

        const minimal = await store.createEscalation({ key: "k2", userId: "U2", need: "n", reasons: [], partners: [], at: at(1) });
        expect(minimal.created).toBe(true);
        expect(minimal.escalation).toEqual({
          id: minimal.escalation.id,
          key: "k2",
          userId: "U2",
          need: "n",
          reasons: [],
          partners: [],
          status: "open",
          at: at(1),
        });
        await expect(
          store.createEscalation({ ...escalation("bad"), partners: [{ id: "x" }] as never }),
        ).rejects.toThrow(/partners\[0\]/);
      });

      it("concurrent creates with one key from two instances: exactly one is created", async () => {
        const { openMigrated } = await setup();
        const a = await openMigrated();
        const b = await openMigrated();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).createEscalation(escalation("same-key", { at: at(i) }))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.escalation.id)).size).toBe(1);
        expect(await a.listEscalations()).toHaveLength(1);
      });

      it("markEscalationNotified sets status and notifiedAt once; unknown ids are an error", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const { escalation: e } = await store.createEscalation(escalation("k"));
        await store.markEscalationNotified(e.id, at(30));
        await store.markEscalationNotified(e.id, at(60));
        const [listed] = await store.listEscalations({ userId: "U1" });
        expect(listed).toMatchObject({ id: e.id, status: "notified", notifiedAt: at(30) });
        const again = await store.createEscalation(escalation("k"));
        expect(again).toMatchObject({ created: false, escalation: { status: "notified", notifiedAt: at(30) } });
        await expect(store.markEscalationNotified(e.id + 1000, at(0))).rejects.toThrow(/does not exist/);
      });

      it("listEscalations filters by user and status, newest first, with a limit", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const e1 = (await store.createEscalation(escalation("k1", { userId: "U1", at: at(1) }))).escalation;
        const e2 = (await store.createEscalation(escalation("k2", { userId: "U2", at: at(2) }))).escalation;
        const e3 = (await store.createEscalation(escalation("k3", { userId: "U1", at: at(3) }))).escalation;
        await store.markEscalationNotified(e3.id, at(4));
        expect((await store.listEscalations()).map((e) => e.id)).toEqual([e3.id, e2.id, e1.id]);
        expect((await store.listEscalations({ userId: "U1" })).map((e) => e.id)).toEqual([e3.id, e1.id]);
        expect((await store.listEscalations({ status: "open" })).map((e) => e.id)).toEqual([e2.id, e1.id]);
        expect((await store.listEscalations({ userId: "U1", status: "open" })).map((e) => e.id)).toEqual([e1.id]);
        expect((await store.listEscalations({ limit: 2 })).map((e) => e.id)).toEqual([e3.id, e2.id]);
        expect(await store.listEscalations({ status: "closed" })).toEqual([]);
      });
    });

    describe("recentQuestions", () => {
      it("lists the user's questions newest first with their latest feedback on the answer", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const turn = (conversationId: string, role: "user" | "assistant", text: string, s: number, extra = {}) =>
          store.appendTurn({ conversationId, role, text, at: at(s), ...extra });

        await turn("c1", "user", "How do I connect Salesforce?", 1, { userId: "U1" });
        await turn("c1", "assistant", "Answer 1", 2, { answerId: "C1:2.0" });
        await turn("c1", "user", "And HubSpot?", 3, { userId: "U1" });
        await turn("c1", "assistant", "Answer 2", 4, { answerId: "C1:4.0" });
        await turn("c2", "user", "What can AI do for finance?", 5, { userId: "U1" });
        await turn("c2", "assistant", "Answer 3 (no answerId)", 6);
        await turn("c3", "user", "Someone else's question", 7, { userId: "U2" });
        await turn("c4", "user", "Unanswered question", 8, { userId: "U1" });

        await store.recordFeedback({ answerId: "C1:2.0", userId: "U1", kind: "up", at: at(10) });
        await store.recordFeedback({ answerId: "C1:2.0", userId: "U1", kind: "down", reason: "wrong", at: at(11) });
        await store.recordFeedback({ answerId: "C1:4.0", userId: "U2", kind: "flag", at: at(12) }); // not U1's
        await store.recordFeedback({
          answerId: "C2:6.0",
          userId: "U1",
          kind: "up",
          question: "What can AI do for finance?",
          at: at(13),
        });

        const all = await store.recentQuestions("U1", 10);
        expect(all).toEqual([
          { conversationId: "c4", text: "Unanswered question", at: at(8) },
          { conversationId: "c2", text: "What can AI do for finance?", at: at(5), feedback: "up" },
          { conversationId: "c1", text: "And HubSpot?", at: at(3) },
          { conversationId: "c1", text: "How do I connect Salesforce?", at: at(1), feedback: "down" },
        ]);
        expect((await store.recentQuestions("U1", 2)).map((q) => q.text)).toEqual([
          "Unanswered question",
          "What can AI do for finance?",
        ]);
        expect(await store.recentQuestions("U2", 10)).toEqual([
          { conversationId: "c3", text: "Someone else's question", at: at(7) },
        ]);
        expect(await store.recentQuestions("nobody", 10)).toEqual([]);
        expect(await store.recentQuestions("U1", 0)).toEqual([]);

        // A newer "up" on the first answer becomes the latest feedback.
        await store.recordFeedback({ answerId: "C1:2.0", userId: "U1", kind: "up", at: at(20) });
        expect((await store.recentQuestions("U1", 10)).at(-1)!.feedback).toBe("up");
      });
    });

    describe("hitRateLimit", () => {
      it("counts hits per key and fixed window", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const w0 = at(0);
        const w1 = new Date(w0.getTime() + MINUTE);
        expect(await store.hitRateLimit("user:U1", w0)).toBe(1);
        expect(await store.hitRateLimit("user:U1", w0)).toBe(2);
        expect(await store.hitRateLimit("user:U1", w0)).toBe(3);
        expect(await store.hitRateLimit("user:U2", w0)).toBe(1);
        expect(await store.hitRateLimit("user:U1", w1)).toBe(1);
        expect(await store.hitRateLimit("user:U1", w0)).toBe(4);
        await expect(store.hitRateLimit("user:U1", new Date(Number.NaN))).rejects.toThrow(/windowStart/);
      });

      it("is shared between instances, and concurrent hits each get a distinct count", async () => {
        const { openMigrated } = await setup();
        const a = await openMigrated();
        const b = await openMigrated();
        const w = at(0);
        expect(await a.hitRateLimit("k", w)).toBe(1);
        expect(await b.hitRateLimit("k", w)).toBe(2);
        expect(await a.hitRateLimit("k", w)).toBe(3);
        const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).hitRateLimit("k", w)));
        expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 4));
      });

      it("prunes windows far older than the newest one seen", async () => {
        const { openMigrated } = await setup();
        const store = await openMigrated();
        const old = at(0);
        expect(await store.hitRateLimit("k", old)).toBe(1);
        expect(await store.hitRateLimit("k", old)).toBe(2);
        const recent = new Date(old.getTime() + 60 * MINUTE);
        expect(await store.hitRateLimit("k", recent)).toBe(1);
        expect(await store.hitRateLimit("k", old)).toBe(3); // an hour back is kept
        const muchLater = new Date(old.getTime() + 3 * 24 * 60 * MINUTE);
        expect(await store.hitRateLimit("k", muchLater)).toBe(1);
        expect(await store.hitRateLimit("k", old)).toBe(1); // three days back was pruned
        expect(await store.hitRateLimit("k", muchLater)).toBe(2); // the current window is untouched
      });
    });

    describe("durable inbox", () => {
      const LEASE = 30_000;
      const payload = { type: "event_callback", event_id: "Ev1", event: { type: "app_mention", text: "hi" } };

      it("accepts once, refuses while leased, re-claims after the lease runs out, and is finished for good", async () => {
        const { openMigrated } = await setup();
        const a = await openMigrated();
        const b = await openMigrated();
        const first = await a.acceptInbox({ key: "event:Ev1", payload, owner: "A", at: at(0), leaseMs: LEASE });
        expect(first).toMatchObject({ outcome: "claimed", item: { key: "event:Ev1", payload, state: "pending", attempts: 1, owner: "A" } });
        // A Slack retry while A works on it (another replica, same store): leased, so not taken.
        expect(await b.acceptInbox({ key: "event:Ev1", payload, owner: "B", at: at(10), leaseMs: LEASE })).toEqual({ outcome: "busy" });
        // A died: the lease ran out, the retry takes it over.
        expect(await b.acceptInbox({ key: "event:Ev1", payload, owner: "B", at: at(31), leaseMs: LEASE })).toMatchObject({ outcome: "claimed", item: { attempts: 2, owner: "B" } });
        // A, back from a pause, has lost it.
        expect(await a.renewInboxLease("event:Ev1", "A", at(90))).toBe(false);
        expect(await b.renewInboxLease("event:Ev1", "B", at(90))).toBe(true);
        await b.finishInbox("event:Ev1", "B", "done", at(40));
        expect(await a.acceptInbox({ key: "event:Ev1", payload, owner: "A", at: at(500), leaseMs: LEASE })).toEqual({ outcome: "finished" });
        expect(await a.inboxStats()).toEqual({ pending: 0 });
      });

      it("sweeps due items once across instances, keeps deferred ones until their time, and forgets payloads when finished", async () => {
        const { openMigrated } = await setup();
        const a = await openMigrated();
        const b = await openMigrated();
        for (let i = 0; i < 6; i++) await a.acceptInbox({ key: `event:E${i}`, payload: { i }, owner: "dead", at: at(i), leaseMs: LEASE });
        expect(await a.inboxStats()).toEqual({ pending: 6, oldestPendingAt: at(0) });
        expect(await a.claimDueInbox({ owner: "A", at: at(20), leaseMs: LEASE, limit: 10 })).toEqual([]); // all still leased
        const [fromA, fromB] = await Promise.all([
          a.claimDueInbox({ owner: "A", at: at(100), leaseMs: LEASE, limit: 4 }),
          b.claimDueInbox({ owner: "B", at: at(100), leaseMs: LEASE, limit: 4 }),
        ]);
        const keys = [...fromA, ...fromB].map((x) => x.key).sort();
        expect(keys).toEqual(["event:E0", "event:E1", "event:E2", "event:E3", "event:E4", "event:E5"]);
        expect(fromA.concat(fromB).every((x) => x.attempts === 2)).toBe(true);
        const mine = fromA[0]!;
        await a.deferInbox(mine.key, "A", at(300));
        expect((await b.claimDueInbox({ owner: "B", at: at(200), leaseMs: LEASE, limit: 10 })).map((x) => x.key)).not.toContain(mine.key);
        const again = await b.claimDueInbox({ owner: "B", at: at(301), leaseMs: LEASE, limit: 10 });
        expect(again.find((x) => x.key === mine.key)).toMatchObject({ payload: mine.payload, attempts: 3 });
        await b.finishInbox(mine.key, "B", "failed", at(302));
        expect((await a.claimDueInbox({ owner: "A", at: at(9999), leaseMs: LEASE, limit: 10 })).map((x) => x.key)).not.toContain(mine.key);
        expect((await a.inboxStats()).pending).toBe(5);
      });

      it("claimEvent with a holder: the same holder may claim again, anyone else may not", async () => {
        const { openMigrated } = await setup();
        const s = await openMigrated();
        expect(await s.claimEvent("msg:C1:1.0", at(0), "event:Ev1")).toBe(true);
        expect(await s.claimEvent("msg:C1:1.0", at(1), "event:Ev1")).toBe(true);
        expect(await s.claimEvent("msg:C1:1.0", at(1), "event:Ev2")).toBe(false);
        expect(await s.claimEvent("msg:C1:1.0", at(1))).toBe(false);
        expect(await s.claimEvent("plain", at(0))).toBe(true);
        expect(await s.claimEvent("plain", at(0))).toBe(false);
      });

      it("prunes by the retention policy (0 keeps forever), and ping answers on a migrated database only", async () => {
        const { openMigrated } = await setup();
        const s = await openMigrated();
        await s.appendTurn({ conversationId: "c", role: "user", text: "old", userId: "U1", at: at(0) });
        await s.appendTurn({ conversationId: "c", role: "user", text: "new", userId: "U1", at: at(3600) });
        await s.claimEvent("old", at(0));
        await s.hitRateLimit("k", at(0));
        await s.acceptInbox({ key: "event:old", payload, owner: "A", at: at(0), leaseMs: LEASE });
        await s.finishInbox("event:old", "A", "done", at(1));
        await s.acceptInbox({ key: "event:pending", payload, owner: "A", at: at(0), leaseMs: LEASE });
        const deleted = await s.pruneOld({ turnsMs: 1800_000, processedEventsMs: 1800_000, rateLimitWindowsMs: 0, inboxMs: 1800_000 }, at(3600));
        expect(deleted).toEqual({ turns: 1, processed_events: 1, inbox: 1 });
        expect((await s.recentTurns("c", 10)).map((t) => t.text)).toEqual(["new"]);
        expect(await s.hitRateLimit("k", at(0))).toBe(2); // kept: 0 means forever
        expect((await s.inboxStats()).pending).toBe(1); // pending work is never pruned
        await expect(s.ping()).resolves.toBeUndefined();
        const fresh = await setup();
        await expect(fresh.open().ping()).rejects.toThrow(/schema_migrations|does not exist|no such table/);
      });
    });

    describe("durability", () => {
      it("state survives close and reopen", async () => {
        const { open, openMigrated } = await setup();
        const first = await openMigrated();
        await first.appendTurn({ conversationId: "c", role: "user", text: "q", userId: "U1", at: at(1) });
        await first.claimEvent("Ev1", at(1));
        await first.recordFeedback({ answerId: "a1", userId: "U1", kind: "up", at: at(2) });
        const { escalation: e } = await first.createEscalation(escalation("k"));
        await first.hitRateLimit("rl", at(0));
        await first.close();
        await first.close(); // closing twice is harmless

        const second = open();
        await second.migrate();
        expect((await second.recentTurns("c", 10)).map((t) => t.text)).toEqual(["q"]);
        expect(await second.claimEvent("Ev1", at(3))).toBe(false);
        expect(await second.feedbackFor("a1")).toHaveLength(1);
        expect(await second.createEscalation(escalation("k"))).toEqual({ escalation: e, created: false });
        expect(await second.hitRateLimit("rl", at(0))).toBe(2);
        expect(await second.recentQuestions("U1", 5)).toEqual([{ conversationId: "c", text: "q", at: at(1) }]);
      });
    });
  });
}
