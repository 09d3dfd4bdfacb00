/**
 * Contradictions found from restatements. Every fact of the playbooks is stated in more than one place (a summary and
 * its section, a table and its prose, a governance rule and the integration playbook that repeats it), so a
 * contradiction is a restatement that gives a different value. For every statement with a value (a figure, a
 * permission, an owning team) this finds its restatements anywhere in the corpus, the same playbook included: its
 * nearest statements by sentence similarity (IDF-weighted cosine over stems with synonyms folded, heading path
 * included) that have it among their nearest too, and statements whose figure is attached to the same name ("Standard
 * review, 15 business days" / "the Standard security review (20 business days)"). Values of the same kind are compared
 * after normalisation; guards keep values of other scopes, named levels, cases and actions apart. A second detector
 * beside contradictions.ts, which pairs facts by the words next to each value; lint.ts merges the two, each
 * conflicting pair reported once.
 */
import type { Playbook } from "../retrieval/playbooks.ts";
import { findAcronyms } from "./acronyms.ts";
import { answerRules, clauses, type Fact, factValue, labelledTeam, permissions, type PermissionFact, type Polarity, polaritiesConflict, quantities, type QuantityFact, type Span, teams, thresholdCut } from "./facts.ts";
import { conflictFinding, type Finding, onePerValue, type Place } from "./findings.ts";
import { type Scope, scopeOf, scopesDiffer } from "./scope.ts";
import type { Statement } from "./statements.ts";
import { documentFrequencies, idfFrom, phraseStems, type Token, tokens } from "./subjects.ts";

export interface RestatementOptions {
  /** Known team names (playbook owners and the teams the playbooks mention). */
  teams: readonly string[];
  /** The playbooks (for an integration playbook's own system). */
  playbooks?: readonly Playbook[];
  /** Tuning aid: called for every compared pair of values that disagree, with the verdict. */
  onPair?: (a: Valued, b: Valued, value: [Fact, Fact], similarity: number, verdict: string, rank: number, context: ContextOverlap) => void;
  /** Tuning aid: how many nearest restatements are compared (default NEAREST) and from which similarity. */
  nearest?: number;
  minSimilarity?: number;
  /** Tuning aid: the context overlap a conflict needs (default MIN_CONTEXT). */
  minContext?: ContextOverlap;
  /** Tuning aid: MIN_EVIDENCE, MUTUAL_RANK and NAME_SHARE. */
  minEvidence?: number;
  mutualRank?: number;
  minNameShare?: number;
}

/**
 * Which restatements of a statement (per kind of value) are compared with it: the nearest one from NEAREST_SIMILARITY,
 * the next ones (up to NEAREST) only from MIN_SIMILARITY.
 */
export const NEAREST = 2;
export const NEAREST_SIMILARITY = 0.25;
export const MIN_SIMILARITY = 0.25;
/** …and each must be among the other's MUTUAL_RANK + 1 nearest (a drifted statement and its source find each other). */
export const MUTUAL_RANK = 1;
/**
 * Permissions are read from modal verbs anywhere in a sentence, so a rule and its neighbour about another object
 * ("must use synthetic customers" / "real records never go into prompts") often look opposed: a permission
 * restatement must be closer, and "required" against "forbidden" (usually two objects) is not compared.
 */
export const PERMISSION_SIMILARITY = 0.45;
export const PERMISSION_CONTEXT_SHARE = 0.5;
/**
 * The words around the two values must share this much: IDF weight (one rare word, or two common ones), words, and
 * share of the smaller context's weight.
 */
export const MIN_CONTEXT = { idf: 3, words: 1, share: 0.3 };
/**
 * The two signals together: sentence similarity plus the context share must reach this. A restatement in other words
 * (low similarity) still counts when the words around its value are the same; a loose neighbour does not.
 */
export const MIN_EVIDENCE = 0.7;
/** Two values whose names share this much are compared even when their sentences are not each other's nearest. */
export const NAME_SHARE = 0.6;
/** Words within this many content words of a value, in its clause, are the value's subject words. */
const CONTEXT_WORDS = 8;
/** Two figures further apart than this factor measure different things, not one figure drifted. */
const MAX_RATIO = 12;
/** Weights of the heading path in a statement's vector: its own section, then the sections above. */
const HEADING_WEIGHT = 0.5;
const PARENT_HEADING_WEIGHT = 0.25;

/** A value of a statement: the fact, which kind of value it is, the words around it and its scope. */
export interface Value {
  fact: Fact;
  /** Values are compared only within a group: `q:<family>`, `permission`, `team`. */
  group: string;
  context: Set<string>;
  /**
   * The name the value is attached to: the phrase (up to NAME_WORDS content words) it is appended to or modifies
   * ("Standard review, 15 business days", "the fortnightly CAB"); an acronym stands for the words it abbreviates.
   */
  name: Set<string>;
  scope: Scope;
}

