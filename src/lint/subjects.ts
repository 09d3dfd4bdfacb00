/**
 * The subject of a fact: the stemmed content words around it, weighted by how near they are (same clause and a
 * few words away count most, the rest of the statement and its heading path less) and by how rare they are in
 * the corpus (IDF), so two facts are "about the same thing" when they share rare nearby words.
 */
import { stem, words } from "../retrieval/text.ts";
import { clauses, type Fact, type Span } from "./facts.ts";
import type { Statement } from "./statements.ts";

export interface Token {
  stem: string;
  start: number;
  end: number;
}

/** Words that say what kind of value a fact is, never what it is about. */
const VALUE_WORDS = new Set(
  (
    "day days week weeks month months year years hour hours minute minutes business working calendar quarter " +
    "user users people person persons employee employees seat seats participant participants member members percent per cent " +
    "allowed allow permitted permit never must may might require requires required approval approve approved forbidden prohibited " +
    "cannot can not no only without need needs within more less least most than above below over under up " +
    "take takes taking plan about around maximum minimum limit limited up"
  )
    .split(" ")
    .map((w) => stem(w)),
);
const NUMBER_TOKEN = /^\d|^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)$/;

/**
 * The corpus's domain synonyms, folded to one stem so a restatement in other words still shares its subject:
 * a licence is a seat, an assessment a review, retention is keeping. Seats, users and people are value words
 * (the unit of a count), so their synonyms fold into the unit and drop out with it.
 */
const SYNONYMS: Record<string, string> = Object.fromEntries(
  (
    "licence:seat license:seat licences:seat licenses:seat licensed:seat assessment:review assessments:review assess:review " +
    "colleague:user colleagues:user employee:user staff:user retention:keep retained:keep retain:keep kept:keep keeps:keep stored:keep store:keep " +
    "sign-off:approve approval:approve approved:approve approves:approve allocate:assign allocates:assign allocated:assign allocation:assign " +
    "expiry:expire expires:expire lifetime:expire rotate:expire rotating:expire rotation:expire " +
    // Nouns of an action that the stemmer keeps apart from its verb ("extension" / "extended").
    "extension:extend extensions:extend suspension:suspend expansion:expand"
  )
    .split(" ")
    .map((pair) => pair.split(":").map((w) => stem(w)) as [string, string]),
);

/** One stem per synonym group (see SYNONYMS), word families folded first (see wordFamily). */
export function canonicalStem(s: string): string {
  const f = wordFamily(s);
  return SYNONYMS[f] ?? SYNONYMS[s] ?? f;
}

/**
 * One stem for the verb and noun of a word family that the stemmer leaves apart: "certify" (certifi) and
 * "certification" (certif), "classify" and "classification", "create" (creat) and "creation", "submit" and
 * "submission" (submiss), "grounded" (ground) and "groundedness" (grounded).
 */
export function wordFamily(s: string): string {
  if (s.length >= 6 && s.endsWith("fi")) return s.slice(0, -1);
  if (s.length >= 8 && s.endsWith("ation")) return s.slice(0, -3);
  if (s.length >= 6 && s.endsWith("miss")) return `${s.slice(0, -4)}mit`;
  // A quality noun in -edness keeps its participle ("groundedness": grounded) where the participle itself loses it
  // ("grounded": ground). Measured on the five development sets: found 194 → 195 whole corpus, 216 → 217 as a change,
  // false findings unchanged (15 / 13). Short stems that end in "ed" ("need", "speed") are words of their own.
  if (s.length >= 7 && s.endsWith("ed")) return s.slice(0, -2);
  return s;
}

/**
 * Content-word stems of a text with their offsets (stopwords, numbers and value words dropped, except the value words
 * in `keep`: a seat is the unit of a count, and also a thing a team hands out).
 */
