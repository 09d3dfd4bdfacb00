import { describe, expect, it } from "vitest";
import { chunkPlaybook, chunkPlaybooks, SECTION_SEPARATOR, type Chunk } from "../../src/retrieval/chunking.ts";
import { indexText } from "../../src/retrieval/KnowledgeIndex.ts";
import { parsePlaybook } from "../../src/retrieval/playbooks.ts";
import { playbookText } from "../support/fixtures-knowledge.ts";

/** The chunker's size limit (MAX_CHUNK_CHARS in src/retrieval/chunking.ts). */
const MAX_CHUNK_CHARS = 1400;

function chunksOf(body: string, fields: Record<string, unknown> = {}, file = "integrations/example.md"): Chunk[] {
  return chunkPlaybook(parsePlaybook(file, playbookText({ id: "integrations-example", title: "Connecting AI to Example", ...fields }, body)));
}

function bySection(chunks: Chunk[], section: string): Chunk[] {
  return chunks.filter((c) => c.section === section);
}

const USE_CASE = [
  "id: fin-invoice-triage",
  "title: Invoice exception triage",
  "roles: [accounts payable clerk, ap team lead]",
  "description: Azure OpenAI sorts blocked SAP invoices by likely cause and drafts the note to the buyer.",
  "example_prompts:",
  '  - "Why is invoice 5100023 blocked and who should fix it?"',
  '  - "Draft a note to the buyer about the price variance"',
  "hours_saved_per_week: 3",
  "effort: 3",
  "risk: 2",
  "data_sensitivity: confidential",
  "systems: [sap, azure-openai]",
  "maturity_stage: pilot",
  'kpis: ["blocked invoices cleared per day", "days payable outstanding"]',
].join("\n");

describe("chunkPlaybook: sections and heading paths", () => {
  const body = [
    "# Connecting AI to Example",
    "",
    "This intro sits before the first H2 and explains who the page is for.",
    "",
    "## Prerequisites",
    "",
    "You need an Example admin account.",
    "",
    "## Step-by-step",
    "",
    "Start in the sandbox.",
    "",
    "### Read-only access",
    "",
    "1. Create the integration user.",
    "2. Assign the read-only permission set.",
    "",
    "#### Rotating the secret",
    "",
    "Rotate the client secret every 90 days.",
    "",
    "### Write-back",
    "",
    "Write-back needs a partner.",
    "",
    "## Who owns **what** in `Example` ##",
    "",
    "The [IT Platform Team](https://intranet/it) owns the integration.",
    "",
    "## Empty heading",
    "",
    "## Common pitfalls",
    "",
    "Do not share the integration user.",
  ].join("\n");
  const chunks = chunksOf(body, { systems: ["salesforce"], tags: ["crm", "integration"] });

  it("text before the first H2 is the Overview, without the H1 title", () => {
    const overview = bySection(chunks, "Overview");
    expect(overview).toHaveLength(1);
    expect(overview[0]!.headings).toEqual([]);
    expect(overview[0]!.text).toBe("This intro sits before the first H2 and explains who the page is for.");
    for (const c of chunks) {
      expect(c.text).not.toContain("# Connecting AI to Example");
      expect(c.headings).not.toContain("Connecting AI to Example");
      expect(c.section).not.toContain("Connecting AI to Example");
    }
  });

  it("keeps the heading path H2 › H3 (› H4) for each chunk, in document order", () => {
    expect(chunks.map((c) => c.section)).toEqual([
      "Overview",
      "Prerequisites",
      "Step-by-step",
      `Step-by-step${SECTION_SEPARATOR}Read-only access`,
      `Step-by-step${SECTION_SEPARATOR}Read-only access${SECTION_SEPARATOR}Rotating the secret`,
      `Step-by-step${SECTION_SEPARATOR}Write-back`,
      "Who owns what in Example",
      "Common pitfalls",
    ]);
    expect(bySection(chunks, "Step-by-step › Read-only access")[0]!.headings).toEqual(["Step-by-step", "Read-only access"]);
    expect(bySection(chunks, "Step-by-step › Read-only access")[0]!.text).toBe(
      "1. Create the integration user.\n2. Assign the read-only permission set.",
    );
  });

  it("a sibling H3 replaces the previous H3, and a new H2 resets the path", () => {
    expect(bySection(chunks, "Step-by-step › Write-back")[0]!.text).toBe("Write-back needs a partner.");
    expect(bySection(chunks, "Common pitfalls")[0]!.headings).toEqual(["Common pitfalls"]);
  });

  it("strips inline Markdown and closing #s from headings; a heading without content makes no chunk", () => {
    expect(bySection(chunks, "Who owns what in Example")).toHaveLength(1);
    expect(chunks.some((c) => c.section.includes("Empty heading"))).toBe(false);
  });

  it("copies the playbook's metadata and numbers chunks consecutively from firstId", () => {
    for (const c of chunks) {
      expect(c).toMatchObject({
        path: "integrations/example.md",
        docId: "integrations-example",
        title: "Connecting AI to Example",
        owner: "AI Enablement Office",
        reviewed: "2026-10-01",
        tags: ["crm", "integration"],
        systems: ["salesforce"],
      });
    }
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => i));
    const shifted = chunkPlaybook(parsePlaybook("x.md", playbookText({ id: "x-doc" }, body)), 100);
    expect(shifted[0]!.id).toBe(100);
    expect(shifted[0]!.systems).toEqual([]); // systems is optional in front matter
  });

  it("chunkPlaybooks numbers chunks across playbooks without gaps", () => {
    const a = parsePlaybook("a.md", playbookText({ id: "a-doc" }, "# A\n\nIntro A.\n\n## One\n\nText one.\n"));
    const b = parsePlaybook("b.md", playbookText({ id: "b-doc" }, "# B\n\nIntro B.\n\n## Two\n\nText two.\n"));
    const all = chunkPlaybooks([a, b]);
    expect(all.map((c) => [c.id, c.path, c.section])).toEqual([
      [0, "a.md", "Overview"],
      [1, "a.md", "One"],
      [2, "b.md", "Overview"],
      [3, "b.md", "Two"],
    ]);
  });
});