/** A statement with at least one value, and its similarity vector. */
export interface Valued {
  statement: Statement;
  values: Value[];
  vector: Map<string, number>;
  norm: number;
  quantities: QuantityFact[];
  polarities: ReadonlySet<Polarity>;
  teamNames: ReadonlySet<string>;
  /** The system an integration playbook is about (its first `systems` entry). */
  ownSystem?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation of values

const PER_MONTH: Record<string, number> = { day: 30.4, week: 52 / 12, month: 1, quarter: 1 / 3, year: 1 / 12 };

/**
 * Which quantities are compared: durations (calendar days, business days counted 7/5) with durations, a length ("a
 * 2-hour lab") with lengths, cadences with cadences, money with a time rate per month, counted things by their noun.
 */
export function valueGroup(q: QuantityFact): string {
  const length = q.kind.includes(":length") ? "length:" : "";
  const [base, ...rates] = q.kind.replace(":length", "").split("/");
  if (base!.startsWith("money:") && rates.some((r) => PER_MONTH[r] !== undefined)) return `q:${base}/time`;
  return `q:${length}${[base, ...rates].join("/")}`;
}

/** A quantity's range in the unit its group compares in (money with a time rate per month). */
export function comparableRange(q: QuantityFact): [number, number] {
  if (!q.kind.startsWith("money:")) return [q.lo, q.hi];
  const unit = q.kind.split("/").slice(1).find((r) => PER_MONTH[r] !== undefined);
  const f = unit ? PER_MONTH[unit]! : 1;
  return [q.lo * f, q.hi * f];
}

/**
 * Two quantities of one group agree when their ranges overlap (5% slack): "2–3 weeks" and "15 business days", "4–8
 * weeks" and "six weeks" state the same fact; "5 business days" and "10 working days" do not.
 */
export function quantitiesAgree(a: QuantityFact, b: QuantityFact): boolean {
  const [ca, cb] = [thresholdCut(a), thresholdCut(b)];
  if (ca !== undefined && cb !== undefined) return Math.abs(ca - cb) < 1e-6;
  const [alo, ahi] = comparableRange(a);
  const [blo, bhi] = comparableRange(b);
  const slack = 0.05 * Math.max(Math.abs(ahi), Math.abs(bhi), 1e-9);
  return alo <= bhi + slack && blo <= ahi + slack;
}

/** Figures an order of magnitude apart (3 business days and 180 days) measure different things. */
export function comparableScale(a: QuantityFact, b: QuantityFact): boolean {
  const [alo, ahi] = comparableRange(a);
  const [blo, bhi] = comparableRange(b);
  return Math.max(ahi, bhi) <= MAX_RATIO * Math.max(Math.min(alo, blo), 1e-9);
}

/** Two values of one group disagree: figures that do not overlap, conflicting permissions, different teams. */
export function valuesDisagree(a: Fact, b: Fact): boolean {
  if (a.type === "quantity" && b.type === "quantity") return !quantitiesAgree(a, b) && comparableScale(a, b);
  if (a.type === "permission" && b.type === "permission") return polaritiesConflict(a.polarity, b.polarity);
  if (a.type === "team" && b.type === "team") return canonicalTeam(a.team) !== canonicalTeam(b.team);
  return false;
}

/** A team's name without its article and a trailing "team" ("the IT Platform Team" = "IT Platform"). */
export function canonicalTeam(name: string): string {
  return name
    .toLowerCase()
    .replace(/\s*\([^)]*\)/g, "")
    .replace(/^the\s+/, "")
    .replace(/\s+team$/, "")
    .replace(/\s*&\s*/g, " and ")
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Statements with values

/**
 * The permission rules a statement states. A lead-in to a list states its rule for the items, and the opening
 * paragraph (no heading yet) says whom the playbook is for: neither states one of its own.
 */
export function statedRules(statement: Statement): PermissionFact[] {
  if (/:\s*$/.test(statement.text) || statement.headings.length === 0) return [];
  const rules = permissions(statement.text);
  // An answer under a yes/no question ("No; …", "Only for Public information …") rules on what the question asks.
  const answers = answerRules(statement.text, statement.headings);
  return answers.length > 0 && !rules.some((p) => p.start < answers[0]!.end) ? [...answers, ...rules] : rules;
}

/** Example questions, prompts and quotes: what employees say, not what the company decided. */
function isExample(s: Statement): boolean {
  const asks = s.raw.trimStart().startsWith("#") && /^(?:which|what|who|how|when|where|why|can|may|do|does|is|are)\b/i.test(s.text);
  return asks || /^["“']/.test(s.text) || /\?["”']?$/.test(s.text) || s.headings.some((h) => /\bexamples?\b/i.test(h) && !/\bworked example\b/i.test(h));
}

const OWNERSHIP =
  /\b(?:own|owns|owned|approv\w*|decid\w*|provision\w*|triag\w*|allocat\w*|assign\w*|runs?|maintain\w*|signs? off|responsible|accountable|grant\w*|sponsor\w*|review\w*|handl\w*|host\w*|buil[dt]\w*|rais\w*|chair\w*|publish\w*|manag\w*|operat\w*|administ\w*|answer\w*|translat\w*|schedul\w*|creat\w*|stays? with|done by|led by|leads?|hand(?:s|ed)? out|allocation|ownership|owner)\b/i;

/** The values a statement states, each with the words around it. */
function valuesOf(
  statement: Statement,
  toks: Token[],
  knownTeams: readonly string[],
  ownSystem: string | undefined,
  expansions: ReadonlyMap<string, string[]>,
): Omit<Valued, "vector" | "norm"> | undefined {
  if (isExample(statement) || /×/.test(statement.text)) return undefined;
  const text = statement.text;
  // Worked calculations ("600 seats × €55 = €396,000"): the inputs are facts, the results are derived.
  const resultsFrom = /[=≈]\s*[€$£\d]/.exec(text)?.index ?? Infinity;
  const qs = quantities(text);
  const ps = statedRules(statement);
  const ts = teams(text, knownTeams);
  const teamNames = new Set(ts.map((t) => canonicalTeam(t.team)));
  const facts: Fact[] = [...qs.filter((q) => q.start < resultsFrom && statedFigure(text, q)), ...ps];
  // A team is the statement's owner of an action only when it is the one team named and an action is named.
  // …or the owner a "who owns what" item or a labelled line names ("Data Platform Team: Snowflake regions").
  const labelled = statement.headings.length > 0 ? labelledTeam(text, ts) : undefined;
  if (teamNames.size === 1 && statement.headings.length > 0 && OWNERSHIP.test(text)) facts.push(ts[0]!);
  else if (labelled) facts.push(labelled);
  if (facts.length === 0) return undefined;
  const clauseSpans = clauses(text);
  const tableRow = statement.raw.trimStart().startsWith("|");
  // The counted noun is part of a quantity's span ("100 records about different people") and its subject: only
  // team names are left out (numbers and units are no subject words anyway).
  const skip: Span[] = ts;
  const values: Value[] = facts.map((fact) => {
    const clause = tableRow ? { start: 0, end: text.length } : (clauseSpans.find((c) => fact.start >= c.start && fact.start < c.end) ?? { start: 0, end: text.length });
    return {
      fact,
      group: fact.type === "quantity" ? valueGroup(fact) : fact.type,
      context: contextOf(toks, fact, clause, skip),
      name: nameOf(text, toks, fact, clause, skip, expansions),
      scope: scopeOf(text, { ownSystem, clause: text.slice(clause.start, clause.end) }),
    };
  });
  return { statement, values, quantities: qs, polarities: new Set(ps.map((p) => p.polarity)), teamNames, ownSystem };
}

/**
 * A figure the statement states: not part of a product name ("Microsoft 365 licences"), and not an article counting
 * one person or thing ("a champion", "an analyst"), which names who, not how many.
 */
function statedFigure(text: string, q: QuantityFact): boolean {
  if (/[A-Z][\w-]*\s$/.test(text.slice(0, q.start))) return false;
  const article = /^an?\b/i.test(q.text);
  return !(article && (q.kind.startsWith("people") || q.kind.startsWith("count:")));
}

/** A word this rare (IDF) can name a specific thing. */
const SPECIFIC_IDF = 3;
/** Content words either side of a value that name what it is the value of. */
const NAME_WORDS = 3;

function nameOf(text: string, toks: Token[], fact: Span, clause: Span, skip: Span[], expansions: ReadonlyMap<string, string[]>): Set<string> {
  // "the Full security review (eight weeks, …)": the value belongs to what the parenthesis follows.
  const open = text.lastIndexOf("(", fact.start);
  const at = open >= clause.start && text.slice(open + 1, fact.start).trim().length === 0 ? open : fact.start;
  const inClause = toks.filter((t) => t.start >= clause.start && t.end <= clause.end && !skip.some((s) => t.start < s.end && t.end > s.start));
  // A name is a phrase the value is appended to ("Standard review, 15 business days"), with nothing but punctuation
  // between them, or one the value modifies ("the fortnightly CAB", "the two-week Standard security review").
  const phrase: Token[] = [];
  let end = at;
  for (const t of inClause.filter((t) => t.end <= at).reverse()) {
    const gap = text.slice(t.end, end);
    if (!(phrase.length === 0 ? /^[\s,:(–—-]*$/ : /^[\s-]*$/).test(gap) || phrase.length === NAME_WORDS) break;
    phrase.unshift(t);
    end = t.start;
  }
  // "the two-week Standard security review", "20 business days of Standard review": the value measures the name after it.
  const following = /^\s*(?:of\s+(?:the\s+)?)?(?=[A-Z])/.exec(text.slice(fact.end));
  if (following) {
    let from = fact.end + following[0].length;
    for (const t of inClause.filter((t) => t.start >= fact.end)) {
      if (!/^[\s-]*$/.test(text.slice(from, t.start)) || phrase.length >= 2 * NAME_WORDS) break;
      phrase.push(t);
      from = t.end;
    }
  }
  const out = new Set<string>();
  for (const t of phrase) for (const e of expansions.get(text.slice(t.start, t.end)) ?? [t.stem]) out.add(e);
  return out;
}

/** Stems within CONTEXT_WORDS content words of the value, inside its clause (values and team names left out). */
function contextOf(toks: Token[], fact: Span, clause: Span, skip: Span[]): Set<string> {
  const inClause = toks.filter((t) => t.start >= clause.start && t.end <= clause.end && !skip.some((s) => t.start < s.end && t.end > s.start));
  const anchor = inClause.findIndex((t) => t.start >= fact.start);
  const at = anchor < 0 ? inClause.length : anchor;
  return new Set(inClause.filter((_, i) => (i < at ? at - i : i - at + 1) <= CONTEXT_WORDS).map((t) => t.stem));
}

// ---------------------------------------------------------------------------------------------------------------
// The detector

/** One conflicting pair of values in two statements that restate each other. */
export interface RestatementConflict {
  a: Valued;
  b: Valued;
  va: Value;
  vb: Value;
  similarity: number;
}

export function findRestatementConflicts(statements: Statement[], opts: RestatementOptions): Finding[] {
  return conflictsOf(statements, opts).map(toFinding);
}

/** The conflicting pairs, one per statement and pair of values, nearest restatement first. */
export function conflictsOf(statements: Statement[], opts: RestatementOptions): RestatementConflict[] {
  const toks = statements.map((s) => tokens(s.text));
  const headingStems = statements.map((s) => s.headings.map((h) => phraseStems(h)));
  const df = documentFrequencies(statements, toks);
  const n = statements.length;
  const idf = idfFrom(df, n);
  const ownSystems = new Map((opts.playbooks ?? []).filter((p) => p.path.startsWith("integrations/") && p.systems?.[0]).map((p) => [p.path, p.systems![0]!]));

  // Sections of a use-case catalog that describe one use case (they hold its YAML block's description).
  const useCases = new Set(statements.filter((s) => /^\s*description:/.test(s.raw)).map((s) => `${s.path}#${s.headings[0] ?? ""}`));
  // Acronyms the corpus defines ("Change Advisory Board (CAB)") stand for their words in a value's name.
  const expansions = new Map([...findAcronyms(statements.map((s) => s.text))].map(([acronym, expansion]) => [acronym, phraseStems(expansion)]));
  const valued: Valued[] = [];
  statements.forEach((statement, i) => {
    const v = valuesOf(statement, toks[i]!, opts.teams, ownSystems.get(statement.path), expansions);
    if (!v) return;
    const vector = new Map<string, number>();
    for (const t of toks[i]!) vector.set(t.stem, idf(t.stem));
    headingStems[i]!.forEach((h, k) => {
      const w = k === headingStems[i]!.length - 1 ? HEADING_WEIGHT : PARENT_HEADING_WEIGHT;
      for (const s of h) if (!vector.has(s) || vector.get(s)! < w * idf(s)) vector.set(s, Math.max(vector.get(s) ?? 0, w * idf(s)));
    });
    let norm = 0;
    for (const w of vector.values()) norm += w * w;
    valued.push({ ...v, vector, norm: Math.sqrt(norm) });
  });

  // Each statement's nearest restatements, per group of values: only statements that state a value of that group.
  const byGroup = new Map<string, number[]>();
  valued.forEach((v, i) => {
    for (const g of new Set(v.values.map((x) => x.group))) byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  });
  const simCache = new Map<number, number>();
  const sim = (i: number, j: number) => {
    const key = i < j ? i * 100_003 + j : j * 100_003 + i;
    let s = simCache.get(key);
    if (s === undefined) {
      s = cosine(valued[i]!, valued[j]!);
      simCache.set(key, s);
    }
    return s;
  };
  // Each statement's neighbours per group, nearest first; a pair is kept when one is among the other's nearest, with
  // both ranks (a drifted statement and the one it drifted from are usually each other's nearest).
  const pairs = new Map<string, { i: number; j: number; group: string; similarity: number; rank: number; mutual: number }>();
  const rankOf = new Map<string, number>();
  const lists: [string, number, { j: number; s: number }[]][] = [];
  for (const [group, members] of byGroup) {
    for (const i of members) {
      const near: { j: number; s: number }[] = [];
      for (const j of members) {
        if (j === i || !comparable(valued[i]!.statement, valued[j]!.statement, useCases)) continue;
        const s = sim(i, j);
        if (s >= (opts.minSimilarity ?? NEAREST_SIMILARITY)) near.push({ j, s });
      }
      near.sort((x, y) => y.s - x.s);
      near.forEach(({ j }, rank) => rankOf.set(`${group}|${i}|${j}`, rank));
      lists.push([group, i, near]);
    }
  }
  for (const [group, i, near] of lists) {
    near.slice(0, opts.nearest ?? NEAREST).forEach(({ j, s }, rank) => {
      if (rank > 0 && s < (opts.minSimilarity ?? MIN_SIMILARITY)) return;
      const [x, y] = i < j ? [i, j] : [j, i];
      const key = `${group}|${x}|${y}`;
      const back = rankOf.get(`${group}|${j}|${i}`) ?? Infinity;
      const prev = pairs.get(key);
      pairs.set(key, { i: x, j: y, group, similarity: s, rank: Math.min(rank, prev?.rank ?? rank), mutual: Math.max(rank, back) });
    });
  }

  // Values attached to the same name ("Standard review, 15 business days" / "the Standard security review (20 business
  // days)") are restatements however different the rest of the two sentences is.
  // A team's neighbouring words are its verbs, not a name: only figures are paired by name, and a named length ("the
  // two-week Standard review") is compared with the same name's duration ("Standard review, 15 business days").
  const byFamily = new Map<string, number[]>();
  for (const [group, members] of byGroup) {
    if (!group.startsWith("q:")) continue;
    const family = group.replace("length:", "");
    byFamily.set(family, [...new Set([...(byFamily.get(family) ?? []), ...members])].sort((x, y) => x - y));
  }
  const inFamily = (v: Value, family: string) => v.group.replace("length:", "") === family;
  for (const [group, members] of byFamily) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const [i, j] = [members[x]!, members[y]!];
        if (!comparable(valued[i]!.statement, valued[j]!.statement, useCases)) continue;
        const named = Math.max(
          ...valued[i]!.values.filter((v) => inFamily(v, group)).flatMap((va) => valued[j]!.values.filter((v) => inFamily(v, group)).map((vb) => nameShare(va, vb, idf))),
        );
        if (named < (opts.minNameShare ?? NAME_SHARE)) continue;
        const key = `${group}|${i}|${j}`;
        const prev = pairs.get(key);
        pairs.set(key, { i, j, group, similarity: prev?.similarity ?? sim(i, j), rank: prev?.rank ?? Infinity, mutual: prev?.mutual ?? Infinity });
      }
    }
  }

