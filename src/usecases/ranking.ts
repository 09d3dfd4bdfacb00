/**
 * Ranks the catalog for one intake. A use case's score adds up, with weights that are shown in its parts:
 * - match: semantic match of the role and pains to the use case, from the retrieval code (BM25 over stemmed
 *   words fused with the local embedder's vectors, as the knowledge index does);
 * - role: how much of one of the use case's named roles the person's role covers (IDF-weighted words);
 * - function: how clearly the person belongs to the use case's function (department, role words, and where
 *   their best matches sit);
 * - value: hours saved against effort;
 * - tools: the use case runs on systems the person already uses;
 * - minus risk: the risk derived from the governance tiers, penalised much harder when regulated data is involved.
 * Deterministic: no randomness, no clock, ties broken by catalog order.
 */
import { analyse } from "../retrieval/analysis.ts";
import { defaultGlossary } from "../retrieval/glossary.ts";
import { Bm25Index } from "../retrieval/bm25.ts";
import { dot } from "../retrieval/embedders/Embedder.ts";
import { LocalEmbedder } from "../retrieval/embedders/LocalEmbedder.ts";
import type { WordVectors } from "../retrieval/embedders/word-vectors.ts";
import { stem, terms, words } from "../retrieval/text.ts";
import type { FunctionId, UseCaseRecord } from "./catalog.ts";
import { catalogFunctions, functionMentions, type FunctionInfo } from "./functions.ts";
import { deriveRisk, type DerivedRisk } from "./governance.ts";
import { systemsNamed, type Intake } from "./intake.ts";

export const WEIGHTS = { match: 0.34, role: 0.2, function: 0.26, value: 0.1, tools: 0.06 } as const;
/** Risk penalty per risk point above 1: small normally (safer first among equals), large with regulated data. */
export const RISK_PENALTY = { normal: 0.01, regulated: 0.06, restrictedDataWhenRegulated: 0.06 } as const;

export interface ScoreParts {
  match: number;
  role: number;
  function: number;
  value: number;
  tools: number;
  riskPenalty: number;
}

export interface RankedUseCase {
  useCase: UseCaseRecord;
  /** 0–1, best first. */
  score: number;
  parts: ScoreParts;
  /** Why it was picked, most telling first, in plain words. */
  reasons: string[];
  risk: DerivedRisk;
}

export interface FunctionGuess {
  id: FunctionId;
  name: string;
  /** What placed the person in it. */
  by: "department" | "role" | "similarity";
  /** 0–1: the function's share of the evidence. */
  confidence: number;
}

export interface Ranking {
  /** The function the person was mapped to; undefined when nothing fits. */
  function?: FunctionGuess;
  /**
   * `named`: the catalog names this role or department; `nearest`: mapped to the nearest function;
   * `none`: nothing in the catalogs fits (useCases is then empty and `message` says so plainly).
   */
  fit: "named" | "nearest" | "none";
  message?: string;
  useCases: RankedUseCase[];
}

export interface RankOptions {
  /** How many to return (default 5). */
  limit?: number;
}

const MATCH_DENSE_WEIGHT = 0.35;

/** The catalog prepared for ranking: lexical and dense indexes over use cases, function vocabulary. */
export class UseCaseMatcher {
  readonly functions: FunctionInfo[];
  private readonly bm25: Bm25Index;
  private readonly embedder: LocalEmbedder;
  private readonly vectors: Float32Array[];
  private readonly roleIdf: Map<string, number>;
  private readonly roleTerms: string[][][];
  private readonly risks: DerivedRisk[];

