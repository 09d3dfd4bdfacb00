import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/assistant/composer.ts";
import { HAND_WEIGHTS, OPENING_FEATURES } from "../../src/assistant/opening-ranker.ts";
import type { Chunk } from "../../src/retrieval/chunking.ts";
import type { SearchHit } from "../../src/retrieval/KnowledgeIndex.ts";
import { terms } from "../../src/retrieval/text.ts";

function chunk(id: number, section: string, text: string): Chunk {
  return { id, path: "integrations/servicenow.md", docId: "servicenow", title: "ServiceNow", owner: "IT Platform Team", reviewed: "2026-10-01", tags: [], systems: [], headings: [section], section, text };
}

const options = chunk(
  0,
  "Connection patterns",
  [
    "There are three ways to bring AI to ServiceNow, simplest first.",
    "1. Now Assist inside ServiceNow summarises incidents and drafts resolution notes in the agent workspace.",
    "2. A read-only integration user lets the assistant search closed incidents for similar resolutions.",
    "3. A scoped app that writes back to incidents is partner work and needs a security review.",
  ].join("\n"),
);
const procedure = chunk(
  1,
  "How to request the integration user",
  [
    "The IT Platform Team creates integration users for approved use cases.",
    "1. Open the integration request form in ServiceNow and name the tables the assistant will read.",
    "2. Attach the security review ticket for the read-only integration user.",
    "3. Wait for the IT Platform Team to create the user and share its credentials through the vault.",
  ].join("\n"),
);

const compose = (question: string, hits: Chunk[], openingWeights = HAND_WEIGHTS) =>
  composeAnswer({
    question,
    hits: hits.map((c, i): SearchHit => ({ chunk: c, score: 1 - i * 0.1, termCoverage: 0.5 })),
    idf: () => 1,
    openingWeights,
    translation: null,
  })!.reply;

describe("numbered items in an offline answer", () => {
  it("an item of a list of options opens an answer to a question that does not ask how, without its number", () => {
    const reply = compose("which option summarises incidents and drafts resolution notes?", [options]);
    expect(reply.lead.text).toBe("Now Assist inside ServiceNow summarises incidents and drafts resolution notes in the agent workspace.");
    expect(reply.steps).toBeUndefined();
  });

  it("items of a list of options may support the lead", () => {
    const reply = compose("which read-only integration user option searches closed incidents for similar resolutions?", [options]);
    expect(reply.lead.text).toMatch(/^A read-only integration user/);
    expect(reply.points.map((p) => p.text).join(" ")).toMatch(/Now Assist|scoped app/);
  });

  it("'how do I' keeps a procedure's numbered items as its steps, under the section's introduction", () => {
    const reply = compose("how do I request the integration user for the assistant?", [procedure, options]);
    expect(reply.lead.text).toBe("The IT Platform Team creates integration users for approved use cases.");
    expect(reply.steps?.items).toHaveLength(3);
    expect(reply.points.some((p) => /^\d/.test(p.text) || terms(p.text).includes("vault"))).toBe(false);
  });
});

describe("an item that scores above every other sentence, under a question that asks how", () => {
  // Naming the question's words outweighs the rest, so the item that names them scores above every other sentence.
  const weights = { ...HAND_WEIGHTS, overlap: 6 };
  const question = "is there an approved way to connect a scoped app that writes back to incidents?";
  const composeWith = (routed: boolean) =>
    composeAnswer({ question, hits: [{ chunk: options, score: 1, termCoverage: 0.5 }], idf: () => 1, openingWeights: weights, translation: null, ...(routed ? { routed } : {}) })!.reply;

  it("opens the answer, and the rest of its list follows as the steps", () => {
    const reply = composeWith(false);
    expect(reply.lead.text).toBe("A scoped app that writes back to incidents is partner work and needs a security review.");
    expect(reply.steps?.items).toHaveLength(2);
    expect(reply.steps?.items.join(" ")).not.toMatch(/scoped app/);
  });

  it("does not open an answer that will open with the partner route: the best sentence that is not a step does", () => {
    const reply = composeWith(true);
    expect(reply.lead.text).toBe("There are three ways to bring AI to ServiceNow, simplest first.");
    expect(reply.steps?.items).toHaveLength(3);
  });

  it("a procedure's step that scores only a little above its introduction leaves the introduction to open (PROCEDURE_MARGIN)", () => {
    const reply = compose("how do I request the integration user for the assistant?", [procedure, options]);
    expect(reply.lead.text).toBe("The IT Platform Team creates integration users for approved use cases.");
  });
});