  const limits: Limits = {
    context: opts.minContext ?? MIN_CONTEXT,
    evidence: opts.minEvidence ?? MIN_EVIDENCE,
    mutualRank: opts.mutualRank ?? MUTUAL_RANK,
    nameShare: opts.minNameShare ?? NAME_SHARE,
  };
  const out: RestatementConflict[] = [];
  for (const { i, j, group, similarity, rank, mutual } of pairs.values()) {
    const a = valued[i]!;
    const b = valued[j]!;
    for (const va of a.values.filter((v) => v.group.replace("length:", "") === group.replace("length:", ""))) {
      for (const vb of b.values.filter((v) => v.group.replace("length:", "") === group.replace("length:", ""))) {
        // A length and a deadline are compared only when both are attached to the same name.
        if (va.group !== vb.group && nameShare(va, vb, idf) < limits.nameShare) continue;
        if (!valuesDisagree(va.fact, vb.fact)) continue;
        const context = { ...contextOverlap(va, vb, idf), mutual, name: nameShare(va, vb, idf) };
        const verdict = judge(a, b, va, vb, similarity, context, limits, idf);
        opts.onPair?.(a, b, [va.fact, vb.fact], similarity, verdict, rank, context);
        if (verdict === "conflict") out.push({ a, b, va, vb, similarity });
      }
    }
  }
  // A changed value that now disagrees with several restatements of the old one is reported against the nearest.
  return onePerValue(
    out,
    (c) => c.similarity,
    (c) => [
      { at: c.a.statement, value: valueKey(c.va.fact) },
      { at: c.b.statement, value: valueKey(c.vb.fact) },
    ],
  );
}