  constructor(
    readonly catalog: readonly UseCaseRecord[],
    wordVectors?: WordVectors,
  ) {
    this.functions = catalogFunctions(catalog);
    const texts = catalog.map(useCaseText);
    const corpus = analyse(texts);
    this.bm25 = new Bm25Index(
      corpus.documents.map((ids) => Array.from(ids, (w) => corpus.stemOfWord[w]!)),
      corpus.stemIds,
    );
    this.embedder = new LocalEmbedder(wordVectors);
    this.vectors = this.embedder.embedCorpus(corpus);
    this.roleTerms = catalog.map((uc) => uc.roles.map((r) => terms(r.replace(/&/g, "and"))));
    const df = new Map<string, number>();
    const allRoles = this.roleTerms.flat();
    for (const r of allRoles) for (const t of new Set(r)) df.set(t, (df.get(t) ?? 0) + 1);
    this.roleIdf = new Map([...df].map(([t, n]) => [t, Math.log(1 + allRoles.length / n)]));
    this.risks = catalog.map((uc) => deriveRisk(uc));
  }

  /** Ranks the catalog for an intake (see the module comment). Pure given the matcher. */
  rank(asked: Intake, options: RankOptions = {}): Ranking {
    const limit = options.limit ?? 5;
    const intake = withEnglish(asked);
    const n = this.catalog.length;
    const about = [intake.role, intake.role, intake.department ?? "", intake.goal ?? ""].join(" \n");
    // Lexical half: BM25 of the role (twice: it says most), department and pains.
    const lexical = new Float64Array(n);
    for (const h of this.bm25.search(terms(about), n)) lexical[h.doc] = h.score;
    const lexMax = Math.max(0, ...lexical);
    // Dense half: the embedder's cosine similarity.
    const q = this.embedder.embed(about);
    const dense = this.vectors.map((v) => dot(q, v));
    const dMin = Math.min(...dense);
    const dMax = Math.max(...dense);
    const match = dense.map((d, i) => {
      const lex = lexMax > 0 ? lexical[i]! / lexMax : 0;
      const den = dMax > dMin ? (d - dMin) / (dMax - dMin) : 0;
      return (1 - MATCH_DENSE_WEIGHT) * lex + MATCH_DENSE_WEIGHT * den;
    });

    const roleSeqs = roleForms(asked.role);
    const role = this.roleTerms.map((rs) => Math.max(0, ...rs.flatMap((r) => roleSeqs.map((seq) => this.roleOverlap(seq, r)))));

    // Function: named by the department, named by the role, or where the best matches sit.
    const byDept = functionMentions(intake.department, this.functions);
    const byRole = functionMentions(intake.role, this.functions);
    const bySimilarity = new Map<FunctionId, number>();
    this.catalog.forEach((uc, i) => {
      const s = 0.6 * match[i]! + 0.4 * role[i]!;
      if (s > (bySimilarity.get(uc.function) ?? 0)) bySimilarity.set(uc.function, s);
    });
    const evidence = new Map<FunctionId, number>();
    for (const f of this.functions) {
      evidence.set(f.id, 0.45 * (byDept.get(f.id) ?? 0) + 0.25 * (byRole.get(f.id) ?? 0) + 0.3 * (bySimilarity.get(f.id) ?? 0));
    }
    const best = [...this.functions].sort((a, b) => evidence.get(b.id)! - evidence.get(a.id)! || this.functions.indexOf(a) - this.functions.indexOf(b))[0]!;
    const bestEvidence = evidence.get(best.id)!;
    const totalEvidence = [...evidence.values()].reduce((s, x) => s + x, 0);

    const mapped = byDept.size > 0 || byRole.size > 0;
    const named = Math.max(0, ...role) >= NAMED_ROLE;
    const strongestMatch = Math.max(0, ...this.catalog.map((_, i) => Math.max(role[i]!, lexMax > 0 ? lexical[i]! / Math.max(lexMax, LEXICAL_FLOOR) : 0)));
    if (!named && !mapped && strongestMatch < NOTHING_FITS_BELOW) {
      return {
        fit: "none",
        message:
          "Nothing in the use-case catalogs fits your role well enough to recommend. Tell me more about what takes your time, " +
          "or ask me directly (e.g. “can AI help me draft …?”); the playbooks may still cover it.",
        useCases: [],
      };
    }

    const intakeSystems = new Set(systemsNamed(intake.tools.join(", ")));
    const maxHours = Math.max(1, ...this.catalog.map((uc) => uc.hoursSaved.perPersonPerWeek));
    const ranked: RankedUseCase[] = this.catalog.map((uc, i) => {
      const risk = this.risks[i]!;
      const fnShare = bestEvidence > 0 ? evidence.get(uc.function)! / bestEvidence : 0;
      const value = 0.5 * (uc.hoursSaved.perPersonPerWeek / maxHours) + 0.5 * ((5 - uc.effort) / 4);
      const sharedTools = uc.systems.filter((s) => intakeSystems.has(s));
      const tools = sharedTools.length > 0 ? 1 : 0;
      const riskPenalty = intake.regulated
        ? RISK_PENALTY.regulated * (risk.risk - 1) + (uc.dataSensitivity === "restricted" ? RISK_PENALTY.restrictedDataWhenRegulated : 0)
        : RISK_PENALTY.normal * (risk.risk - 1);
      const parts: ScoreParts = {
        match: round(match[i]!),
        role: round(role[i]!),
        function: round(fnShare),
        value: round(value),
        tools,
        riskPenalty: round(riskPenalty),
      };
      const score =
        WEIGHTS.match * parts.match + WEIGHTS.role * parts.role + WEIGHTS.function * parts.function + WEIGHTS.value * parts.value + WEIGHTS.tools * tools - riskPenalty;
      return { useCase: uc, score: round(Math.max(0, score)), parts, reasons: [], risk };
    });
    // A paused use case (e.g. not permitted, like automated CV screening) is never suggested as something to try.
    const order = ranked
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.useCase.status.value !== "paused")
      .sort((a, b) => b.r.score - a.r.score || a.i - b.i);
    const top = order.slice(0, limit).map(({ r, i }) => ({ ...r, reasons: this.reasons(intake, roleSeqs, r, i, intakeSystems, best) }));
    const by: FunctionGuess["by"] = byDept.has(best.id) ? "department" : byRole.has(best.id) ? "role" : "similarity";
    return {
      function: { id: best.id, name: best.name, by, confidence: round(totalEvidence > 0 ? bestEvidence / totalEvidence : 0) },
      fit: named ? "named" : "nearest",
      ...(named
        ? {}
        : { message: `The catalogs do not name your role; these come from the nearest function, ${best.name} (${by === "similarity" ? "closest to what you described" : `from your ${by}`}).` }),
      useCases: top,
    };
  }

  /**
   * IDF-weighted Dice overlap of two role phrases (stems), 0–1. Job-title heads ("manager", "specialist") count
   * a quarter: sharing one says little about the work.
   */
  private roleOverlap(a: string[], b: string[]): number {
    if (a.length === 0 || b.length === 0) return 0;
    const w = (t: string) => (ROLE_HEADS.has(t) ? 0.25 : 1) * (this.roleIdf.get(t) ?? Math.log(1 + this.roleTerms.length));
    const sa = new Set(a);
    const sb = new Set(b);
    let common = 0;
    for (const t of sa) if (sb.has(t)) common += w(t);
    const total = [...sa].reduce((s, t) => s + w(t), 0) + [...sb].reduce((s, t) => s + w(t), 0);
    return total > 0 ? (2 * common) / total : 0;
  }

  private reasons(intake: Intake, roleSeqs: string[][], r: RankedUseCase, i: number, intakeSystems: Set<string>, fn: FunctionInfo): string[] {
    const uc = r.useCase;
    const out: string[] = [];
    if (r.parts.role >= 0.5) {
      const overlap = (k: number) => Math.max(...roleSeqs.map((seq) => this.roleOverlap(seq, this.roleTerms[i]![k]!)));
      const closest = uc.roles.reduce((a, b, k) => (overlap(k) > overlap(uc.roles.indexOf(a)) ? b : a));
      out.push(`Written for your role: ${closest}`);
    } else if (uc.function === fn.id) out.push(`From the ${fn.name} catalog, the function your role maps to`);
    const shared = sharedWords(`${intake.goal ?? ""} ${intake.role}`, useCaseText(uc));
    if (shared.length > 0) out.push(`Matches what you said: ${shared.slice(0, 4).join(", ")}`);
    const tools = uc.systems.filter((s) => intakeSystems.has(s));
    if (tools.length > 0) out.push(`Runs on tools you already use: ${tools.join(", ")}`);
    const h = uc.hoursSaved.perPersonPerWeek;
    out.push(`About ${h} hour${h === 1 ? "" : "s"} saved per person per week for effort ${uc.effort}/5${uc.effort <= 2 ? " (a quick start)" : ""}`);
    if (intake.regulated) {
      out.push(
        r.risk.risk >= 4
          ? `Risk ${r.risk.risk}/5 (Tier ${r.risk.tier}) ranked lower because you work with regulated data`
          : `Risk ${r.risk.risk}/5 (Tier ${r.risk.tier}): suitable with regulated data kept out of the prompt`,
      );
    }
    return out;
  }
}

