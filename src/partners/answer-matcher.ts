/** The answer engine's hook: the top three certified partners for an escalation, from the directory. */
import type { PartnerDirectory } from "./PartnerDirectory.ts";
import type { PartnerMatch } from "./match.ts";
import { extractNeed, type NeedVocabulary } from "./need.ts";

export function partnerMatcher(directory: PartnerDirectory, vocabulary?: NeedVocabulary) {
  return async (need: { text: string; criteria: string[]; systems: string[] }): Promise<PartnerMatch[]> => {
    const extracted = extractNeed(need.text, {}, vocabulary);
    // The systems the person named win; the cited playbooks' systems only stand in when they named none.
    const systems = extracted.systems.length > 0 ? extracted.systems : need.systems;
    const { matches } = await directory.match({ ...extracted, systems }, { limit: 3 });
    return matches;
  };
}
