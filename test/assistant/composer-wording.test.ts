import { describe, expect, it } from "vitest";
import { composeAnswer, namePlaybooks } from "../../src/assistant/composer.ts";
import { HAND_WEIGHTS } from "../../src/assistant/opening-ranker.ts";
import type { Chunk } from "../../src/retrieval/chunking.ts";

const TITLES = new Map([
  ["governance/tools-and-seats.md", "AI tools and seats - getting access, costs, features and tools under review"],
  ["governance/data-privacy.md", "Data privacy rules for AI tools (GDPR, PII, DPIAs, retention)"],
  ["integrations/sap.md", "Connecting AI assistants to SAP S/4HANA"],
]);

describe("a sentence that refers to a playbook by its file", () => {
  it("names the playbook by its title, without the subtitle", () => {
    expect(namePlaybooks("Which tools are under review and what a seat costs are in governance/tools-and-seats.md.", TITLES)).toBe(
      'Which tools are under review and what a seat costs are in the "AI tools and seats" playbook.',
    );
    expect(namePlaybooks("Strip names first (governance/data-privacy.md).", TITLES)).toBe('Strip names first (the "Data privacy rules for AI tools" playbook).');
    expect(namePlaybooks("See integrations/sap.md and governance/data-privacy.md.", TITLES)).toBe(
      'See the "Connecting AI assistants to SAP S/4HANA" playbook and the "Data privacy rules for AI tools" playbook.',
    );
  });

  it("leaves a file no playbook has, and paths that are not a playbook's, as they are", () => {
    expect(namePlaybooks("The old page governance/retired.md is gone.", TITLES)).toBe("The old page governance/retired.md is gone.");
    expect(namePlaybooks("Open https://example.com/governance/tools-and-seats.md or docs/x/governance/data-privacy.md.", TITLES)).toBe(
      "Open https://example.com/governance/tools-and-seats.md or docs/x/governance/data-privacy.md.",
    );
  });
});

describe("a sentence too long to show whole", () => {
  const chunk = (text: string): Chunk => ({ id: 0, path: "governance/x.md", docId: "x", title: "X", owner: "AI Enablement Office", reviewed: "2026-10-01", tags: [], systems: [], headings: ["Rules"], section: "Rules", text });
  const long =
    "Retention of prompts and outputs is 90 days in ChatGPT Enterprise and 180 days in Microsoft 365 Copilot, after which they are deleted unless Legal has placed a hold on the workspace, in which case they are kept until the hold is released; " +
    "the AI Enablement Office reviews the retention settings every quarter with Information Security and the Privacy Office, and any change is announced in #ai-help two weeks before it applies, together with the reasons, the affected tools, the teams that asked for the change and the date it takes effect for every workspace in every region.";

  it("is cut where a clause ends, and ends once", () => {
    const reply = composeAnswer({ question: "how long are prompts retained?", hits: [{ chunk: chunk(long), score: 1, termCoverage: 1 }], idf: () => 1, openingWeights: HAND_WEIGHTS, translation: null })!.reply;
    const lead = reply.lead.text;
    expect(long.length).toBeGreaterThan(450);
    expect(lead.length).toBeLessThanOrEqual(452);
    expect(lead).toMatch(/…$/);
    expect(lead).not.toMatch(/[.,;]…$|…\.$/);
    // The cut falls after a clause ("…, in which case …"), not inside a word or a name.
    const shown = lead.slice(0, -1);
    expect(long.startsWith(shown)).toBe(true);
    expect([",", ";"]).toContain(long.charAt(shown.length));
  });
});

describe("the rival sentence (what another section would have opened with)", () => {
  const chunk = (id: number, section: string, text: string, path = "governance/x.md"): Chunk => ({ id, path, docId: path, title: "X", owner: "AI Enablement Office", reviewed: "2026-10-01", tags: [], systems: [], headings: [section], section, text });
  const retention = chunk(1, "Retention", "Prompts and outputs are kept for 90 days in ChatGPT Enterprise.");
  const seats = chunk(2, "Seats", "A ChatGPT Enterprise seat costs the cost centre €55 per month.", "governance/tools-and-seats.md");

  it("is the best sentence of another section, cited to that section, and not among the points", () => {
    const composed = composeAnswer({
      question: "how long are chatgpt enterprise prompts kept?",
      hits: [{ chunk: retention, score: 1, termCoverage: 1 }, { chunk: seats, score: 0.8, termCoverage: 0.3 }],
      idf: () => 1,
      openingWeights: HAND_WEIGHTS,
      translation: null,
    })!;
    expect(composed.reply.lead.text).toContain("90 days");
    expect(composed.rival?.text).toContain("€55");
    expect(composed.rival?.source).toMatchObject({ path: "governance/tools-and-seats.md", section: "Seats" });
    expect(composed.reply.points.map((p) => p.text).join(" ")).not.toContain("€55");
    // A reader with a sure opening is not shown it.
    expect(composed.sureness!.margin).toBeGreaterThan(0);
  });

  it("is absent when every passage is the opening's own section", () => {
    const composed = composeAnswer({ question: "how long are prompts kept?", hits: [{ chunk: retention, score: 1, termCoverage: 1 }], idf: () => 1, openingWeights: HAND_WEIGHTS, translation: null })!;
    expect(composed.rival).toBeUndefined();
  });
});
