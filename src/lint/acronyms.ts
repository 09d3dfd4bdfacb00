/**
 * Acronyms and what they stand for, learnt from the corpus itself: a definition ("Privileged Identity Management
 * (PIM)") or a name whose initials are an acronym the corpus uses ("Change Advisory Board" and "CAB", "weekly
 * active users" and "WAU"). A restatement that says "the CAB" is about the Change Advisory Board.
 */
import { words } from "../retrieval/text.ts";

/** Words an acronym usually skips ("Head of Finance" = HF, "Sales and Marketing" = SM). */
const LINKS = new Set(["of", "and", "&", "for", "the", "to", "in"]);

function initials(phrase: string): string {
  return phrase
    .split(/[\s-]+/)
    .filter((w) => w && !LINKS.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

/** Acronym (as written, e.g. "CAB") → its expansion ("Change Advisory Board"). */
export function findAcronyms(texts: readonly string[]): Map<string, string> {
  const used = new Map<string, number>();
  for (const t of texts) for (const m of t.matchAll(/\b[A-Z]{2,6}\b/g)) used.set(m[0], (used.get(m[0]) ?? 0) + 1);
  const out = new Map<string, string>();
  // Definitions: "Integration System User (ISU)".
  for (const t of texts) {
    for (const m of t.matchAll(/([A-Za-z][\w-]*(?:\s+[\w&-]+){0,5})\s+\(([A-Z]{2,6})\)/g)) {
      const phrase = m[1]!.trim();
      const acronym = m[2]!;
      // The last words whose initials spell the acronym ("If People Technology (HR)" is not "IPT").
      const parts = phrase.split(/\s+/);
      for (let k = parts.length - 1; k >= 0; k--) {
        const tail = parts.slice(k).join(" ");
        if (LINKS.has(parts[k]!.toLowerCase())) continue;
        if (initials(tail) === acronym) {
          out.set(acronym, tail);
          break;
        }
      }
    }
  }
  // Names in capitals whose initials are an acronym the corpus uses at least twice ("Change Advisory Board", "CAB").
  for (const t of texts) {
    for (const m of t.matchAll(/\b[A-Z][a-z][\w-]*(?:\s+[A-Z][a-z][\w-]*){2,3}\b/g)) {
      const name = m[0].replace(/^(?:The|A|An)\s+/, "");
      const acronym = initials(name);
      if (acronym.length >= 3 && name.split(/\s+/).length >= 3 && (used.get(acronym) ?? 0) >= 2 && !out.has(acronym) && words(name).length > 0) out.set(acronym, name);
    }
  }
  return out;
}