function cosine(a: Valued, b: Valued): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.vector.size < b.vector.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [s, w] of small.vector) {
    const u = large.vector.get(s);
    if (u !== undefined) dot += u * w;
  }
  return dot / (a.norm * b.norm);
}

/**
 * Statements that can restate each other: not the same line, not two items of one list or two rows of one table
 * (parallel cases: "ChatGPT Enterprise (600 seats)" and "Microsoft 365 Copilot (300 seats)").
 */
function comparable(a: Statement, b: Statement, useCases: ReadonlySet<string>): boolean {
  // Each use case in a catalog states its own plan and figures: two use cases are two subjects.
  const x = useCaseOf(a, useCases);
  const y = useCaseOf(b, useCases);
  if (x && y && x !== y) return false;
  if (a.path !== b.path) return true;
  if (a.line === b.line) return false;
  if (a.list >= 0 && a.list === b.list) return false;
  const row = (s: Statement) => s.raw.trimStart().startsWith("|");
  if (row(a) && row(b) && a.headings.join("/") === b.headings.join("/")) return false;
  return true;
}

function useCaseOf(s: Statement, useCases: ReadonlySet<string>): string | undefined {
  const key = `${s.path}#${s.headings[0] ?? ""}`;
  return useCases.has(key) ? key : undefined;
}

