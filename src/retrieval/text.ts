import { stemmer } from "stemmer";

// Function words only: domain words ("data", "team", "use") carry meaning in this corpus and stay.
const STOPWORDS = new Set(
  ("a about above after again against all am an and any are as at be because been before being below between both " +
    "but by can could did do does doing down during each few for from further had has have having he her here hers " +
    "herself him himself his how i if in into is it its itself just let me more most my myself no nor not of off on " +
    "once only or other ought our ours ourselves out over own same she should so some such than that the their theirs " +
    "them themselves then there these they this those through to too under until up very was we were what when where " +
    "which while who whom why will with would you your yours yourself yourselves im ive id youre dont doesnt cant " +
    "get got also want wants need needs please hi hey thanks thank us one way ok okay")
    .split(" "),
);

/**
 * Words of chat, not of the question ("how do i actually get a seat?", "pls", "lol", "tbh"): search, the priors, the
 * composer and the scope signals drop them like stopwords; the intent model keeps them (they tell small talk from a
 * question). Each was in dozens of labelled messages and is rare or absent in the playbooks, so it weighed like a
 * rare subject word: "actually" (in 281 messages) shares its stem with "actual", and "pls" (283) stems to "pl", the
 * playbooks' word for Poland; "how do i actually get a seat?" opened with what a seat costs, "how do i get a seat?"
 * with how to request one.
 */
const FILLER = new Set(
  ("actually anyway anyways basically literally honestly really pls plz lol tbh btw fyi imo guys kinda sorta " +
    "wondering maybe probably sorry cheers thx ty hello hallo yo hiya folks haha hmm ah oh uh um")
    .split(" "),
);

/** Whether a lowercase word is a function word that search drops ("or", "it", "us"). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Lowercases, splits into word tokens (keeps "s/4hana"-style tokens apart: s, 4hana), drops stopwords and, unless
 * `keepFiller`, the words of chat (FILLER).
 * A token is a run of [a-z0-9]; an apostrophe suffix ("partner's", "don't") is consumed and dropped; single
 * letters are dropped, single digits kept. Text with non-ASCII characters is NFKD-normalised first, so
 * accented letters keep their base letter. A hand-written scanner: this runs over every chunk at index time.
 */
export function words(text: string, keepFiller = false): string[] {
  let s = text.toLowerCase();
  if (NON_ASCII.test(s)) s = foldAccents(s);
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    const start = i;
    let digit = false;
    while (i < n && isWordChar((c = s.charCodeAt(i)))) {
      if (c <= 57) digit = true;
      i++;
    }
    const end = i;
    // "'" followed by at least one letter: part of the match, dropped from the token.
    if (i + 1 < n && s.charCodeAt(i) === 39 && isLetter(s.charCodeAt(i + 1))) {
      i += 2;
      while (i < n && isLetter(s.charCodeAt(i))) i++;
    }
    if (end - start < 2 && !digit) continue;
    const w = s.slice(start, end);
    if (!STOPWORDS.has(w) && (keepFiller || !FILLER.has(w))) out.push(w);
  }
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Letters that Unicode does not decompose into a base letter and a mark, in both cases. */
const UNDECOMPOSED: Record<string, string> = {
  "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
  "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th",
};

/**
 * "Düsseldorf" → "Dusseldorf", "Wrocław" → "Wroclaw": the base letters, case kept, so an accented word stays one
 * token for the tokenizer (decomposed but unstripped, the combining mark split it in two: "du" + "sseldorf") and
 * matches its unaccented spelling in the glossary.
 */
export function foldAccents(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[łŁøØßẞæÆœŒđĐıþÞ]/g, (ch) => UNDECOMPOSED[ch]!);
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

const stemCache = new Map<string, string>();

/**
 * American spellings to the British ones the playbooks use, before stemming: Porter keeps "organiz-" and "organis-",
 * "licens-" and "licenc-" apart, so "license", "optimize" or "program" would never meet "licence", "optimise" or
 * "programme". Word endings, not a dictionary: -ize/-yze forms, -or/-our words, -er/-re and a few nouns.
 */
const US_TO_UK: [RegExp, string][] = [
  [/^([a-z]{2,})iz(e|es|ed|ing|ation|ations|er|ers)$/, "$1is$2"],
  [/^([a-z]{2,})yz(e|es|ed|ing)$/, "$1ys$2"],
  [/^licens(e|es)$/, "licenc$1"],
  [/^(behavi|col|fav|lab)or(s|ed|ing|al|ite|ites)?$/, "$1our$2"],
  [/^(cent|met|lit)er(s)?$/, "$1re$2"],
  [/^program(s)?$/, "programme$1"],
  [/^catalog(s)?$/, "catalogue$1"],
  [/^(defen|offen)se$/, "$1ce"],
];

