import { describe, expect, it } from "vitest";
import { notApprovedNote, unlistedAiTools } from "../../src/assistant/unlisted-tools.ts";

/** A corpus that names Otter, Claude and Read.ai, and Copilot and Power BI apart. */
const corpus = " otter claude read ai copilot power bi ";
const named = (phrase: string) => corpus.includes(` ${phrase.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim()} `);

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

  it("leaves out a product used inside an approved assistant, which that assistant's rules cover", () => {
    expect(unlistedAiTools("can i use AI images for blog headers?? like the dall-e stuff inside chatgpt", named)).toEqual([]);
    expect(unlistedAiTools("is dall-e in copilot ok for slides?", named)).toEqual([]);
    expect(unlistedAiTools("is dall-e ok for slides?", named)).toEqual(["dall-e"]);
  });

  it("leaves out products the corpus names, whole", () => {
    expect(unlistedAiTools("is otter ok for meeting notes?", named)).toEqual([]);
    expect(unlistedAiTools("is claude allowed?", named)).toEqual([]);
    expect(unlistedAiTools("is read.ai allowed?", named)).toEqual([]);
    expect(unlistedAiTools("is notion ai allowed?", named)).toEqual(["notion ai"]);
    // An AI feature of a product the company runs is its own product: named only by its whole name.
    expect(unlistedAiTools("is copilot in power bi approved?", named)).toEqual(["copilot in power bi"]);
  });

  it("knows a feature by each of its names once a playbook names it by one", () => {
    const namesFeature = (phrase: string) => named(phrase) || phrase.toLowerCase() === "copilot in power bi";
    expect(unlistedAiTools("is copilot in power bi approved?", namesFeature)).toEqual([]);
    expect(unlistedAiTools("is it ok to use Power BI Copilot on the FP&A model", namesFeature)).toEqual([]);
    expect(unlistedAiTools("can we use powerbi copilot?", namesFeature)).toEqual([]);
    expect(unlistedAiTools("is copilot for power bi allowed", namesFeature)).toEqual([]);
    // Another product's Copilot is still its own product.
    expect(unlistedAiTools("is dynamics 365 copilot allowed", namesFeature)).toEqual(["dynamics 365 copilot"]);
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
    expect(notApprovedNote(["copilot in power bi"])).toBe("Copilot in Power BI is not on the list of approved AI tools.");
    expect(notApprovedNote(["notebooklm"])).toBe("NotebookLM is not on the list of approved AI tools.");
    expect(notApprovedNote(["Synthesia", "HeyGen", "quillbot"])).toBe("Synthesia, HeyGen and QuillBot are not on the list of approved AI tools.");
  });
});
