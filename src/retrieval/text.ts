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

/** Lowercases, splits into word tokens (keeps "s/4hana"-style tokens apart: s, 4hana), drops stopwords. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().normalize("NFKD").matchAll(/[a-z0-9]+(?:'[a-z]+)?/g)) {
    const w = m[0].replace(/'[a-z]+$/, "");
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

const stemCache = new Map<string, string>();

/** Porter stem (the `stemmer` package), memoised: the same few thousand words recur constantly. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
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
    for (const s of line.split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/)) if (s.trim()) out.push(s.trim());
  }
  return out;
}
