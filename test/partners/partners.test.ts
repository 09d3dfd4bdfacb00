import { describe, expect, it } from "vitest";
import { readJsonl } from "../../src/evaluation/retrieval.ts";
import { evaluatePartnerMatching, PartnerCaseSchema } from "../../src/evaluation/partners.ts";
import { loadDirectoryFile, parseDirectoryFile, PartnerDirectoryError } from "../../src/partners/directory.ts";
import { parseFeed } from "../../src/partners/feed.ts";
import { consultantToFeed, firmToFeed, generateFeed } from "../../src/partners/generate.ts";
import { PartnerIndex, profilesFrom } from "../../src/partners/match.ts";
import { extractNeed, needVocabulary } from "../../src/partners/need.ts";

const today = new Date("2026-12-01T12:00:00Z");

describe("partner directory file", () => {
  it("ships at least 16 valid, clearly fictional firms with consultants", async () => {
    const d = await loadDirectoryFile("knowledge/partners.yml");
    expect(d.firms.length).toBeGreaterThanOrEqual(16);
    expect(d.consultants.length).toBeGreaterThanOrEqual(d.firms.length);
    for (const f of d.firms) {
      if (f.contacts.email) expect(f.contacts.email).toMatch(/\.example$/);
      if (f.contacts.webhookUrl) expect(new URL(f.contacts.webhookUrl).hostname).toMatch(/\.example$/);
    }
  });

  it("a bad entry stops with the entry id and the field", () => {
    const bad = `version: 1\nfirms:\n  - id: good-firm\n    name: Good\n    tier: gold\n`;
    expect(() => parseDirectoryFile("p.yml", bad)).toThrow(PartnerDirectoryError);
    expect(() => parseDirectoryFile("p.yml", bad)).toThrow(/^p\.yml: firm good-firm: tier: /);
    expect(() => parseDirectoryFile("p.yml", "version: 1\nfirms: [")).toThrow(/not valid YAML/);
    expect(() => parseDirectoryFile("p.yml", "version: 2\nfirms: []")).toThrow(/version/);
  });
});

describe("partner feed", () => {
  it("parses JSONL and CSV, and reports each rejected line with its number and field", () => {
    const { firms, consultants } = generateFeed({ firms: 2, consultants: 3, seed: 5 });
    const lines = [...firms.map(firmToFeed), ...consultants.map(consultantToFeed)].map((r) => JSON.stringify(r));
    lines.splice(2, 0, "{not json", JSON.stringify({ type: "consultant", id: "c-x", firm_id: firms[0]!.id, country: "Netherlands", languages: ["nl"], availability: "available" }));
    const feed = parseFeed(lines.join("\n"), "jsonl");
    expect(feed.firms).toHaveLength(2);
    expect(feed.consultants).toHaveLength(3);
    expect(feed.rejected).toEqual([
      { line: 3, error: expect.stringMatching(/^not valid JSON/) },
      { line: 4, id: "c-x", error: expect.stringMatching(/^country: must be an ISO 3166/) },
    ]);

    const csv = [
      "type,id,firm_id,certifications,skills,country,languages,availability",
      `consultant,c1,${firms[0]!.id},hr-partner-certified,salesforce|rag,NL,nl|en,available`,
      `consultant,c2,${firms[0]!.id},,sap,XX1,de,available`,
      `consultant,c1,${firms[0]!.id},,sap,DE,de,booked`,
    ].join("\n");
    const parsed = parseFeed(csv, "csv");
    expect(parsed.consultants).toEqual([
      { id: "c1", firmId: firms[0]!.id, certifications: ["hr-partner-certified"], skills: ["salesforce", "rag"], country: "NL", languages: ["nl", "en"], availability: "available" },
    ]);
    expect(parsed.rejected.map((r) => [r.line, r.id])).toEqual([[3, "c2"], [4, "c1"]]);
    expect(parsed.rejected[1]!.error).toMatch(/already appears on line 2/);
  });

  it("generate is deterministic per seed", () => {
    expect(generateFeed({ firms: 5, consultants: 20, seed: 3 })).toEqual(generateFeed({ firms: 5, consultants: 20, seed: 3 }));
    expect(generateFeed({ firms: 5, consultants: 20, seed: 3 })).not.toEqual(generateFeed({ firms: 5, consultants: 20, seed: 4 }));
  });
});

describe("need extraction", () => {
  it("reads systems (with aliases), functions, practices, place, language, size, sensitivity and hosting", () => {
    const need = extractNeed(
      "Our Düsseldorf finance team wants invoices in S/4HANA matched automatically; 1,200 staff, budget €80k, payslips involved, data must stay in the EU. German-speaking please.",
    );
    expect(need.systems).toEqual(["sap"]);
    expect(need.functions).toContain("finance");
    expect(need.practices).toContain("process-automation");
    expect(need.countries).toEqual(["DE"]);
    expect(need.regions).toEqual(["europe"]);
    expect(need.languages).toEqual(["de"]);
    expect(need.users).toBe(1200);
    expect(need.budgetEur).toBe(80_000);
    expect(need.sensitivity).toBe("restricted");
    expect(need.hosting).toBe("eu");
    expect(extractNeed("GitHub Copilot for our developers").systems).toEqual(["github-copilot"]);
    expect(extractNeed("Ich brauche Hilfe, wir wollen mit unserem Team die Einführung planen").languages).toEqual(["de"]);
    expect(extractNeed("we want SFDC summaries", {}, needVocabulary([{ id: "integrations-salesforce", aliases: ["SFDC"] }])).systems).toEqual(["salesforce"]);
  });
});