/** How much the words around two values overlap: shared IDF weight, shared words, share of the smaller context. */
export interface ContextOverlap {
  idf: number;
  words: number;
  share: number;
  /** The larger of the two statements' ranks in each other's neighbour lists (0: each is the other's nearest). */
  mutual?: number;
  /** Share of the smaller name's weight the two values' names have in common. */
  name?: number;
}

/** Share of the lighter name's IDF weight that two values' names share (0 when either has no specific word in common). */
function nameShare(va: Value, vb: Value, idf: (s: string) => number): number {
  let shared = 0;
  let words = 0;
  let specific = false;
  for (const s of va.name) {
    if (!vb.name.has(s)) continue;
    shared += idf(s);
    words++;
    if (idf(s) >= SPECIFIC_IDF) specific = true;
  }
  // A name is two words at least, one of them specific ("Standard review", "Change Advisory Board"), not "the full one";
  // the shared words must make up most of both names ("Sales learning path" is not "Customer service learning path").
  if (words < 2 || !specific) return 0;
  // Each name with a word of its own ("Sales …" / "Customer service …") names two things.
  const own = (x: Set<string>, y: Set<string>) => [...x].some((s) => !y.has(s));
  if (own(va.name, vb.name) && own(vb.name, va.name)) return 0;
  const weight = (c: Set<string>) => [...c].reduce((sum, s) => sum + idf(s), 0);
  return shared / Math.max(weight(va.name), weight(vb.name), 1e-9);
}