describe("the label a list item opens with", () => {
  const tools = chunk(
    2,
    "Which AI tools may touch PHI",
    [
      "Each tool's status for PHI:",
      "- ChatGPT Enterprise: Halden & Rowe has no BAA with OpenAI, so PHI is prohibited there.",
      "- Azure OpenAI (company deployments): covered by Microsoft's BAA, but the deployments are in EU regions.",
      "- Every tool not listed here is not approved for PHI until Legal & Compliance reviews it and the vendor signs a BAA.",
    ].join("\n"),
  );
  const featuresOf = (question: string) => {
    let seen: { text: string; features: Float64Array }[] = [];
    composeAnswer({
      question,
      hits: [{ chunk: tools, score: 1, termCoverage: 0.5 }],
      idf: () => 1,
      openingWeights: HAND_WEIGHTS,
      translation: null,
      onCandidates: (c) => (seen = c),
    });
    const at = (f: (typeof OPENING_FEATURES)[number]) => OPENING_FEATURES.indexOf(f);
    return (start: string) => {
      const c = seen.find((x) => x.text.startsWith(start))!;
      return { labelled: c.features[at("labelled")], labelMatched: c.features[at("labelMatched")] };
    };
  };

  it("says which item of a list of tools the question asks about", () => {
    const of = featuresOf("do we have a BAA for ChatGPT Enterprise?");
    expect(of("ChatGPT Enterprise:")).toEqual({ labelled: 1, labelMatched: 1 });
    expect(of("Azure OpenAI")).toEqual({ labelled: 1, labelMatched: 0 });
  });

  it("a sentence without a short label has none, and the parenthesis of a label is not part of it", () => {
    const of = featuresOf("are the company deployments of Azure in the EU?");
    expect(of("Every tool")).toEqual({ labelled: 0, labelMatched: 0 });
    expect(of("Azure OpenAI").labelMatched).toBeCloseTo(0.5);
  });
});

describe("the rule a 'can I' question gets", () => {
  it("is the best-scored sentence of the section (the weights favour rules), not the best-scored one with a modal verb", () => {
    const tools = chunk(
      3,
      "Which AI tools may touch PHI",
      [
        "Tools and their status for patient data:",
        "- Zendesk AI features must not be used on tickets from the US support team.",
        "- Google Workspace with Gemini: Gemini in Gmail is switched off for the Chicago organisational unit until its review is done.",
      ].join("\n"),
    );
    // Weights under which naming the question's tool outweighs stating a rule at all.
    const reply = compose("can I use Gemini in Gmail to summarise patient call notes?", [tools], { ...HAND_WEIGHTS, overlap: 3 });
    expect(reply.lead.text).toMatch(/^Google Workspace with Gemini: Gemini in Gmail is switched off/);
  });
});

describe("sources of an offline answer", () => {
  it("the parts of one long section are one source, and every statement cites it by the same number", () => {
    const first = chunk(10, "What may be pasted into which tool", "ChatGPT Enterprise allows confidential data but not restricted data. Restricted data includes patient data and pay data.");
    const second = chunk(11, "What may be pasted into which tool", "Copilot Chat allows internal data. Restricted patient data never goes into Copilot Chat either.");
    const composed = composeAnswer({
      question: "can restricted patient data go into chatgpt enterprise or copilot chat?",
      hits: [first, second].map((c, i): SearchHit => ({ chunk: c, score: 1 - i * 0.1, termCoverage: 0.5 })),
      idf: () => 1,
      openingWeights: HAND_WEIGHTS,
      translation: null,
    })!;
    expect(composed.citations).toHaveLength(1);
    const cited = [composed.reply.lead, ...composed.reply.points].flatMap((s) => s.cites);
    expect(composed.reply.points.length).toBeGreaterThan(0);
    expect(new Set(cited)).toEqual(new Set([1]));
  });
});

