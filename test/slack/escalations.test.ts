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

  it("keeps the escalation open when notifying fails, and notifies on the next attempt", async () => {
    const notifier = new RecordingNotifier();
    notifier.failures = 1;
    const first = await recordEscalation(store, notifier, input, clock);
    expect(first).toMatchObject({ notified: false, escalation: { status: "open" } });
    expect(first.notifyError).toBeInstanceOf(Error);
    expect(first.reply).toMatch(/recorded your request/);
    const second = await recordEscalation(store, notifier, input, clock);
    expect(second).toMatchObject({ created: false, notified: true, escalation: { status: "notified" } });
  });

  it("refuses an empty need and records nothing", async () => {
    await expect(recordEscalation(store, new RecordingNotifier(), { ...input, need: "  \n " }, clock)).rejects.toBeInstanceOf(EscalationInputError);
    expect(await store.listEscalations()).toHaveLength(0);
  });
});

describe("retryPendingNotifications", () => {
  const at = (minutes: number) => () => new Date(clock().getTime() + minutes * 60_000);

  it("delivers an escalation whose first notification failed, once the first attempt is five minutes old", async () => {
    const notifier = new RecordingNotifier();
    notifier.failures = 1;
    const first = await recordEscalation(store, notifier, input, clock);
    expect(first.notified).toBe(false);
    // Too recent: the first attempt might still be running somewhere.
    expect(await retryPendingNotifications(store, notifier, at(4))).toEqual({ attempted: 0, notified: 0, failed: 0 });
    expect(await retryPendingNotifications(store, notifier, at(6))).toEqual({ attempted: 1, notified: 1, failed: 0 });
    expect(notifier.sent.map((e) => e.id)).toEqual([first.escalation.id]);
    const [stored] = await store.listEscalations({ userId: "U1" });
    expect(stored!.status).toBe("notified");
    // Nothing left to do.
    expect(await retryPendingNotifications(store, notifier, at(12))).toEqual({ attempted: 0, notified: 0, failed: 0 });
  });

  it("several replicas sweeping at once make one attempt per escalation per slot; a failure is retried in the next slot", async () => {
    const notifier = new RecordingNotifier();
    notifier.failures = 2;
    await recordEscalation(store, notifier, input, clock); // first attempt fails (1 failure left)
    const sweeps = await Promise.all([1, 2, 3].map(() => retryPendingNotifications(store, notifier, at(6))));
    expect(sweeps.reduce((n, o) => n + o.attempted, 0)).toBe(1);
    expect(sweeps.reduce((n, o) => n + o.failed, 0)).toBe(1);
    // Same slot again: not retried yet.
    expect((await retryPendingNotifications(store, notifier, at(8))).attempted).toBe(0);
    // Next slot: delivered.
    expect(await retryPendingNotifications(store, notifier, at(11))).toEqual({ attempted: 1, notified: 1, failed: 0 });
    expect(notifier.sent).toHaveLength(1);
  });
});
