import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging.ts";
import { boltLogger, withoutPayload } from "../../src/slack/bolt-logger.ts";

function capture() {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: boltLogger(createLogger("debug", sink)) };
}

describe("boltLogger at LOG_LEVEL=debug", () => {
  it("keeps the first words of payload lines, never the users' messages in them", async () => {
    const { lines, logger } = capture();
    const envelope = JSON.stringify({ envelope_id: "e1", payload: { event: { text: "my salary is 81k, can I ask Copilot about it?" } } });
    logger.debug(`Received a message on the WebSocket: ${envelope}`);
    logger.debug(`http request body: ${JSON.stringify({ channel: "C1", text: "the answer about salaries" })}`);
    logger.debug(`Calling ack() - type: events_api, envelope_id: e1, data: {"text":"hello"}`);
    logger.debug("Going to retrieve a new WSS URL ...");
    logger.info("Now connected to Slack");
    await new Promise((r) => setImmediate(r));
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/salary|salaries|hello/);
    expect(lines.map((l) => l.msg)).toEqual([
      "Received a message on the WebSocket (payload not logged)",
      "http request body (payload not logged)",
      "Calling ack() - type: events_api, envelope_id: e1, data (payload not logged)",
      "Going to retrieve a new WSS URL ...",
      "Now connected to Slack",
    ]);
  });

  it("leaves other lines alone", () => {
    expect(withoutPayload("http request url: https://slack.com/api/chat.postMessage")).toBe("http request url: https://slack.com/api/chat.postMessage");
  });
});
