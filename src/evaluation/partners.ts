/**
 * Partner matching quality on labelled needs (test/eval/partners.jsonl): each need, in an employee's words,
 * lists the firms that would be acceptable; hit@k is the share of needs with an acceptable firm in the top k.
 */
import { z } from "zod";
import { loadDirectoryFile } from "../partners/directory.ts";
import { PartnerIndex, profilesFrom } from "../partners/match.ts";
import { extractNeed, type NeedVocabulary } from "../partners/need.ts";

export const PartnerCaseSchema = z
  .object({
    id: z.string().min(1),
    persona: z.string().min(1),
    need: z.string().min(10),
    acceptable: z.array(z.string().min(1)).min(1),
    region: z.string().optional(),
    language: z.string().optional(),
  })
  .strict();
export type PartnerCase = z.infer<typeof PartnerCaseSchema>;

/** The day the eval checks certifications against, fixed so results do not drift with the calendar. */
export const PARTNER_EVAL_DAY = new Date("2026-12-01T12:00:00Z");

export interface PartnerEvalResult {
  cases: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  misses: { id: string; need: string; acceptable: string[]; got: string[] }[];
}

export async function evaluatePartnerMatching(
  cases: PartnerCase[],
  directoryFile: string,
  vocabulary?: NeedVocabulary,
): Promise<PartnerEvalResult> {
  const directory = await loadDirectoryFile(directoryFile);
  const known = new Set(directory.firms.map((f) => f.id));
  for (const c of cases) {
    for (const id of c.acceptable) if (!known.has(id)) throw new Error(`partners eval case ${c.id} accepts ${id}, which is not in ${directoryFile}`);
  }
  const index = new PartnerIndex(profilesFrom(directory.firms, directory.consultants));
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  const misses: PartnerEvalResult["misses"] = [];
  for (const c of cases) {
    const need = extractNeed(c.need, {}, vocabulary);
    const ranked = index.match(need, { today: PARTNER_EVAL_DAY, limit: 10, region: c.region, language: c.language }).matches.map((m) => m.id);
    const first = ranked.findIndex((id) => c.acceptable.includes(id));
    if (first === 0) hit1++;
    if (first >= 0 && first < 3) hit3++;
    if (first >= 0) rr += 1 / (first + 1);
    if (first < 0 || first >= 3) misses.push({ id: c.id, need: c.need, acceptable: c.acceptable, got: ranked.slice(0, 3) });
  }
  const n = cases.length || 1;
  return { cases: cases.length, hitAt1: hit1 / n, hitAt3: hit3 / n, mrr: rr / n, misses };
}
