/**
 * `partnerpilot lint`: checks a knowledge directory and returns findings (schema, stale, dangling_reference,
 * duplicate, contradiction). Pure apart from reading the directory; the clock is injected.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { chunkPlaybook } from "../retrieval/chunking.ts";
import { checkPlaybook, DATA_FILES, listFiles, type Playbook, PlaybookError } from "../retrieval/playbooks.ts";
import { ACCEPTED_FILE, applyAccepted, parseAccepted } from "./accepted.ts";
import { findAcronyms } from "./acronyms.ts";
import { type ContradictionOptions, findContradictions } from "./contradictions.ts";
import { findBandOverlaps } from "./bands.ts";
import { findEntityPermissionConflicts, findScopedPermissionConflicts } from "./entities.ts";
import { findOwnershipConflicts } from "./ownership.ts";
import { findObjectPermissionConflicts } from "./objects.ts";
import { findLengthConflicts } from "./lengths.ts";
import { findListCountConflicts } from "./listcount.ts";
import { findExampleThresholdConflicts } from "./examples.ts";
import { findHeadConflicts } from "./people.ts";
import { findFormulaConflicts } from "./formulas.ts";
import { findNamedSubjectConflicts } from "./named.ts";
import { changesSince, findDriftConflicts } from "./drift.ts";
import { findRuleFlips } from "./flips.ts";
import { findCanonicalValueConflicts } from "./canonical.ts";
import { findSameQuestionConflicts, type SameQuestionData, sameQuestionData } from "./questions.ts";
import { findDuplicates } from "./duplicates.ts";
import { type Finding, type LintReport, sortFindings } from "./findings.ts";
import { findDanglingReferences, mentionsIn } from "./references.ts";
import { findRestatementConflicts, type RestatementOptions, unseenConflicts } from "./restatements.ts";
import { statementsOf } from "./statements.ts";
import { phraseStems } from "./subjects.ts";

/** People named by their role own actions as teams do ("the CFO approves", "the DPO signs off"). */
const ROLE = /\b(?:[Ll]ine manager|[Dd]epartment head|CEO|CFO|CIO|CISO|CTO|COO|CPO|DPO|General Counsel|Chief [A-Z][a-z]+(?: [A-Z][a-z]+){0,2} Officer|Head of [A-Z][\w&]+(?: [A-Z&][\w&]*){0,2})\b/g;

/** A playbook is stale when its `reviewed` date is older than this. */
export const REVIEW_EVERY_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The knowledge directory cannot be read at all (missing, not a directory): a usage error, exit code 2. */
export class LintInputError extends Error {
  readonly code = "lint_input";
  constructor(message: string) {
    super(message);
    this.name = "LintInputError";
  }
}

export interface LintOptions {
  now: Date;
  /** Tuning aid: called for every compared pair of disagreeing facts (see ContradictionOptions.onPair). */
  onPair?: ContradictionOptions["onPair"];
  /** Tuning aid: the same for the restatement detector (see RestatementOptions.onPair). */
  onRestatementPair?: RestatementOptions["onPair"];
  /**
   * The corpus as it was last approved (files as `lintSources` takes them): statements changed since then are also
   * checked against the unchanged statements that agreed with their old version (see drift.ts).
   */
  baseline?: { path: string; text: string }[];
  /** What the baseline is, as findings name it ("origin/main"); "the baseline" when unset. */
  baselineLabel?: string;
  /** The same-question links (questions.ts); the shipped ones (same-question.json) when unset. */
  sameQuestion?: SameQuestionData;
}

export async function lintKnowledge(dir: string, opts: LintOptions & { baselineDir?: string }): Promise<LintReport> {
  const sources = await readCorpus(dir);
  const baseline = opts.baselineDir === undefined ? opts.baseline : await readBaseline(opts.baselineDir);
  return lintSources(sources, { ...opts, baseline });
}

/** The approved copy of the corpus in a directory (`--baseline`, LINT_BASELINE_DIR). */
export function readBaseline(dir: string): Promise<{ path: string; text: string }[]> {
  return readCorpus(dir, "baseline directory", "--baseline names a copy of the corpus as last approved");
}

