/**
 * Contradictions: two statements about the same subject that give different numbers, durations, thresholds,
 * permissions or owning teams. Facts are extracted per statement (facts.ts), each gets a subject from the words
 * around it (subjects.ts), and facts of the same kind whose subjects are similar enough are compared. Tuned for
 * precision: a pair needs shared rare words next to both values, not just a shared topic.
 */
import { conflictFinding, type Finding, onePerValue } from "./findings.ts";
import { clauses, type Fact, factValue, labelledTeam, type PermissionFact, permissions, type Polarity, polaritiesConflict, quantities, type QuantityFact, sameValue as sameRange, type Span, type TeamFact, teams } from "./facts.ts";
import { type Scope, scopeOf, scopesDiffer } from "./scope.ts";
import type { Statement } from "./statements.ts";
import { statedRules } from "./restatements.ts";
import { canonicalStem, containment, documentFrequencies, idfFrom, phraseStems, sharedWords, type Subject, type SubjectContext, subjectOf, type Token, tokens } from "./subjects.ts";

export interface ContradictionOptions {
  /** Known team names (playbook owners and defined teams). */
  teams: readonly string[];
  /** Alias stem → canonical stems. */
  aliases: ReadonlyMap<string, string[]>;
  /** Acronym as written ("CAB") → what it stands for ("Change Advisory Board"), found in the corpus (acronyms.ts). */
  acronyms?: ReadonlyMap<string, string>;
  /** Per playbook path, the stems of its own topic (title, systems): the implicit subject of its statements. */
  docWords?: ReadonlyMap<string, string[]>;
  /** Per playbook path, its title (names the playbook's subject when a statement names none). */
  titles?: ReadonlyMap<string, string>;
  /** Per playbook path, the system an integration playbook is about (its first `systems` entry). */
  ownSystems?: ReadonlyMap<string, string>;
  /** Minimum subject similarity for facts in different playbooks (same playbook: + SAME_FILE_MARGIN). */
  threshold?: { quantity: number; permission: number; team: number };
  /** Called for every compared pair of facts that disagree (tuning aid). */
  onPair?: (a: { statement: Statement; fact: Fact }, b: { statement: Statement; fact: Fact }, score: number, nearIdf: number, verdict: string, cos: number) => void;
}

export const DEFAULT_THRESHOLDS = { quantity: 0.4, permission: 0.5, team: 0.5 };
/**
 * Restatements: two statements in different playbooks whose content words overlap this much (IDF-weighted cosine
 * over the whole statement, synonyms folded) say the same thing, so a lower subject score next to the values
 * (RESTATED_THRESHOLDS) is enough, and the shared words need not sit right next to the values.
 */
export const RESTATED_COSINE = 0.3;
export const STRONG_COSINE = 0.35;
/** A subject score and shared near words this high make the pair the same subject even without a rare shared word. */
const UNANCHORED_SCORE = 0.33;
const UNANCHORED_NEAR = 5;
export const RESTATED_THRESHOLDS = { quantity: 0.25, permission: 0.3, team: 0.3 };
const SAME_FILE_MARGIN = 0.3;
/** A quantity group stated by this few statements (questions counted, seat prices) needs less subject evidence. */
const RARE_GROUP = 6;
const RARE_THRESHOLD = 0.2;
/** Two figures further apart than this factor are not one figure drifted. */
const MAX_RATIO = 12;
/** A disagreeing fact closer than any agreeing restatement (by subject score or statement cosine) is the nearest restatement. */
const NEAREST_FLOOR = { quantity: 0.35, permission: 0.35, team: 0.35 };
const NEAREST_GAP = 0.05;
const NEAREST_NEAR = 5;
const NEAREST_SAME_FILE_PENALTY = 0.1;
/** Within one playbook sections share its vocabulary, so a restatement there must overlap more. */
const SAME_FILE_COSINE = 0.5;
/** The words next to both values must share this much IDF weight (one rare word, or two common ones). */
const MIN_NEAR_IDF = 2.5;
/** Words in more statements than this are too common to tell two subjects are the same. */
const SPECIFIC_DF = 40;
/** Aliases used in more statements than this are ordinary words, not names for a playbook's subject. */
const RARE_ALIAS_DF = 8;

/**
 * A statement that points elsewhere for the rule ("see governance/security-review.md", "as the security
 * review playbook says") restates nothing of its own: its values are not compared.
 */
export function defers(text: string): boolean {
  return (
    /\.md\b|\bplaybook\b|\bpage\b/i.test(text) &&
    /\b(?:see|says|say|states|sets? out|defines|describes|defined in|set out in|described in|according to|defers? to|per|follows?|governed by|owned by)\b/i.test(text)
  );
}

interface Located {
  statement: Statement;
  /** Every content stem of the statement. */
  stems: Set<string>;
  /** Every quantity of the statement (computed once). */
  quantities: QuantityFact[];
  fact: Fact;
  subject: Subject;
  group: string;
  scope: Scope;
  /** Every permission polarity the statement states. */
  polarities: ReadonlySet<Polarity>;
  /** The stems of the clause a permission is read from (the whole statement for other facts). */
  clauseStems: ReadonlySet<string>;
}

