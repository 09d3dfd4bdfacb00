import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dot } from "../../src/retrieval/embedders/Embedder.ts";
import { LocalEmbedder } from "../../src/retrieval/embedders/LocalEmbedder.ts";
import { encodeCached, UniversalSentenceEncoder, type SentenceEncoder } from "../../src/retrieval/embedders/SentenceEncoder.ts";
import { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { loadPlaybooks } from "../../src/retrieval/playbooks.ts";
import { loadConfig } from "../../src/config.ts";
import { EncodedIntentModel } from "../../src/assistant/intent-encoder.ts";
import { knowledgeDir, playbookText, removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

/** Counts what it is asked to encode; vectors are a fixed function of the text (its letters' histogram). */
class CountingEncoder implements SentenceEncoder {
  readonly id = "counting@1";
  readonly dimensions = 26;
  encoded: string[] = [];
  async encode(texts: string[]): Promise<Float32Array[]> {
    this.encoded.push(...texts);
    return texts.map((t) => {
      const v = new Float32Array(26);
      for (const ch of t.toLowerCase()) if (ch >= "a" && ch <= "z") v[ch.charCodeAt(0) - 97]! += 1;
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  }
}

describe("Universal Sentence Encoder lite (the real model, from the npm package)", () => {
  let encoder: UniversalSentenceEncoder;
  beforeAll(async () => {
    encoder = await UniversalSentenceEncoder.load();
  }, 60_000);

  it("places a paraphrase closer than an unrelated sentence, with unit vectors of 512 dimensions", async () => {
    const [q, para, other] = await encoder.encode([
      "how do I get a licence for ChatGPT",
      "Requesting a seat for an AI tool",
      "Quarterly variance commentary for the management accounts",
    ]);
    expect(q!.length).toBe(512);
    expect(Math.abs(dot(q!, q!) - 1)).toBeLessThan(1e-4);
    expect(dot(q!, para!)).toBeGreaterThan(dot(q!, other!) + 0.1);
  });

  it("the shipped intent weights are for this encoder and read its vectors sensibly", async () => {
    const model = EncodedIntentModel.load();
    expect(model).toBeDefined();
    expect(model!.encoder).toBe(encoder.id);
    const [hello, partner, rule] = await encoder.encode([
      "hello there, thanks a lot!",
      "we want a certified partner to build an AI integration that writes into SAP for 6 countries, please connect us",
      "am I allowed to paste a customer contract into ChatGPT Enterprise?",
    ]);
    const best = (v: Float32Array) => Object.entries(model!.probabilities(v)).sort((a, b) => b[1] - a[1])[0]![0];
    expect(best(hello!)).toBe("smalltalk");
    expect(best(partner!)).toBe("partner_request");
    expect(best(rule!)).toBe("question");
  });

  it("encodes an empty string without failing (a heading can be blank)", async () => {
    const [v] = await encoder.encode([""]);
    expect(v!.length).toBe(512);
    expect(v!.every((x) => Number.isFinite(x))).toBe(true);
  });
});

describe("sentence-vector cache", () => {
  it("encodes only texts it has not seen, across restarts, and survives a torn cache file", async () => {
    const dir = tempDir("sentcache");
    const first = new CountingEncoder();
    const a = await encodeCached(first, ["alpha", "beta", "alpha"], dir);
    expect(first.encoded).toEqual(["alpha", "beta"]);
    const second = new CountingEncoder();
    const b = await encodeCached(second, ["beta", "gamma"], dir);
    expect(second.encoded).toEqual(["gamma"]);
    expect(Array.from(b[0]!)).toEqual(Array.from(a[1]!));

    const file = readdirSync(dir).find((f) => f.startsWith("sentence-vectors-"))!;
    writeFileSync(path.join(dir, file), '{"torn":');
    const third = new CountingEncoder();
    await encodeCached(third, ["beta"], dir);
    expect(third.encoded).toEqual(["beta"]);
  });

  it("without a cache directory encodes everything and writes nothing", async () => {
    const enc = new CountingEncoder();
    await encodeCached(enc, ["x", "y"], undefined);
    expect(enc.encoded).toEqual(["x", "y"]);
  });
});

describe("search with a sentence encoder attached", () => {
  it("adds heading similarity only when asked, and it can decide the order", async () => {
    const dir = knowledgeDir(
      {
        "integrations/alpha.md": playbookText({ id: "integrations-alpha", title: "Zzzz" }, "## Qqqq\n\nVendor onboarding checklist for procurement.\n"),
        "integrations/beta.md": playbookText({ id: "integrations-beta", title: "Beta" }, "## Licences\n\nRequest a licence through the service portal.\n"),
      },
      "sem-kb",
    );
    const index = await KnowledgeIndex.build(await loadPlaybooks(dir), new LocalEmbedder(undefined));
    const encoder = new CountingEncoder();
    index.modelCacheDir = tempDir("sem-models");
    await index.attachSentenceEncoder(encoder);
    expect(index.sentenceEncoderId).toBe("counting@1");
    expect(existsSync(index.modelCacheDir)).toBe(true);

    // "zzzzqqqq" shares no word with any chunk; the letter-histogram encoder finds the "Zzzz: Qqqq" heading.
    const off = await index.rank("zzzzqqqq");
    expect((await index.rank("zzzzqqqq", { semanticWeight: 0 })).map((h) => h.chunk.id)).toEqual(off.map((h) => h.chunk.id));
    const on = await index.rank("zzzzqqqq", { semanticWeight: 1 });
    expect(on[0]!.chunk.path).toBe("integrations/alpha.md");
    expect(on[0]!.semanticScore).toBeGreaterThan(0.5);
    expect(on[0]!.semanticScore!).toBeGreaterThan(on.find((h) => h.chunk.path === "integrations/beta.md")!.semanticScore!);
    expect(off.every((h) => h.semanticScore === undefined)).toBe(true);
  });
});

describe("an encoder only for reading the question", () => {
  it("is available to the intent model and leaves search as it was", async () => {
    const dir = knowledgeDir({ "integrations/beta.md": playbookText({ id: "integrations-beta", title: "Beta" }, "## Licences\n\nRequest a licence through the service portal.\n") }, "intent-only-kb");
    const index = await KnowledgeIndex.build(await loadPlaybooks(dir), new LocalEmbedder(undefined));
    const encoder = new CountingEncoder();
    index.useSentenceEncoder(encoder);
    expect(index.sentenceEncoder?.id).toBe("counting@1");
    expect(index.sentenceEncoderId).toBeUndefined();
    expect((await index.rank("licence", { semanticWeight: 1 })).every((h) => h.semanticScore === undefined)).toBe(true);
    // One encoding serves a question asked twice in a row (search and the intent model share it).
    await index.encode("how do I get a licence");
    await index.encode("how do I get a licence");
    expect(encoder.encoded).toEqual(["how do I get a licence"]);
  });
});

describe("SENTENCE_ENCODER setting", () => {
  it("defaults to off, accepts use and intent, and names the variable for anything else", () => {
    expect(loadConfig({}).sentenceEncoder).toBe("off");
    expect(loadConfig({ SENTENCE_ENCODER: "USE" }).sentenceEncoder).toBe("use");
    expect(loadConfig({ SENTENCE_ENCODER: "intent" }).sentenceEncoder).toBe("intent");
    expect(() => loadConfig({ SENTENCE_ENCODER: "bert" })).toThrow(/Invalid setting SENTENCE_ENCODER \(got "bert"\): must be one of use, intent, off/);
  });
});
