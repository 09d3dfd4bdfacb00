import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { benchSlack } from "../../src/slack/bench.ts";
import { openStore } from "../../src/store/index.ts";
import { FakeEngine } from "./support/fake-engine.ts";

describe("benchSlack", () => {
  it("measures ack and reply latency end to end (small run; `npm run bench` does 200)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pp-bench-"));
    const store = await openStore({ dataDir: dir });
    try {
      const r = await benchSlack({ engine: new FakeEngine({ store }), store, events: 30, sequentialEvents: 5 });
      expect(r.events).toBe(30);
      expect(r.sequentialEvents).toBe(5);
      for (const v of [r.ackP50Ms, r.ackP99Ms, r.replyP50Ms, r.replyP95Ms, r.burstReplyP95Ms, r.boltAckP50Ms, r.boltAckP99Ms]) expect(v).toBeGreaterThan(0);
      expect(r.boltAckP99Ms).toBeGreaterThanOrEqual(r.boltAckP50Ms);
      expect(r.ackP99Ms).toBeGreaterThanOrEqual(r.ackP50Ms);
      expect(r.ackP99Ms).toBeLessThan(3000); // Slack's own deadline; the target figures come from `npm run bench`
      // The app's own ack times cover every event of the burst and cannot exceed what the sender saw end to end.
      expect(r.appAckP50Ms).toBeGreaterThan(0);
      expect(r.appAckP99Ms).toBeGreaterThanOrEqual(r.appAckP50Ms);
      expect(r.appAckP99Ms).toBeLessThanOrEqual(r.ackP99Ms);
      expect(r.burstLoopDelayMaxMs).toBeGreaterThan(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