describe("items of a list that states a requirement", () => {
  it("an item opens an answer with the requirement it is a case of, not as a bare fragment", () => {
    const review = {
      ...chunk(20, "When a security review is required", ["A security review is required before any of the following is used with company data:", "- a new SaaS AI tool, including free tiers and trials;", "- a browser extension with AI features;"].join("\n")),
      path: "governance/security-review.md",
    };
    const reply = compose("do free trials of a new SaaS AI tool need a security review?", [review]);
    expect(reply.lead.text).toMatch(/^A security review is required before any of the following is used with company data: a new SaaS AI tool, including free tiers and trials/);
  });

  it("an item under a negative or a plain introduction is left as it was", () => {
    const plain = chunk(21, "Connectors", ["The connectors we run today:", "- Google Drive connector for the sales team", "- SharePoint connector for everyone"].join("\n"));
    const reply = compose("which connector does the sales team have for google drive?", [plain]);
    expect(reply.lead.text).toMatch(/^Google Drive connector for the sales team/);
  });
});

describe("where the opening comes from", () => {
  const elsewhere = (id: number, path: string, section: string, text: string): Chunk => ({ ...chunk(id, section, text), path, docId: path, title: path });
  const salesCatalog = elsewhere(20, "usecases/sales.md", "Account research", "Sales reps draft account briefs with ChatGPT Enterprise from public news and the CRM notes they already have open.");
  const privacy = elsewhere(21, "governance/data-privacy.md", "What may go into which tool", "Customer emails may go into ChatGPT Enterprise, but they are not allowed in consumer AI tools.");

  it("is the best-scored sentence of any retrieved passage, and its playbook is the first source", () => {
    const composed = composeAnswer({
      question: "can I paste customer emails into ChatGPT Enterprise?",
      hits: [
        { chunk: salesCatalog, score: 1, termCoverage: 0.5 },
        { chunk: privacy, score: 0.5, termCoverage: 0.8 },
      ],
      idf: () => 1,
      openingWeights: HAND_WEIGHTS,
      translation: null,
    })!;
    expect(composed.reply.lead.text).toMatch(/^Customer emails may go into ChatGPT Enterprise/);
    expect(composed.reply.lead.cites).toEqual([1]);
    expect(composed.citations[0]!.path).toBe("governance/data-privacy.md");
  });

  it("steps come from the lead's playbook, not from a procedure of the playbook search ranked first", () => {
    const connect = elsewhere(22, "integrations/salesforce.md", "How to connect", ["Connecting Salesforce takes three steps.", "1. Ask Revenue Operations for an External Client App.", "2. Request the integration user.", "3. Run the security review."].join("\n"));
    const contractors = elsewhere(23, "governance/tools-and-seats.md", "Contractors", "A contractor may get a ChatGPT Enterprise seat only when an employee sponsors the request.");
    const request = elsewhere(24, "governance/tools-and-seats.md", "How to get a seat", ["Seats are requested on the AI Hub.", "1. Open the AI seat request form.", "2. Name the sponsor and the cost centre.", "3. Wait for the AI Enablement Office to assign the seat."].join("\n"));
    const reply = composeAnswer({
      question: "can I get a ChatGPT Enterprise seat set up for a contractor?",
      hits: [
        { chunk: connect, score: 1, termCoverage: 0.3 },
        { chunk: contractors, score: 0.6, termCoverage: 0.9 },
        { chunk: request, score: 0.3, termCoverage: 0.5 },
      ],
      idf: () => 1,
      openingWeights: HAND_WEIGHTS,
      translation: null,
    })!.reply;
    expect(reply.lead.text).toMatch(/^A contractor may get a ChatGPT Enterprise seat only when/);
    expect(reply.steps?.from).toBe("How to get a seat");
  });
});