/** Generic job-title words (stemmed). */
const ROLE_HEADS = new Set(["manager", "lead", "specialist", "analyst", "coordinator", "officer", "senior", "head", "team", "associate", "assistant", "director", "representative", "partner", "member", "consultant", "administrator", "owner", "engineer"].map(stem));

const LEXICAL_FLOOR = 8;
/** Role overlap from which the catalog is said to name the person's role. */
const NAMED_ROLE = 0.8;
/** Below this (strongest role overlap or absolute BM25 share), and with no department or role words, nothing fits. */
const NOTHING_FITS_BELOW = 0.3;

/** The text a use case is matched on: title and roles weigh double, then what it does, prompts and KPIs. */
export function useCaseText(uc: UseCaseRecord): string {
  return [uc.title, uc.title, uc.roles.join(", "), uc.roles.join(", "), uc.description, uc.examplePrompts.join(" "), uc.kpis.join(", ")].join("\n");
}

/** Words of `query` (as written) whose stems occur in `text`, rarest-looking (longest) first. */
function sharedWords(query: string, text: string): string[] {
  const have = new Set(terms(text));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words(query)) {
    const s = stem(w);
    if (w.length < 4 || GENERIC.has(s) || !have.has(s) || seen.has(s)) continue;
    seen.add(s);
    out.push(w);
  }
  return out.sort((a, b) => b.length - a.length || a.localeCompare(b));
}