function contextOverlap(va: Value, vb: Value, idf: (s: string) => number): ContextOverlap {
  let shared = 0;
  let words = 0;
  for (const s of va.context) {
    if (!vb.context.has(s)) continue;
    shared += idf(s);
    words++;
  }
  const weight = (c: Set<string>) => [...c].reduce((sum, s) => sum + idf(s), 0);
  return { idf: shared, words, share: shared / Math.max(Math.min(weight(va.context), weight(vb.context)), 1e-9) };
}

/** Why two disagreeing values of restatements are not a conflict, or "conflict". */
interface Limits {
  context: ContextOverlap;
  evidence: number;
  mutualRank: number;
  nameShare: number;
}

function judge(a: Valued, b: Valued, va: Value, vb: Value, similarity: number, context: ContextOverlap, limits: Limits, idf: (s: string) => number): string {
  const min = limits.context;
  // Two figures attached to the same name ("the Full security review (eight weeks)" / "Full review, 30 business days")
  // are one fact however different the words around them are.
  const named = va.fact.type === "quantity" && (context.name ?? 0) >= limits.nameShare;
  if (!named && (context.idf < min.idf || context.words < min.words || context.share < min.share)) return "different subject words";
  if (!named && similarity + context.share < limits.evidence) return "too little evidence";
  if (!named && (context.mutual ?? 0) > limits.mutualRank) return "not each other's nearest";
  const scope = scopesDiffer(va.scope, vb.scope);
  if (scope) return `different ${scope}`;
  // Each integration playbook states its own case in parallel sections ("IT Platform Team hosts the AI service"):
  // two of them giving two values describe two integrations.
  if (a.ownSystem && b.ownSystem && a.ownSystem !== b.ownSystem) return "different integrations";
  const fa = va.fact;
  const fb = vb.fact;
  if (fa.type === "permission" && fb.type === "permission") {
    if (similarity < PERMISSION_SIMILARITY || context.share < PERMISSION_CONTEXT_SHARE) return "permission not restated closely enough";
    if (new Set([fa.polarity, fb.polarity]).has("required") && new Set([fa.polarity, fb.polarity]).has("forbidden")) return "an obligation and a prohibition";
  }
  if (fa.type === "quantity" && fb.type === "quantity") {
    const da = boundOf(a.statement.text, fa);
    const db = boundOf(b.statement.text, fb);
    if (da && db && da !== db) return "a lower and an upper bound";
  }
  if (fa.type === "team" && fb.type === "team") {
    const x = actionsOf(a.statement.text, fa);
    const y = actionsOf(b.statement.text, fb);
    if (x.size > 0 && y.size > 0 && ![...x].some((act) => y.has(act) || (act === "own" && y.has("build")) || (act === "build" && y.has("own")))) return "different actions";
  }
  if (differentChannels(a.statement.text, b.statement.text)) return "different channels";
  if (differentLabels(a.statement.text, b.statement.text)) return "different named levels";
  if (conditional(a.statement.text) !== conditional(b.statement.text)) return "a case and the rule";
  // Each statement stating the other's value too is a list of cases or a rule with its exception, not a drift.
  if (fa.type === "quantity" && fb.type === "quantity") {
    const family = (q: QuantityFact) => valueGroup(q).replace("length:", "");
    // Paired by name, only a value attached to that same name counts ("2–3 weeks of build, plus the Standard review
    // (20 business days)" does not state the review's 15 business days).
    const states = named
      ? (x: Valued, v: Value) =>
          x.values.some((o) => o.fact.type === "quantity" && family(o.fact) === family(v.fact as QuantityFact) && quantitiesAgree(o.fact, v.fact as QuantityFact) && nameShare(o, v, idf) >= limits.nameShare)
      : (x: Valued, v: Value) => x.quantities.some((o) => family(o) === family(v.fact as QuantityFact) && quantitiesAgree(o, v.fact as QuantityFact));
    if (states(a, vb) || states(b, va)) return "states both values";
  }
  if (fa.type === "permission" && fb.type === "permission" && (a.polarities.has(fb.polarity) || b.polarities.has(fa.polarity))) return "states both values";
  if (fa.type === "team" && fb.type === "team" && (a.teamNames.has(canonicalTeam(fb.team)) || b.teamNames.has(canonicalTeam(fa.team)))) return "states both values";
  return "conflict";
}