export function tokens(text: string, keep?: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9À-ž]+(?:['’][a-z]+)?/g)) {
    const w = words(m[0])[0];
    if (!w || NUMBER_TOKEN.test(w)) continue;
    // The prefix of "re-certify", "re-run": the verb after it carries the meaning.
    if (w === "re" && text[m.index! + 2] === "-") continue;
    const s = canonicalStem(stem(w));
    if (VALUE_WORDS.has(s) && !keep?.has(s)) continue;
    out.push({ stem: s, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Stems of a phrase (for team names and aliases). */
export function phraseStems(text: string): string[] {
  return tokens(text).map((t) => t.stem);
}

export interface SubjectContext {
  idf: (stem: string) => number;
  /** Alias stem → the stems it stands for (from playbooks' `aliases`). */
  aliases: ReadonlyMap<string, string[]>;
}

export interface Subject {
  /** Stem → weight (proximity × IDF). */
  weights: Map<string, number>;
  norm: number;
  /** Sum of the weights. */
  total: number;
  /** Stems within a few words of the fact, in its clause. */
  near: Set<string>;
}

const NEAR_WORDS = 6;

/**
 * Builds a fact's subject. Weights: in the fact's clause, 1 for the nearest words decaying with distance (a
 * word 8 away counts 0.5); the statement's opening words (where its topic usually is) at least 0.7; the rest of
 * the statement 0.25; heading path 0.4; the playbook's own topic (`docWords`: title, systems) 0.3. `skip` spans
 * (the fact's own words, a team's name) are left out.
 */
export function subjectOf(
  statement: Statement,
  toks: Token[],
  fact: Fact,
  ctx: SubjectContext,
  skip: Span[] = [],
  docWords: readonly string[] = [],
): Subject {
  const clause = clauses(statement.text).find((c) => fact.start >= c.start && fact.start < c.end) ?? { start: 0, end: statement.text.length };
  const weights = new Map<string, number>();
  const near = new Set<string>();
  const add = (s: string, w: number) => {
    const v = w * ctx.idf(s);
    if (v > (weights.get(s) ?? 0)) weights.set(s, v);
  };
  const inside = (t: Token, span: Span) => t.start < span.end && t.end > span.start;
  const factIndex = toks.findIndex((t) => t.start >= fact.start);
  const anchor = factIndex < 0 ? toks.length : factIndex;
  const skipped = toks.map((t) => inside(t, fact) || skip.some((s) => inside(t, s)));
  // Near words are counted past the words of a team's name when the team acts by a verb: a long name before its
  // verb's object ("Customer Experience Ops approves any use of …") leaves the object as near as a short name does.
  // A labelled line ("Line manager: Tier 1 use cases.") names its things right after the colon anyway.
  const acting = fact.type === "team" && !/^\s*(?:\([^)]*\))?\s*:/.test(statement.text.slice(fact.end));
  const skippedBetween = (i: number) => {
    if (!acting) return 0;
    let n = 0;
    for (let k = Math.min(i, anchor); k < Math.max(i, anchor); k++) if (skipped[k]) n++;
    return n;
  };
  // A table cell's rule is about its cell and its row (the first cell: "Workday"), not the other cells of the row.
  const row = fact.type === "permission" && fact.column !== undefined ? clauses(statement.text)[0] : undefined;
  toks.forEach((t, i) => {
    if (skipped[i]) return;
    const inClause = t.start >= clause.start && t.end <= clause.end;
    if (row && !inClause && !(t.start >= row.start && t.end <= row.end)) return;
    const distance = i < anchor ? anchor - i : i - anchor + 1;
    let w = 0.25;
    if (inClause) {
      w = 1 / (1 + (distance - 1) / 7);
      if (distance - skippedBetween(i) <= NEAR_WORDS) near.add(t.stem);
    }
    if (i < 4) w = Math.max(w, 0.7);
    for (const s of [t.stem, ...(ctx.aliases.get(t.stem) ?? [])]) add(s, w);
  });
  // A counted thing ("five partners", "12 questions") is what the figure is about: its noun is part of the subject.
  // A time unit counted ("3 consecutive months") is a unit, not a subject.
  // So is what a ratio is per ("1 champion per 25-40 people": champion).
  const counted = fact.type === "quantity" && /^(?:count|ratio):/.test(fact.kind) ? fact.kind.slice(fact.kind.indexOf(":") + 1).split("/")[0]! : undefined;
  if (counted && !/^(?:minute|hour|day|week|month|quarter|year)$/.test(counted)) add(canonicalStem(stem(counted)), 1);
  // A setting's value ("- Transcript export (…): on") is about what its label names, however long the label's aside.
  // So is an answer's rule about what its question asks ("Can I use my personal account for work?" / "No; …").
  if (fact.type === "permission" && (fact.setting ?? fact.about)) {
    for (const t of tokens((fact.setting ?? fact.about)!)) {
      near.add(t.stem);
      add(t.stem, 1);
    }
  }
  statement.headings.forEach((h, i) => {
    for (const s of phraseStems(h)) add(s, i === statement.headings.length - 1 ? 0.5 : 0.25);
  });
  for (const s of docWords) add(s, 0.2);
  let norm = 0;
  let total = 0;
  for (const v of weights.values()) {
    norm += v * v;
    total += v;
  }
  return { weights, norm: Math.sqrt(norm), total, near };
}

/** Shared words over all words of two sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, a.size + b.size - shared);
}

export function cosine(a: Subject, b: Subject): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  let dot = 0;
  const [small, large] = a.weights.size < b.weights.size ? [a, b] : [b, a];
  for (const [s, v] of small.weights) {
    const u = large.weights.get(s);
    if (u !== undefined) dot += u * v;
  }
  return dot / (a.norm * b.norm);
}

/**
 * How much of the smaller subject the other one covers (weighted overlap coefficient): a short statement that
 * restates part of a long one still matches it, which cosine would dilute.
 */
export function containment(a: Subject, b: Subject): number {
  if (a.total === 0 || b.total === 0) return 0;
  let shared = 0;
  const [small, large] = a.weights.size < b.weights.size ? [a, b] : [b, a];
  for (const [s, v] of small.weights) {
    const u = large.weights.get(s);
    if (u !== undefined) shared += Math.min(u, v);
  }
  return shared / Math.min(a.total, b.total);
}

/** The shared words that carry the most weight in both subjects (to name the subject in a message). */
export function sharedWords(a: Subject, b: Subject, n = 4): string[] {
  const shared: [string, number][] = [];
  for (const [s, v] of a.weights) {
    const u = b.weights.get(s);
    if (u !== undefined) shared.push([s, Math.min(u, v)]);
  }
  return shared.sort((x, y) => y[1] - x[1]).slice(0, n).map(([s]) => s);
}

/**
 * Document frequency of each stem over the statements, each statement counted with its heading path, so words of
 * recurring headings ("Realistic timelines") count as common, as they are. `toks[i]` are statement i's tokens.
 */
export function documentFrequencies(statements: readonly Statement[], toks: readonly Token[][]): Map<string, number> {
  const df = new Map<string, number>();
  statements.forEach((st, i) => {
    const set = new Set(toks[i]!.map((t) => t.stem));
    for (const h of st.headings) for (const s of phraseStems(h)) set.add(s);
    for (const s of set) df.set(s, (df.get(s) ?? 0) + 1);
  });
  return df;
}

/** Inverse document frequency over `n` statements, from `documentFrequencies`. */
export function idfFrom(df: ReadonlyMap<string, number>, n: number): (stem: string) => number {
  return (s) => Math.log(1 + n / (1 + (df.get(s) ?? 0)));
}
