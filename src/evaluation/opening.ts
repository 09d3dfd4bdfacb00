/**
 * Fitting the offline opening's weights (src/assistant/opening-ranker.ts) on labelled answer sets, and the
 * honest figure for it: each set left out in turn, weights fitted on the others, the opening measured on the set
 * left out through the real engine.
 */
import type { AnswerEngine } from "../assistant/contract.ts";
import type { OpeningFeatureVector, OpeningGroup, OpeningWeights } from "../assistant/opening-ranker.ts";
import { fitOpeningWeights } from "../assistant/opening-ranker.ts";
import type { TranslationPair } from "../assistant/opening-translation.ts";
import type { AnswerCase } from "./answers.ts";
import { factForm } from "../retrieval/text.ts";

type Candidates = { text: string; features: OpeningFeatureVector }[];

/** Engines that report the composer's candidates (and the question it composed for) to `see`, a fresh engine per conversation. */
export type CandidateEngineFactory = (see: (candidates: Candidates, question: string) => void) => AnswerEngine;

/** A labelled question's candidates: the weights' training group, and the (question, fact sentence) pairs of the translation model. */
export interface OpeningSample {
  group: OpeningGroup;
  pairs: TranslationPair[];
}

/**
 * One sample per in-scope labelled question with a fact: the candidates of its answer, positive where they state
 * it, and each positive sentence paired with the question as the composer read it.
 */
export async function collectOpeningSamples(makeEngine: CandidateEngineFactory, cases: AnswerCase[]): Promise<OpeningSample[]> {
  const samples: OpeningSample[] = [];
  let n = 0;
  for (const k of cases) {
    if (k.scope !== "in" || k.intent === "smalltalk" || !k.fact?.length) continue;
    let last: Candidates = [];
    let question = "";
    const engine = makeEngine((c, q) => ((last = c), (question = q)));
    const conversationId = `fit:${n++}`;
    for (const earlier of k.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_FIT" });
    last = [];
    await engine.ask({ text: k.text, conversationId, userId: "U_FIT" });
    if (last.length === 0) continue;
    const facts = k.fact.map(factForm);
    const positive = last.map((c) => facts.some((f) => factForm(c.text).includes(f)));
    samples.push({
      group: { features: last.map((c) => c.features), positive },
      pairs: last.filter((_, i) => positive[i]).map((c) => ({ question, sentence: c.text })),
    });
  }
  return samples;
}

export interface LeaveOneOut {
  set: string;
  fitted: OpeningWeights;
}

/** Weights fitted on every set but one, for each set. */
export function leaveOneSetOut(groupsBySet: Map<string, OpeningGroup[]>): LeaveOneOut[] {
  return [...groupsBySet.keys()].map((set) => ({
    set,
    fitted: fitOpeningWeights([...groupsBySet].filter(([s]) => s !== set).flatMap(([, g]) => g)),
  }));
}
