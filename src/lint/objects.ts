/**
 * Object-keyed permissions: two rules about one thing named in ordinary words ("HR case files", "personal AI
 * accounts", "text generated per recipient", "the public-code filter"), one leaving it free (allowed, optional)
 * and one restricting it (not allowed, required), or one needing approval and one needing none, contradict even
 * when the rest of their words differ. The entity detector (entities.ts) keys rules by capitalised product names; a reworded rule about a kind of data or a
 * setting shares two ordinary words with the rule it contradicts and little else. So here the key is a pair of
 * content words that both stand next to the modal (its subject before it, its object after it), kept only when
 * few rules name that pair: a pair on many rules ("AI tool", "customer data") says nothing about which rule is meant.
 */
import { clauses, permissions, type PermissionFact, type Polarity, polaritiesConflict } from "./facts.ts";
import { defers, isExample } from "./contradictions.ts";
import { differentScope, permissionConflict } from "./entities.ts";
import { type Finding, onePerValue } from "./findings.ts";
import type { Statement } from "./statements.ts";
import { stem, words } from "../retrieval/text.ts";
import { canonicalStem, phraseStems } from "./subjects.ts";
import { integrationSystemsDiffer } from "./scope.ts";

export interface ObjectOptions {
  /** Known team and role names: an owner is not what a rule is about. */
  teams: readonly string[];
  /** Most statements whose rules may share one key pair (default MAX_RULES). */
  maxRules?: number;
  /** Per playbook path, the system an integration playbook is about: its statements' system unless they name another. */
  ownSystems?: ReadonlyMap<string, string>;
}

/** Most statements with a rule whose words near the modal hold one pair of content words. */
const MAX_RULES = 3;
/** Words before the modal (its subject) and after it (its object) that name what a rule is about. */
const BEFORE_WORDS = 7;
const AFTER_WORDS = 7;
/** The opening words of a statement that a pronoun object ("may use one") stands for. */
const ANTECEDENT_WORDS = 3;
/** A word in more statements than this is too common to be half of a key ("use", "data", "tool"). */
const COMMON_DF = 60;
/** The words two rules share next to their modals must weigh this much (IDF sum): two rare words, or three common ones. */
const MIN_SHARED_IDF = 8;
/** The same bar when two of the shared words stand side by side in both statements, a name used twice. */
const MIN_NAME_IDF = 6;
/** A word in this few statements is a key on its own ("memory", "Gmail"). */
const RARE_WORD_DF = 4;

const FREE: ReadonlySet<Polarity> = new Set(["allowed", "optional"]);
const REGIONS = /\b(Chicago|US|USA|United States|EU|EEA|Europe|European|UK|Germany|Netherlands)\b/g;
const DATA_CLASSES = /\b(Public|Internal|Confidential|Restricted|PHI|PII)\b/g;
/** Data classes and regions are a rule's scope (checked apart), not what it is about. */
const SCOPE_STEMS = new Set(contentStemsOf("public internal confidential restricted phi pii chicago us usa eu eea uk europe european germany netherlands"));

/** Words that state the rule or a quantity, never what it is about. */
const RULE_WORDS = new Set(
  (
    "allowed allow allows permitted permit never must may might require requires required approval approve approved forbidden prohibited " +
    "cannot can not no only without need needs should shall also still always ever first any every each all other unless until once " +
    "use used using uses halden rowe"
  )
    .split(" ")
    .map((w) => canonicalStem(stem(w))),
);

function contentStemsOf(text: string): string[] {
  return text.split(" ").map((w) => canonicalStem(stem(w)));
}

/** Content stems of a text, in order (stopwords, numbers and rule words dropped; "personal", "users" kept). */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9À-ž]+(?:[-'’][A-Za-z]+)*/g)) {
    for (const part of m[0].split(/-/)) {
      const w = words(part)[0];
      if (!w || /^\d/.test(w)) continue;
      const s = canonicalStem(stem(w));
      if (s.length >= 3 && !RULE_WORDS.has(s)) out.push(s);
    }
  }
  return out;
}

export interface ObjectRule {
  statement: Statement;
  fact: PermissionFact;
  /** Content stems next to the modal. */
  near: Set<string>;
}

