/**
 * Ownership lists: a "who owns what" line ("Privacy Office (DPO): classification rules, LIAs, DPIAs and DSARs", "IT
 * Platform Team owns the ServiceNow instances, integration users, OAuth clients …") gives each listed thing to one
 * team. Another statement that makes a different team the agent for one of those things ("Legal & Compliance: DPIAs
 * for Tier 3 use cases", "a Zendesk admin from the IT Platform Team to create OAuth clients, webhooks and triggers")
 * gives it to two. The other detectors weigh all the words of two statements; a list line shares one listed thing
 * with the statement it conflicts with and little else, so here the pairing key is the listed thing itself.
 */
import { clauses, labelledTeam, type TeamFact, teams } from "./facts.ts";
import { conflictFinding, type Finding, onePerValue } from "./findings.ts";
import { canonicalTeam } from "./restatements.ts";
import { type Scope, scopeOf, scopesDiffer } from "./scope.ts";
import type { Statement } from "./statements.ts";
import { phraseStems, tokens } from "./subjects.ts";
import { stem } from "../retrieval/text.ts";
import { actionGroup, sameAction, teamAgents } from "./contradictions.ts";

export interface OwnershipOptions {
  /** Known team and role names. */
  teams: readonly string[];
  /** Per playbook path, the system an integration playbook is about (its first `systems` entry). */
  ownSystems?: ReadonlyMap<string, string>;
}

/** A listed thing must have a word in at most this many statements: "DPIAs", "quota", "triggers", not "data". */
const RARE_DF = 40;
/** A list item longer than this many content words is a clause, not the name of a thing. */
const MAX_ITEM_WORDS = 4;
/** Share of the IDF weight of a listed thing's rare words that the other clause must have. */
const COVERED = 0.5;
/**
 * Units of a count that are also things a team gives out or owns ("seat allocation", "800 seats …, handed out by"):
 * kept in the words naming a thing here, though they name no subject next to a figure.
 */
const THING_UNITS: ReadonlySet<string> = new Set(["seat", "seats", "licence", "licences", "license", "licenses"].map((w) => stem(w)));
const thingStems = (text: string) => tokens(text, THING_UNITS).map((t) => t.stem);
/** Stems of the content words as written: no synonyms folded ("licences": licenc). */
const surfaceStems = (text: string) => tokens(text, THING_UNITS).map((t) => stem(text.slice(t.start, t.end).toLowerCase()));

/** Verbs that make their team the owner of the things listed after them. */
const OWNS = /^(?:owns|is responsible for|is accountable for|maintains)\s+/i;

/**
 * A listed thing: the content stems of what it names and what the team does with it ("MCP server approval": "mcp
 * server", decide; "triggers": "trigger", own).
 */
interface Item {
  stems: string[];
  /** The stems of its words as written, synonyms not folded ("licence assignment": licenc, not seat). */
  surface: string[];
  action: string;
  /** Numbers in the thing's name ("Tier 1 use cases"): another number names another thing. */
  numbers: string[];
}

interface Listed {
  statement: Statement;
  team: TeamFact;
  items: Item[];
  scope: Scope;
}

interface Claim {
  statement: Statement;
  team: TeamFact;
  /** Content stems of the clause the team acts in. */
  stems: Set<string>;
  /** The stems of those words as written (see Item.surface). */
  surface: Set<string>;
  /** What the team does there (actionGroup of its verb, or of the words of its labelled line). */
  action: string;
  scope: Scope;
}

/** Nouns in a listed thing that name what is done with it; a thing with none of them is owned. */
const ITEM_ACTIONS: [RegExp, string][] = [
  [/^(?:approv|review|sign-?off|decision)/i, "decide"],
  [/^(?:allocat|assign|provision)/i, "allocate"],
  [/^(?:creat|build)/i, "build"],
  [/^(?:triag|handl)/i, "triage"],
];

function itemAction(text: string): string {
  for (const word of text.split(/[^\w-]+/)) {
    const hit = ITEM_ACTIONS.find(([re]) => re.test(word));
    if (hit) return hit[1];
  }
  return "own";
}

