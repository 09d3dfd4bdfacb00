import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EscalationInputError, recordEscalation, retryPendingNotifications } from "../../src/referrals/escalations.ts";
import type { Notifier } from "../../src/referrals/notifier.ts";
import { openStore } from "../../src/store/index.ts";
import type { Escalation, Store } from "../../src/store/Store.ts";

const clock = () => new Date("2026-11-26T10:00:00Z");
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "pp-esc-"));
  store = await openStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

class RecordingNotifier implements Notifier {
  readonly sent: Escalation[] = [];
  failures = 0;
  async notifyEscalation(e: Escalation): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error("slack down");
    }
    // Written before notifying: the escalation is already in the store when the notifier runs.
    expect((await store.listEscalations({ userId: e.userId })).map((x) => x.id)).toContain(e.id);
    this.sent.push(e);
  }
}

const input = {
  userId: "U1",
  conversationId: "C1:1700000000.000100",
  need: "We need Service Cloud case summaries.\n\nCall me on +31 6 12345678 or mail jan.devries@example.com",
  reasons: ["Touches customer data"],
  partners: [{ id: "northwind", name: "Northwind", score: 0.9 }],
};

describe("recordEscalation", () => {
  it("records (redacted, one paragraph), notifies, marks notified, and says what happens next", async () => {
    const notifier = new RecordingNotifier();
    const out = await recordEscalation(store, notifier, input, clock);
    expect(out).toMatchObject({ created: true, notified: true, escalation: { status: "notified" } });
    expect(out.reply).toMatch(/Partner Management Office \(escalation #\d+\)/);
    expect(out.escalation.need).not.toMatch(/example\.com|12345678|\n/);
    expect(notifier.sent).toHaveLength(1);
    expect(await store.listEscalations({ status: "notified" })).toHaveLength(1);
  });

  it("is idempotent by key: a second click neither duplicates nor re-notifies", async () => {
    const notifier = new RecordingNotifier();
    await recordEscalation(store, notifier, input, clock);
    const again = await recordEscalation(store, notifier, input, clock);
    expect(again).toMatchObject({ created: false, notified: true });
    expect(again.reply).toMatch(/already asked/);
    expect(notifier.sent).toHaveLength(1);
    expect(await store.listEscalations()).toHaveLength(1);
  });

  it("keeps the escalation open when the post fails; the outbox retries it after its backoff, once", async () => {
    const notifier = new RecordingNotifier();
    notifier.failures = 1;
    const first = await recordEscalation(store, notifier, input, clock);
    expect(first).toMatchObject({ notified: false, escalation: { status: "open" } });
    expect(first.notifyError).toBeInstanceOf(Error);
    expect(first.reply).toMatch(/recorded your request/);
    // Asked again at once: the retry is not due yet, and nothing is posted twice.
    const again = await recordEscalation(store, notifier, input, clock);
    expect(again).toMatchObject({ created: false, notified: false });
    expect(again.reply).toMatch(/being passed on/);
    const later = (seconds: number) => () => new Date(clock().getTime() + seconds * 1000);
    expect((await retryPendingNotifications(store, notifier, later(30))).attempted).toBe(0);
    expect(await retryPendingNotifications(store, notifier, later(61))).toEqual({ attempted: 1, notified: 1, failed: 0 });
    expect(notifier.sent).toHaveLength(1);
    expect(await recordEscalation(store, notifier, input, later(62))).toMatchObject({ notified: true, reply: expect.stringMatching(/already asked/) });
  });

  it("two submits of the same escalation at once post it once (finding 5: it was posted twice, 3 of 3 tries)", async () => {
    const notifier = new RecordingNotifier();
    const slow: Notifier = {
      async notifyEscalation(e) {
        await new Promise((r) => setTimeout(r, 30));
        await notifier.notifyEscalation(e);
      },
    };
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all([1, 2, 3].map(() => recordEscalation(store, slow, { ...input, conversationId: `C1:17000000${round}.000100` }, clock)));
      expect(outcomes.filter((o) => o.notified)).not.toHaveLength(0);
    }
    expect(notifier.sent).toHaveLength(3);
    expect(new Set(notifier.sent.map((e) => e.id)).size).toBe(3);
  });

  it("refuses an empty need and records nothing", async () => {
    await expect(recordEscalation(store, new RecordingNotifier(), { ...input, need: "  \n " }, clock)).rejects.toBeInstanceOf(EscalationInputError);
    expect(await store.listEscalations()).toHaveLength(0);
  });
});

describe("retryPendingNotifications", () => {
  const at = (minutes: number) => () => new Date(clock().getTime() + minutes * 60_000);

  it("enqueues an open escalation that never got a post message (once it is five minutes old) and delivers it once", async () => {
    const notifier = new RecordingNotifier();
    // Recorded, then the process stopped before anything was enqueued.
    const { escalation } = await store.createEscalation({ key: "k1", userId: "U1", need: "Help with SAP", reasons: ["x"], partners: [], at: clock() });
    expect(await retryPendingNotifications(store, notifier, at(4))).toEqual({ attempted: 0, notified: 0, failed: 0 });
    expect(await retryPendingNotifications(store, notifier, at(6))).toEqual({ attempted: 1, notified: 1, failed: 0 });
    expect(notifier.sent.map((e) => e.id)).toEqual([escalation.id]);
    expect(notifier.sent[0]!.at).toEqual(clock());
    expect((await store.listEscalations({ userId: "U1" }))[0]!.status).toBe("notified");
    expect(await retryPendingNotifications(store, notifier, at(12))).toEqual({ attempted: 0, notified: 0, failed: 0 });
  });

  it("several replicas sweeping at once make one attempt; a failure is retried after the backoff", async () => {
    const notifier = new RecordingNotifier();
    notifier.failures = 2;
    await recordEscalation(store, notifier, input, clock); // first attempt fails (1 failure left)
    const sweeps = await Promise.all([1, 2, 3].map(() => retryPendingNotifications(store, notifier, at(1.1))));
    expect(sweeps.reduce((n, o) => n + o.attempted, 0)).toBe(1);
    expect(sweeps.reduce((n, o) => n + o.failed, 0)).toBe(1);
    // Backoff doubled (2 min): not yet.
    expect((await retryPendingNotifications(store, notifier, at(2))).attempted).toBe(0);
    expect(await retryPendingNotifications(store, notifier, at(3.2))).toEqual({ attempted: 1, notified: 1, failed: 0 });
    expect(notifier.sent).toHaveLength(1);
  });
});