/** The word in the playbooks' (British) spelling. */
export function britishSpelling(word: string): string {
  for (const [us, uk] of US_TO_UK) if (us.test(word)) return word.replace(us, uk);
  return word;
}

/**
 * Words Porter folds into another word's stem, kept apart (as Lucene's StemmerOverrideFilter does): an employee
 * asking whether interns may use ChatGPT is not asking about internal APIs, "accessibility" is not access control,
 * "Centre of Excellence" is not Excel, job applicants are not applications. Each pattern gives its words one stem of
 * their own; the words Porter gave that stem before keep it ("interns" and "intern" stay "intern"). Found by listing
 * every stem the playbooks and the labelled messages share between words of different meaning.
 */
const STEM_OVERRIDES: [RegExp, string][] = [
  [/^internal(?:ly)?$/, "internal"],
  [/^international(?:ly)?$/, "internation"],
  [/^internships?$/, "intern"],
  [/^past(?:e|es|ed|ing)$/, "paste"],
  [/^busy$/, "busy"],
  [/^excellen(?:ce|t)$/, "excellence"],
  [/^general(?:ly)?$/, "general"],
  [/^generics?$/, "generic"],
  [/^hospitality$/, "hospitality"],
  [/^productiv(?:e|ity)$/, "productivity"],
  [/^production$/, "production"],
  [/^accountan(?:t|ts|cy)$|^accounting$/, "accountant"],
  [/^accountab(?:le|ility)$/, "accountable"],
  [/^rowe$/, "rowe"],
  [/^likely$/, "likely"],
  [/^communit(?:y|ies)$/, "community"],
  [/^applicants?$/, "applicant"],
  [/^experiment(?:s|ed|ing|al|ation)?$/, "experiment"],
  [/^informal(?:ly)?$/, "informal"],
  [/^accessib(?:le|ility)$/, "accessible"],
  [/^activit(?:y|ies)$/, "activity"],
  [/^engines?$/, "engine"],
  [/^careful(?:ly)?$/, "careful"],
  [/^responsib(?:le|ility|ilities)$/, "responsible"],
  [/^positive(?:ly)?$/, "positive"],
  [/^definitely$/, "definitely"],
  [/^income$/, "income"],
  [/^terminals?$/, "terminal"],
  [/^renewables?$/, "renewable"],
  [/^memorials?$/, "memorial"],
  [/^important(?:ly)?$/, "important"],
  [/^literally$/, "literally"],
  [/^news$/, "news"],
];

/**
 * Bump when `stem` or the words dropped (stopwords, FILLER) change: the stored index, the playbook prior, the section
 * prior and the intent model were built from stems, so their caches are keyed with it.
 */
export const STEMMING_VERSION = 4;

/** Porter stem (the `stemmer` package) of the British spelling, memoised: the same few thousand words recur constantly. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = STEM_OVERRIDES.find(([words]) => words.test(word))?.[1] ?? stemmer(britishSpelling(word));
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

/** Stemmed, stopword-free terms: the unit of the lexical index and of the local embedder's word features. */
export function terms(text: string): string[] {
  return words(text).map(stem);
}

/** Splits prose into sentences and list items, the units the offline composer picks from. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\n+/)) {
    const line = raw.trim();
    if (!line) continue;
    if (/^([-*+]|\d+[.)])\s+/.test(line) || line.startsWith("|")) {
      out.push(line);
      continue;
    }
    // An initial or an abbreviation's last letter ("checked by J. Kowalski", "the EU-U.S. Data Privacy Framework") ends no
    // sentence.
    for (const s of line.split(/(?<=[.!?])(?<!\b[A-Z]\.)\s+(?=[A-Z0-9"“(])/)) if (s.trim()) out.push(s.trim());
  }
  return out;
}

/**
 * Text as a labelled fact phrase is looked for in it: lower case, Markdown emphasis dropped, dashes unified, spaces
 * collapsed (the evaluation's "opening states the fact" and the section prior's training read phrases this way).
 */
export function factForm(text: string): string {
  return text.toLowerCase().replace(/[*_`]/g, "").replace(/[‐-―]/g, "-").replace(/\s+/g, " ");
}
