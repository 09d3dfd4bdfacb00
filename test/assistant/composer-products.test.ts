import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/assistant/composer.ts";
import { productsNamed } from "../../src/assistant/products.ts";
import { HAND_WEIGHTS, type OpeningWeights } from "../../src/assistant/opening-ranker.ts";
import { passage } from "../support/fixtures-knowledge.ts";

/** A passage of one section of a playbook. */
const chunk = (id: number, path: string, section: string, text: string) => passage(id, path, section, text);

describe("productsNamed: the AI products and systems a text names", () => {
  it("reads the names and abbreviations people write, each once", () => {
    expect([...productsNamed("can copilot studio agents read snow tickets and write back to SFDC?")].sort()).toEqual(["copilot-studio", "salesforce", "servicenow"]);
    expect([...productsNamed("S/4HANA and Joule, or the s4 export")]).toEqual(["sap"]);
    expect([...productsNamed("ChatGPT Enterprise and chat gpt plus")]).toEqual(["chatgpt"]);
  });

  it("tells GitHub Copilot and Copilot Studio from Microsoft 365 Copilot, which plain 'Copilot' is", () => {
    expect([...productsNamed("gh copilot in vscode")]).toEqual(["github-copilot"]);
    expect([...productsNamed("GitHub Copilot agent mode")]).toEqual(["github-copilot"]);
    expect([...productsNamed("what does a Copilot seat cost?")]).toEqual(["m365-copilot"]);
    expect([...productsNamed("Microsoft 365 Copilot and Copilot Studio")].sort()).toEqual(["copilot-studio", "m365-copilot"]);
  });

  it("reads the names as Polish and German inflect them", () => {
    expect([...productsNamed("mogę wrzucić rysunki do copilota?")]).toEqual(["m365-copilot"]);
    expect([...productsNamed("czy w copilocie widać moje pliki")]).toEqual(["m365-copilot"]);
    expect([...productsNamed("pracuję z ChatGPT-em codziennie")]).toEqual(["chatgpt"]);
    expect([...productsNamed("die Lizenz des Copilots")]).toEqual(["m365-copilot"]);
    expect([...productsNamed("czy mogę używać gh copilota w repo")]).toEqual(["github-copilot"]);
  });

  it("does not find a product inside another word", () => {
    expect(productsNamed("a sapling, slacking off, snowfall, geminid, copilotage").size).toBe(0);
  });
});

describe("the opening weighs the product a sentence names against the one asked about", () => {
  // The ChatGPT sentence shares more of the question's words ("seat", "cost", "month", "cost centre") than the
  // Copilot one, so word overlap alone opens with the wrong product's price.
  const hits = [
    { chunk: chunk(1, "governance/tools-and-seats.md", "Seat costs", "A ChatGPT Enterprise seat costs the seat holder's cost centre €55 per month per seat."), score: 1, termCoverage: 1 },
    { chunk: chunk(2, "governance/tools-and-seats.md", "Licences", "Microsoft 365 Copilot is €28 a month."), score: 0.9, termCoverage: 0.5 },
  ];
  const ask = (question: string, weights: OpeningWeights) => composeAnswer({ question, hits, idf: () => 1, openingWeights: weights, translation: null, neighbours: null })!.reply.lead.text;

  it("a sentence about only another product loses to one about the product asked about, by the learned weights", () => {
    const withProducts = { ...HAND_WEIGHTS, productMatched: 1, otherProduct: -1 };
    expect(ask("what does a copilot seat cost per month for my cost centre?", HAND_WEIGHTS)).toContain("ChatGPT Enterprise");
    expect(ask("what does a copilot seat cost per month for my cost centre?", withProducts)).toContain("Microsoft 365 Copilot");
    // Asked about ChatGPT, or about no product at all, the weights change nothing.
    expect(ask("what does a chatgpt seat cost per month for my cost centre?", withProducts)).toContain("ChatGPT Enterprise");
    expect(ask("what does a seat cost per month for my cost centre?", withProducts)).toBe(ask("what does a seat cost per month for my cost centre?", HAND_WEIGHTS));
  });
});

describe("the points after the opening stay on the products asked about", () => {
  const hits = [
    {
      chunk: chunk(
        1,
        "governance/data-privacy.md",
        "What may be pasted into which tool",
        [
          "- ChatGPT Enterprise: Public, Internal and Confidential customer data are allowed in prompts.",
          "- GitHub Copilot: source code only; never paste customer data into prompts.",
          "- PartnerPilot in Slack: never paste customer data into the thread.",
          "- Strip customer names and emails before you paste customer data into any prompt.",
        ].join("\n"),
      ),
      score: 1,
      termCoverage: 1,
    },
  ];
  const compose = (question: string) => composeAnswer({ question, hits, idf: () => 1, openingWeights: HAND_WEIGHTS, translation: null, neighbours: null })!.reply;

  it("leaves out a point about only another product, and keeps one about the product asked or about none", () => {
    const reply = compose("can I paste customer data into ChatGPT Enterprise prompts?");
    const said = [reply.lead.text, ...reply.points.map((p) => p.text)].join("\n");
    expect(said).not.toContain("GitHub Copilot");
    expect(said).not.toContain("PartnerPilot in Slack");
    expect(said).toContain("Strip customer names");
  });

  it("asked about no product, every point may be shown", () => {
    const reply = compose("can I paste customer data into prompts?");
    const said = [reply.lead.text, ...reply.points.map((p) => p.text)].join("\n");
    expect(said).toMatch(/GitHub Copilot|PartnerPilot in Slack/);
  });
});

describe("an answer has at most two points after its opening", () => {
  it("keeps the two best of many sentences about the question and leaves the rest out", () => {
    const hits = [
      {
        chunk: chunk(
          1,
          "governance/tools-and-seats.md",
          "How to get a seat",
          [
            "Request a seat through the ServiceNow catalog item AI Tool Access.",
            "Your manager approves the request and confirms the cost centre.",
            "It is active within 3 business days of approval.",
          ].join("\n"),
        ),
        score: 1,
        termCoverage: 1,
      },
      {
        chunk: chunk(
          2,
          "governance/tools-and-seats.md",
          "Before you request a seat",
          ["You need the AI Foundations course completed before you request a seat.", "A seat request names the work you will use it for."].join("\n"),
        ),
        score: 0.9,
        termCoverage: 1,
      },
    ];
    const reply = composeAnswer({ question: "how do I request a seat?", hits, idf: () => 1, openingWeights: HAND_WEIGHTS, translation: null, neighbours: null })!.reply;
    expect(reply.points).toHaveLength(2);
    const said = new Set([reply.lead.text, ...reply.points.map((p) => p.text)]);
    expect(said.size).toBe(3);
  });
});
