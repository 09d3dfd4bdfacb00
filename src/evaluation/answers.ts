/**
 * What a person experiences, measured on labelled messages: was an in-scope question refused, does the opening
 * state the asked fact, is the right playbook among the top three, was an out-of-scope message refused, did
 * the bot recommend a partner when it should, and did it understand the kind of request.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { replyBody } from "../assistant/answer-text.ts";
import type { Answer, AnswerEngine } from "../assistant/contract.ts";
import { IntentSchema } from "../assistant/contract.ts";
import { cleanRequest } from "../assistant/request.ts";
import { ANSWER_SEARCH_WEIGHTS } from "../assistant/AnswerService.ts";
import { shippedOpening } from "../assistant/composer.ts";
import type { OpeningNeighbours } from "../assistant/opening-neighbours.ts";
import { type KnowledgeIndex, rankedPlaybooks } from "../retrieval/KnowledgeIndex.ts";
import { PlaybookPrior, readLabelledQuestions } from "../retrieval/PlaybookPrior.ts";
import { readSectionQuestions, SectionPrior } from "../retrieval/SectionPrior.ts";
import { INTENT_TRAINING, IntentModel, readIntentExamples } from "../assistant/intent-model.ts";
import { factForm } from "../retrieval/text.ts";
import { readJsonl, RetrievalCaseSchema } from "./retrieval.ts";
import { RoutingCaseSchema } from "./routing.ts";
import { conversationIds } from "./runs.ts";

export const AnswerCaseSchema = z.object({
  text: z.string().min(1),
  /** `uncovered`: in the assistant's domain, but no playbook answers it. */
  scope: z.enum(["in", "out", "uncovered"]).optional(),
  intent: IntentSchema.optional(),
  escalate: z.boolean().optional(),
  criteria: z.array(z.string()).optional(),
  /** Playbooks (relative to knowledge/) whose section answers it, best first. */
  expected: z.array(z.string()).optional(),
  /** Short phrases, any of which the opening must contain to state the asked fact. */
  fact: z.array(z.string()).optional(),
  history: z.array(z.string()).optional(),
  persona: z.string().optional(),
  /**
   * The playbooks' verdict on a yes/no question about a rule, labelled afterwards from the playbooks
   * (test/eval/verdicts/): `none` when the message is not one or the playbooks do not decide it.
   */
  verdict: z.enum(["yes", "no", "conditional", "none"]).optional(),
  split: z.string().optional(),
});
export type AnswerCase = z.infer<typeof AnswerCaseSchema>;

/** Characters of the reply that count as its opening. */
export const OPENING_CHARS = 400;

export interface Rate {
  hits: number;
  of: number;
  rate: number;
}

export interface AnswerScores {
  cases: number;
  openingStatesFact: Rate;
  inScopeRefused: Rate;
  rightPlaybookTop3: Rate;
  citedPlaybookFirst: Rate;
  outOfScopeRefused: Rate;
  uncoveredNotAnswered: Rate;
  /**
   * The "only partly covered" caveat on answers to in-scope questions with a fact: of those whose opening stated it
   * (a needless hedge) and of those whose opening missed it (a warranted one).
   */
  caveat: { onStated: Rate; onMissed: Rate };
  escalation: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
  intentAccuracy: Rate;
  /**
   * The short yes/no verdict before the rule (verdict.ts), on the messages with a verdict label: of the yes/no
   * questions the playbooks decide, how many got one (`given`) and, of those shown, how many were right ("It depends."
   * counts as right for a conditional rule); `opposite`: "Yes." where the playbooks say no or the other way round;
   * `onNone`: a verdict on a message labelled as no yes/no question.
   */
  verdict: { given: Rate; right: Rate; opposite: number; onNone: number };
  failures: { text: string; check: string; expected: string; got: string }[];
}

const rate = (hits: number, of: number): Rate => ({ hits, of, rate: of ? hits / of : 1 });

/** True when the reply is real content (not a refusal or a greeting). */
export function answered(a: Answer): boolean {
  return a.reply.kind === "answer" || a.reply.kind === "use_cases" || a.reply.kind === "model";
}

export function opening(a: Answer): string {
  return factForm(replyBody(a.reply)).slice(0, OPENING_CHARS);
}

