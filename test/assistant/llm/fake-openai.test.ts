import { OpenAIEmbeddings } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../../support/fake-openai.ts";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimensions: 16, handler: (req) => (req.body?.messages?.at(-1)?.content === "ping" ? { text: "pong" } : undefined) });
});
afterAll(async () => {
  await fake.close();
});

describe("fake OpenAI server", () => {
  it("serves deterministic embeddings to the real OpenAIEmbeddings client (base64 by default)", async () => {
    const embeddings = new OpenAIEmbeddings({ apiKey: "k", model: "text-embedding-3-small", maxRetries: 0, configuration: { baseURL: fake.baseURL } });
    const [a, b, c] = await embeddings.embedDocuments(["alpha", "beta", "alpha"]);
    expect(a).toHaveLength(16);
    expect(a).toEqual(c);
    expect(a).not.toEqual(b);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    const last = fake.requests.at(-1)!;
    expect(last.path).toBe("/v1/embeddings");
    expect(last.body.input).toEqual(["alpha", "beta", "alpha"]);
  });

  it("answers chat completions from the handler, records the body, and 404s unknown routes", async () => {
    const res = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "ping" }] }),
    });
    const json = (await res.json()) as any;
    expect(json.choices[0].message.content).toBe("pong");
    expect(fake.chatRequests().at(-1)!.body.model).toBe("m");
    expect((await fetch(`${fake.baseURL}/models`)).status).toBe(404);
  });

  it("streams SSE chunks ending with [DONE]", async () => {
    fake.enqueue({ text: "abcdefgh", chunkSize: 3 });
    const res = await fetch(`${fake.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "x" }] }),
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = (await res.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const content = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice("data: ".length)).choices[0]?.delta?.content ?? "")
      .join("");
    expect(content).toBe("abcdefgh");
  });
});
