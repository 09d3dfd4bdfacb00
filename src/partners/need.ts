/**
 * Reads a partner need out of free text (a thread, a modal's summary): systems, functions, practices,
 * industry, countries and regions, languages, size, data sensitivity and hosting. Deterministic: the same text
 * gives the same need. Phrases match on word boundaries, case-insensitively, in any of the company's languages
 * where the vocabulary has them.
 */
import {
  COUNTRY_REGION,
  COUNTRY_WORDS,
  FUNCTION_WORDS,
  INDUSTRY_WORDS,
  LANGUAGE_WORDS,
  PRACTICE_WORDS,
  REGION_WORDS,
  SENSITIVITY_LEVELS,
  SENSITIVITY_WORDS,
  SHADOWED_BY,
  SYSTEM_ALIASES,
  type Sensitivity,
} from "./vocabulary.ts";

export interface PartnerNeed {
  systems: string[];
  functions: string[];
  practices: string[];
  industries: string[];
  countries: string[];
  regions: string[];
  /** Languages the work must be done in (named, or the language the need is written in). */
  languages: string[];
  sensitivity?: Sensitivity;
  /** Where the data must be hosted (e.g. `eu` for "must stay in the EU"). */
  hosting?: string;
  budgetEur?: number;
  users?: number;
}

export const emptyNeed = (): PartnerNeed => ({
  systems: [],
  functions: [],
  practices: [],
  industries: [],
  countries: [],
  regions: [],
  languages: [],
});

export interface NeedVocabulary {
  systems: Record<string, string[]>;
}

/**
 * The systems vocabulary: the built-in aliases, plus every system id the playbooks use (matched as words:
 * `power-bi` → "power bi") and each integration playbook's own aliases (`integrations-salesforce` aliases go
 * to `salesforce`).
 */
export function needVocabulary(playbooks: { id: string; systems?: string[]; aliases?: string[] }[] = []): NeedVocabulary {
  const systems: Record<string, string[]> = {};
  for (const [id, words] of Object.entries(SYSTEM_ALIASES)) systems[id] = [...words];
  for (const p of playbooks) {
    for (const s of p.systems ?? []) (systems[s] ??= []).push(s.replace(/-/g, " "));
    const subject = /^integrations-(.+)$/.exec(p.id)?.[1];
    if (subject && systems[subject] && p.aliases) systems[subject].push(...p.aliases.map((a) => a.toLowerCase()));
  }
  for (const id of Object.keys(systems)) systems[id] = [...new Set(systems[id])];
  return { systems };
}

const DEFAULT_VOCABULARY = needVocabulary();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const compiled = new Map<string, RegExp>();
function phraseRegex(phrases: string[]): RegExp {
  const key = phrases.join("\u0000");
  let re = compiled.get(key);
  if (!re) {
    const alternatives = [...phrases].sort((a, b) => b.length - a.length).map(escape);
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "iu");
    compiled.set(key, re);
  }
  return re;
}

function matchAll(text: string, table: Record<string, string[]>): string[] {
  return Object.entries(table)
    .filter(([, phrases]) => phrases.length > 0 && phraseRegex(phrases).test(text))
    .map(([id]) => id);
}

/** Words typical of a language and rare in the others (the company's languages). */
const LANGUAGE_MARKERS: Record<string, string[]> = {
  de: ["ich", "wir", "und", "nicht", "unser", "unsere", "brauchen", "brauche", "mit", "für", "die", "der", "das", "ist"],
  nl: ["ik", "wij", "we", "en", "niet", "onze", "ons", "hebben", "willen", "voor", "het", "een", "van", "met"],
  fr: ["nous", "vous", "et", "pas", "notre", "nos", "pour", "les", "des", "une", "avec", "voulons", "est"],
  pl: ["nasz", "nasze", "potrzebujemy", "chcemy", "jest", "dla", "nie", "oraz", "się", "w", "z"],
  es: ["nosotros", "queremos", "necesitamos", "nuestro", "nuestra", "para", "los", "las", "una", "con", "es"],
  en: ["we", "our", "the", "and", "want", "need", "with", "for", "to", "is"],
};

/** The language a text is written in, when it clearly is not English (a few marker words suffice). */
export function detectLanguage(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  if (words.length < 4) return undefined;
  const scores = Object.entries(LANGUAGE_MARKERS).map(([lang, markers]) => {
    const set = new Set(markers);
    return [lang, words.filter((w) => set.has(w)).length] as const;
  });
  scores.sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (!best || best[0] === "en" || best[1] < 3 || best[1] <= (second?.[1] ?? 0)) return undefined;
  return best[0];
}

