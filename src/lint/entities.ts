/**
 * Entity-keyed permissions: two rules about one named thing ("Cursor", "Slack AI", "the Drive connector"), one
 * allowing it and one not, contradict even when the rest of their words differ. The other detectors pair
 * statements by their shared words; a reworded rule about a product shares its name and little else, so here the
 * pairing key is the name alone (a run of words the corpus writes capitalised, within a few words of the modal),
 * kept only when two rules name it (a name on many rules, "ChatGPT", says nothing about which rule is meant).
 * Only a freedom (allowed, optional) against a ban pairs; scope checks (region, data class, a personal account)
 * keep apart rules for different places, data and products.
 */
import { clauses, permissions, type PermissionFact, POLARITY_WORDS, polaritiesConflict } from "./facts.ts";
import { isExample } from "./contradictions.ts";
import { conflictFinding, type Finding, onePerValue } from "./findings.ts";
import type { Statement } from "./statements.ts";

export interface EntityOptions {
  /** Known team and role names: an owner is not what a rule is about. */
  teams: readonly string[];
  /** Most statements with a permission that may name one key; a more common name does not pair. */
  maxRules?: number;
}

/**
 * Most statements with a permission that may name one key. Two: a name that only two rules mention and that they
 * rule on oppositely. (4 and 6 found nothing more on the development sets; 6 flagged 4 false conflicts on the
 * shipped corpus, and 4 flagged 3 more false ones on the held-out set than 2.)
 */
const MAX_RULES = 2;
/** Names after these are the means, not what the rule is about ("requested through PartnerPilot"). */
const INSTRUMENT = /\b(?:through|via|by)\s+$/i;
/** The name is within this many words after the modal (its object)… */
const NEAR_WORDS = 5;
/** …or this many before it (its subject: "Cursor on a personal plan is fine"). */
const SUBJECT_WORDS = 8;
/** A single word opening this many different names ("Azure Policy", "Azure AI Search", …) is a vendor, not a key. */
const UMBRELLA = 3;
/** Regions and data classes are a rule's scope, not what it is about. */
const SCOPE_WORDS = /^(?:chicago|us|usa|eu|eea|uk|public|internal|confidential|restricted|phi|pii|baa|hipaa|gdpr|ai)$/;

export interface Rule {
  statement: Statement;
  fact: PermissionFact;
  clause: string;
  keys: Set<string>;
}

/** Words that open sentences or label things without naming a product. */
const NOT_NAMES = new Set(["the", "a", "an", "this", "that", "these", "those", "it", "they", "we", "you", "your", "our", "if", "when", "for", "in", "on", "no", "not", "only", "all", "any", "each", "every", "see", "use", "do", "don't", "never", "halden", "rowe"]);

const REGIONS = /\b(Chicago|US|USA|United States|EU|EEA|Europe|European|UK|Germany|German|Frankfurt|Amsterdam|London|Dublin|Netherlands|Ireland)\b/g;
const REGION_GROUP: Record<string, string> = { chicago: "us", usa: "us", "united states": "us", us: "us", eu: "eu", eea: "eu", europe: "eu", european: "eu" };
const PERSONAL = /\b(?:personal|consumer|private)\s+(?:[\w-]+\s+){0,3}(?:account|plan|subscription)s?\b/i;
const DATA_CLASSES = /\b(Public|Internal|Confidential|Restricted|PHI|PII|personal data|health data|special category)\b/g;

/** Word → how often it is written capitalised inside a sentence vs in lower case, over the whole corpus. */
function caseCounts(statements: readonly Statement[]): Map<string, { cap: number; low: number }> {
  const counts = new Map<string, { cap: number; low: number }>();
  for (const s of statements) {
    const words = [...s.text.matchAll(/[A-Za-z][\w.]*[A-Za-z0-9]|[A-Za-z]/g)];
    words.forEach((m, i) => {
      const w = m[0];
      const key = w.toLowerCase();
      const c = counts.get(key) ?? { cap: 0, low: 0 };
      if (/^[a-z]/.test(w)) c.low++;
      else if (i > 0 && !/[.:!?]\s*$/.test(s.text.slice(0, m.index))) c.cap++;
      counts.set(key, c);
    });
  }
  return counts;
}

