import { describe, expect, it } from "vitest";
import { notApprovedNote, unlistedAiTools } from "../../src/assistant/unlisted-tools.ts";

/** A corpus that names Otter and Claude, and knows the common words. */
const corpus = new Set(["otter", "claud", "ai", "read"]);
const named = (term: string) => corpus.has(term);

describe("unlistedAiTools", () => {
  it.each([
    ["is perplexity ok to use?", ["perplexity"]],
    ["can i use elevenlabs for a voiceover in a training video", ["elevenlabs"]],
    ["anyone know if we can use jasper ai for blog drafts", ["jasper ai"]],
    ["my team wants to try Synthesia and HeyGen for training videos, allowed?", ["Synthesia", "HeyGen"]],
    ["is Grok approved? grok is everywhere on x", ["Grok"]],
  ])("%s → %j", (question, expected) => {
    expect(unlistedAiTools(question, named)).toEqual(expected);
  });

  it("leaves out products the corpus names, whole", () => {
    expect(unlistedAiTools("is otter ok for meeting notes?", named)).toEqual([]);
    expect(unlistedAiTools("is claude allowed?", named)).toEqual([]);
    // "read.ai" is named when both its words are; "notion ai" is not, since "notion" is in no passage.
    expect(unlistedAiTools("is read.ai allowed?", named)).toEqual([]);
    expect(unlistedAiTools("is notion ai allowed?", named)).toEqual(["notion ai"]);
  });

  it("needs an ask about using the product", () => {
    expect(unlistedAiTools("midjourney vs dall-e which is better?", named)).toEqual([]);
    expect(unlistedAiTools("avg lead time for a security review? team wants to trial Perplexity Pro", named)).toEqual([]);
  });

  it("leaves a model run on one of the company's platforms, and a long project message, to search", () => {
    expect(unlistedAiTools("is snowflake cortex w/ mistral-large approved on the customer schema?", named)).toEqual([]);
    const long = `We want to fine-tune an open model (Mistral 7B) on support tickets hosted in our own cloud account and the tickets contain customer emails, so which approvals do we need and is that ok at all for a pilot of three months?`;
    expect(unlistedAiTools(long, named)).toEqual([]);
    expect(unlistedAiTools("can we run mistral locally, is that ok?", named)).toEqual(["mistral"]);
  });
});

describe("notApprovedNote", () => {
  it("names the products as a person would write them", () => {
    expect(notApprovedNote(["perplexity"])).toBe("Perplexity is not on the list of approved AI tools.");
    expect(notApprovedNote(["notion ai"])).toBe("Notion AI is not on the list of approved AI tools.");
    expect(notApprovedNote(["Synthesia", "HeyGen", "quillbot"])).toBe("Synthesia, HeyGen and Quillbot are not on the list of approved AI tools.");
  });
});