/** The things a list line gives its team: the text after "Team:" or "Team owns", split at commas and "and". */
function listedItems(text: string, team: TeamFact): Item[] | undefined {
  const after = text.slice(team.end).replace(/^\s*\([^)]*\)/, "");
  const colon = /^\s*:\s+/.exec(after);
  const verb = colon ? null : OWNS.exec(after.trimStart());
  if (!colon && !verb) return undefined;
  const list = (colon ? after.slice(colon[0].length) : after.trimStart().slice(verb![0].length)).replace(/\([^)]*\)/g, "");
  // The list ends where the sentence goes on ("…; seat requests follow …", "… and decides what HR data AI may touch").
  const parts = list.split(/[;.](?:\s|$)/)[0]!.split(/,\s*(?:and\s+|or\s+)?|\s+and\s+/);
  const end = parts.findIndex((p) => NEXT_VERB.test(p.trim()));
  return parts
    .slice(0, end < 0 ? parts.length : end)
    .filter((p) => !/\b(?:what|which|who|whom|whose|when|where|how)\b/i.test(p))
    .map((p) => {
      const named = p.split(/\s+/).filter((w) => !ITEM_ACTIONS.some(([re]) => re.test(w))).join(" ");
      return { stems: thingStems(named), surface: surfaceStems(named), action: itemAction(p), numbers: p.match(/\b\d+\b/g) ?? [] };
    })
    .filter((i) => i.stems.length > 0 && i.stems.length <= MAX_ITEM_WORDS);
}

/** A verb opening a list part: the sentence goes on about the team ("… and decides what HR data AI may touch"). */
const NEXT_VERB = /^(?:decides|approves|runs|owns|manages|handles|liaises|maintains|builds|creates|hosts|grants|signs off|allocates|assigns|provisions|reviews|is|are|has)\b/i;

/** Words that end the thing a verb acts on ("allocates quota per application": quota; "runs it with the DPIA": it). */
const OBJECT_END = /(?:^|\s)(?:with|for|per|from|in|on|at|via|through|under|when|if|because|so|which|that|who|before|after|within|until|unless|as|to)\b|[;:.(]/i;

/**
 * The words naming what a team acts on: after an active verb or a label's colon, up to the first preposition ("IT
 * Platform Team allocates quota per application": quota); before a passive verb, from the clause's start ("An OAuth
 * client in the registry, created by IT Platform Team").
 */
function objectOf(text: string, team: TeamFact, clause: { start: number; end: number }, labelled: boolean): string {
  const before = text.slice(clause.start, team.start);
  if (/\bby\s+(?:the\s+|an?\s+)?$/i.test(before) || (labelled && team.action !== "owns")) return before;
  const rest = text.slice(team.end, clause.end).replace(/^\s*\([^)]*\)/, "");
  const verb = labelled ? /^\s*:\s*/.exec(rest) : new RegExp(`\\b${team.action}\\b\\s*`, "i").exec(rest);
  if (!verb) return "";
  const object = rest.slice(verb.index + verb[0].length);
  const stop = OBJECT_END.exec(object);
  return stop ? object.slice(0, stop.index) : object;
}

