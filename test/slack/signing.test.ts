import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isValidSlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { signedHeaders, slackSignature } from "../support/slack-signing.ts";

const vector = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/slack/signing-vector.json"), "utf8"));

describe("Slack request signing", () => {
  it("reproduces Slack's published example signature", () => {
    expect(slackSignature(vector.signingSecret, vector.timestamp, vector.body)).toBe(vector.expectedSignature);
  });

  it("the example verifies with Bolt's verifier at its own time, and not with another secret or 6 minutes later", () => {
    const at = Number(vector.timestamp) * 1000;
    const headers = { "x-slack-signature": vector.expectedSignature, "x-slack-request-timestamp": Number(vector.timestamp) };
    expect(isValidSlackRequest({ signingSecret: vector.signingSecret, body: vector.body, headers, nowMilliseconds: at })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: "another-secret", body: vector.body, headers, nowMilliseconds: at })).toBe(false);
    expect(isValidSlackRequest({ signingSecret: vector.signingSecret, body: `${vector.body}&x=1`, headers, nowMilliseconds: at })).toBe(false);
    expect(isValidSlackRequest({ signingSecret: vector.signingSecret, body: vector.body, headers, nowMilliseconds: at + 6 * 60_000 })).toBe(false);
  });

  it("signedHeaders produces what Bolt accepts", () => {
    const body = JSON.stringify({ type: "event_callback" });
    const h = signedHeaders("s3cret", body, { timestamp: 1_700_000_000 });
    expect(
      isValidSlackRequest({
        signingSecret: "s3cret",
        body,
        headers: { "x-slack-signature": h["x-slack-signature"]!, "x-slack-request-timestamp": 1_700_000_000 },
        nowMilliseconds: 1_700_000_000_000,
      }),
    ).toBe(true);
  });
});
