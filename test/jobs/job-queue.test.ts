import { afterAll, describe, expect, it } from "vitest";
import { JobWorker, PermanentJobError, RetryLater } from "../../src/jobs/JobWorker.ts";
import { manualClock, storeKinds } from "../support/fresh-stores.ts";

const { kinds, dropAll } = storeKinds("jobs");
afterAll(() => dropAll());

const T0 = new Date("2026-11-23T08:00:00Z");
const job = (key: string, dueAt = T0, extra: object = {}) => ({ kind: "test.kind", key, payload: { key }, dueAt, ...extra });

for (const kind of kinds) {
  describe.skipIf(kind.skip)(`job queue on ${kind.name}`, () => {
    it("enqueues once per key and claims only due jobs, each for one owner", async () => {
      const db = await kind.fresh();
      try {
        const jobs = db.store.jobs;
        expect(await jobs.enqueue([job("a"), job("b"), job("later", new Date(T0.getTime() + 60_000))], T0)).toBe(3);
        expect(await jobs.enqueue([job("a"), job("c")], T0)).toBe(1);
        const first = await jobs.claim({ owner: "w1", now: T0, leaseMs: 10_000, limit: 2 });
        const second = await jobs.claim({ owner: "w2", now: T0, leaseMs: 10_000, limit: 10 });
        expect(first.map((j) => j.key).sort()).toEqual(["a", "b"]);
        expect(second.map((j) => j.key)).toEqual(["c"]);
        expect(first[0]).toMatchObject({ status: "running", lockedBy: "w1", attempts: 1 });
        expect(await jobs.complete(first[0]!.id, "w2", T0)).toBe(false);
        expect(await jobs.complete(first[0]!.id, "w1", T0)).toBe(true);
        expect(await jobs.countJobs()).toEqual({ pending: 1, running: 2, done: 1, failed: 0 });
        expect(await jobs.nextDue("test.kind", "lat")).toEqual(new Date(T0.getTime() + 60_000));
      } finally {
        await db.cleanup();
      }
    });

    it("a job whose worker died is claimed again after its lease; the dead worker can no longer complete it", async () => {
      const db = await kind.fresh();
      try {
        const jobs = db.store.jobs;
        await jobs.enqueue([job("x")], T0);
        const [held] = await jobs.claim({ owner: "dead", now: T0, leaseMs: 30_000, limit: 5 });
        expect(await jobs.claim({ owner: "w2", now: new Date(T0.getTime() + 29_999), leaseMs: 30_000, limit: 5 })).toEqual([]);
        const [again] = await jobs.claim({ owner: "w2", now: new Date(T0.getTime() + 30_000), leaseMs: 30_000, limit: 5 });
        expect(again).toMatchObject({ id: held!.id, lockedBy: "w2", attempts: 2 });
        expect(await jobs.complete(held!.id, "dead", T0)).toBe(false);
        expect(await jobs.complete(held!.id, "w2", T0)).toBe(true);
      } finally {
        await db.cleanup();
      }
    });

    it("retry puts a job back with its due time until attempts run out, then it fails", async () => {
      const db = await kind.fresh();
      try {
        const jobs = db.store.jobs;
        await jobs.enqueue([job("r", T0, { maxAttempts: 2 })], T0);
        const [a] = await jobs.claim({ owner: "w", now: T0, leaseMs: 1000, limit: 1 });
        expect(await jobs.retry(a!.id, "w", "boom", new Date(T0.getTime() + 5000), T0)).toBe(true);
        expect(await jobs.getJob("r")).toMatchObject({ status: "pending", lastError: "boom", dueAt: new Date(T0.getTime() + 5000) });
        expect(await jobs.claim({ owner: "w", now: T0, leaseMs: 1000, limit: 1 })).toEqual([]);
        const [b] = await jobs.claim({ owner: "w", now: new Date(T0.getTime() + 5000), leaseMs: 1000, limit: 1 });
        await jobs.retry(b!.id, "w", "boom again", new Date(T0.getTime() + 9000), T0);
        expect(await jobs.getJob("r")).toMatchObject({ status: "failed", attempts: 2, lastError: "boom again" });
      } finally {
        await db.cleanup();
      }
    });

    it("effects: claimed once, done is skipped, busy while another holds it, a stale claim is taken over, a release lets a retry do it", async () => {
      const db = await kind.fresh();
      try {
        const jobs = db.store.jobs;
        expect(await jobs.claimEffect("e1", "w1", T0, 60_000)).toBe("claimed");
        expect(await jobs.claimEffect("e1", "w2", new Date(T0.getTime() + 1000), 60_000)).toBe("busy");
        expect(await jobs.claimEffect("e1", "w2", new Date(T0.getTime() + 60_000), 60_000)).toBe("claimed");
        await jobs.completeEffect("e1", T0, { ts: "1.2" });
        expect(await jobs.claimEffect("e1", "w3", new Date(T0.getTime() + 10 * 60_000), 60_000)).toBe("done");
        expect(await jobs.claimEffect("e2", "w1", T0, 60_000)).toBe("claimed");
        await jobs.releaseEffect("e2", "w1");
        expect(await jobs.claimEffect("e2", "w2", T0, 60_000)).toBe("claimed");
        expect(await jobs.countEffects("e")).toBe(1);
      } finally {
        await db.cleanup();
      }
    });

    it("the worker runs handlers by kind, backs off, honours RetryLater, fails permanent errors and unknown kinds", async () => {
      const db = await kind.fresh();
      try {
        const clock = manualClock(T0);
        const seen: string[] = [];
        let flaky = 0;
        const worker = new JobWorker({
          jobs: db.store.jobs,
          clock,
          backoffMs: 10_000,
          handlers: {
            "test.kind": async (j) => {
              seen.push(String(j.payload.key));
              if (j.payload.key === "flaky" && flaky++ === 0) throw new Error("temporary");
              if (j.payload.key === "limited" && j.attempts === 1) throw new RetryLater("429", 2000);
              if (j.payload.key === "bad") throw new PermanentJobError("no such thing");
            },
          },
        });
        await db.store.jobs.enqueue([job("ok"), job("flaky"), job("limited"), job("bad"), { kind: "nobody.handles", key: "orphan", payload: {}, dueAt: T0 }], T0);
        await worker.drain();
        expect(await db.store.jobs.getJob("ok")).toMatchObject({ status: "done" });
        expect(await db.store.jobs.getJob("bad")).toMatchObject({ status: "failed", lastError: "no such thing" });
        expect(await db.store.jobs.getJob("orphan")).toMatchObject({ status: "failed" });
        expect(await db.store.jobs.getJob("limited")).toMatchObject({ status: "pending", dueAt: new Date(T0.getTime() + 2000) });
        expect(await db.store.jobs.getJob("flaky")).toMatchObject({ status: "pending", dueAt: new Date(T0.getTime() + 10_000) });
        clock.advance(10_000);
        await worker.drain();
        expect(await db.store.jobs.countJobs()).toEqual({ pending: 0, running: 0, done: 3, failed: 2 });
        expect(seen.filter((k) => k === "flaky")).toHaveLength(2);
      } finally {
        await db.cleanup();
      }
    });

    it("two workers on separate connections run each of 300 jobs once, and each effect happens once", async () => {
      const db = await kind.fresh();
      try {
        const second = await db.open();
        const clock = manualClock(T0);
        const done: string[] = [];
        const handlers = (who: string) => ({
          "test.kind": async (j: { payload: Record<string, unknown> }, ctx: { once: (k: string, f: () => Promise<void>) => Promise<unknown> }) => {
            await ctx.once(`effect:${String(j.payload.key)}`, async () => {
              done.push(`${String(j.payload.key)}@${who}`);
              await new Promise((r) => setImmediate(r));
            });
          },
        });
        await db.store.jobs.enqueue(Array.from({ length: 300 }, (_, i) => job(`k${i}`)), T0);
        const a = new JobWorker({ jobs: db.store.jobs, clock, handlers: handlers("a") as never, batchSize: 10, concurrency: 4 });
        const b = new JobWorker({ jobs: second.jobs, clock, handlers: handlers("b") as never, batchSize: 10, concurrency: 4 });
        await Promise.all([a.drain(), b.drain()]);
        const keys = done.map((d) => d.split("@")[0]);
        expect(new Set(keys).size).toBe(300);
        expect(keys).toHaveLength(300);
        expect(await db.store.jobs.countEffects("effect:")).toBe(300);
        expect((await db.store.jobs.countJobs()).done).toBe(300);
        if (kind.name === "postgres") expect(a.stats.done).toBeGreaterThan(0), expect(b.stats.done).toBeGreaterThan(0);
      } finally {
        await db.cleanup();
      }
    });
  });
}
