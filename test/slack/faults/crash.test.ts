/**
 * Finding 2: a kill -9 while answers are queued behind a slow Slack lost questions (acked, claimed as handled,
 * never answered; the resent events were ignored as duplicates). Here the app runs as its own process on a
 * shared SQLite file, Slack's API takes a second per call, the process is killed mid-burst, a new one starts,
 * and the events are sent again: every question must be answered exactly once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ANSWER_ACTIONS_BLOCK } from "../../../src/slack/ids.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../../../src/slack/testing/fake-slack-api.ts";
import { type ReplicaProcess, startReplica } from "../../../src/slack/testing/replica-process.ts";
import { eventBody, postSigned } from "../../support/slack-signing.ts";
import { mentionEnvelope } from "../support/harness.ts";

const SECRET = "crash-test-signing-secret-0123456789";
const QUESTIONS = 30;
const dir = mkdtempSync(join(tmpdir(), "pp-crash-"));
let fake: FakeSlackApi | undefined;
const replicas: ReplicaProcess[] = [];
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.crash().catch(() => undefined)));
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const hasButtons = (blocks: unknown) => (blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === ANSWER_ACTIONS_BLOCK) ?? false;

describe("kill -9 mid-burst", () => {
  it("every acknowledged question is answered exactly once after a crash and a resend", async () => {
    fake = await startFakeSlackApi({ latencyMs: 1000 });
    const env = { SLACK_API_URL: fake.url, SLACK_SIGNING_SECRET: SECRET, DATA_DIR: dir, INBOX_LEASE_MS: "1500", INBOX_SWEEP_MS: "300", LOG_LEVEL: "warn" };
    const a = await startReplica(env);
    replicas.push(a);
    const events = Array.from({ length: QUESTIONS }, (_, i) => mentionEnvelope(fake!.botUserId, { text: `<@${fake!.botUserId}> question number ${i}?`, channel: `CCRASH${String(i).padStart(3, "0")}` }));
    const acks = await Promise.all(events.map((e) => postSigned(a.url, SECRET, eventBody(e))));
    expect(acks.every((r) => r.status === 200)).toBe(true);
    // Slack has some of the replies (placeholders) but is still answering the first requests: kill now.
    await fake.waitFor(() => fake!.messages.size >= 10, 10_000);
    await a.crash();
    const answeredBeforeCrash = [...fake.messages.values()].filter((m) => hasButtons(m.blocks)).length;
    expect(answeredBeforeCrash).toBeLessThan(QUESTIONS);

    const b = await startReplica(env);
    replicas.push(b);
    const resent = await Promise.all(events.map((e) => postSigned(b.url, SECRET, eventBody(e), { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } })));
    expect(resent.every((r) => r.status === 200)).toBe(true);

    const threadOf = (e: (typeof events)[number]) => [...fake!.messages.values()].filter((m) => m.channel === e.event.channel && m.thread_ts === e.event.ts);
    await fake.waitFor(() => events.every((e) => threadOf(e).some((m) => hasButtons(m.blocks))), 30_000);
    await new Promise((r) => setTimeout(r, 2500)); // anything still on its way arrives
    for (const e of events) {
      const replies = threadOf(e);
      expect(replies, `replies to ${e.event.channel}`).toHaveLength(1);
      expect(hasButtons(replies[0]!.blocks)).toBe(true);
      expect(JSON.stringify(replies[0]!.blocks)).toContain(`question number ${events.indexOf(e)}`);
    }
    expect(b.stderr()).not.toContain("xoxb-replica-token");
  }, 60_000);
});
