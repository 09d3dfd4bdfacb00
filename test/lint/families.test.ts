import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "../../src/retrieval/playbooks.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { quantities } from "../../src/lint/facts.ts";
import { measuredModifiers } from "../../src/lint/contradictions.ts";
import { phraseStems, wordFamily } from "../../src/lint/subjects.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook, NOW } from "./fixtures.ts";

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
});

describe("contradictions: validity restated as a renewal cadence", () => {
  it("finds 'valid for two years' against 're-certify every 12 months' in the shipped corpus, and nothing for '12 months'", async () => {
    const dir = path.resolve("knowledge");
    const sources = await Promise.all((await listFiles(dir)).map(async (p) => ({ path: p, text: await readFile(path.join(dir, p), "utf8") })));
    const file = "partners/partner-tiers-and-certifications.md";
    const lint = (validity: string) =>
      lintSources(
        sources.map((s) => (s.path === file ? { ...s, text: s.text.replace("certification is valid for 12 months.", `certification is valid for ${validity}.`) } : s)),
        { now: NOW },
      ).findings.filter((f) => f.kind === "contradiction" && f.places.some((p) => p.path === file && p.line === 45));
    const found = lint("two years");
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => `${p.path}:${p.line}`)).toContain(`${file}:63`);
    expect(lint("one year")).toEqual([]);
  });

  it("keeps the lengths of two differently named courses apart ('update course' / 'refresher course')", async () => {
    const text = (t: string) => [t, quantities(t).find((q) => q.kind.includes(":length"))!] as const;
    expect(measuredModifiers(...text("renewal is a 45-minute update course."))).toEqual(phraseStems("update"));
    const dir = path.resolve("knowledge");
    const sources = await Promise.all((await listFiles(dir)).map(async (p) => ({ path: p, text: await readFile(path.join(dir, p), "utf8") })));
    const all = lintSources(sources, { now: NOW });
    const courses = [...all.findings, ...all.accepted].filter((f) => f.places.some((p) => p.path === "change/training-and-enablement.md") && f.places.some((p) => p.path === "partners/partner-tiers-and-certifications.md"));
    expect(courses).toEqual([]);
  });
});
