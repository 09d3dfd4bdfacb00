import { afterAll, describe, expect, it } from "vitest";
import { engines } from "../support/stores.ts";

const T0 = Date.parse("2026-05-04T10:00:00.000Z");
const at = (s: number) => new Date(T0 + s * 1000);
const all = engines("outbox");

afterAll(async () => {
  for (const e of all) await e.cleanup();
});

for (const engine of all) {
  describe.skipIf(engine.skip)(`Outbox store (${engine.name})`, () => {
    it("enqueue is idempotent by key and keeps the payload as JSON", async () => {
      const store = await (await engine.fresh())();
      const first = await store.outbox.enqueue({ kind: "slack.post", key: "k1", payload: { channel: "C1", n: 1 } }, at(0));
      const again = await store.outbox.enqueue({ kind: "slack.post", key: "k1", payload: { other: true } }, at(5));
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.message).toEqual(first.message);
      expect(first.message).toMatchObject({ kind: "slack.post", key: "k1", payload: { channel: "C1", n: 1 }, state: "pending", attempts: 0 });
      expect(first.message.nextAttemptAt).toEqual(at(0));
      expect(await store.outbox.counts()).toEqual({ pending: 1, done: 0, dead: 0 });
    });

    it("refuses bad input before touching the table", async () => {
      const store = await (await engine.fresh())();
      await expect(store.outbox.enqueue({ kind: "", key: "k", payload: 1 }, at(0))).rejects.toThrow(/outbox.kind/);
      await expect(store.outbox.enqueue({ kind: "x", key: "k", payload: 1n }, at(0))).rejects.toThrow(/JSON-serialisable/);
      await expect(store.outbox.claim({ owner: "w", at: at(0), leaseMs: 0, limit: 1 })).rejects.toThrow(/leaseMs/);
      expect(await store.outbox.counts()).toEqual({ pending: 0, done: 0, dead: 0 });
    });

    it("claims only due messages of the asked kinds, oldest first, and counts the attempt", async () => {
      const store = await (await engine.fresh())();
      await store.outbox.enqueue({ kind: "a", key: "late", payload: 1, notBefore: at(100) }, at(0));
      await store.outbox.enqueue({ kind: "a", key: "second", payload: 2, notBefore: at(2) }, at(0));
      await store.outbox.enqueue({ kind: "a", key: "first", payload: 3, notBefore: at(1) }, at(0));
      await store.outbox.enqueue({ kind: "b", key: "other-kind", payload: 4 }, at(0));
      const claimed = await store.outbox.claim({ owner: "w1", at: at(10), leaseMs: 60_000, limit: 10, kinds: ["a"] });
      expect(claimed.map((m) => m.key)).toEqual(["first", "second"]);
      expect(claimed.every((m) => m.attempts === 1 && m.lockedBy === "w1")).toBe(true);
      expect(claimed[0]!.lockedUntil).toEqual(at(70));
      // Held by w1's lease: nobody else gets them.
      expect(await store.outbox.claim({ owner: "w2", at: at(20), leaseMs: 60_000, limit: 10, kinds: ["a"] })).toEqual([]);
    });

    it("only the lease holder completes; an expired lease is taken over and the old holder cannot complete", async () => {
      const store = await (await engine.fresh())();
      const { message } = await store.outbox.enqueue({ kind: "a", key: "k", payload: null }, at(0));
      const [mine] = await store.outbox.claim({ owner: "w1", at: at(0), leaseMs: 30_000, limit: 1 });
      expect(await store.outbox.complete(message.id, "w2", at(1))).toBe(false);
      // w1 died: after the lease, w2 claims it (second attempt).
      const [taken] = await store.outbox.claim({ owner: "w2", at: at(31), leaseMs: 30_000, limit: 1 });
      expect(taken).toMatchObject({ id: mine!.id, attempts: 2, lockedBy: "w2" });
      expect(await store.outbox.complete(message.id, "w1", at(32))).toBe(false);
      expect(await store.outbox.complete(message.id, "w2", at(33))).toBe(true);
      expect(await store.outbox.get("k")).toMatchObject({ state: "done", doneAt: at(33) });
      expect(await store.outbox.claim({ owner: "w3", at: at(999), leaseMs: 30_000, limit: 1 })).toEqual([]);
    });

    it("retry reschedules with the error; bury stops it for good", async () => {
      const store = await (await engine.fresh())();
      const a = (await store.outbox.enqueue({ kind: "a", key: "a", payload: 1 }, at(0))).message;
      const b = (await store.outbox.enqueue({ kind: "a", key: "b", payload: 2 }, at(0))).message;
      await store.outbox.claim({ owner: "w", at: at(0), leaseMs: 60_000, limit: 2 });
      expect(await store.outbox.retry(a.id, "w", "Error: 503", at(40))).toBe(true);
      expect(await store.outbox.bury(b.id, "w", "PermanentDeliveryError: 404", at(1))).toBe(true);
      expect(await store.outbox.claim({ owner: "w", at: at(39), leaseMs: 60_000, limit: 5 })).toEqual([]);
      const [again] = await store.outbox.claim({ owner: "w", at: at(40), leaseMs: 60_000, limit: 5 });
      expect(again).toMatchObject({ key: "a", attempts: 2, lastError: "Error: 503" });
      expect(await store.outbox.list({ state: "dead" })).toMatchObject([{ key: "b", lastError: "PermanentDeliveryError: 404" }]);
      expect(await store.outbox.counts()).toEqual({ pending: 1, done: 0, dead: 1 });
    });

    it("two instances claiming at once never get the same message", async () => {
      const open = await engine.fresh();
      const [s1, s2] = [await open(), await open()];
      for (let i = 0; i < 40; i++) await s1.outbox.enqueue({ kind: "a", key: `m${i}`, payload: i }, at(0));
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? s1 : s2).outbox.claim({ owner: `w${i}`, at: at(1), leaseMs: 60_000, limit: 7 })),
      );
      const ids = claims.flat().map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
    });
  });
}