/** Every file of a knowledge directory, as `lintSources` takes them; LintInputError when it cannot be read. */
export async function readCorpus(dir: string, what = "knowledge directory", hint = "use --dir or KNOWLEDGE_DIR"): Promise<{ path: string; text: string }[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new LintInputError(`${dir}: ${what} does not exist or is not a directory (${hint})`);
  const sources: { path: string; text: string }[] = [];
  for (const rel of await listFiles(dir)) sources.push({ path: rel, text: await readFile(path.join(dir, rel), "utf8") });
  return sources;
}

/** Lints files given as text (paths relative to the corpus). */
export function lintSources(sources: { path: string; text: string }[], opts: LintOptions): LintReport {
  const findings: Finding[] = [];
  const playbooks: Playbook[] = [];
  const ids = new Map<string, string>();
  let acceptedText: string | undefined;
  for (const { path: rel, text } of sources) {
    if (rel === ACCEPTED_FILE) {
      acceptedText = text;
      continue;
    }
    if (DATA_FILES.has(rel)) continue;
    if (!rel.endsWith(".md")) {
      findings.push(schema(new PlaybookError(rel, 1, "is not a Markdown playbook (.md); move it out of the knowledge directory")));
      continue;
    }
    const { playbook, problems } = checkPlaybook(rel, text);
    const owner = playbook?.owner ?? /^owner:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? "";
    findings.push(...problems.map((p) => schema(p, owner)));
    if (!playbook) continue;
    try {
      chunkPlaybook(playbook); // unclosed code blocks, invalid use-case blocks: as indexing reports them
    } catch (err) {
      if (err instanceof PlaybookError) findings.push(schema(err, owner));
      else throw err;
    }
    const seen = ids.get(playbook.id);
    if (seen) {
      const idLine = text.split(/\r?\n/).findIndex((l) => /^id\s*:/.test(l)) + 1;
      findings.push(schema(new PlaybookError(rel, idLine || 2, `duplicate id "${playbook.id}" (also used by ${seen})`), owner));
      continue;
    }
    ids.set(playbook.id, rel);
    playbooks.push(playbook);
    const stale = staleFinding(playbook, text, opts.now);
    if (stale) findings.push(stale);
  }
  if (playbooks.length === 0 && findings.length === 0) {
    findings.push({ kind: "schema", message: "the knowledge directory has no Markdown playbooks", places: [] });
  }

  const statements = playbooks.flatMap(statementsOf);
  const ownSystems = new Map(playbooks.filter((p) => p.path.startsWith("integrations/") && p.systems?.[0]).map((p) => [p.path, p.systems![0]!]));
  const owners = [...new Set(playbooks.map((p) => p.owner))];
  findings.push(
    ...findDanglingReferences(statements, {
      paths: new Set(sources.map((s) => s.path)),
      owners,
      headings: playbooks.flatMap((p) => p.body.split(/\r?\n/).filter((l) => /^#{1,6}\s/.test(l)).map((l) => l.replace(/^#+\s*/, ""))),
    }),
  );
  findings.push(...findDuplicates(statements));
  // Teams: playbook owners and every team-like name the playbooks mention ("Data Platform Team", "Model Risk Board").
  const teams = [
    ...new Set([
      ...owners,
      ...statements.flatMap((s) => mentionsIn(s).filter((m) => m.kind === "team").map((m) => m.name)),
      ...statements.flatMap((s) => [...s.text.matchAll(ROLE)].map((m) => m[0])),
    ]),
  ];
  // Product-and-scope permission rules first: a rule that allows what another bans for the same product and data
  // class or region is the conflict to report for that statement, before a looser pairing by shared words.
  // Changes since the last approved corpus first: an edit is reported against the places that still state what it
  // replaced, before any pairing by shared words.
  // The split into changed and unchanged statements is made once, for the drift check here and the rule-flip check last.
  const changes = opts.baseline ? changesSince(statements, baselineStatements(opts.baseline, new Map(playbooks.map((p) => [p.id, p.path])))) : undefined;
  const drift = changes ? findDriftConflicts(statements, changes, { teams, label: opts.baselineLabel, ownSystems }) : [];
  findings.push(...drift);
  const scoped = findScopedPermissionConflicts(statements, { teams });
  const acronyms = findAcronyms(statements.map((s) => s.text));
  findings.push(...unseenConflicts(findings, scoped));
  // A figure in a statement that cites the playbook holding the figures every playbook uses ("lead times in
  // change/communications.md"): that section is the counterpart to report, before a looser pairing by shared words.
  findings.push(...unseenConflicts(findings, findCanonicalValueConflicts(statements)));
  // Values attached to one named thing ("the fortnightly CAB" / "Change Advisory Board: … weekly board"): the statement
  // that defines the thing is the counterpart to report, before a looser pairing of the same value by shared words.
  findings.push(...unseenConflicts(findings, findNamedSubjectConflicts(statements, { teams, acronyms: new Map([...systemAbbreviations(playbooks), ...acronyms]), ownSystems })));
  findings.push(
    ...unseenConflicts(findings, findContradictions(statements, {
      teams,
      aliases: aliasMap(playbooks),
      docWords: new Map(playbooks.map((p) => [p.path, [...new Set(phraseStems(p.title))]])),
      titles: new Map(playbooks.map((p) => [p.path, p.title])),
      acronyms,
      ownSystems,
      onPair: opts.onPair,
    })),
  );

  // Second detector: each valued statement against its nearest restatements; a pair both detectors find is reported once.
  findings.push(...unseenConflicts(findings, findRestatementConflicts(statements, { teams, playbooks, onPair: opts.onRestatementPair })));
  // Third: a list of bands whose ranges overlap ("Up to €40,000" above "€25,000 to €100,000").
  findings.push(...unseenConflicts(findings, findBandOverlaps(statements)));
  // Fourth: two rules about one rarely named thing ("Cursor", "Slack AI"), one allowing it and one not.
  findings.push(...unseenConflicts(findings, findEntityPermissionConflicts(statements, { teams })));
  // Fifth: a thing a "who owns what" line gives one team, given to another team elsewhere.
  findings.push(...unseenConflicts(findings, findOwnershipConflicts(statements, { teams, ownSystems })));
  // Sixth: two rules about one thing named in ordinary words ("HR case files"), one leaving it free and one not.
  findings.push(...unseenConflicts(findings, findObjectPermissionConflicts(statements, { teams, ownSystems })));
  // Seventh: one named thing given two lengths ("a half-day hands-on lab" / "Hands-on labs are 2-hour live sessions").
  findings.push(...unseenConflicts(findings, findLengthConflicts(statements)));
  // Eighth: two people named as the head of one team ("AI Enablement Office (head: Priya Nair)").
  findings.push(...unseenConflicts(findings, findHeadConflicts(statements, { teams })));
  // Ninth: a formula's constant that its worked example computes with another value ("× 46 working weeks" / "× 48 weeks").
  findings.push(...unseenConflicts(findings, findFormulaConflicts(statements)));

  // Tenth: two statements answering one labelled employee question with different figures ("up to 3 partners" / "suggests
  // up to 5 partners per referral"), however differently they are worded around the figure.
  findings.push(...unseenConflicts(findings, findSameQuestionConflicts(statements, opts.sameQuestion ?? sameQuestionData())));
  // Eleventh: a lead-in that counts its list's items ("gives every employee four duties:") above a list of another length.
  findings.push(...unseenConflicts(findings, findListCountConflicts(statements)));
  // Twelfth: a near-miss example at or above the threshold of the rule its section states ("a department of a few
  // hundred people" listed as not qualifying under "reaches 250 or more users").
  findings.push(...unseenConflicts(findings, findExampleThresholdConflicts(statements)));
  // Last, with a baseline: an edit that turned a rule round in words no check above parses ("cannot be expensed" → "can
  // be expensed up to €20 a month"), against the unchanged statements that still state the old rule.
  if (changes) findings.push(...unseenConflicts(findings, findRuleFlips(statements, changes, findings, opts.baselineLabel)));

  let { open, accepted } = { open: findings, accepted: [] as LintReport["accepted"] };
  if (acceptedText !== undefined) {
    const { entries, problems } = parseAccepted(acceptedText);
    // Every finding is matched against the acceptances first, so an acceptance never looks unused because of the
    // filter below.
    ({ open, accepted } = applyAccepted(findings, entries));
    open.push(...problems);
  }
  // A changed statement the drift check reported is explained by that finding: the pairings the other checks made for
  // it by shared words are the same edit seen less precisely. (Before, the acceptances were applied to the unfiltered
  // findings, which undid this whenever the corpus had a lint-accepted.yml.)
  const edited = new Set(drift.map((f) => `${f.places[0]!.path}:${f.places[0]!.line}`));
  const explained = (f: Finding) => f.kind === "contradiction" && !drift.includes(f) && f.places.some((p) => edited.has(`${p.path}:${p.line}`));
  open = open.filter((f) => !explained(f));
  return {
    findings: sortFindings(open),
    accepted: sortFindings(accepted),
    playbooks: playbooks.length,
    owners: Object.fromEntries(playbooks.map((p) => [p.path, p.owner])),
  };
}

/**
 * The statements of a baseline corpus's valid playbooks (its problems are not this run's findings). A playbook that
 * moved keeps its id: its old statements are compared under its new path (`pathOf`: id → current path).
 */
function baselineStatements(sources: { path: string; text: string }[], pathOf: ReadonlyMap<string, string>) {
  return sources.filter((s) => s.path.endsWith(".md")).flatMap((s) => {
    const { playbook } = checkPlaybook(s.path, s.text);
    if (!playbook) return [];
    const now = pathOf.get(playbook.id) ?? playbook.path;
    return statementsOf(playbook).map((st) => (st.path === now ? st : { ...st, path: now }));
  });
}

function schema(err: PlaybookError, owner = ""): Finding {
  return { kind: "schema", message: `${err.file}${err.line ? `:${err.line}` : ""}: ${err.reason}`, places: [{ path: err.file, line: err.line ?? 1, owner }] };
}

function staleFinding(pb: Playbook, text: string, now: Date): Finding | undefined {
  const reviewed = new Date(`${pb.reviewed}T00:00:00Z`);
  const days = Math.floor((now.getTime() - reviewed.getTime()) / DAY_MS);
  if (days <= REVIEW_EVERY_DAYS) return undefined;
  const line = text.split(/\r?\n/).findIndex((l) => /^reviewed\s*:/.test(l)) + 1;
  return {
    kind: "stale",
    message: `${pb.path} was last reviewed on ${pb.reviewed}, ${days} days ago (playbooks are reviewed every ${REVIEW_EVERY_DAYS} days): check it and update "reviewed"`,
    places: [{ path: pb.path, line: line || 2, owner: pb.owner }],
  };
}

/**
 * Alias stem → the stems of the playbook's own subject (its first system, else its first tag), for subject
 * matching ("SFDC" is "salesforce"). Only one-word aliases: the words of a phrase alias ("access request",
 * "data location") are ordinary words elsewhere and would make every statement look alike.
 */
function aliasMap(playbooks: Playbook[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const pb of playbooks) {
    const canonical = phraseStems((pb.systems?.[0] ?? pb.tags[0] ?? "").replace(/-/g, " "));
    if (canonical.length === 0) continue;
    for (const alias of pb.aliases ?? []) {
      const stems = phraseStems(alias);
      if (stems.length !== 1 || canonical.includes(stems[0]!)) continue;
      map.set(stems[0]!, [...new Set([...(map.get(stems[0]!) ?? []), ...canonical])]);
    }
  }
  return map;
}

/**
 * Abbreviations a playbook lists among its aliases for its own system ("M365", "O365" for microsoft-365): names in
 * capitals that stand for the system's name, as an acronym stands for what it spells.
 */
function systemAbbreviations(playbooks: Playbook[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const pb of playbooks) {
    const system = pb.systems?.[0];
    if (!system) continue;
    for (const alias of pb.aliases ?? []) if (/^[A-Z][A-Z0-9]{1,5}$/.test(alias) && /\d/.test(alias)) out.set(alias, system.replace(/-/g, " "));
  }
  return out;
}