describe("matching", () => {
  it("skips Registered, lapsed, full and suspended firms, lists reasons, and rotates exact ties fairly", async () => {
    const d = await loadDirectoryFile("knowledge/partners.yml");
    const index = new PartnerIndex(profilesFrom(d.firms, d.consultants));
    const result = index.match(extractNeed("Connect Workday to our assistant for HR questions"), { today, limit: 10 });
    const skipped = Object.fromEntries(result.skipped.map((s) => [s.id, s.reason]));
    expect(skipped["glasshouse-registered"]).toMatch(/Registered/);
    expect(skipped["old-mill-lapsed"]).toMatch(/certification expired on 2026-03-31/);
    expect(skipped["birchline-full"]).toMatch(/at capacity \(0 of 0 open referrals, next start 2027-02-01\)/);
    expect(result.matches.map((m) => m.id)).not.toContain("glasshouse-registered");
    expect(result.matches[0]).toMatchObject({ id: "northstar-workday-people" });
    expect(result.matches[0]!.reasons[0]).toMatch(/^Covers workday/);
    for (let i = 1; i < result.matches.length; i++) expect(result.matches[i - 1]!.score).toBeGreaterThanOrEqual(result.matches[i]!.score);

    // Two identical firms: which comes first depends on the rotation key, and both orders occur.
    const twin = d.firms.find((f) => f.id === "ashgrove-identity")!;
    const twins = new PartnerIndex(profilesFrom([twin, { ...twin, id: "ashgrove-twin", name: "Ashgrove Twin" }], []));
    const firsts = new Set(Array.from({ length: 20 }, (_, i) => twins.match(extractNeed("Okta SSO"), { today, rotation: `r${i}` }).matches[0]!.id));
    expect(firsts).toEqual(new Set(["ashgrove-identity", "ashgrove-twin"]));
  });

  it("an explicit language no covering firm speaks is set aside, with a reason, instead of matching nothing", async () => {
    const d = await loadDirectoryFile("knowledge/partners.yml");
    const index = new PartnerIndex(profilesFrom(d.firms, d.consultants));
    const need = extractNeed("AI ticket tagging and suggested replies in Zendesk for our support team");
    expect(need.systems).toContain("zendesk");
    const speaks = (id: string, lang: string) => new Set([...d.firms.find((f) => f.id === id)!.languages, ...d.consultants.filter((c) => c.firmId === id).flatMap((c) => c.languages)]).has(lang);
    const covers = (id: string) => d.firms.find((f) => f.id === id)!.systems.includes("zendesk");
    const zendeskFirms = d.firms.filter((f) => covers(f.id) && f.status === "active" && f.tier !== "registered").map((f) => f.id);
    expect(zendeskFirms.length).toBeGreaterThan(0);
    // A language a Zendesk firm speaks stays a filter.
    const kept = zendeskFirms.flatMap((id) => ["en", "nl", "de"].filter((l) => speaks(id, l)))[0]!;
    const strict = index.match(need, { today, language: kept });
    expect(strict.relaxed).toBeUndefined();
    expect(strict.matches.every((m) => speaks(m.id, kept))).toBe(true);
    // A language none of them speaks: the closest firms anyway, each saying what it lacks.
    const unspoken = ["pl", "cs", "fr", "es", "it"].find((l) => zendeskFirms.every((id) => !speaks(id, l)))!;
    const relaxed = index.match(need, { today, language: unspoken });
    expect(relaxed.relaxed).toEqual(["language"]);
    expect(covers(relaxed.matches[0]!.id)).toBe(true);
    for (const m of relaxed.matches) expect(m.reasons.at(-1)).toMatch(new RegExp(`works in language ${unspoken} covers this need`));
  });

  it("load counts: a firm whose open referrals reach its capacity is skipped until one closes", async () => {
    const d = await loadDirectoryFile("knowledge/partners.yml");
    const index = new PartnerIndex(profilesFrom(d.firms, d.consultants));
    const need = extractNeed("HIPAA Zendesk AI agent for patient tickets");
    expect(index.match(need, { today }).matches[0]!.id).toBe("meridian-health-ai");
    index.setLoad("meridian-health-ai", 3);
    expect(index.match(need, { today }).matches.map((m) => m.id)).not.toContain("meridian-health-ai");
  });

  it("pruning never changes the answer: the top k equal the first k of every eligible firm scored", async () => {
    // With a limit as large as the directory nothing can be pruned, so it is the exhaustive ranking.
    const feed = generateFeed({ firms: 1500, consultants: 6000, seed: 11 });
    const load = new Map(feed.firms.filter((_, i) => i % 7 === 0).map((f, i) => [f.id, i % 4]));
    const index = new PartnerIndex(profilesFrom(feed.firms, feed.consultants, load));
    const cases = await readJsonl("test/eval/partners.jsonl", PartnerCaseSchema);
    let compared = 0;
    for (const [i, c] of cases.entries()) {
      for (const options of [{ limit: 3 }, { limit: 5, region: "europe" }, { limit: 1, language: "de" }]) {
        const need = extractNeed(c.need);
        const o = { ...options, today, rotation: `k${i}` };
        const everything = index.match(need, { ...o, limit: feed.firms.length }).matches.slice(0, options.limit);
        const pruned = index.match(need, o);
        expect(pruned.matches).toEqual(everything);
        expect(pruned.scored).toBeLessThan(feed.firms.length);
        compared += pruned.matches.length;
      }
    }
    expect(compared).toBeGreaterThan(cases.length * 5);
  });

  it("eval: hit@3 on test/eval/partners.jsonl is at least 0.9", async () => {
    const cases = await readJsonl("test/eval/partners.jsonl", PartnerCaseSchema);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const r = await evaluatePartnerMatching(cases, "knowledge/partners.yml");
    expect(r.hitAt3).toBeGreaterThanOrEqual(0.9);
  });
});
