/**
 * Finding 1: a Web API call that fails at the network level logged the bot token (the request's Authorization
 * header) and the URL-encoded question with a card number and an email. Every harness also checks its own logs
 * on close (leaksIn), so every failure test of the Slack suite is covered; this file makes the worst cases happen.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, serializeError } from "../../../src/logging.ts";
import { BOT_TOKEN, type Harness, leaksIn, mentionEnvelope, PLANTED, startHarness } from "../support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ placeholderDelayMs: 0 });
});
afterAll(async () => {
  await h?.close();
});

describe("logs never carry a token or what people wrote", () => {
  it("a post dropped at the network level: the error is logged without the Authorization header or the question", async () => {
    // Every attempt (the client retries twice in the harness) is dropped without an answer.
    h.fake.failNext("chat.postMessage", { drop: true }, 20);
    const env = mentionEnvelope(h.fake.botUserId, { text: `<@${h.fake.botUserId}> my card is ${PLANTED[0]}, mail ${PLANTED[2]}: how do I use AI?` });
    expect((await h.sendEvent(env)).status).toBe(200);
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === "chat.postMessage" && c.status === 0).length >= 3);
    await h.settle(300);
    // Logged as a failure to deliver (retried later through the inbox), and still diagnosable: the error's type
    // and network code are kept.
    const failures = h.logs.filter((l) => l.level >= 40 && l.err);
    expect(failures.length).toBeGreaterThan(0);
    expect(JSON.stringify(failures)).toMatch(/ECONNRESET|socket hang up|UND_ERR_SOCKET|other side closed/);
    expect(leaksIn(h.logs)).toEqual([]);
  });

  it("an error shaped like the Web API's (request config attached) keeps only safe fields, at any depth and key case", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) });
    const logger = createLogger("debug", sink, { secrets: [BOT_TOKEN] });
    const err = Object.assign(new Error(`A request error occurred: socket hang up`), {
      code: "slack_webapi_request_error",
      original: { code: "ECONNRESET", config: { headers: { Authorization: `Bearer ${BOT_TOKEN}` }, data: `text=${encodeURIComponent(PLANTED[0])}` } },
    });
    logger.error({ err, nested: { deeper: { AUTHORIZATION: "Bearer abcdef123456", Text: PLANTED[2], list: [{ apiKey: "sk-live-1234567890" }] } } }, "failed");
    logger.warn(`token ${BOT_TOKEN} and ${PLANTED[2]} in a message string`);
    logger.info({ wrapped: new Error(`for ${PLANTED[2]}`, { cause: err }) }, "wrapped");
    const all = lines.join("\n");
    for (const secret of [BOT_TOKEN, "abcdef123456", "sk-live-1234567890", ...PLANTED, encodeURIComponent(PLANTED[0])]) expect(all).not.toContain(secret);
    const first = JSON.parse(lines[0]!);
    expect(first.err).toMatchObject({ type: "Error", code: "slack_webapi_request_error", originalCode: "ECONNRESET" });
    expect(first.err.original).toBeUndefined();
    expect(serializeError(err)).not.toHaveProperty("original");
  });
});