export function findContradictions(statements: Statement[], opts: ContradictionOptions): Finding[] {
  const thresholds = opts.threshold ?? DEFAULT_THRESHOLDS;
  const toks = statements.map((s) => tokens(s.text));
  const surface = new Map<string, string>();
  statements.forEach((s, i) => {
    for (const t of toks[i]!) if (!surface.has(t.stem)) surface.set(t.stem, s.text.slice(t.start, t.end).toLowerCase());
  });
  const df = documentFrequencies(statements, toks);
  const teamStems = new Set(opts.teams.flatMap((t) => phraseStems(t)));
  /** A word that can carry a subject: not common (at most SPECIFIC_DF statements) and not part of a team name. */
  const specific = (s: string) => (df.get(s) ?? 0) <= SPECIFIC_DF && !teamStems.has(s);
  const n = statements.length;
  // An alias that is an ordinary word here ("seat", "licence") says nothing about which playbook's subject it is.
  const aliases = new Map([...opts.aliases].filter(([s]) => (df.get(s) ?? 0) <= RARE_ALIAS_DF));
  // A rare acronym stands for its words ("CAB" is the Change Advisory Board); a common one (PHI, MCP) is a word in
  // its own right here, and its expansion would make every statement that uses it look alike.
  for (const [acronym, expansion] of opts.acronyms ?? []) {
    const short = phraseStems(acronym);
    const long = phraseStems(expansion);
    if (short.length !== 1 || long.length === 0 || (df.get(short[0]!) ?? 0) > RARE_ALIAS_DF) continue;
    aliases.set(short[0]!, [...new Set([...(aliases.get(short[0]!) ?? []), ...long])]);
  }
  const ctx: SubjectContext = { idf: idfFrom(df, n), aliases };

  // Whole-statement vectors for restatement similarity: stem → IDF, synonyms folded to one stem.
  const vectors = toks.map((ts) => {
    const v = new Map<string, number>();
    for (const t of ts) {
      const s = canonicalStem(t.stem);
      v.set(s, ctx.idf(s));
    }
    let norm = 0;
    for (const w of v.values()) norm += w * w;
    return { v, norm: Math.sqrt(norm) };
  });
  const indexOf = new Map(statements.map((s, i) => [s, i]));
  const cosineOf = (a: Statement, b: Statement): number => {
    const x = vectors[indexOf.get(a)!]!;
    const y = vectors[indexOf.get(b)!]!;
    if (x.norm === 0 || y.norm === 0) return 0;
    let dot = 0;
    for (const [s, w] of x.v) if (y.v.has(s)) dot += w * w;
    return dot / (x.norm * y.norm);
  };

  const located: Located[] = [];
  statements.forEach((statement, i) => {
    const teamFacts = teams(statement.text, opts.teams);
    const teamSpans: Span[] = teamFacts;
    // A statement that defers to another playbook keeps its numbers, permissions and owners: a wrong restatement
    // ("IT Platform Team triages it, as governance/… describes") is still a conflict.
    // Worked calculations ("600 seats × €55 = €396,000"): the inputs are facts, the results are derived.
    const resultsFrom = /[=≈]\s*[€$£\d]/.exec(statement.text)?.index ?? Infinity;
    // Example questions and prompts quote what employees say, not what the company decided.
    if (isExample(statement)) return;
    // A figure inside a quoted cross-reference ('(see "SCIM is required above 25 users" above)') is the other place's
    // title, not this statement's figure.
    const referred = [...statement.text.matchAll(/\bsee (?:the (?:section |heading )?)?["“]([^"”]+)["”](?=\s*(?:above|below|in|on|\)))/gi)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
    const statementQuantities = quantities(statement.text).filter((q) => !referred.some((r) => q.start >= r.start && q.end <= r.end));
    // The rules the statement states (restatements.ts, as the restatement and drift checks read them): not a list's
    // lead-in or the opening paragraph's; an answer under a yes/no question heading rules on what the question asks.
    let statementPermissions: PermissionFact[] = statedRules(statement);
    // An item that states no permission of its own is under its lead-in's rule ("These tools may not be used
    // until a decision is published:" → "- Atlassian Remote MCP Server: Information Security review.").
    if (statementPermissions.length === 0 && statement.leadIn) {
      // Only a rule about the items themselves: "X is required for:" requires X, not the items.
      statementPermissions = permissions(statement.leadIn)
        .slice(0, 1)
        .filter((p) => p.polarity === "forbidden" || p.polarity === "allowed" || p.polarity === "approval")
        .map((p) => ({ ...p, start: 0, end: 0, text: `${p.text} (its list's lead-in)`, inherited: true }));
    }
    const polarities = new Set(statementPermissions.map((p) => p.polarity));
    const facts: Fact[] = [...statementQuantities.filter((q) => q.start < resultsFrom), ...statementPermissions];
    // A team is a fact about the action only when the statement names exactly one team.
    // The opening paragraph introduces the playbook's own scope and team ("Revenue Operations sponsors…").
    const intro = statement.headings.length === 0;
    if (!intro) {
      // Each team that is the agent of an ownership verb ("chaired by the CFO", "Finance Systems is evaluating
      // Joule") is a fact about that action, however many teams the statement names; otherwise a statement naming
      // exactly one team near an ownership verb.
      const agents = teamAgents(statement.text, teamFacts);
      const labelled = labelledTeam(statement.text, teamFacts);
      if (agents.length > 0) facts.push(...agents);
      else if (labelled) facts.push(labelled);
      else if (teamFacts.length === 1 && ownershipVerb(statement.text, teamFacts[0]!)) facts.push(teamFacts[0]!);
    }
    const statementStems = new Set(toks[i]!.map((t) => t.stem));
    for (const fact of facts) {
      // A length ("a 2-hour lab") and a deadline ("within 2 weeks") are different measures: compared apart.
      const group = fact.type === "quantity" ? `q:${fact.kind.includes(":length") ? "length:" : ""}${quantityFamily(fact.kind)}` : fact.type;
      const subject = subjectOf(statement, toks[i]! as Token[], fact, ctx, teamSpans, opts.docWords?.get(statement.path));
      const clause = clauses(statement.text).find((c) => fact.start >= c.start && fact.start < c.end);
      const scope = scopeOf(statement.text, { ownSystem: opts.ownSystems?.get(statement.path), clause: clause ? statement.text.slice(clause.start, clause.end) : undefined });
      // A rule with its own exception is one statement of both sides only within one clause ("must use synthetic
      // data and never production records"); another clause ("…, but delete personal details") is another rule.
      // The clauses permissions are read from (facts.ts: a second rule after ", and", a label's rule after its colon).
      const rule = fact.type === "permission" && !fact.inherited ? clauses(statement.text, { atAnd: true }).find((c) => fact.start >= c.start && fact.start < c.end) : undefined;
      const clausePolarities =
        rule ? new Set(statementPermissions.filter((p) => p.start >= rule.start && p.start < rule.end).map((p) => p.polarity)) : polarities;
      const clauseStems = rule ? new Set(phraseStems(statement.text.slice(rule.start, rule.end))) : statementStems;
      located.push({ statement, stems: statementStems, quantities: statementQuantities, fact, subject, group, scope, polarities: clausePolarities, clauseStems });
    }
  });

  const byGroup = new Map<string, Located[]>();
  for (const l of located) byGroup.set(l.group, [...(byGroup.get(l.group) ?? []), l]);
  // How many statements give a value of each group: two of the few statements counting questions or pricing a seat per
  // month are likely about one thing, two of the hundreds giving a duration are not.
  const groupSize = new Map([...byGroup].map(([g, ls]) => [g, new Set(ls.map((l) => l.statement)).size]));

  // Pass 1: every pair of facts of one kind. A fact's closest agreeing restatement (bestAgree) is remembered, so a
  // disagreeing statement that is closer than anything agreeing is recognised as the fact's restatement.
  interface Candidate { a: Located; b: Located; score: number; cos: number; sameFile: boolean }
  const candidates: Candidate[] = [];
  const bestAgree = new Map<Located, number>();
  const similarity = (score: number, cos: number, sameFile: boolean) => Math.max(score, cos) - (sameFile ? NEAREST_SAME_FILE_PENALTY : 0);
  for (const group of byGroup.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (a.statement === b.statement) continue;
        const sameFile = a.statement.path === b.statement.path;
        if (sameFile && (a.statement.line === b.statement.line || (a.statement.list >= 0 && a.statement.list === b.statement.list))) continue;
        // A worked example computes from its own inputs and what-ifs; it restates the rules outside it, not itself.
        if (sameFile && workedExample(a.statement) && workedExample(a.statement) === workedExample(b.statement)) continue;
        const score = containment(a.subject, b.subject);
        const cos = cosineOf(a.statement, b.statement);
        if (!disagree(a, b)) {
          if (agree(a, b)) {
            const sim = similarity(score, cos, sameFile);
            if (sim > (bestAgree.get(a) ?? 0)) bestAgree.set(a, sim);
            if (sim > (bestAgree.get(b) ?? 0)) bestAgree.set(b, sim);
          }
          continue;
        }
        candidates.push({ a, b, score, cos, sameFile });
      }
    }
  }

  // Pass 2: judge the disagreeing pairs.
  const best = new Map<string, { a: Located; b: Located; score: number; cos: number }>();
  for (const { a, b, score, cos, sameFile } of candidates) {
    const restated = cos >= (sameFile ? SAME_FILE_COSINE : RESTATED_COSINE);
    const rare = ((isRate(a.fact) && isRate(b.fact)) || (isCountLimit(a.fact) && isCountLimit(b.fact))) && (groupSize.get(a.group) ?? Infinity) <= RARE_GROUP;
    const base = Math.min(restated ? Math.min(thresholds[a.fact.type], RESTATED_THRESHOLDS[a.fact.type]) : thresholds[a.fact.type], rare ? RARE_THRESHOLD : Infinity);
    const sim = similarity(score, cos, sameFile);
    // Nearest restatement: for one of the two facts, nothing that agrees with it is as close as the other one.
    const nearest = isNearestRestatement(a.fact.type, sim, bestAgree.get(a) ?? 0, bestAgree.get(b) ?? 0);
    // Within one playbook sections share its vocabulary, so a pair needs a higher subject score; a pair that restates
    // one sentence (cosine from SAME_FILE_COSINE) has shown it is about one thing and needs no margin on top.
    let near = 0;
    for (const s of a.subject.near) if (b.subject.near.has(s)) near += ctx.idf(s);
    // A limit on how many times a thing is done, next to the same words in both statements ("may be extended at most
    // twice" / "the single-extension rule"), is one rule stated twice, in one playbook as in two: few statements count
    // times, so sharing a playbook's vocabulary does not make two of them alike.
    const times = a.fact.type === "quantity" && a.fact.kind === "count:times";
    // A setting's value against a switch that names the setting in its clause ("- Memory (…): on" / "agent mode and
    // memory are switched off") is one setting stated twice, in one playbook as in two, however different the rest of
    // the words.
    const setting = sameSetting(a, b);
    const margin = sameFile && !restated && !(times && rare && near >= NEAREST_NEAR) && !setting ? SAME_FILE_MARGIN : 0;
    if (!opts.onPair && !nearest && !setting && score < base + margin) continue;
    const anchored =
      [...a.subject.near].some((s) => specific(s) && b.stems.has(s)) || [...b.subject.near].some((s) => specific(s) && a.stems.has(s));
    const strict =
      score < base + margin && !setting
        ? "below threshold"
        : near < MIN_NEAR_IDF && cos < STRONG_COSINE && !rare
          ? "few shared words near the values"
          : !anchored && cos < STRONG_COSINE && !rare && !(score >= UNANCHORED_SCORE && near >= UNANCHORED_NEAR)
            ? "no specific shared word"
            : undefined;
    const loose = nearest && near >= NEAREST_NEAR ? undefined : strict;
    // Two statements that both state the company's policy are one company-wide rule, whatever they name or apply it to.
    const policy = companyPolicy(a, b);
    const scopeDiff = scopesDiffer(a.scope, b.scope);
    const verdict =
      loose ??
      (a.fact.type === "team" && !sameAction(ownershipVerb(a.statement.text, a.fact), ownershipVerb(b.statement.text, b.fact as TeamFact))
        ? "different actions"
        : !policy && differentEntities(a, b, opts.teams, opts.titles ?? new Map(), opts.acronyms ?? new Map())
          ? "different named things"
          : differentThingsMeasured(a, b)
            ? "different things measured"
          : differentUseCases(a.statement, b.statement)
            ? "different use cases"
            : scopeDiff && !(policy && scopeDiff === "system")
              ? `different ${scopeDiff}`
              : "conflict");
    opts.onPair?.(a, b, score, near, verdict, cos);
    if (verdict !== "conflict") continue;
    const [x, y] = order(a, b);
    const key = `${x.statement.path}:${x.statement.line}|${y.statement.path}:${y.statement.line}`;
    const prev = best.get(key);
    if (!prev || prev.score < score) best.set(key, { a: x, b: y, score, cos });
  }
  const pairs = onePerValue(
    dropTemplates([...best.values()]),
    (p) => p.score + (p.cos ?? 0),
    (p) => [
      { at: p.a.statement, value: valueKey(p.a.fact) },
      { at: p.b.statement, value: valueKey(p.b.fact) },
    ],
  );
  return pairs.map(({ a, b }) => toFinding(a, b, surface));
}