describe("a question that asks for the members of a kind", () => {
  const tools = chunk(
    2,
    "Approved AI tools",
    [
      "- **ChatGPT Enterprise**: 600 seats for knowledge workers; sign in through Okta only.",
      "- **Microsoft 365 Copilot**: 300 pilot users.",
      "- **GitHub Copilot Business**: for engineering.",
      "Any other AI tool is not approved until it passes a security review.",
    ].join("\n"),
  );
  const classes = chunk(3, "What may be pasted into which tool", tools.text);

  it("is answered by the best passage's list, named item by item, when its heading names that kind", () => {
    for (const question of ["what AI tools can I use at work?", "which tools are approved?", "list the approved tools"]) {
      const reply = compose(question, [tools]);
      expect(reply.lead).toEqual({ text: "Approved AI tools: ChatGPT Enterprise; Microsoft 365 Copilot; GitHub Copilot Business.", cites: [1] });
    }
  });

  it("is not answered by the names alone when the items carry verdicts, some of them denials", () => {
    const phi = chunk(
      4,
      "Which AI tools may touch PHI",
      [
        "- **Azure OpenAI**: covered by the BAA, but US PHI must therefore not be sent to the EU deployments.",
        "- **ChatGPT Enterprise**: there is no BAA, so PHI is prohibited in ChatGPT Enterprise.",
        "- **Google Workspace with Gemini**: Gemini is switched off for the Chicago organisational unit.",
      ].join("\n"),
    );
    const lead = compose("which AI tools may touch PHI?", [phi]).lead.text;
    // Named one after another under the heading, the three read as cleared for patient data.
    expect(lead).not.toMatch(/^Which AI tools may touch PHI:/);
    expect(lead).toMatch(/BAA|switched off/);
  });

  it("is answered as before when the list is of another kind, or the question asks for one member", () => {
    expect(compose("which data classification levels are allowed in Copilot?", [classes]).lead.text).not.toMatch(/^What may be pasted/);
    expect(compose("which tool should I use for coding?", [tools]).lead.text).not.toMatch(/^Approved AI tools:/);
    expect(compose("what does ChatGPT Enterprise cost?", [tools]).lead.text).not.toMatch(/^Approved AI tools:/);
  });
});

describe("steps come from the playbook that answers", () => {
  const at = (c: Chunk, path: string, title: string): Chunk => ({ ...c, path, docId: title.toLowerCase(), title });
  const tracks = at(
    chunk(10, "Review tracks and timelines", "Lite review, 5 business days: vendor already approved, public or internal data only. Full review, 30 business days: confidential data or processing outside the EU."),
    "governance/security-review.md",
    "Security review",
  );
  const dpia = at(
    chunk(11, "DPIA process and timelines", [
      "A DPIA is run by the Privacy Office.",
      "1. Submit the use case through the intake form and answer the screening questions.",
      "2. The Privacy Office completes the screening within 5 business days.",
      "3. For a full DPIA the owner drafts the data-flow description.",
    ].join("\n")),
    "governance/data-privacy.md",
    "Data privacy",
  );

  it("another playbook's procedure that shares one common word of the question gives no steps", () => {
    const reply = compose("what's the security review process and how long does a review take?", [tracks, dpia]);
    expect(reply.lead.text).toMatch(/^Lite review|^Full review/);
    expect(reply.steps).toBeUndefined();
  });

  it("a procedure whose heading the question names gives the steps, from whichever playbook", () => {
    const reply = compose("what is the DPIA process, what are its steps and timelines?", [tracks, dpia]);
    expect(reply.steps?.from).toBe("DPIA process and timelines");
    expect(reply.steps?.items).toHaveLength(3);
  });
});

