/**
 * Which section of a playbook answers a question, learned: for every playbook a linear classifier from the
 * question's words, word pairs and character 4-grams (the playbook prior's features) to that playbook's sections.
 * Trained on the corpus itself (each section's heading path, alone and with each of its sentences) and on labelled
 * employee questions whose asked fact a section states (training/section-questions.jsonl: the question, its
 * playbook and the fact phrases; the section is the one whose text contains a phrase, found again at training time,
 * so a renamed heading keeps its questions and a reworded fact drops them). Search reorders the sections within each
 * playbook by it (KnowledgeIndex's reorderWithinPlaybooks): the playbook prior says which playbook, this says which of
 * its sections, which word overlap alone gets wrong when the question is in other words than the answer ("do we pick
 * one?" is answered by "You choose a partner", under "Step-by-step").
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LinearClassifier } from "../learning/LinearClassifier.ts";
import { readJsonlSync } from "../learning/jsonl.ts";
import { cachedClassifier, trainingKey } from "../learning/model-cache.ts";
import type { Chunk } from "./chunking.ts";
import { PRIOR_FEATURES_VERSION, priorFeatures } from "./PlaybookPrior.ts";
import { factForm, STEMMING_VERSION } from "./text.ts";

/** Bump when the examples built from the corpus change: cached models are then retrained. */
const SECTION_EXAMPLES_VERSION = 1;

export const SectionQuestionSchema = z.object({ text: z.string().min(1), playbook: z.string().min(1), fact: z.array(z.string().min(1)).min(1) });
export type SectionQuestion = z.infer<typeof SectionQuestionSchema>;

export const SECTION_QUESTIONS_FILE = fileURLToPath(new URL("./training/section-questions.jsonl", import.meta.url));

export function readSectionQuestions(file = SECTION_QUESTIONS_FILE): SectionQuestion[] {
  return readJsonlSync(file, SectionQuestionSchema);
}

/** A section's sentences long enough to say something (headings and fragments are left to the heading example). */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim().length > 20);
}

export class SectionPrior {
  private constructor(
    /** Per playbook path: its classifier, labelled with its chunks' ids. */
    private readonly models: Map<string, LinearClassifier<string>>,
  ) {}

  static train(chunks: Chunk[], questions: SectionQuestion[], cacheDir?: string, expandAliases: (text: string) => string = (t) => t): SectionPrior {
    const byPath = new Map<string, Chunk[]>();
    for (const c of chunks) {
      if (!byPath.has(c.path)) byPath.set(c.path, []);
      byPath.get(c.path)!.push(c);
    }
    const examples = new Map<string, { text: string; label: string }[]>([...byPath.keys()].map((p) => [p, []]));
    for (const c of chunks) {
      const own = examples.get(c.path)!;
      own.push({ text: expandAliases(c.section), label: String(c.id) });
      for (const s of sentencesOf(c.text)) own.push({ text: expandAliases(`${c.section} ${s}`), label: String(c.id) });
    }
    const texts = new Map(chunks.map((c) => [c, factForm(c.text)]));
    for (const q of questions) {
      const facts = q.fact.map(factForm);
      // The sections that state the fact (a long section split in two may hold it in either part; at most two).
      const answering = (byPath.get(q.playbook) ?? []).filter((c) => facts.some((f) => texts.get(c)!.includes(f))).slice(0, 2);
      for (const c of answering) examples.get(c.path)!.push({ text: expandAliases(q.text), label: String(c.id) });
    }
    const options = { epochs: 8, learningRate: 0.3, l2: 1e-3 };
    const models = new Map<string, LinearClassifier<string>>();
    for (const [p, own] of examples) {
      const labels = byPath.get(p)!.map((c) => String(c.id));
      const key = trainingKey({ version: SECTION_EXAMPLES_VERSION, features: PRIOR_FEATURES_VERSION, stemming: STEMMING_VERSION, labels, examples: own, options });
      const name = `section-prior-${p.replace(/\.md$/, "").replace(/[^a-z0-9]+/gi, "-")}`;
      models.set(p, cachedClassifier(cacheDir, name, key, priorFeatures, () => LinearClassifier.train(labels, own, priorFeatures, options)));
    }
    return new SectionPrior(models);
  }

  /** P(section | question, its playbook) for every chunk of the given playbooks, by chunk id. */
  probabilities(question: string, paths: Iterable<string>): Map<number, number> {
    return this.probabilitiesOf(priorFeatures(question), paths);
  }

  /** The same from the question's `priorFeatures`, which search has already computed for the playbook prior. */
  probabilitiesOf(features: string[], paths: Iterable<string>): Map<number, number> {
    const out = new Map<number, number>();
    for (const p of new Set(paths)) {
      const model = this.models.get(p);
      if (!model) continue;
      const probs = model.probabilitiesOf(features);
      model.labels.forEach((label, k) => out.set(Number(label), probs[k]!));
    }
    return out;
  }
}