/**
 * A rate, ratio or score ("€55 per seat per month", "1 champion per 25-40 people"): a measure specific enough that two of the
 * few statements giving one are about the same thing. Plain counts are not ("ten questions" in one survey, "15
 * questions" in another).
 */
function isRate(f: Fact): boolean {
  // A score threshold ("scores 3 or below") is as specific: few statements give one.
  return f.type === "quantity" && (f.kind.startsWith("ratio:") || f.kind.includes("/") || f.kind === "score");
}

/**
 * A limit on a number of things ("up to 5 partners", "from 3 systems", "at least 50 test cases"): a rule, not a
 * tally, so two of the few statements setting one for the same counted noun are likely about one thing. Plain counts
 * ("ten questions") stay apart.
 */
function isCountLimit(f: Fact): boolean {
  return f.type === "quantity" && f.kind.startsWith("count:") && f.bound !== undefined;
}

/** A fact's value, comparable across wordings (durations in days, rounded). */
export function valueKey(f: Fact): string {
  if (f.type === "quantity") return `${f.kind.replace(":length", "")}=${Math.round(f.lo * 10) / 10}-${Math.round(f.hi * 10) / 10}`;
  if (f.type === "permission") return f.polarity;
  return f.team;
}

/**
 * Each use case in a catalog (usecases/*.md, one section per use case) states its own plan, effort and rules:
 * two use cases giving different figures are two subjects.
 */