const GENERIC = new Set(["time", "week", "work", "lot", "much", "spend", "help", "team", "make", "take", "manag", "mani", "everi"].map(stem));

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Convenience for callers holding only records: builds a matcher and ranks (builds indexes each call). */
export function rankUseCases(intake: Intake, catalog: readonly UseCaseRecord[], deps: { wordVectors?: WordVectors; matcher?: UseCaseMatcher } = {}, options: RankOptions = {}): Ranking {
  const matcher = deps.matcher && deps.matcher.catalog === catalog ? deps.matcher : new UseCaseMatcher(catalog, deps.wordVectors);
  return matcher.rank(intake, options);
}

/**
 * The intake with the English of its German, Dutch, Polish, Spanish and French words appended (the query glossary,
 * src/retrieval/glossary/): a "Ploegleider" or "Schichtleiter" is matched as the shift lead the catalog names.
 */
function withEnglish(intake: Intake): Intake {
  const glossary = defaultGlossary();
  return {
    ...intake,
    role: glossary.expand(intake.role),
    ...(intake.department ? { department: glossary.expand(intake.department) } : {}),
    ...(intake.goal ? { goal: glossary.expand(intake.goal) } : {}),
  };
}

/** A role as written and, when the glossary translates any of it, in English alone: each is compared with the catalog's roles. */
function roleForms(role: string): string[][] {
  const english = defaultGlossary().matches(role).map((m) => m.english).filter(Boolean).join(" ");
  const forms = [role, ...(english ? [english] : [])];
  return forms.map((r) => terms(r.replace(/&/g, "and")));
}