/** The names a clause mentions, normalised: runs of capitalised words that the corpus writes as names. */
export function namesIn(clause: string, isName: (word: string) => boolean, teams: readonly string[]): string[] {
  let text = clause;
  for (const t of teams) if (t.length > 2) text = text.split(t).join(" | ");
  const out = new Set<string>();
  const re = /[A-Z][\w.]*[A-Za-z0-9]|[A-Z]/g;
  let run: string[] = [];
  let last = -1;
  const flush = () => {
    if (run.length > 0) out.add(run.join(" ").toLowerCase());
    run = [];
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = m[0].replace(/'s$/, "");
    const gap = text.slice(last, m.index);
    if (!isName(word) || (run.length === 0 && INSTRUMENT.test(text.slice(0, m.index)))) {
      flush();
      last = m.index + m[0].length;
      continue;
    }
    if (run.length > 0 && !/^(?:'s)?\s+$/.test(gap)) flush();
    run.push(word);
    last = m.index + m[0].length;
  }
  flush();
  return [...out];
}

/**
 * Whether two rules are about different scopes, so they cannot contradict: regions or data classes named on both sides
 * with none in common, or a personal account on one side only (a personal account is another product than the
 * company's tenant of it). The object-keyed check (objects.ts) asks the same with its narrower region and class lists.
 */
export function differentScope(a: string, b: string, regions: RegExp = REGIONS, dataClasses: RegExp = DATA_CLASSES): boolean {
  // "…, even on a personal plan", "even for Public data": the rule reaches that case too, so it holds for every case of
  // that kind (a scope that matches any other), not only for the one named.
  const [ea, eb] = [concessions(a), concessions(b)];
  const any = (re: RegExp) => {
    if (!ea && !eb) return false;
    const once = new RegExp(re.source, re.flags.replace("g", ""));
    return once.test(ea) || once.test(eb);
  };
  return (
    (!any(regions) && disjoint(scopeOf(a, regions, REGION_GROUP), scopeOf(b, regions, REGION_GROUP))) ||
    (!any(dataClasses) && disjoint(scopeOf(a, dataClasses), scopeOf(b, dataClasses))) ||
    (!any(PERSONAL) && PERSONAL.test(a) !== PERSONAL.test(b))
  );
}

/** A text's "even …" phrases ("even on a personal plan"), which extend a rule to a case rather than scope it. */
function concessions(text: string): string {
  return [...text.matchAll(/\beven (?:on|for|in|with|if|when|through|via|under)?\s*[^,;.]*/gi)].map((m) => m[0]).join(" ");
}

function scopeOf(text: string, re: RegExp, group: Record<string, string> = {}): Set<string> {
  return new Set([...text.matchAll(re)].map((m) => group[m[1]!.toLowerCase()] ?? m[1]!.toLowerCase()));
}

function disjoint(a: Set<string>, b: Set<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));
}

/**
 * Whether a word is part of a name in this corpus: mixed case or a dot inside ("ChatGPT", "AI", "Otter.ai"), or a
 * word the corpus nearly always capitalises; never one of NOT_NAMES.
 */
function nameTest(statements: readonly Statement[]): (word: string) => boolean {
  const counts = caseCounts(statements);
  return (word) => {
    const c = counts.get(word.toLowerCase());
    if (NOT_NAMES.has(word.toLowerCase())) return false;
    if (/[A-Z].*[A-Z]|\.\w/.test(word)) return true;
    return c !== undefined && c.cap > 0 && c.low <= c.cap / 4;
  };
}

/** Each permission with the names next to its modal (exported for tuning). */
export function entityRules(statements: readonly Statement[], opts: EntityOptions): Rule[] {
  const isName = nameTest(statements);
  const rules: Rule[] = [];
  for (const s of statements) {
    if (/:\s*$/.test(s.text) || s.headings.length === 0) continue;
    const facts = permissions(s.text);
    if (facts.length === 0) continue;
    const cs = clauses(s.text, { atAnd: true });
    for (const fact of facts) {
      const c = cs.find((x) => fact.start >= x.start && fact.start < x.end);
      if (!c) continue;
      const clause = s.text.slice(c.start, c.end);
      // The name the rule is about stands next to its modal: a few words before it (its subject) or after it (its object).
      const words = (x: string) => x.trim().split(/\s+/).filter(Boolean);
      const before = words(s.text.slice(c.start, fact.start)).slice(-SUBJECT_WORDS).join(" ");
      const after = words(s.text.slice(fact.end, c.end)).slice(0, NEAR_WORDS).join(" ");
      const near = `${before} ${s.text.slice(fact.start, fact.end)} ${after}`;
      const keys = new Set(namesIn(near, isName, opts.teams).filter((k) => k.length >= 3 && !SCOPE_WORDS.test(k)));
      // "may connect only to MCP servers on the approved list" restricts what it names rather than allowing it.
      if (fact.polarity === "allowed" && /\bonly\b/i.test(clause)) continue;
      // "Copilot cannot see a SharePoint site": what a tool is able to do, not what it is allowed to do.
      if (/^(?:cannot|can't|can not)$/i.test(fact.text) && /^\s*(?:see|know|tell|find|detect|understand|distinguish|read|reach)\b/i.test(s.text.slice(fact.end))) continue;
      if (keys.size > 0) rules.push({ statement: s, fact, clause, keys });
    }
  }
  {
    // A vendor's name that opens many names ("Azure Policy", "Azure AI Search", "Azure Database") alone names none of them.
    const runs = new Map<string, Set<string>>();
    for (const st of statements) for (const n of namesIn(st.text, isName, opts.teams)) {
      const [first, ...rest] = n.split(" ");
      if (rest.length > 0) runs.set(first!, (runs.get(first!) ?? new Set()).add(n));
    }
    const umbrella = (k: string) => !k.includes(" ") && (runs.get(k)?.size ?? 0) >= UMBRELLA;
    for (const r of rules) for (const k of [...r.keys]) if (umbrella(k)) r.keys.delete(k);
  }
  return rules;
}

export function findEntityPermissionConflicts(statements: readonly Statement[], opts: EntityOptions): Finding[] {
  const rules = entityRules(statements, opts);
  const byKey = new Map<string, Rule[]>();
  for (const r of rules) for (const k of r.keys) byKey.set(k, [...(byKey.get(k) ?? []), r]);
  const max = opts.maxRules ?? MAX_RULES;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [key, group] of byKey) {
    const distinct = new Set(group.map((r) => `${r.statement.path}:${r.statement.line}`));
    if (distinct.size < 2 || distinct.size > max) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (a.statement === b.statement) continue;
        if (!polaritiesConflict(a.fact.polarity, b.fact.polarity)) continue;
        // Only a freedom against a restriction: "required" against "not allowed" about one product is most often
        // two different actions on it (store secrets in Key Vault / no downloadable keys).
        if (FREE.has(a.fact.polarity) === FREE.has(b.fact.polarity)) continue;
        // Needing approval against being free: about one product these were most often two different actions
        // (explore with a licence / request a seat with approval; display-only user / activate a service).
        if (a.fact.polarity === "approval" || b.fact.polarity === "approval") continue;
        // A statement that also states the other polarity about this name is a rule with its exception; one that
        // states it about another name ("Cursor is fine, other assistants are not") is not.
        const states = (r: Rule, p: string) => group.some((o) => o.statement === r.statement && o.fact.polarity === p);
        if (states(a, b.fact.polarity) || states(b, a.fact.polarity)) continue;
        if (differentScope(a.statement.text, b.statement.text)) continue;
        const [x, y] = `${a.statement.path}:${a.statement.line}` <= `${b.statement.path}:${b.statement.line}` ? [a, b] : [b, a];
        const id = `${x.statement.path}:${x.statement.line}|${y.statement.path}:${y.statement.line}`;
        if (seen.has(id)) continue;
        seen.add(id);
        findings.push(permissionConflict(key, x, y));
      }
    }
  }
  return findings;
}