const LOWER_BOUND = /\b(?:at least|no less than|no fewer than|minimum(?: of)?|more than|over|above|exceeds?|from|or more|or above|or over)\s*$|^\s*(?:\+|or more|or above|or over|and (?:more|above))\b/i;
const UPPER_BOUND = /\b(?:at most|no more than|up to|maximum(?: of)?|less than|fewer than|under|below|within|falls? below|drops? below|smaller than|or less|or fewer|or below)\s*$|^\s*(?:or less|or fewer|or below)\b/i;

/**
 * Whether a figure is a lower bound ("at least 70%", "25 or more users") or an upper one ("below 50%", "up to 20%"):
 * a minimum to reach and a floor to fall below are two rules, not one figure stated twice.
 */
export function boundOf(text: string, q: Span): "lower" | "upper" | undefined {
  const before = text.slice(Math.max(0, q.start - 30), q.start);
  const own = text.slice(q.start, q.end);
  const after = text.slice(q.end, q.end + 15);
  if (LOWER_BOUND.test(before) || /\b(?:or more|or above|or over)\b|\+/.test(own) || LOWER_BOUND.test(after)) return "lower";
  if (UPPER_BOUND.test(before) || /\b(?:or less|or fewer|or below)\b/.test(own) || UPPER_BOUND.test(after)) return "upper";
  return undefined;
}

/** Ownership verbs that name the same action ("reviews" and "approves"; "owns" and "maintains"). */
const ACTIONS: [RegExp, string][] = [
  [/^(?:approv|review|decid|signs? off|sign-off|grant)/i, "decide"],
  [/^(?:own|maintain|responsible|accountable|manag|operat|administ|runs?$|stays? with|led by|leads?$)/i, "own"],
  [/^(?:provision|allocat|assign|hand)/i, "allocate"],
  [/^(?:triag|handl|answer|check)/i, "triage"],
  [/^(?:host|buil|creat|done by)/i, "build"],
  [/^(?:rais|publish|translat|schedul|chair|sponsor)/i, "other"],
];

/**
 * The actions a statement gives its team: the ownership verbs within a few words of the team's name, grouped
 * (ACTIONS). "Reviewed by Information Security" and "hosted by the Privacy Office" are two actions, two subjects.
 */
export function actionsOf(text: string, team: Span): Set<string> {
  const from = Math.max(0, team.start - 40);
  const window = text.slice(from, Math.min(text.length, team.end + 30));
  const out = new Set<string>();
  for (const m of window.matchAll(new RegExp(OWNERSHIP.source, "gi"))) {
    const verb = m[0].toLowerCase();
    out.add(ACTIONS.find(([re]) => re.test(verb))?.[1] ?? verb.slice(0, 5));
  }
  return out;
}