/** "€250,000", "250k", "EUR 40 000", "1.2m" → euros. */
function parseBudget(text: string): number | undefined {
  const m =
    /(?:€|eur\s?|budget(?: of| around| is)?\s*€?)\s*(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?)\s*(k|m|million|thousand)?\b/i.exec(text) ??
    /\b(\d+(?:[.,]\d+)?)\s*(k|m)\s*(?:€|eur|euro|euros)\b/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "").toLowerCase();
  let n = Number(m[1]!.replace(/[\s,.](?=\d{3}\b)/g, "").replace(",", "."));
  if (unit === "k" || unit === "thousand") n *= 1_000;
  if (unit === "m" || unit === "million") n *= 1_000_000;
  return Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
}

/** "3,000 office staff", "800 people", "1.200 Mitarbeiter" → head count. */
function parseUsers(text: string): number | undefined {
  const m = /\b(\d{1,3}(?:[.,]\d{3})+|\d+)\s+(?:[\p{L}-]+\s+){0,2}?(?:people|users|employees|staff|colleagues|agents|reps|mitarbeiter|medewerkers|developers|engineers)\b/iu.exec(
    text,
  );
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/[.,]/g, ""));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

const EU_HOSTING = /\b(?:stays?|kept|hosted|hosting|remain|residency)\b[^.]{0,40}\b(?:eu|europe|european)\b|\beu (?:hosting|data boundary|only)\b/i;
const US_HOSTING = /\b(?:stays?|kept|hosted|hosting|remain)\b[^.]{0,40}\b(?:us|united states)\b/i;

/** Extracts a need from text; `overrides` (a form's fields, CLI flags) win over what the text says. */
export function extractNeed(text: string, overrides: Partial<PartnerNeed> = {}, vocabulary: NeedVocabulary = DEFAULT_VOCABULARY): PartnerNeed {
  const systems = matchAll(text, vocabulary.systems).filter(
    (s, _, all) => !(SHADOWED_BY[s] ?? []).some((specific) => all.includes(specific) && !aliasOutsideOf(text, s, specific, vocabulary)),
  );
  const countries = matchAll(text, COUNTRY_WORDS);
  const regions = [...new Set([...matchAll(text, REGION_WORDS), ...countries.map((c) => COUNTRY_REGION[c]!).filter(Boolean)])];
  const languages = matchAll(text, LANGUAGE_WORDS);
  const written = detectLanguage(text);
  if (written && !languages.includes(written)) languages.push(written);
  let sensitivity: Sensitivity | undefined;
  for (const level of SENSITIVITY_LEVELS) if (phraseRegex(SENSITIVITY_WORDS[level]).test(text)) sensitivity = level;
  const need: PartnerNeed = {
    systems,
    functions: matchAll(text, FUNCTION_WORDS),
    practices: matchAll(text, PRACTICE_WORDS),
    industries: matchAll(text, INDUSTRY_WORDS),
    countries,
    regions,
    languages,
  };
  if (sensitivity) need.sensitivity = sensitivity;
  if (EU_HOSTING.test(text)) need.hosting = "eu";
  else if (US_HOSTING.test(text)) need.hosting = "us";
  const budget = parseBudget(text);
  if (budget) need.budgetEur = budget;
  const users = parseUsers(text);
  if (users) need.users = users;
  for (const [k, v] of Object.entries(overrides) as [keyof PartnerNeed, never][]) {
    if (v === undefined || (Array.isArray(v) && (v as unknown[]).length === 0)) continue;
    need[k] = v;
  }
  if (overrides.countries?.length && !overrides.regions?.length) {
    need.regions = [...new Set(overrides.countries.map((c) => COUNTRY_REGION[c]).filter((r): r is string => Boolean(r)))];
  }
  return need;
}

/** True when `general` is named by a phrase that is not part of `specific`'s phrase (e.g. "copilot" on its own). */
function aliasOutsideOf(text: string, general: string, specific: string, vocabulary: NeedVocabulary): boolean {
  const stripped = text.replace(new RegExp(phraseRegex(vocabulary.systems[specific] ?? []).source, "giu"), " ");
  return phraseRegex(vocabulary.systems[general] ?? []).test(stripped);
}