const FREE = new Set(["allowed", "optional"]);


/** Two permission rules about one subject that disagree, as a finding naming both places (this check's and objects.ts's). */
export function permissionConflict(key: string, a: { statement: Statement; fact: PermissionFact }, b: { statement: Statement; fact: PermissionFact }): Finding {
  return conflictFinding(
    `different permissions for the same subject (${key})`,
    { at: a.statement, value: POLARITY_WORDS[a.fact.polarity] },
    { at: b.statement, value: POLARITY_WORDS[b.fact.polarity] },
  );
}

/** A product name in more permission rules than this is too common to pair on with a scope alone. */
const PAIR_MAX_DF = 12;
/** Words the corpus capitalises in labels, not names of a product. */
const GENERIC_NAME_WORDS = new Set(["ai", "halden", "rowe", "tier", "step", "note", "only", "not", "allowed", "prohibited"]);
/** What a rule's scope names: a data class or a region (each group one scope). */
const PAIR_SCOPE = /\b(PHI|PII|Public|Internal|Confidential|Restricted|Chicago|US|USA|EU|EEA|UK)\b/g;
const PAIR_SCOPE_GROUP: Record<string, string> = { chicago: "us", usa: "us", eea: "eu" };

/**
 * Product-and-scope permissions: two rules that name the same product and the same data class or region next to
 * their modals ("PHI is allowed in ChatGPT Enterprise" / "PHI … never goes into ChatGPT Enterprise"; "Gemini is
 * switched off for Chicago" / "Gemini … available to Chicago users"), one allowing and one banning. A product
 * alone is too common a key (findEntityPermissionConflicts pairs only rare ones); the product with a shared scope
 * is one subject. Each statement keeps its best pair only (onePerValue).
 */
