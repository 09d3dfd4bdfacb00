/**
 * The directory import's guarantees on both engines: idempotent upsert by id, aggregates that follow
 * consultants who move firm (also when two imports carry the same timestamp), and all or nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Consultant } from "../../src/partners/directory.ts";
import { generateFeed } from "../../src/partners/generate.ts";
import type { Store } from "../../src/store/Store.ts";
import { engines } from "../support/stores.ts";

const all = engines("partner-import");
afterAll(async () => {
  for (const e of all) await e.cleanup();
});

const AT = new Date("2026-12-01T09:00:00Z");
const feed = generateFeed({ firms: 3, consultants: 0, seed: 7 });
const [f1, f2, f3] = feed.firms.map((f) => f.id) as [string, string, string];
const consultant = (id: string, firmId: string, skills: string[], availability: Consultant["availability"] = "available", languages = ["en"]): Consultant => ({
  id,
  firmId,
  certifications: [],
  skills,
  country: "NL",
  languages,
  availability,
});
const consultants = [
  consultant("c1", f1, ["salesforce", "workday"]),
  consultant("c2", f1, ["salesforce"], "available", ["nl"]),
  consultant("c3", f2, ["sap"]),
  consultant("c4", f2, ["sap"], "booked", ["de"]),
];

async function aggregates(store: Store) {
  const out: Record<string, { n: number; bySkill: Record<string, number>; languages: string[] }> = {};
  for (const p of await store.partners.loadProfiles()) out[p.firm.id] = { n: p.consultants, bySkill: p.consultantsBySkill, languages: p.consultantLanguages };
  return out;
}

for (const engine of all) {
  describe.skipIf(engine.skip)(`partner directory import (${engine.name})`, () => {
    it("upserts by id: importing the same feed twice changes nothing", async () => {
      const store = await (await engine.fresh())();
      expect(await store.partners.importDirectory({ firms: feed.firms, consultants }, AT)).toEqual({ firms: 3, consultants: 4 });
      const first = await aggregates(store);
      expect(first[f1]).toEqual({ n: 2, bySkill: { salesforce: 2, workday: 1 }, languages: ["en", "nl"] });
      // Booked consultants count as consultants, not as skills on offer.
      expect(first[f2]).toEqual({ n: 2, bySkill: { sap: 1 }, languages: ["de", "en"] });
      expect(first[f3]).toEqual({ n: 0, bySkill: {}, languages: [] });
      await store.partners.importDirectory({ firms: feed.firms, consultants }, new Date(AT.getTime() + 1000));
      expect(await store.partners.counts()).toEqual({ firms: 3, consultants: 4 });
      expect(await aggregates(store)).toEqual(first);
    });

    it("a partial import (same timestamp) moving one consultant updates both firms and keeps the others", async () => {
      const store = await (await engine.fresh())();
      await store.partners.importDirectory({ firms: feed.firms, consultants }, AT);
      // Only c2, now at f2, with no firms: f1 keeps c1, f2 gains c2 and keeps c3, c4.
      await store.partners.importDirectory({ firms: [], consultants: [consultant("c2", f2, ["power-bi"])] }, AT);
      const after = await aggregates(store);
      expect(after[f1]).toEqual({ n: 1, bySkill: { salesforce: 1, workday: 1 }, languages: ["en"] });
      expect(after[f2]).toEqual({ n: 3, bySkill: { sap: 1, "power-bi": 1 }, languages: ["de", "en"] });
      // A firm re-sent without consultants keeps the ones it has.
      await store.partners.importDirectory({ firms: [feed.firms[0]!], consultants: [] }, AT);
      expect((await aggregates(store))[f1]!.n).toBe(1);
    });

    it("all or nothing: a consultant of an unknown firm or a repeated id stops the import and changes nothing", async () => {
      const store = await (await engine.fresh())();
      await store.partners.importDirectory({ firms: feed.firms.slice(0, 2), consultants }, AT);
      const before = await aggregates(store);
      const bad = { firms: [feed.firms[2]!], consultants: [consultant("c1", f3, ["sap"]), consultant("c9", "no-such-firm", ["sap"])] };
      await expect(store.partners.importDirectory(bad, AT)).rejects.toThrow("consultant c9: firm_id: firm no-such-firm is not in the directory or this import");
      const twice = { firms: [feed.firms[2]!], consultants: [consultant("c1", f3, ["sap"]), consultant("c1", f2, ["sap"])] };
      await expect(store.partners.importDirectory(twice, AT)).rejects.toThrow("consultant c1: id: appears twice in this import");
      expect(await store.partners.counts()).toEqual({ firms: 2, consultants: 4 });
      expect(await aggregates(store)).toEqual(before);
    });
  });
}