describe("a sentence that introduces a list is shown with it", () => {
  const rejected = chunk(
    20,
    "Tools that were rejected",
    [
      "These tools were reviewed and rejected; do not use them for work, and expense claims for them are refused:",
      "- **AI meeting note-takers Otter.ai, Fireflies.ai and Read.ai**: they join meetings without every attendee being told.",
      "- **DeepSeek apps and API**: data is processed in China with no DPA we can sign.",
      "A rejected tool can be reconsidered when the vendor's terms change; ask in #ai-help.",
    ].join("\n"),
  );
  const pack = chunk(
    21,
    "The scale decision",
    [
      "The pilot owner submits a decision pack to the AI Programme Board a week before the meeting, containing:",
      "- adoption and satisfaction figures",
      "- hours saved against the baseline",
      "- incidents and their fixes",
    ].join("\n"),
  );
  const long = chunk(
    22,
    "Scale criteria",
    [
      "A pilot scales when the board sees all of the following evidence gathered during the pilot:",
      "- at least 60 percent of the pilot users active every week for the last four weeks of the pilot period",
      "- measured hours saved per person per week against the baseline captured before the pilot started",
    ].join("\n"),
  );

  it("names the items by their labels (a dot inside a name does not end the label)", () => {
    const reply = compose("do not use which rejected tools for work?", [rejected]);
    expect(reply.lead.text).toBe(
      "These tools were reviewed and rejected; do not use them for work, and expense claims for them are refused: AI meeting note-takers Otter.ai, Fireflies.ai and Read.ai; DeepSeek apps and API.",
    );
  });

  it("names short unlabelled items themselves, so the sentence does not end on 'containing'", () => {
    const reply = compose("what goes in the decision pack the pilot owner submits to the board?", [pack]);
    expect(reply.lead.text).toBe(
      "The pilot owner submits a decision pack to the AI Programme Board a week before the meeting, containing: adoption and satisfaction figures; hours saved against the baseline; incidents and their fixes.",
    );
  });

  it("leaves an intro to long items as written", () => {
    const reply = compose("what evidence does the board need to see before a pilot scales?", [long]);
    expect(reply.lead.text).toBe("A pilot scales when the board sees all of the following evidence gathered during the pilot.");
  });
});

describe("steps follow only a question that asks how", () => {
  it("'how do I request …' gets the numbered steps", () => {
    const reply = compose("how do I request an integration user for servicenow?", [procedure]);
    expect(reply.steps?.items.length).toBeGreaterThanOrEqual(2);
  });

  it("'who approves the request …' and 'how long does the request take' get no steps, though they name a request", () => {
    for (const question of ["who approves the request for a servicenow integration user?", "how long does the integration user request take?"]) {
      const reply = compose(question, [procedure]);
      expect(reply.steps).toBeUndefined();
    }
  });
});

describe("items of a list of what is under review", () => {
  const underReview = chunk(
    3,
    "Tools under review",
    [
      "These tools and features are being reviewed and may not be used with company data until a decision is published here:",
      "- **Gemini in Google Workspace for Chicago**: Information Security and Privacy Office review.",
      "- **SAP Joule for S/4HANA**: Finance Systems evaluation.",
    ].join("\n"),
  );
  const banned = chunk(4, "Never paste", ["Never paste these into any AI tool:", "- Vendor bank details.", "- Patient names."].join("\n"));

  it("say they are not allowed while under review, not as a bare ban with a team after it", () => {
    const reply = compose("is Gemini in Google Workspace allowed for Chicago?", [underReview]);
    const shown = [reply.lead.text, ...reply.points.map((p) => p.text)].join("\n");
    expect(shown).toContain("Not allowed while under review: Gemini in Google Workspace for Chicago");
    expect(shown).not.toMatch(/Not allowed: Gemini/);
  });

  it("a list of what is banned outright still reads as a ban", () => {
    const reply = compose("can I paste patient names into an AI tool?", [banned]);
    const shown = [reply.lead.text, ...reply.points.map((p) => p.text)].join("\n");
    expect(shown).toContain("Not allowed: Patient names.");
  });
});