export function findScopedPermissionConflicts(statements: readonly Statement[], opts: EntityOptions): Finding[] {
  const isName = nameTest(statements);
  interface ScopedRule { statement: Statement; fact: PermissionFact; clause: string; products: Set<string>; scopes: Set<string>; objects: Set<string> }
  const rules: ScopedRule[] = [];
  for (const s of statements) {
    // A quoted question ("may I paste a patient name into ChatGPT?") asks, it rules nothing.
    if (/:\s*$/.test(s.text) || s.headings.length === 0 || isExample(s) || /\?/.test(s.text)) continue;
    const facts = permissions(s.text);
    const cs = clauses(s.text, { atAnd: true });
    for (const fact of facts) {
      if (fact.polarity !== "allowed" && fact.polarity !== "forbidden") continue;
      const c = cs.find((x) => fact.start >= x.start && fact.start < x.end);
      if (!c) continue;
      const clause = s.text.slice(c.start, c.end);
      // "may connect only to MCP servers on the approved list" restricts what it names rather than allowing it; an
      // "only" further on ("…, so connect only folders without PHI") is another instruction.
      if (fact.polarity === "allowed" && /\bonly\b/i.test(`${s.text.slice(c.start, fact.end)} ${s.text.slice(fact.end, c.end).trim().split(/\s+/).slice(0, 3).join(" ")}`)) continue;
      if (/^(?:cannot|can't|can not)$/i.test(fact.text) && /^\s*(?:see|know|tell|find|detect|understand|distinguish|read|reach|answer)\b/i.test(s.text.slice(fact.end))) continue;
      // The names next to the modal: its subject (a few words before) and its object (a few words after).
      const w = (x: string) => x.trim().split(/\s+/).filter(Boolean);
      // Asides in parentheses ("US hospital records (Service Cloud US org, Zendesk) never go into …") name sources, not the rule's subject.
      const plain = (x: string) => x.replace(/\([^)]*\)/g, " ");
      const after = w(plain(s.text.slice(fact.end, c.end))).slice(0, NEAR_WORDS + 2).join(" ");
      const near = `${w(plain(s.text.slice(c.start, fact.start))).slice(-SUBJECT_WORDS).join(" ")} ${fact.text} ${after}`;
      const scopes = new Set([...near.matchAll(PAIR_SCOPE)].map((m) => PAIR_SCOPE_GROUP[m[1]!.toLowerCase()] ?? m[1]!.toLowerCase()));
      if (scopes.size === 0) continue;
      const namesNear = (x: string) =>
        namesIn(x.replace(PAIR_SCOPE, " | "), isName, opts.teams)
          .map((n) => n.split(" ").filter((v) => !GENERIC_NAME_WORDS.has(v)).join(" "))
          .filter((n) => n.length >= 3);
      const products = new Set(namesNear(near));
      // "4. **ChatGPT Enterprise Google Drive connector.** … it is off for Chicago": a rule whose subject is a pronoun
      // names its product in the item's bold label.
      const label = /^\s*(?:\d+\.|[-*+])?\s*\*\*([^*]+)\*\*/.exec(s.raw)?.[1];
      if (label && /\b(?:it|they|this|these|them)\s+(?:\w+\s+)?$/i.test(s.text.slice(c.start, fact.start))) for (const n of namesNear(label)) products.add(n);
      const objects = new Set(namesNear(after));
      if (products.size > 0) rules.push({ statement: s, fact, clause, products, scopes, objects });
    }
  }
  const df = new Map<string, number>();
  for (const r of rules) for (const p of r.products) df.set(p, (df.get(p) ?? 0) + 1);
  const pairs: { a: ScopedRule; b: ScopedRule; key: string; rank: number }[] = [];
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i]!;
      const b = rules[j]!;
      if (a.statement === b.statement || a.fact.polarity === b.fact.polarity) continue;
      const scope = [...a.scopes].find((x) => b.scopes.has(x));
      if (!scope) continue;
      // One product name matches another when all its words are in the other ("ChatGPT Enterprise Drive", "ChatGPT
      // Enterprise Google Drive"); the same name ranks first.
      const words = (x: string) => x.split(" ");
      const within = (x: string, y: string) => words(x).length >= 2 && words(x).every((v) => words(y).includes(v));
      const shared = [...a.products].filter((p) => [...b.products].some((q) => p === q || within(p, q) || within(q, p)) && (df.get(p) ?? 0) <= PAIR_MAX_DF);
      const exact = shared.some((p) => b.products.has(p));
      if (shared.length === 0) continue;
      // A statement that also states the other polarity is a rule with its exception.
      // (Only about the shared product: "Reply drafts must never be sent automatically; … agents may use Zendesk's
      // ticket summaries" rules on two things.)
      const states = (r: ScopedRule, p: string) => rules.some((o) => o.statement === r.statement && o.fact.polarity === p && shared.some((x) => o.products.has(x)));
      if (states(a, b.fact.polarity) || states(b, a.fact.polarity)) continue;
      if (PERSONAL.test(a.clause) !== PERSONAL.test(b.clause)) continue;
      const [x, y] = `${a.statement.path}:${a.statement.line}` <= `${b.statement.path}:${b.statement.line}` ? [a, b] : [b, a];
      // Closest first: most of the names shared, and a product that is the object of both modals ("allowed in X", "never go into X").
      const rank = shared.length / Math.max(a.products.size, b.products.size) + (shared.some((p) => a.objects.has(p) === b.objects.has(p)) ? 0.5 : 0) + (exact ? 0.25 : 0);
      pairs.push({ a: x, b: y, key: [scope, ...shared].join(", "), rank });
    }
  }
  return onePerValue(pairs, (p) => p.rank, (p) => [
    { at: p.a.statement, value: p.a.fact.polarity },
    { at: p.b.statement, value: p.b.fact.polarity },
  ]).map((p) => permissionConflict(p.key, p.a, p.b));
}