/** Each statement names a Slack channel the other does not: two channels, two subjects. */
function differentChannels(a: string, b: string): boolean {
  const channels = (t: string) => new Set(t.match(/#[a-z0-9][\w-]*/gi) ?? []);
  const x = channels(a);
  const y = channels(b);
  return x.size > 0 && y.size > 0 && ![...x].some((c) => y.has(c));
}

/** Each statement names a numbered level, tier or stage, or a quoted name, that the other does not ("Level 1" vs "Level 2"). */
function differentLabels(a: string, b: string): boolean {
  const labels = (t: string) => new Set((t.match(/\b(?:Level|Tier|Stage|Phase|Criterion|Wave|Step)\s+\d+\b|["“][^"”]{2,40}["”]/g) ?? []).map((l) => l.toLowerCase()));
  const x = labels(a);
  const y = labels(b);
  return x.size > 0 && y.size > 0 && ![...x].some((l) => y.has(l));
}

/** A statement that opens with its condition ("During a pilot, …", "If WAU falls …") states a case, not the rule. */
function conditional(text: string): boolean {
  return /^(?:during|if|when|whenever|until|unless|while|once|where)\b[^,;:]{3,80},/i.test(text.trim());
}

/** A fact's value, comparable across wordings. */
function valueKey(f: Fact): string {
  if (f.type === "quantity") {
    const [lo, hi] = comparableRange(f);
    return `${valueGroup(f)}=${Math.round(lo * 10) / 10}-${Math.round(hi * 10) / 10}`;
  }
  return f.type === "permission" ? f.polarity : canonicalTeam(f.team);
}

// ---------------------------------------------------------------------------------------------------------------
// Findings

const WHAT: Record<string, string> = { duration: "durations", people: "numbers of people", percent: "percentages" };

/** What kind of difference a finding reports ("different durations"); also how merged findings are matched. */
function differenceOf(f: Fact): string {
  if (f.type === "quantity") return `different ${WHAT[f.kind.replace(":length", "").split("/")[0]!] ?? "figures"}`;
  return f.type === "permission" ? "different permissions" : "different teams";
}

function toFinding(c: RestatementConflict): Finding {
  const aFirst = (c.a.statement.path.localeCompare(c.b.statement.path) || c.a.statement.line - c.b.statement.line) <= 0;
  const [p, q] = aFirst ? [{ s: c.a, v: c.va }, { s: c.b, v: c.vb }] : [{ s: c.b, v: c.vb }, { s: c.a, v: c.va }];
  const subject = [...p.v.context].filter((s) => q.v.context.has(s)).slice(0, 4).join(", ");
  return conflictFinding(
    `${differenceOf(p.v.fact)} in restatements of one fact (${subject})`,
    { at: p.s.statement, value: factValue(p.v.fact) },
    { at: q.s.statement, value: factValue(q.v.fact) },
  );
}

/**
 * The restatement conflicts the other detector did not report. Left out: a pair of places it already names (the same
 * two statements, give or take a line), and a statement whose value it already reports against the same other value
 * (one conflict per statement and pair of values, whichever restatement each detector paired it with).
 */
export function unseenConflicts(existing: readonly Finding[], found: readonly Finding[]): Finding[] {
  const reported = existing.filter((f) => f.kind === "contradiction");
  const near = (p: Place, q: Place) => p.path === q.path && Math.abs(p.line - q.line) <= 1;
  const reportedValues = new Set(reported.flatMap(valueKeysOf));
  return found.filter(
    (f) => !reported.some((r) => f.places.every((p) => r.places.some((q) => near(p, q)))) && !valueKeysOf(f).some((k) => reportedValues.has(k)),
  );
}

/**
 * "path:line|value|other value" for each side of a contradiction finding, read from its message ("… 4–6 weeks in
 * a.md:12 "…" vs 30 business days in b.md:40 "…""), figures normalised (2 weeks = 14 days), teams canonical.
 */
export function valueKeysOf(f: Finding): string[] {
  const sides = [...f.message.matchAll(/(?:\): |" vs )(.+?) in ([\w./-]+\.md):(\d+) "/g)].map((m) => ({ value: normalisedValue(m[1]!), place: `${m[2]}:${m[3]}` }));
  if (sides.length !== 2) return [];
  const [x, y] = sides as [{ value: string; place: string }, { value: string; place: string }];
  return [`${x.place}|${x.value}|${y.value}`, `${y.place}|${y.value}|${x.value}`];
}

function normalisedValue(described: string): string {
  const q = quantities(described)[0];
  if (q) {
    const [lo, hi] = comparableRange(q);
    return `${valueGroup(q).replace("length:", "")}=${Math.round(lo * 10) / 10}-${Math.round(hi * 10) / 10}`;
  }
  return canonicalTeam(described);
}
