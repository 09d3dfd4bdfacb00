import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logging.ts";
import { DEFAULT_RETENTION, RetentionSchedule } from "../../src/operations/retention.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";

const DAY = 24 * 3_600_000;

describe("retention", () => {
  it("the schedule prunes turns, event claims and rate-limit windows past their settings, and keeps the rest", async () => {
    const store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
    const now = new Date("2026-12-01T00:00:00Z");
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await store.appendTurn({ conversationId: "c", role: "user", text: "old question from jane", userId: "U1", at: ago(31) });
    await store.appendTurn({ conversationId: "c", role: "user", text: "recent question", userId: "U1", at: ago(1) });
    await store.claimEvent("event:old", ago(8));
    await store.claimEvent("event:new", ago(1));
    await store.hitRateLimit("user:U1", ago(3));
    const schedule = new RetentionSchedule(store, DEFAULT_RETENTION, () => now, silentLogger, 0);
    expect(await schedule.runOnce()).toEqual({ turns: 1, processed_events: 1, rate_limits: 1, inbox: 0 });
    expect((await store.recentTurns("c", 10)).map((t) => t.text)).toEqual(["recent question"]);
    expect(await store.claimEvent("event:new", now)).toBe(false); // still deduplicated
    expect(await store.claimEvent("event:old", now)).toBe(true); // forgotten after a week
    await store.close();
  });

  it("settings: defaults, days to ms, and a bad value stops the start naming the variable", () => {
    const config = loadConfig({});
    expect(config.retention).toEqual({ turnsMs: 30 * DAY, processedEventsMs: 7 * DAY, rateLimitWindowsMs: 2 * DAY, inboxMs: 7 * DAY });
    expect(config.inbox).toEqual({ leaseMs: 30_000, sweepEveryMs: 5_000, maxAttempts: 8 });
    expect(loadConfig({ RETENTION_TURNS_DAYS: "0" }).retention.turnsMs).toBe(0);
    expect(() => loadConfig({ RETENTION_EVENTS_DAYS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_EVENTS_DAYS: "0" })).toThrow(/RETENTION_EVENTS_DAYS/);
    expect(() => loadConfig({ INBOX_LEASE_SECONDS: "soon" })).toThrow(/INBOX_LEASE_SECONDS.*whole number|INBOX_LEASE_SECONDS/);
  });
});