export function findOwnershipConflicts(statements: readonly Statement[], opts: OwnershipOptions): Finding[] {
  const df = new Map<string, number>();
  for (const s of statements) for (const x of new Set(thingStems(s.text))) df.set(x, (df.get(x) ?? 0) + 1);
  const teamStems = new Set(opts.teams.flatMap((t) => phraseStems(t)));
  const listed: Listed[] = [];
  const claims: Claim[] = [];
  for (const statement of statements) {
    // The opening paragraph introduces the playbook's own team; an example quotes someone.
    if (statement.headings.length === 0 || /^["“']|\?["”']?$/.test(statement.text)) continue;
    const text = statement.text;
    const found = teams(text, opts.teams);
    if (found.length === 0) continue;
    const labelled = labelledTeam(text, found);
    const agents = teamAgents(text, found);
    const first = found[0]!;
    const items = text.slice(0, first.start).trim().replace(/^the$/i, "") === "" ? listedItems(text, first) : undefined;
    const scope = scopeOf(text, { ownSystem: opts.ownSystems?.get(statement.path) });
    if (items && items.length > 0) listed.push({ statement, team: first, items, scope });
    const statementClauses = clauses(text);
    for (const team of [...agents, ...(labelled ? [labelled] : [])]) {
      const clause = statementClauses.find((c) => team.start >= c.start && team.start < c.end) ?? { start: 0, end: text.length };
      const object = objectOf(text, team, clause, team === labelled);
      const stems = new Set(thingStems(object).filter((s) => !teamStems.has(s)));
      // An agent acts by its verb; a labelled line ("Line manager: Tier 1 approvals") by the words after its label.
      const action = team === labelled ? (labelled.action === "owns" ? itemAction(text.slice(team.end)) : actionGroup(labelled.action!)) : actionGroup(team.action!.toLowerCase());
      claims.push({ statement, team, stems, surface: new Set(surfaceStems(object)), action, scope });
    }
  }

  const idf = (s: string) => Math.log(1 + statements.length / (1 + (df.get(s) ?? 0)));
  /**
   * A clause names a listed thing when it has the thing's rarest word and most of the weight of its rare words
   * ("quota" of "Azure OpenAI quota": Azure and OpenAI name half the corpus).
   */
  const names = (item: Item, claim: Claim): boolean => {
    const stems = claim.stems;
    const rare = item.stems.filter((s) => (df.get(s) ?? 0) <= RARE_DF);
    const rarest = rare.reduce<string | undefined>((x, y) => (x === undefined || (df.get(y) ?? 0) < (df.get(x) ?? 0) ? y : x), undefined);
    // A thing named only in common words ("seat allocation") is named by a clause that has all of them, for an action
    // more specific than owning (handing seats out is allocating them).
    // Named in common words, the thing needs its own words, not synonyms: "licence assignment" (the Okta group) is
    // not "seat allocation" (who gets one).
    if (rarest === undefined) return item.action !== "own" && item.surface.length > 0 && item.surface.every((s) => claim.surface.has(s));
    if (!stems.has(rarest)) return false;
    const weight = (xs: string[]) => xs.reduce((sum, s) => sum + idf(s), 0);
    return weight(rare.filter((s) => stems.has(s))) >= COVERED * weight(rare);
  };
  const pairs: { owner: Listed; claim: Claim; item: Item }[] = [];
  for (const owner of listed) {
    for (const claim of claims) {
      if (claim.statement === owner.statement) continue;
      // Items of one "who does what" list give each team its own thing.
      if (claim.statement.path === owner.statement.path && claim.statement.list >= 0 && claim.statement.list === owner.statement.list) continue;
      if (canonicalTeam(claim.team.team) === canonicalTeam(owner.team.team)) continue;
      // A statement naming both teams divides the work between them ("X builds it, Y owns it").
      if (claim.statement.text.includes(owner.team.team) || owner.statement.text.includes(claim.team.team)) continue;
      // Each system's playbook lists its own tenant, roles and admins.
      if (scopesDiffer(owner.scope, claim.scope, ["system"])) continue;
      // Approvals are left out: a team approving a thing and another granting or reviewing it are two steps, not two owners.
      const numbered = (i: Item) => i.numbers.every((n) => new RegExp(`\\b${n}\\b`).test(claim.statement.text));
      const item = owner.items.find((i) => i.action !== "decide" && sameAction(i.action, claim.action) && names(i, claim) && numbered(i));
      if (item) pairs.push({ owner, claim, item });
    }
  }
  // A team given a thing that three lines give another team is one conflict, reported against the nearest line.
  const kept = onePerValue(
    pairs,
    (p) => (p.owner.statement.path === p.claim.statement.path ? 1 : 0),
    (p) => [
      { at: p.owner.statement, value: canonicalTeam(p.owner.team.team) },
      { at: p.claim.statement, value: canonicalTeam(p.claim.team.team) },
    ],
  );
  return kept.map(({ owner, claim, item }) => {
    const [a, b] = `${owner.statement.path}:${owner.statement.line}` <= `${claim.statement.path}:${claim.statement.line}` ? [owner, claim] : [claim, owner];
    return conflictFinding(`different teams for the same subject (${item.stems.join(" ")})`, { at: a.statement, value: a.team.team }, { at: b.statement, value: b.team.team });
  });
}