/** The permission rules of the statements, each with the content words next to its modal (exported for tests). */
export function objectRules(statements: readonly Statement[], teams: readonly string[]): ObjectRule[] {
  const teamStems = new Set(teams.flatMap((t) => phraseStems(t)));
  const rules: ObjectRule[] = [];
  for (const s of statements) {
    // A list's lead-in states its rule for the items; the opening paragraph introduces the playbook; a question asks.
    if (/:\s*$/.test(s.text) || s.headings.length === 0 || isExample(s) || /\?/.test(s.text)) continue;
    let facts = permissions(s.text);
    let inherited = false;
    // An item under "Prohibited uses:" that states no rule of its own is under its lead-in's rule.
    if (facts.length === 0 && s.leadIn) {
      facts = permissions(s.leadIn).slice(0, 1).filter((p) => p.polarity === "forbidden" || p.polarity === "allowed");
      inherited = true;
      // "Personal and consumer AI accounts of any kind: see governance/acceptable-use.md": the item points elsewhere.
      if (defers(s.text)) continue;
    }
    const cs = clauses(s.text, { atAnd: true });
    for (const fact of facts) {
      const c = inherited ? { start: 0, end: s.text.length } : cs.find((x) => fact.start >= x.start && fact.start < x.end);
      if (!c) continue;
      // "- Memory (…): off, so that …": the label before the colon names what the clause after it rules on.
      const label = !inherited && !fact.label && c.start > 0 ? /^([^:;]{1,80}):\s+$/.exec(s.text.slice(0, c.start))?.[1] : undefined;
      const before = inherited || fact.label ? "" : `${label ?? ""} ${s.text.slice(c.start, fact.start)}`;
      const after = inherited ? s.text : fact.label ? s.text.slice(fact.end) : s.text.slice(fact.end, c.end);
      // "may connect only to MCP servers on the approved list" restricts what it names rather than allowing it.
      // A condition is not a restriction of what is allowed: "may use one only if it is rotated every 90 days" allows
      // the thing, on a condition, and so contradicts a rule that it is not allowed at all.
      if (fact.polarity === "allowed" && /\bonly\b(?!\s+(?:if|after|when|once|provided|where|while)\b)/i.test(`${before} ${after.split(/\s+/).slice(0, 4).join(" ")}`)) continue;
      // "Copilot cannot see a SharePoint site": what a tool is able to do, not what it is allowed to do.
      if (/^(?:cannot|can't|can not)$/i.test(fact.text) && /^\s*(?:see|know|tell|find|detect|understand|distinguish|read|reach|answer|flood|replace|guarantee|judge|verify)\b/i.test(after)) continue;
      // "details the model does not need": what a thing needs, not an exemption from a rule ("does not need an
      // approval" is one).
      if (fact.polarity === "optional" && /^(?:does|do) not (?:need|require)|^(?:doesn't|don't) (?:need|require)/i.test(fact.text) && !/^\s*(?:[\w'’-]+\s+){0,3}?(?:approv|sign-?off|sign off|review|consent|permission|authori[sz])/i.test(after)) continue;
      // "tasks that do not need a seat", "every variant that can be sent": a relative clause describes a thing.
      if (!fact.label && !inherited && /\b(?:that|which|who)\s+(?:\w+\s+)?$/i.test(s.text.slice(c.start, fact.start))) continue;
      const plain = (x: string) => x.replace(/\([^)]*\)/g, " ");
      const whole = inherited || fact.label;
      const near = new Set(
        [...contentStems(plain(before)).slice(-BEFORE_WORDS), ...contentStems(plain(after)).slice(0, whole ? BEFORE_WORDS + AFTER_WORDS : AFTER_WORDS)].filter(
          (x) => !teamStems.has(x),
        ),
      );
      // "may use one", "may keep it": the object is the thing the statement opened with ("A Zendesk API token acts …,
      // so a new integration may use one only if …"), whose words are far from the modal.
      if (!whole && /^\s*(?:one|it|them)\b(?!\s+of\b)/i.test(after)) {
        for (const x of contentStems(plain(s.text.slice(0, c.start > 0 ? c.start : fact.start))).slice(0, ANTECEDENT_WORDS)) if (!teamStems.has(x)) near.add(x);
      }
      if (near.size >= 1) rules.push({ statement: s, fact: inherited ? { ...fact, inherited: true } : fact, near });
    }
  }
  return rules;
}

export function findObjectPermissionConflicts(statements: readonly Statement[], opts: ObjectOptions): Finding[] {
  const rules = objectRules(statements, opts.teams);
  const n = statements.length;
  const df = new Map<string, number>();
  for (const s of statements) for (const x of new Set(contentStems(s.text))) df.set(x, (df.get(x) ?? 0) + 1);
  const idf = (x: string) => Math.log(1 + n / (1 + (df.get(x) ?? 0)));
  // Key pair → the statements whose rules hold it.
  const holders = new Map<string, Set<Statement>>();
  const keysOf = new Map<ObjectRule, string[]>();
  for (const r of rules) {
    const near = [...r.near].sort();
    const rare = (x: string) => (df.get(x) ?? 0) <= COMMON_DF;
    const keys: string[] = near.filter((x) => (df.get(x) ?? 0) <= RARE_WORD_DF);
    for (let i = 0; i < near.length; i++) for (let j = i + 1; j < near.length; j++) if (rare(near[i]!) || rare(near[j]!)) keys.push(`${near[i]} ${near[j]}`);
    keysOf.set(r, keys);
    for (const k of keys) holders.set(k, (holders.get(k) ?? new Set()).add(r.statement));
  }
  const max = opts.maxRules ?? MAX_RULES;
  const byKey = new Map<string, ObjectRule[]>();
  for (const r of rules) {
    for (const k of keysOf.get(r)!) {
      const size = holders.get(k)!.size;
      if (size >= 2 && size <= max) byKey.set(k, [...(byKey.get(k) ?? []), r]);
    }
  }
  const pairs = new Map<string, { a: ObjectRule; b: ObjectRule; keys: Set<string>; rank: number }>();
  for (const [key, group] of byKey) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (a.statement === b.statement) continue;
        if (a.statement.path === b.statement.path && a.statement.list >= 0 && a.statement.list === b.statement.list && (a.fact.inherited || b.fact.inherited)) continue;
        if (!polaritiesConflict(a.fact.polarity, b.fact.polarity)) continue;
        // A freedom against a restriction, or needing approval against needing none ("requires the DPO's sign-off" /
        // "no approval needed"). Needing approval against being allowed is most often two actions on one thing.
        const approvalPair = (x: Polarity, y: Polarity) => x === "approval" && y === "optional";
        const approvalAgainstNone = approvalPair(a.fact.polarity, b.fact.polarity) || approvalPair(b.fact.polarity, a.fact.polarity);
        if (!approvalAgainstNone && (FREE.has(a.fact.polarity) === FREE.has(b.fact.polarity) || a.fact.polarity === "approval" || b.fact.polarity === "approval")) continue;
        if (differentScope(a.statement.text, b.statement.text, REGIONS, DATA_CLASSES)) continue;
        // A write-back in the Salesforce playbook and one in the Workday playbook are two things, whatever words they
        // share. (Only integration playbooks: keeping apart every two statements naming different systems lost two
        // planted conflicts on the development sets.)
        if (integrationSystemsDiffer(a.statement, b.statement, opts.ownSystems)) continue;
        const [x, y] = `${a.statement.path}:${String(a.statement.line).padStart(6)}` <= `${b.statement.path}:${String(b.statement.line).padStart(6)}` ? [a, b] : [b, a];
        const id = `${x.statement.path}:${x.statement.line}:${x.fact.start}|${y.statement.path}:${y.statement.line}:${y.fact.start}`;
        const p = pairs.get(id) ?? { a: x, b: y, keys: new Set<string>(), rank: 0 };
        p.keys.add(key);
        pairs.set(id, p);
      }
    }
  }
  const rulesOf = new Map<Statement, ObjectRule[]>();
  for (const r of rules) rulesOf.set(r.statement, [...(rulesOf.get(r.statement) ?? []), r]);
  const kept = [...pairs.values()].filter((p) => {
    const shared = [...p.a.near].filter((w) => p.b.near.has(w));
    // A statement that also states the other side about these words is a rule with its exception; one that states
    // it about other words ("Built-in ticket summaries may be used on tickets tagged no_phi; the other Zendesk AI
    // features stay off") rules on two things.
    const states = (r: ObjectRule, polarity: Polarity) =>
      rulesOf.get(r.statement)!.some((o) => o !== r && o.fact.polarity === polarity && shared.some((w) => o.near.has(w) && !SCOPE_STEMS.has(w)));
    if (states(p.a, p.b.fact.polarity) || states(p.b, p.a.fact.polarity)) return false;
    // Data classes and regions alone ("Public", "Internal", "Confidential") are a scope two rules share, not a thing.
    if (shared.every((w) => SCOPE_STEMS.has(w))) return false;
    p.rank = shared.reduce((sum, w) => sum + idf(w), 0);
    // Two shared words that stand side by side in both statements ("other coding assistants") are one name used twice,
    // which says more than two words found apart.
    return shared.length >= 2 && p.rank >= (sharedName(p.a.statement.text, p.b.statement.text, shared) ? MIN_NAME_IDF : MIN_SHARED_IDF);
  });
  // Two rules of one statement against two of another ("may be sent …, and … without a person approving them") are
  // one disagreement between the two statements: reported once, by the pair that shares the most.
  const seenPairs = new Set<string>();
  return onePerValue(kept, (p) => p.rank, (p) => [
    { at: p.a.statement, value: p.a.fact.polarity },
    { at: p.b.statement, value: p.b.fact.polarity },
  ]).filter((p) => {
    const key = `${p.a.statement.path}:${p.a.statement.line}|${p.b.statement.path}:${p.b.statement.line}`;
    if (seenPairs.has(key)) return false;
    seenPairs.add(key);
    return true;
  }).map((p) => permissionConflict([...new Set([...p.keys].flatMap((k) => k.split(" ")))].join(", "), p.a, p.b));
}

/** Two of the shared words stand next to each other, in the same order, in both texts ("coding assistants"). */
function sharedName(a: string, b: string, shared: readonly string[]): boolean {
  const pairs = (t: string) => {
    const xs = contentStems(t.replace(/\([^)]*\)/g, " "));
    return new Set(xs.slice(1).map((x, i) => `${xs[i]} ${x}`));
  };
  const inA = pairs(a);
  const inB = pairs(b);
  const words = new Set(shared);
  // "the acceptable use policy": a document the rule cites, not the thing it rules on.
  return [...inA].some((p) => inB.has(p) && p.split(" ").every((w) => words.has(w)) && !DOCUMENT_WORDS.has(p.split(" ")[1]!));
}

/** The last word of a document's name ("… policy", "… Act", "… playbook"). */
const DOCUMENT_WORDS = new Set(contentStemsOf("policy act playbook standard guideline regulation law"));