describe("chunkPlaybook: code fences", () => {
  it("a # line inside a code fence is code, not a heading", () => {
    const body = [
      "# Title",
      "",
      "## Configure the connector",
      "",
      "Put this in the config file:",
      "",
      "```bash",
      "# Set the tenant first",
      "export TENANT=halden",
      "## not a heading either",
      "```",
      "",
      "~~~",
      "# tilde fence comment",
      "~~~",
      "",
      "Then restart the service.",
    ].join("\n");
    const chunks = chunksOf(body);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.section).toBe("Configure the connector");
    expect(chunks[0]!.text).toContain("# Set the tenant first");
    expect(chunks[0]!.text).toContain("## not a heading either");
    expect(chunks[0]!.text).toContain("# tilde fence comment");
    expect(chunks[0]!.text).toContain("```bash");
    expect(chunks[0]!.text).toContain("Then restart the service.");
  });
});

describe("chunkPlaybook: long sections", () => {
  it("splits a long section at paragraph boundaries, under the max size, keeping the heading path", () => {
    const paragraphs = Array.from(
      { length: 24 },
      (_, i) => `Paragraph ${i + 1}: the Workday integration system user needs read-only access to the RaaS report number ${i + 1}, reviewed quarterly by People Technology.`,
    );
    const body = `# T\n\n## Step-by-step\n\n### Read-only RaaS\n\n${paragraphs.join("\n\n")}\n\n## After\n\nShort.\n`;
    const chunks = chunksOf(body);
    const long = bySection(chunks, "Step-by-step › Read-only RaaS");
    expect(long.length).toBeGreaterThan(1);
    for (const c of long) {
      expect(c.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
      expect(c.headings).toEqual(["Step-by-step", "Read-only RaaS"]);
    }
    // Nothing lost, nothing duplicated, order kept, and no paragraph cut in half.
    expect(long.map((c) => c.text).join("\n\n")).toBe(paragraphs.join("\n\n"));
    expect(bySection(chunks, "After")[0]!.text).toBe("Short.");
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => i));
  });

  it("splits a long list (one block without blank lines) at line boundaries", () => {
    const items = Array.from({ length: 60 }, (_, i) => `- Item ${i + 1}: check the SAP BTP destination and the OData service binding.`);
    const chunks = chunksOf(`# T\n\n## Checklist\n\n${items.join("\n")}\n`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.section).toBe("Checklist");
      expect(c.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
      for (const line of c.text.split("\n").filter(Boolean)) expect(items).toContain(line);
    }
    expect(chunks.flatMap((c) => c.text.split("\n").filter(Boolean))).toEqual(items);
  });

  it("never returns a chunk over the max size, even for one long paragraph", () => {
    const sentence = "Microsoft 365 Copilot honours SharePoint permissions, so oversharing in a site becomes visible through Copilot answers.";
    const paragraph = Array.from({ length: 30 }, () => sentence).join(" ");
    expect(paragraph.length).toBeGreaterThan(2 * MAX_CHUNK_CHARS);
    const chunks = chunksOf(`# T\n\n## Oversharing\n\n${paragraph}\n`);
    for (const c of chunks) {
      expect(c.section).toBe("Oversharing");
      expect(c.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    }
  });
});

