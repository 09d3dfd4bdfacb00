import { afterAll, describe, expect, it } from "vitest";
import { lintSources } from "../../src/lint/lint.ts";
import { quantities } from "../../src/lint/facts.ts";
import { measuredModifiers } from "../../src/lint/contradictions.ts";
import { phraseStems, wordFamily } from "../../src/lint/subjects.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, contradictionsAfterEdit, fixturePlaybook, lineOf, NOW, shippedSources } from "./fixtures.ts";

// A renewal cadence is a validity period; verbs and nouns of one word family share a stem; two named courses differ.
afterAll(removeTempDirs);

describe("facts: a renewal cadence is how long something stays valid", () => {
  it("reads 're-certify every 12 months' and 'rotating them every 90 days' as durations, 'reviewed every 90 days' as a cadence", () => {
    const first = (t: string) => quantities(t).map((q) => [q.kind, Math.round(q.lo)])[0];
    expect(first("Consultants re-certify every 12 months with a refresher.")).toEqual(["duration", 365]);
    expect(first("Keep the credentials in Key Vault, rotating them every 90 days.")).toEqual(["duration", 90]);
    expect(first("Access is reviewed every 90 days.")).toEqual(["frequency", 90]);
  });
});

describe("subjects: word families", () => {
  it("gives a verb and its noun one stem, and drops the 're-' of 're-certify'", () => {
    expect(phraseStems("re-certify")).toEqual(phraseStems("certification"));
    expect(phraseStems("classify")).toEqual(phraseStems("classification"));
    expect(phraseStems("submit")).toEqual(phraseStems("submission"));
    expect(phraseStems("create")).toEqual(phraseStems("creation"));
    expect(wordFamily("station")).toBe("station");
  });

  it("gives a quality noun in -edness the stem of its participle ('groundedness' / 'grounded'), and leaves short stems in -ed alone", () => {
    expect(phraseStems("groundedness")).toEqual(phraseStems("grounded"));
    expect(phraseStems("relatedness")).toEqual(phraseStems("related"));
    expect(phraseStems("connectedness")).toEqual(phraseStems("connected"));
    // Near misses: a stem that merely ends in "ed" is a word of its own.
    expect(wordFamily("need")).toBe("need");
    expect(wordFamily("speed")).toBe("speed");
    expect(phraseStems("speed")).not.toEqual(phraseStems("spend"));
  });

  it("pairs a launch bar stated with the participle against the one stated with its noun", () => {
    const filler = Array.from({ length: 40 }, (_, i) => `- Note ${i} covers the ${["canteen", "parking", "travel", "printer"][i % 4]} rota of week ${i}.`).join("\n");
    const files = (bar: string) => ({
      "governance/launch.md": fixturePlaybook("launch", "Search Guild", `## Launch bars\n\n- Relatedness of help-desk bot replies: at least 92%.\n${filler}`),
      "integrations/search.md": fixturePlaybook("search", "Search Guild", `## Going live\n\n- ${bar}\n`),
    });
    expect(contradictions(files("Switch the help-desk bot on once at least 85% of its replies are related to the ticket."))).toHaveLength(1);
    // Near miss: the same bar restated agrees.
    expect(contradictions(files("Switch the help-desk bot on once at least 92% of its replies are related to the ticket."))).toEqual([]);
  });
});

describe("contradictions: validity restated as a renewal cadence", () => {
  it("finds 'valid for two years' against 're-certify every 12 months' in the shipped corpus, and nothing for '12 months'", async () => {
    const sources = await shippedSources();
    const file = "partners/partner-tiers-and-certifications.md";
    const lint = (validity: string) =>
      contradictionsAfterEdit(sources, { file, find: "certification is valid for 12 months.", replace: `certification is valid for ${validity}.` });
    const found = lint("two years");
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => `${p.path}:${p.line}`)).toContain(`${file}:${lineOf(sources, file, "Consultants re-certify every 12 months")}`);
    expect(lint("one year")).toEqual([]);
  });

  it("keeps the lengths of two differently named courses apart ('update course' / 'refresher course')", async () => {
    const text = (t: string) => [t, quantities(t).find((q) => q.kind.includes(":length"))!] as const;
    expect(measuredModifiers(...text("renewal is a 45-minute update course."))).toEqual(phraseStems("update"));
    const all = lintSources(await shippedSources(), { now: NOW });
    const courses = [...all.findings, ...all.accepted].filter((f) => f.places.some((p) => p.path === "change/training-and-enablement.md") && f.places.some((p) => p.path === "partners/partner-tiers-and-certifications.md"));
    expect(courses).toEqual([]);
  });
});
