import type { Chunk } from "../retrieval/chunking.ts";
import type { SearchHit } from "../retrieval/KnowledgeIndex.ts";
import { sentences, terms } from "../retrieval/text.ts";
import { readDescribedUseCase, type DescribedUseCase } from "../usecases/catalog.ts";
import type { Citation } from "./contract.ts";

/**
 * The offline composer: an answer built only from retrieved playbook text. It leads with the sentence that
 * answers the question most directly, adds the steps of the best-matching procedure when the question asks
 * "how", then a few distinct supporting points from other sources, each with an inline [n] marker, and ends
 * with a numbered Sources list.
 */

export interface ComposeInput {
  question: string;
  hits: SearchHit[];
  /** IDF of a stemmed term, to weigh rare (meaningful) words over common ones. */
  idf: (term: string) => number;
  /** All chunks of a playbook, to find its step-by-step section when the hits lack it. */
  chunksOf?: (path: string) => Chunk[];
}

export interface ComposedAnswer {
  answer: string;
  citations: Citation[];
}

interface Unit {
  text: string;
  hit: SearchHit;
  hitRank: number;
  terms: Set<string>;
  score: number;
  step: boolean;
}

const MAX_POINTS = 4;
/** Sentences about the document itself ("This playbook is for..."): they introduce, they do not answer. */
const META_SENTENCE = /^(this (playbook|page|guide|document|catalog|section)|it covers|use this|see also|read this)\b/i;
const MAX_STEPS = 6;
const PERMISSION_QUESTION = /^(?:(?:so |and |but )?(?:can|may|could|should) (?:i|we|you|my team|our team|people|employees|staff)\b|(?:am i|are we|is it|is this|are they) (?:allowed|permitted|ok|okay|fine|legal)\b|(?:is|are) (?:it|there) (?:a )?(?:rules?|policy)\b|do (?:i|we) need (?:approval|permission|to ask)\b)/i;
/** A sentence that states a rule: what is allowed, required or forbidden. */
const NORMATIVE = /\b(must|must not|may not|may only|never|not allowed|allowed|not permitted|permitted|prohibited|forbidden|only (?:with|after|if|when|in|for)|do not|don't|requires?|approved|is fine|are fine|stay out|stays out)\b/i;

export function composeAnswer({ question, hits, idf, chunksOf }: ComposeInput): ComposedAnswer {
  const q = [...new Set(terms(question))];
  const qWeight = q.reduce((s, t) => s + idf(t), 0) || 1;
  const units: Unit[] = [];
  const asksHow = /\b(how|steps?|process|set ?up|configure|connect|get started|start|request|apply|what do i need)\b/i.test(question);
  // "Can I…?", "Is it allowed…?": the answer is a rule, so sentences that state one lead.
  const asksPermission = PERMISSION_QUESTION.test(question);
  const pool = hits.slice(0, 6);
  if (asksHow && chunksOf && pool[0]) {
    const procedure = findProcedure(pool[0], pool, chunksOf, q, idf);
    if (procedure) pool.push(procedure);
  }
  const topScore = pool[0]?.score || 1;
  pool.forEach((hit, hitRank) => {
    for (const raw of sentences(stripCode(hit.chunk.text))) {
      const text = cleanUnit(raw);
      if (text.length < 25 || /^#|^\|?\s*-{3}/.test(text)) continue;
      const unitTerms = new Set(terms(text));
      const overlap = q.reduce((s, t) => s + (unitTerms.has(t) ? idf(t) : 0), 0) / qWeight;
      const headingTerms = new Set(terms(hit.chunk.section));
      const headingOverlap = q.reduce((s, t) => s + (headingTerms.has(t) ? idf(t) : 0), 0) / qWeight;
      // The fused retrieval score says which passage answers best; sentence overlap only picks within it.
      const prior = Math.min(1, hit.score / topScore);
      const lengthPenalty = text.length > 400 ? 0.15 : 0;
      // Sentences about the document itself ("This playbook is for...") introduce; they do not answer.
      const metaPenalty = META_SENTENCE.test(text) ? 0.5 : 0;
      const ruleBonus = asksPermission && NORMATIVE.test(text) ? 0.3 : 0;
      // A bullet that opens with a gerund ("Rolling Copilot out to 2,000 people…") is an example, not an answer.
      const examplePenalty = /^\s*[-*+]\s+[A-Z][a-z]+ing\b/.test(raw) ? 0.35 : 0;
      // An example prompt ("How do I get …?" in quotes) or a bare use-case title says nothing by itself.
      if (/^["“][^"”]+["”][.?!]?$/.test(text) || /^Use case: [^.]+\.$/.test(text)) continue;
      units.push({
        text: truncate(text, 450),
        hit,
        hitRank,
        terms: unitTerms,
        score: overlap + 0.25 * headingOverlap + 0.6 * prior + ruleBonus - lengthPenalty - metaPenalty - examplePenalty,
        step: /^\d+[.)]\s/.test(raw.trim()),
      });
    }
  });
  if (units.length === 0) return { answer: "", citations: [] };

  const sources: SearchHit[] = [];
  const cite = (hit: SearchHit): number => {
    let i = sources.findIndex((s) => s.chunk.id === hit.chunk.id);
    if (i < 0) i = sources.push(hit) - 1;
    return i + 1;
  };

  const ranked = [...units].sort((a, b) => b.score - a.score);
  // The lead comes from the best document, so the answer opens on the playbook that is actually about it.
  const lead =
    ranked.find((u) => u.hit.chunk.path === pool[0]!.chunk.path && !u.step && !META_SENTENCE.test(u.text)) ??
    ranked.find((u) => !META_SENTENCE.test(u.text)) ??
    ranked[0]!;
  const chosen: Unit[] = [lead];
  const parts: string[] = [`${asSentence(lead.text)} [${cite(lead.hit)}]`];

  // Steps: the numbered procedure in the lead's section (or the best-scoring one), when the question asks how.
  if (asksHow) {
    // Steps come from the lead's passage, the best playbook's procedure, or a passage whose heading the question
    // names: never from an unrelated procedure that merely happens to be numbered.
    const relevant = (h: SearchHit) => h === lead.hit || h.chunk.path === pool[0]!.chunk.path || terms(h.chunk.section).some((t) => q.includes(t));
    const stepSource = [lead.hit, ...pool.slice(1)].find((h) => relevant(h) && units.filter((u) => u.hit === h && u.step).length >= 2);
    if (stepSource) {
      const steps = units.filter((u) => u.hit === stepSource && u.step && u !== lead).slice(0, MAX_STEPS);
      const n = cite(stepSource);
      parts.push(
        `**Steps** (${stepSource.chunk.title} › ${stepSource.chunk.section}):\n` +
          steps.map((s, i) => `${i + 1}. ${s.text.replace(/^\d+[.)]\s*/, "")}${i === steps.length - 1 ? ` [${n}]` : ""}`).join("\n"),
      );
      chosen.push(...steps);
    }
  }

  // Supporting points: relevant, not repeating what was already said (maximal marginal relevance).
  const points: string[] = [];
  const floor = lead.score * 0.45;
  for (const u of ranked.slice(1)) {
    if (points.length >= MAX_POINTS) break;
    if (u.score < floor || chosen.includes(u)) continue;
    if (chosen.some((c) => similarity(c.terms, u.terms) > 0.45)) continue;
    const fromSameChunk = chosen.filter((c) => c.hit === u.hit).length;
    if (fromSameChunk >= 3) continue;
    chosen.push(u);
    points.push(`• ${bulletText(u.text)} [${cite(u.hit)}]`);
  }
  if (points.length > 0) parts.push(`**Also worth knowing:**\n${points.join("\n")}`);

  const citations = sources.map(toCitation);
  parts.push(formatSources(citations));
  return { answer: parts.join("\n\n"), citations };
}

const MAX_USE_CASES = 4;
const USE_CASE_ORDERS: { asked: RegExp; label: string; compare: (a: DescribedUseCase, b: DescribedUseCase) => number }[] = [
  { asked: /\b(lowest|least|low) risk|\b(safest|least risky|less risky)\b/i, label: "lowest risk first", compare: (a, b) => a.risk - b.risk || a.effort - b.effort },
  { asked: /\b(easiest|simplest|lowest effort|least effort|quick(?:est)? wins?|quickest)\b/i, label: "least effort first", compare: (a, b) => a.effort - b.effort || a.risk - b.risk },
  { asked: /\b(most|biggest|largest|highest) (?:time|hours|savings?|impact|value)\b|\bsaves? the most\b/i, label: "most hours saved first", compare: (a, b) => b.hoursSavedPerWeek - a.hoursSavedPerWeek },
];
/** A guardrail in a use case's notes: the sentence an employee must not miss before trying it. */
const GUARDRAIL = /\b(must|never|not|only|requires?|needs?|before|approval|approved|redact\w*|review)\b/i;

/**
 * An answer to "where could AI help my team?": the best-matching use cases from the catalogs, each with what it
 * does, its value, effort and risk, a prompt to try and its guardrail, then the easiest one to start with.
 * Undefined when fewer than two use cases were found (the general composer answers instead).
 */
export function composeUseCaseAnswer(question: string, hits: SearchHit[], idf: (term: string) => number): ComposedAnswer | undefined {
  const q = [...new Set(terms(question))];
  const qWeight = q.reduce((sum, t) => sum + idf(t), 0) || 1;
  const top = hits[0]?.score || 1;
  const candidates: { hit: SearchHit; uc: DescribedUseCase; score: number }[] = [];
  for (const hit of hits) {
    const uc = readDescribedUseCase(hit.chunk.text);
    if (!uc || candidates.some((f) => f.uc.title === uc.title)) continue;
    // Who it is for and what it does count more than a passing mention in an example prompt.
    const about = new Set(terms(`${uc.title} ${uc.description} ${uc.roles.join(" ")}`));
    const match = q.reduce((sum, t) => sum + (about.has(t) ? idf(t) : 0), 0) / qWeight;
    candidates.push({ hit, uc, score: 0.5 * (hit.score / top) + match });
  }
  const relevant = candidates.sort((a, b) => b.score - a.score).slice(0, MAX_USE_CASES);
  if (relevant.length < 2) return undefined;
  // "Which is lowest risk / easiest / saves the most?": the same use cases, in the order asked for.
  const order = USE_CASE_ORDERS.find((o) => o.asked.test(question));
  const found = order ? [...relevant].sort((a, b) => order.compare(a.uc, b.uc)) : relevant;
  const citations = found.map(({ hit }) => toCitation(hit));
  const items = found.map(({ uc }, i) => {
    const lines = [
      `${i + 1}. **${uc.title}**: ${asSentence(uc.description)} [${i + 1}]`,
      `   About ${uc.hoursSavedPerWeek} h saved per person per week · effort ${uc.effort}/5 · risk ${uc.risk}/5 · data: ${uc.dataSensitivity} · stage: ${uc.maturityStage}`,
    ];
    if (uc.examplePrompts[0]) lines.push(`   Try: "${uc.examplePrompts[0]}"`);
    const guardrail = sentences(uc.notes).find((x) => GUARDRAIL.test(x));
    if (guardrail) lines.push(`   Watch out: ${truncate(asSentence(cleanUnit(guardrail)), 240)}`);
    return lines.join("\n");
  });
  // Easiest start: the lowest effort plus risk, then the most hours saved.
  const easiest = [...found].sort((a, b) => a.uc.effort + a.uc.risk - (b.uc.effort + b.uc.risk) || b.uc.hoursSavedPerWeek - a.uc.hoursSavedPerWeek)[0]!;
  const parts = [
    `These ${found.length} use cases from the catalogs fit best, ${order ? order.label : "closest first"}: ${found[0]!.uc.title} (${found[0]!.hit.chunk.title}). [1]`,
    items.join("\n"),
    `**Easiest place to start:** ${easiest.uc.title} (effort ${easiest.uc.effort}/5, risk ${easiest.uc.risk}/5). Start small with a pilot group, then measure the hours saved.`,
    formatSources(citations),
  ];
  return { answer: parts.join("\n\n"), citations };
}

/** A passage as cited: where it is, who owns it, when it was reviewed, and its (dense when known) score. */
export function toCitation(hit: SearchHit): Citation {
  const c = hit.chunk;
  return { path: c.path, title: c.title, section: c.section, score: round(hit.denseScore ?? hit.score), owner: c.owner, reviewed: c.reviewed };
}

/** The numbered Sources list every answer ends with. */
export function formatSources(citations: Citation[]): string {
  return (
    "**Sources**\n" +
    citations.map((c, i) => `[${i + 1}] ${c.title} › ${c.section} (${c.path}; owner: ${c.owner}; reviewed ${c.reviewed})`).join("\n")
  );
}

/** The step-by-step section of the best playbook, when retrieval returned its other sections. */
function findProcedure(top: SearchHit, pool: SearchHit[], chunksOf: (path: string) => Chunk[], q: string[], idf: (t: string) => number): SearchHit | undefined {
  const candidates = chunksOf(top.chunk.path).filter(
    (c) => !pool.some((h) => h.chunk.id === c.id) && /step|how to|set ?up|process|getting started|procedure/i.test(c.section) && (c.text.match(/^\s*\d+[.)]\s/gm)?.length ?? 0) >= 3,
  );
  let best: Chunk | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    const t = new Set(terms(`${c.section} ${c.text}`));
    const score = q.reduce((s, term) => s + (t.has(term) ? idf(term) : 0), 0);
    if (score > bestScore) [best, bestScore] = [c, score];
  }
  return best ? { chunk: best, score: top.score * 0.7, termCoverage: 0 } : undefined;
}

function stripCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, " ");
}

function cleanUnit(s: string): string {
  return s
    .replace(/^\s*[-*+]\s+/, "")
    // A bold label opening the unit ("**Request**: open…", "**Request:** open…", "**Request** – open…").
    .replace(/^\*\*([^*]+?):?\*\*\s*(?::|—|–|-)\s*|^\*\*([^*]+?):\*\*\s*/, (_m, a?: string, b?: string) => `${a ?? b}: `)
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function bulletText(s: string): string {
  return asSentence(s.replace(/^\d+[.)]\s*/, ""));
}

function asSentence(s: string): string {
  const trimmed = s.replace(/[;,:]\s*$/, "");
  const t = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?:)"”]$/.test(t) ? t : `${t}.`;
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 40))}…`;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / Math.max(1, Math.min(a.size, b.size));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