function differentUseCases(a: Statement, b: Statement): boolean {
  const useCase = (s: Statement) => (s.path.startsWith("usecases/") && s.headings.length > 0 ? `${s.path}#${s.headings[0]}` : undefined);
  const x = useCase(a);
  const y = useCase(b);
  return x !== undefined && y !== undefined && x !== y;
}

/**
 * The noun a length is attached to ("a 20-minute manager briefing": briefing; "the 3-minute sponsor video": video):
 * two lengths of differently named things are two facts.
 */
export function measuredNoun(text: string, fact: QuantityFact): string | undefined {
  if (!fact.kind.includes(":length") || !/-\w+$/.test(fact.text)) return undefined;
  const after = /^\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s+(?:for|with|of|in|on|to|that|which|using|per|by|at|from|and|or)\b|\s*[,.;:()]|$)/i.exec(text.slice(fact.end));
  const last = after?.[1]?.split(/\s+/).at(-1);
  return last ? canonicalStem(phraseStems(last)[0] ?? last.toLowerCase()) : undefined;
}

/**
 * The words before the measured noun ("a 45-minute update course": update): a "refresher course" and an "update
 * course" are two courses.
 */
export function measuredModifiers(text: string, fact: QuantityFact): string[] {
  if (!fact.kind.includes(":length") || !/-\w+$/.test(fact.text)) return [];
  const after = /^\s+((?:[a-z][\w-]*\s+){0,2}?)[a-z][\w-]*(?=\s+(?:for|with|of|in|on|to|that|which|using|per|by|at|from|and|or)\b|\s*[,.;:()]|$)/i.exec(text.slice(fact.end));
  return phraseStems(after?.[1] ?? "").map(canonicalStem);
}