describe("chunkPlaybook: use-case blocks", () => {
  it("renders a ```yaml usecase block as readable sentences in its section", () => {
    const body = `# AI use cases for Finance\n\nThe catalog.\n\n## Invoice exception triage\n\n\`\`\`yaml usecase\n${USE_CASE}\n\`\`\`\n\nAP leads approve the pilot.\n`;
    const chunks = chunksOf(body, { id: "usecases-finance", title: "AI use cases for Finance" }, "usecases/finance.md");
    const uc = bySection(chunks, "Invoice exception triage");
    expect(uc).toHaveLength(1);
    const text = uc[0]!.text;
    expect(text).toContain("Use case: Invoice exception triage. Azure OpenAI sorts blocked SAP invoices by likely cause and drafts the note to the buyer.");
    expect(text).toContain("Roles: accounts payable clerk, ap team lead.");
    expect(text).toContain('Example prompts: "Why is invoice 5100023 blocked and who should fix it?"; "Draft a note to the buyer about the price variance".');
    expect(text).toMatch(/about 3 hours saved per person per week; effort 3\/5, risk 2\/5, data sensitivity confidential, maturity stage pilot/);
    expect(text).toContain("Systems: sap, azure-openai. KPIs: blocked invoices cleared per day, days payable outstanding.");
    expect(text).toContain("AP leads approve the pilot.");
    // No raw YAML or fence left behind.
    expect(text).not.toContain("```");
    expect(text).not.toMatch(/hours_saved_per_week|data_sensitivity:|maturity_stage:/);
  });

  it("keeps other fenced blocks (plain yaml, json) as code", () => {
    const chunks = chunksOf("# T\n\n## Config\n\n```yaml\nkey: value\n```\n");
    expect(chunks[0]!.text).toBe("```yaml\nkey: value\n```");
  });
});

describe("chunkPlaybook: the questions a section answers", () => {
  const body = [
    "# Connecting AI to Example",
    "",
    "## Getting a seat",
    "",
    "Request a seat through the AI Tool Access catalog item; it is active within 3 business days.",
    "",
    "```questions",
    "how long till my licence works?",
    "   ",
    "wie lange dauert eine Lizenz?",
    "```",
    "",
    "## Costs",
    "",
    "A seat costs the cost centre €55 per month.",
  ].join("\n");

  it("keeps them beside the section's text, not in it: search reads them, an answer quoting the text never shows them", () => {
    const [seat, costs] = [bySection(chunksOf(body), "Getting a seat")[0]!, bySection(chunksOf(body), "Costs")[0]!];
    expect(seat.questions).toEqual(["how long till my licence works?", "wie lange dauert eine Lizenz?"]);
    expect(seat.text).not.toMatch(/licence works|questions|```/);
    expect(indexText(seat)).toMatch(/how long till my licence works\?/);
    expect(costs.questions).toBeUndefined();
    expect(indexText(costs)).not.toMatch(/licence works/);
  });

  it("a block of questions under a heading with no text of its own is refused with its place", () => {
    const orphan = ["# Connecting AI to Example", "", "## Getting a seat", "", "```questions", "how do i get a seat?", "```", "", "## Costs", "", "A seat costs €55."].join("\n");
    expect(() => chunksOf(orphan)).toThrow(/integrations\/example\.md:\d+.*questions block needs text/);
  });
});
