/**
 * The samples the offline opening's weights and translation model (src/assistant/opening-ranker.ts) are fitted on:
 * each labelled question's candidate sentences as the real engine composed them. `partnerpilot eval --fit-opening`
 * fits on them and reports each fold of sets left out in turn, measured through the engine.
 */
import type { AnswerEngine } from "../assistant/contract.ts";
import type { OpeningFeatureVector, OpeningGroup } from "../assistant/opening-ranker.ts";
import type { TranslationPair } from "../assistant/opening-translation.ts";
import type { LabelledOpening } from "../assistant/opening-neighbours.ts";
import type { AnswerCase } from "./answers.ts";
import { factForm } from "../retrieval/text.ts";
import { conversationIds } from "./runs.ts";

type Candidates = { text: string; features: OpeningFeatureVector }[];

/** Engines that report the composer's candidates (and the question it composed for) to `see`, a fresh engine per conversation. */
export type CandidateEngineFactory = (see: (candidates: Candidates, question: string) => void) => AnswerEngine;

/**
 * A labelled question's candidates: the weights' training group, the (question, fact sentence) pairs of the
 * translation model, and the question with its fact sentences for the neighbours (when a candidate states the fact).
 */
export interface OpeningSample {
  group: OpeningGroup;
  pairs: TranslationPair[];
  labelled?: LabelledOpening;
}

/**
 * One sample per in-scope labelled question with a fact: the candidates of its answer, positive where they state
 * it, and each positive sentence paired with the question as the composer read it.
 */
export async function collectOpeningSamples(makeEngine: CandidateEngineFactory, cases: AnswerCase[]): Promise<OpeningSample[]> {
  const samples: OpeningSample[] = [];
  const nextConversation = conversationIds("fit");
  for (const k of cases) {
    if (k.scope !== "in" || k.intent === "smalltalk" || !k.fact?.length) continue;
    let last: Candidates = [];
    let question = "";
    const engine = makeEngine((c, q) => ((last = c), (question = q)));
    const conversationId = nextConversation();
    for (const earlier of k.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_FIT" });
    last = [];
    await engine.ask({ text: k.text, conversationId, userId: "U_FIT" });
    if (last.length === 0) continue;
    const facts = k.fact.map(factForm);
    const positive = last.map((c) => facts.some((f) => factForm(c.text).includes(f)));
    const sentences = last.filter((_, i) => positive[i]).map((c) => c.text);
    samples.push({
      group: { features: last.map((c) => c.features), positive },
      pairs: sentences.map((sentence) => ({ question, sentence })),
      ...(sentences.length ? { labelled: { text: k.text, question, sentences } } : {}),
    });
  }
  return samples;
}