function differentThingsMeasured(a: Located, b: Located): boolean {
  if (a.fact.type !== "quantity" || b.fact.type !== "quantity") return false;
  const x = measuredNoun(a.statement.text, a.fact);
  const y = measuredNoun(b.statement.text, b.fact);
  if (x === undefined || y === undefined) return false;
  if (x !== y) return true;
  const mx = measuredModifiers(a.statement.text, a.fact);
  const my = measuredModifiers(b.statement.text, b.fact);
  return mx.length > 0 && my.length > 0 && !mx.some((m) => my.includes(m));
}

/** The heading of the worked example a statement sits in, if any. */
function workedExample(s: Statement): string | undefined {
  return s.headings.find((h) => /\bworked example\b/i.test(h));
}

/** Example questions, prompts and quoted requests: not statements of the company's rules. */
export function isExample(s: Statement): boolean {
  // A heading that asks ("Which AI tools may touch PHI") names a topic, it states no rule.
  const asks = s.raw.trimStart().startsWith("#") && /^(?:which|what|who|how|when|where|why|can|may|do|does|is|are)\b/i.test(s.text);
  // Sections of example prompts and questions quote employees; a worked example restates the company's figures.
  // A quotation ("How do I …?", "Summarise this ticket") is an example; an item that opens with a quoted name
  // ('"Sponsor video brief": the 10-minute video …') states a fact about the thing named.
  const quoted = /^["“'][^"”']*["”'][.!?]?$/.test(s.text) || (/^["“']/.test(s.text) && !/^["“'][^"”']{1,60}["”']\s*[:(–—-]/.test(s.text));
  return asks || quoted || /\?["”']?$/.test(s.text) || s.headings.some((h) => /\bexamples?\b/i.test(h) && !/\bworked example\b/i.test(h));
}

const OWNERSHIP =
  /\b(own|owns|owned|approv\w*|decides? who gets|decid\w*|provision\w*|triag\w*|allocat\w*|assign\w*|runs?|maintain\w*|signs? off|responsible|accountable|grant\w*|sponsor\w*|review\w*|handl\w*|host\w*|buil[dt]\w*|rais\w*|chair\w*|publish\w*|manag\w*|operat\w*|administ\w*|answer\w*|translat\w*|schedul\w*|creat\w*|check\w*|stays? with|done by|led by|leads?|hand(?:s|ed)? out|evaluat\w*|chair\w*)\b/i;

/** The ownership verb (stemmed by its first five letters) within a few words of the team, if any. */
function ownershipVerb(text: string, team: TeamFact): string | undefined {
  if (team.action) return actionGroup(team.action.toLowerCase());
  const from = Math.max(0, team.start - 40);
  const window = text.slice(from, Math.min(text.length, team.end + 30));
  // The verb nearest the team's name is its action ("obtain approvals, Procurement Operations raises …": raises).
  let best: { verb: string; distance: number } | undefined;
  for (const m of window.matchAll(new RegExp(OWNERSHIP.source, "gi"))) {
    const at = from + m.index!;
    const distance = at >= team.end ? at - team.end : team.start - (at + m[0].length);
    if (!best || distance < best.distance) best = { verb: m[1]!.toLowerCase(), distance };
  }
  if (!best) return undefined;
  return actionGroup(best.verb);
}

/**
 * Two ownership verbs name one action: the same group, or one owns what the other builds ("Engineering Productivity
 * owns the service accounts" / "a service account created by IT Platform Team"): the owner of a thing is who makes it.
 */
export function sameAction(x: string | undefined, y: string | undefined): boolean {
  return x === y || (x === "own" && y === "build") || (x === "build" && y === "own");
}

export function actionGroup(verb: string): string {
  return ACTION_GROUPS.find(([re]) => re.test(verb))?.[1] ?? verb.slice(0, 5);
}

/**
 * The teams that are the agents of ownership verbs: the team after a passive verb's "by" ("allocated per agent by
 * IT Platform Team"), or the nearest team before an active verb in the same clause ("Finance Systems is
 * evaluating"), each with its verb. A team named as the object ("chairs the AI Programme Board") is not an agent.
 */
export function teamAgents(text: string, teamFacts: readonly TeamFact[]): TeamFact[] {
  const out: TeamFact[] = [];
  const statementClauses = clauses(text);
  for (const m of text.matchAll(new RegExp(OWNERSHIP.source, "gi"))) {
    const verbStart = m.index!;
    const verbEnd = verbStart + m[0].length;
    // "Operations" in "Revenue Operations" is a name, not a verb.
    if (teamFacts.some((t) => verbStart >= t.start && verbStart < t.end)) continue;
    const clause = statementClauses.find((c) => verbStart >= c.start && verbStart < c.end);
    if (!clause) continue;
    const by = /^\s+(?:[\w-]+\s+){0,3}?by\s+(?:the\s+|an?\s+)?/i.exec(text.slice(verbEnd, clause.end));
    const passive = by ? teamFacts.find((t) => t.start === verbEnd + by[0].length) : undefined;
    const active = teamFacts
      .filter((t) => t.end <= verbStart && t.start >= clause.start && verbStart - t.end <= 80 && !/[,;:(]|\b(?:until|unless|when|whenever|if|because|before|after|once|while)\b/i.test(text.slice(t.end, verbStart)))
      .at(-1);
    // "without Privacy Office approval": the team named is the one not needed, not the one acting.
    const agent = [passive ?? active].find((t) => t && !/\bwithout\s+(?:the\s+|an?\s+)?$/i.test(text.slice(0, t.start)));
    // One fact per team and kind of action ("is the executive sponsor … and chairs the board": two actions).
    if (agent && !out.some((t) => t.start === agent.start && actionGroup(t.action!) === actionGroup(m[1]!.toLowerCase()))) out.push({ ...agent, action: m[1]! });
  }
  return out;
}

/** Ownership verbs that name the same action ("reviews" and "approves" a tool; "owns" and "maintains" a system). */
const ACTION_GROUPS: [RegExp, string][] = [
  // "decides who gets seats" hands them out.
  [/^decides? who gets/, "allocate"],
  [/^(?:approv|review|decid|signs? off|grant|evaluat)/, "decide"],
  [/^(?:own|maintain|responsible|accountable|manag|operat|administ|runs?$|stays? with|led by|leads?$)/, "own"],
  [/^(?:provision|allocat|assign|hand)/, "allocate"],
  [/^(?:triag|handl|answer|check)/, "triage"],
  [/^(?:host|buil|creat|done by)/, "build"],
];

/**
 * Each statement names a different proper noun next to its value ("Certified" vs "Premier", "Confluence" vs
 * "IT knowledge base") that the other never mentions: two facts about two things, not one conflict.
 */
function differentEntities(
  a: Located,
  b: Located,
  teamNames: readonly string[],
  titles: ReadonlyMap<string, string>,
  acronyms: ReadonlyMap<string, string>,
): boolean {
  const teamWords = new Set(teamNames.flatMap((t) => t.split(/\s+/)));
  const own = (x: Located, y: Located) => {
    const names = properNouns(x.statement.text, x.fact).filter((n) => !teamWords.has(n));
    let other = `${y.statement.text} ${titles.get(y.statement.path) ?? ""}`;
    // "PIM" names "Privileged Identity Management", and the other way round.
    for (const [acronym, expansion] of acronyms) {
      if (new RegExp(`\\b${acronym}\\b`).test(other)) other += ` ${expansion}`;
      else if (other.toLowerCase().includes(expansion.toLowerCase())) other += ` ${acronym}`;
    }
    other = other.toLowerCase();
    return names.some((n) => !other.includes(n.toLowerCase()));
  };
  return own(a, b) && own(b, a);
}

/**
 * Both values are set by the organisation's policy ("Halden & Rowe policy sets a six-month lifetime for integration
 * tokens" / "rotating them every 90 days under Halden & Rowe policy"): one company-wide rule, whatever systems each
 * statement applies it to.
 */
function companyPolicy(a: Located, b: Located): boolean {
  return a.fact.type === "quantity" && COMPANY_POLICY.test(a.statement.text) && COMPANY_POLICY.test(b.statement.text);
}
const COMPANY_POLICY = /\b(?:(?:[A-Z][\w-]*(?:\s*&\s*[A-Z][\w-]*)?|company|our|corporate|group)['’]?s?\s+(?:security\s+)?policy)\b/;

/** Capitalised words (not sentence-initial) within the fact's clause, near its value. */
function properNouns(text: string, fact: Span): string[] {
  const from = fact.end === 0 ? 0 : Math.max(0, fact.start - 60);
  const to = fact.end === 0 ? text.length : Math.min(text.length, fact.end + 60);
  const out: string[] = [];
  for (const m of ` ${text.slice(from, to)}`.matchAll(/(?<=[\s(/"“])([A-Z][A-Za-z0-9&-]*[A-Za-z0-9])/g)) {
    const at = from + m.index! - 1;
    // A capital at the start of a sentence is only a name when it could not be an ordinary word (SCIM, ServiceNow).
    const initial = at <= 0 || /[.:;!?]\s*$/.test(text.slice(0, at));
    if (initial && !/^[A-Z0-9&-]+$|[a-z][A-Z]/.test(m[1]!)) continue;
    if (/^(AI|The|A|An|If|For|In|On|Tier|Halden|Rowe|Connecting|Using|How|What|When|Why|Guide|Playbook)$/.test(m[1]!)) continue;
    out.push(m[1]!);
  }
  return out;
}

/**
 * A statement that conflicts with similar statements in two or more other playbooks, each giving yet another
 * value ("… takes 2–3 weeks" in every integration playbook, each catalog's own sponsoring team), is a
 * per-playbook template: each playbook states its own case. When some of them agree (two say 5 business days,
 * one says 10), the odd one out is a real conflict and stays.
 */
function dropTemplates<P extends { a: Located; b: Located; score: number }>(pairs: P[]): P[] {
  const partners = new Map<Located, Located[]>();
  for (const p of pairs) {
    if (p.a.statement.path === p.b.statement.path) continue;
    partners.set(p.a, [...(partners.get(p.a) ?? []), p.b]);
    partners.set(p.b, [...(partners.get(p.b) ?? []), p.a]);
  }
  const template = (l: Located) => {
    const others = partners.get(l) ?? [];
    if (new Set(others.map((o) => o.statement.path)).size < 2) return false;
    // Parallel sections: the same kind of heading in each playbook ("Realistic timelines", "When to engage").
    const heading = (x: Located) => new Set(phraseStems(x.statement.headings.at(-1) ?? ""));
    const own = heading(l);
    if (!others.every((o) => [...heading(o)].some((s) => own.has(s)))) return false;
    for (let i = 0; i < others.length; i++) {
      for (let j = i + 1; j < others.length; j++) if (!disagree(others[i]!, others[j]!)) return false;
    }
    return true;
  };
  return pairs.filter((p) => !(template(p.a) || template(p.b)));
}

/**
 * A disagreeing pair is the nearest restatement when it is similar enough for its kind and, for one of the two
 * facts, clearly closer than anything that agrees with that fact: after a drift the changed statement's closest
 * neighbour is still the restatement it drifted from.
 */
export function isNearestRestatement(type: Fact["type"], similarity: number, bestAgreeA: number, bestAgreeB: number): boolean {
  return similarity >= NEAREST_FLOOR[type] && (similarity > bestAgreeA + NEAREST_GAP || similarity > bestAgreeB + NEAREST_GAP);
}

/**
 * Which quantities are compared with each other: a length ("a 2-hour lab") and a deadline are both durations, and
 * money with a time rate is compared per month whoever pays it ("€55 per seat per month" = "€660 a year").
 */
export function quantityFamily(kind: string): string {
  const [base, ...rates] = kind.replace(":length", "").split("/");
  if (base!.startsWith("money:")) return rates.some((r) => /^(?:week|month|day|year|hour|quarter)$/.test(r)) ? `${base}/time` : base!;
  return [base, ...rates].join("/");
}

const PER_MONTH: Record<string, number> = { day: 30.4, week: 52 / 12, month: 1, quarter: 1 / 3, year: 1 / 12 };

/** Money with a time rate, per month; other figures as they are. */
function perMonth(q: QuantityFact): QuantityFact {
  if (!q.kind.startsWith("money:")) return q;
  const unit = q.kind.split("/").slice(1).find((r) => PER_MONTH[r] !== undefined);
  return unit ? { ...q, lo: q.lo * PER_MONTH[unit]!, hi: q.hi * PER_MONTH[unit]! } : q;
}

/** Equal values, money with a time rate compared per month. */
function sameValue(a: QuantityFact, b: QuantityFact): boolean {
  return sameRange(perMonth(a), perMonth(b));
}

/** The two facts state the same value (same figure, same polarity, same team). */
function agree(a: Located, b: Located): boolean {
  const fa = a.fact;
  const fb = b.fact;
  if (fa.type === "quantity" && fb.type === "quantity") return sameValue(fa, fb);
  if (fa.type === "permission" && fb.type === "permission") return fa.polarity === fb.polarity;
  if (fa.type === "team" && fb.type === "team") return fa.team === fb.team;
  return false;
}

function disagree(a: Located, b: Located): boolean {
  const fa = a.fact;
  const fb = b.fact;
  if (fa.type === "quantity" && fb.type === "quantity") {
    if (sameValue(fa, fb)) return false;
    // Values an order of magnitude apart (3 business days and 180 days, 12 people and 300 seats) measure
    // different things; a drifted figure stays within the same scale.
    const [x, y] = [perMonth(fa), perMonth(fb)];
    if (Math.max(x.hi, y.hi) > MAX_RATIO * Math.max(Math.min(x.lo, y.lo), 1e-9)) return false;
    // The other statement gives this value for the same kind too: a list of cases, not a disagreement.
    // A length and a deadline are compared apart, but the other statement stating this very value either way agrees.
    const family = quantityFamily;
    return (
      !b.quantities.some((q) => family(q.kind) === family(fa.kind) && sameValue(q, fa)) &&
      !a.quantities.some((q) => family(q.kind) === family(fb.kind) && sameValue(q, fb))
    );
  }
  if (fa.type === "permission" && fb.type === "permission") {
    // A statement that itself states both sides ("must use synthetic data and never production records") is a
    // rule with its exception, not one polarity: it disagrees only when the other statement shares neither.
    // A rule inherited from a list's lead-in is compared only with another statement of what may be done.
    const plain = (p: Polarity) => p === "allowed" || p === "forbidden" || p === "approval";
    if ((fa.inherited || fb.inherited) && !(plain(fa.polarity) && plain(fb.polarity))) return false;
    // A setting's value ("- Deep research (…): on") is about the setting its label names: a rule in a clause that
    // names other things ("agent mode and memory are switched off") is about them.
    const names = (x: Located, y: Located) => x.fact.type !== "permission" || x.fact.setting === undefined || phraseStems(x.fact.setting).some((w) => y.clauseStems.has(w));
    if (!names(a, b) || !names(b, a)) return false;
    return polaritiesConflict(fa.polarity, fb.polarity) && !a.polarities.has(fb.polarity) && !b.polarities.has(fa.polarity);
  }
  if (fa.type === "team" && fb.type === "team") {
    return fa.team !== fb.team && !a.statement.text.includes(fb.team) && !b.statement.text.includes(fa.team);
  }
  return false;
}

/** One of two permissions is a setting's value and the other switches the thing the setting's label names. */
function sameSetting(a: Located, b: Located): boolean {
  const one = (x: Located, y: Located) =>
    x.fact.type === "permission" &&
    x.fact.setting !== undefined &&
    y.fact.type === "permission" &&
    SWITCH.test(y.fact.text) &&
    settingNamed(x.fact.setting, y.clauseStems);
  return one(a, b) || one(b, a);
}

/** Every word of a short setting label ("Memory", "Agent mode") is in the other rule's clause. */
function settingNamed(label: string, clause: ReadonlySet<string>): boolean {
  const words = phraseStems(label);
  return words.length > 0 && words.length <= 4 && words.every((w) => clause.has(w));
}

/** A rule that switches a thing on or off, or makes it available ("are switched off", "is not enabled", "on"). */
const SWITCH = /\b(?:on|off|switched|turned|enabled|disabled|available|unavailable)\b/i;

function order(a: Located, b: Located): [Located, Located] {
  const c = a.statement.path.localeCompare(b.statement.path) || a.statement.line - b.statement.line;
  return c <= 0 ? [a, b] : [b, a];
}

const WHAT: Record<string, string> = { duration: "durations", people: "numbers of people", percent: "percentages" };


function toFinding(a: Located, b: Located, surface: Map<string, string>): Finding {
  const subject = sharedWords(a.subject, b.subject).map((s) => surface.get(s) ?? s).join(", ");
  const what =
    a.fact.type === "quantity"
      ? `different ${WHAT[(a.fact as QuantityFact).kind.split("/")[0]!] ?? "figures"}`
      : a.fact.type === "permission"
        ? "different permissions"
        : "different teams";
  return conflictFinding(`${what} for the same subject (${subject})`, { at: a.statement, value: factValue(a.fact) }, { at: b.statement, value: factValue(b.fact) });
}