/** Runs every case through a fresh conversation of the real engine (history replayed first). */
export async function evaluateAnswers(makeEngine: () => AnswerEngine, index: KnowledgeIndex, cases: AnswerCase[]): Promise<AnswerScores> {
  const c: Record<"fact" | "refused" | "top3" | "first" | "oos" | "uncovered" | "intent", [number, number]> = { fact: [0, 0], refused: [0, 0], top3: [0, 0], first: [0, 0], oos: [0, 0], uncovered: [0, 0], intent: [0, 0] };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const v = { decided: 0, given: 0, right: 0, opposite: 0, onNone: 0 };
  const hedged = { stated: [0, 0], missed: [0, 0] };
  const failures: AnswerScores["failures"] = [];
  const nextConversation = conversationIds("eval");
  for (const k of cases) {
    const engine = makeEngine();
    const conversationId = nextConversation();
    for (const earlier of k.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_EVAL" });
    const a = await engine.ask({ text: k.text, conversationId, userId: "U_EVAL" });
    const fail = (check: string, expected: string, got: string) => failures.push({ text: k.text, check, expected, got });
    const inScope = k.scope === "in" && k.intent !== "smalltalk";
    if (inScope) {
      c.refused[1]++;
      if (!answered(a)) {
        c.refused[0]++;
        fail("refused", "an answer", `${a.reply.kind}${a.reply.kind === "refusal" ? `:${a.reply.reason}` : ""} (confidence ${a.confidence})`);
      }
      if (k.fact?.length) {
        c.fact[1]++;
        const open = opening(a);
        const stated = k.fact.some((f) => open.includes(factForm(f)));
        if (stated) c.fact[0]++;
        else fail("opening", k.fact.join(" | "), open.slice(0, 200));
        if (a.reply.kind === "answer") {
          const tally = stated ? hedged.stated : hedged.missed;
          tally[1]!++;
          if (a.reply.caveat) tally[0]!++;
        }
      }
      if (k.expected?.length) {
        c.top3[1]++;
        c.first[1]++;
        // What the engine searched (a follow-up: with its thread's question); a request refused before any search,
        // the cleaned message alone, as if refusal were switched off.
        const top = a.searched ?? (await bareTop3(index, k.text));
        if (top.some((p) => k.expected!.includes(p))) c.top3[0]++;
        else fail("top3", k.expected.join(", "), top.join(", "));
        if (a.citations[0] && k.expected.includes(a.citations[0].path)) c.first[0]++;
        else fail("cited", k.expected.join(", "), a.citations[0]?.path ?? "(none)");
      }
    }
    if (k.scope === "out" && k.intent !== "smalltalk") {
      c.oos[1]++;
      if (!answered(a)) c.oos[0]++;
      else fail("out of scope answered", "refusal", `${a.intent}: ${opening(a).slice(0, 120)}`);
    }
    if (k.scope === "uncovered") {
      c.uncovered[1]++;
      if (!answered(a) || ((a.reply.kind === "answer" || a.reply.kind === "use_cases") && a.reply.caveat)) c.uncovered[0]++;
    }
    if (k.escalate !== undefined) {
      const got = a.escalation.recommended;
      if (got && k.escalate) tp++;
      else if (got && !k.escalate) fp++;
      else if (!got && k.escalate) fn++;
      if (got !== k.escalate) fail("escalation", `${k.escalate} ${(k.criteria ?? []).join(",")}`, `${got} ${a.escalation.criteria.join(",")}`);
    }
    if (k.verdict) {
      const said = a.reply.kind === "answer" ? a.reply.verdict : undefined;
      if (k.verdict === "none") {
        if (said) v.onNone++;
      } else {
        v.decided++;
        if (said) {
          v.given++;
          if (said === k.verdict || (said === "depends" && k.verdict === "conditional")) v.right++;
          else fail("verdict", k.verdict, said);
          if ((said === "yes" && k.verdict === "no") || (said === "no" && k.verdict === "yes")) v.opposite++;
        }
      }
    }
    if (k.intent) {
      c.intent[1]++;
      if (a.intent === k.intent) c.intent[0]++;
      else fail("intent", k.intent, a.intent);
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    cases: cases.length,
    openingStatesFact: rate(c.fact[0]!, c.fact[1]!),
    inScopeRefused: rate(c.refused[0]!, c.refused[1]!),
    rightPlaybookTop3: rate(c.top3[0]!, c.top3[1]!),
    citedPlaybookFirst: rate(c.first[0]!, c.first[1]!),
    outOfScopeRefused: rate(c.oos[0]!, c.oos[1]!),
    uncoveredNotAnswered: rate(c.uncovered[0]!, c.uncovered[1]!),
    caveat: { onStated: rate(hedged.stated[0]!, hedged.stated[1]!), onMissed: rate(hedged.missed[0]!, hedged.missed[1]!) },
    escalation: { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, tp, fp, fn },
    intentAccuracy: rate(c.intent[0]!, c.intent[1]!),
    verdict: { given: rate(v.given, v.decided), right: rate(v.right, v.given), opposite: v.opposite, onNone: v.onNone },
    failures,
  };
}

/** The playbooks search ranks first for the cleaned message alone, without its thread. */
export async function bareTop3(index: KnowledgeIndex, text: string): Promise<string[]> {
  return rankedPlaybooks(await index.search(cleanRequest(text).text, { k: 6, ...ANSWER_SEARCH_WEIGHTS }));
}

/**
 * Runs `measure` with the learned models trained without these cases' messages: the playbook and section priors are
 * swapped in the index (the shipped ones go back afterwards) and the intent model is handed to `measure` for its
 * engines. The read sets' messages train all three (src/retrieval/training/questions-*.jsonl and
 * section-questions.jsonl, src/assistant/training/intents-*.jsonl),
 * so on them search ranks the right playbook first and the intent is right as for no new message: their figures say
 * how well the models remember, not how the bot does on words it has not seen. Cross-fitted, each read set is
 * measured as a held-out set would be (the opening's weights and translation model still know its questions). The
 * opening's labelled neighbours are handed to `measure` without these cases' questions too: a labelled question is
 * its own nearest neighbour, and its vote would name the very sentence it was labelled with.
 * `leftOut`: training lines left out of the three (0: the cases trained none, and `measure` saw the shipped models'
 * equals).
 */
export async function withModelsWithout<T>(
  index: KnowledgeIndex,
  cases: AnswerCase[],
  measure: (models: { intentModel: IntentModel; openingNeighbours: OpeningNeighbours | null }) => Promise<T>,
): Promise<{ result: T; leftOut: number }> {
  const own = ownMessages(cases);
  const shippedNeighbours = shippedOpening().neighbours;
  const openingNeighbours = shippedNeighbours?.without(own) ?? null;
  const neighboursLeftOut = (shippedNeighbours?.labelled.length ?? 0) - (openingNeighbours?.labelled.length ?? 0);
  const intents = readIntentExamples();
  const keptIntents = intents.filter((e) => !own.has(e.text.trim()));
  const intentModel = IntentModel.train(keptIntents, INTENT_TRAINING);
  const prior = playbookPriorWithout(index, cases);
  const sections = sectionPriorWithout(index, cases);
  index.usePlaybookPrior(prior.prior);
  index.useSectionPrior(sections.prior);
  try {
    return { result: await measure({ intentModel, openingNeighbours }), leftOut: prior.leftOut + sections.leftOut + intents.length - keptIntents.length + neighboursLeftOut };
  } finally {
    index.usePlaybookPrior(undefined);
    index.useSectionPrior(undefined);
  }
}

/**
 * The section prior learned without these cases' questions (as `eval --write-section-questions` cleans them), and how
 * many of its lines they were; the index's own when they were none of them.
 */
export function sectionPriorWithout(index: KnowledgeIndex, cases: AnswerCase[]): { prior: SectionPrior; leftOut: number } {
  const own = new Set(cases.map((c) => cleanRequest(c.text).text));
  const questions = readSectionQuestions();
  const kept = questions.filter((q) => !own.has(q.text));
  if (kept.length === questions.length) return { prior: index.sectionPrior(), leftOut: 0 };
  return { prior: SectionPrior.train(index.chunks, kept, index.modelCacheDir, (t) => index.expandAliases(t)), leftOut: questions.length - kept.length };
}

/** The playbook prior learned without these cases' messages, and how many of its training lines they were. */
export function playbookPriorWithout(index: KnowledgeIndex, cases: AnswerCase[]): { prior: PlaybookPrior; leftOut: number } {
  const own = ownMessages(cases);
  const questions = readLabelledQuestions();
  const kept = questions.filter((q) => !own.has(q.text.trim()));
  return { prior: PlaybookPrior.train(index.playbooks, index.chunks, kept, undefined, (t) => index.expandAliases(t)), leftOut: questions.length - kept.length };
}

const ownMessages = (cases: AnswerCase[]) => new Set(cases.map((c) => c.text.trim()));

/** The development cases: the older labelled sets (retrieval questions are in scope; routing messages labelled). */
export async function developmentCases(evalDir: string): Promise<AnswerCase[]> {
  const out: AnswerCase[] = [];
  for (const dir of [evalDir, `${evalDir}/holdout`]) {
    const answersFile = `${dir}/answers.jsonl`;
    if (dir !== evalDir && existsSync(answersFile)) {
      out.push(...(await readJsonl(answersFile, AnswerCaseSchema)));
    } else if (existsSync(`${dir}/retrieval.jsonl`)) {
      for (const r of await readJsonl(`${dir}/retrieval.jsonl`, RetrievalCaseSchema)) out.push({ text: r.question, scope: "in", expected: r.expected });
    }
    if (existsSync(`${dir}/routing.jsonl`)) {
      for (const r of await readJsonl(`${dir}/routing.jsonl`, RoutingCaseSchema)) {
        out.push({ text: r.text, intent: r.intent, escalate: r.escalate, criteria: r.criteria, history: r.history, scope: r.intent === "out_of_scope" ? "out" : r.intent === "smalltalk" ? undefined : "in" });
      }
    }
  }
  return out;
}
