/**
 * Which playbook a question is about, learned: a linear classifier from the question's words, word pairs and
 * character 4-grams to the playbook that answers it. Trained on labelled employee questions
 * (src/retrieval/training/questions.jsonl) and, so that every playbook is known even without labelled
 * questions, on the corpus itself (each section's heading path and first sentence, each playbook's title and
 * aliases). Search fuses its probability with the lexical and dense scores: it carries what words alone do not,
 * such as "can I put X into ChatGPT" being a data-privacy question whatever X is.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LinearClassifier } from "../learning/LinearClassifier.ts";
import { readJsonlSync } from "../learning/jsonl.ts";
import { cachedClassifier, trainingKey } from "../learning/model-cache.ts";
import type { Chunk } from "./chunking.ts";
import type { Playbook } from "./playbooks.ts";
import { stem, STEMMING_VERSION, words } from "./text.ts";

/** Bump when `priorFeatures` changes: cached models trained on the old features are then retrained. */
export const PRIOR_FEATURES_VERSION = 6;

/**
 * What kind of question it is, from the words search drops as stopwords: "how do I get a Copilot seat?" and "what
 * does a Copilot seat cost?" share every content word, and only the question's frame says which section answers.
 */
const QUESTION_FRAMES: [name: string, pattern: RegExp][] = [
  ["how-to", /\bhow (?:do|can|should|would) (?:i|we|you|they)\b|\bhow to\b|\bwhere (?:do|can) (?:i|we)\b/],
  ["how-much", /\bhow much\b/],
  ["how-long", /\bhow (?:long|soon|fast|quickly)\b|\bwhen\b/],
  ["how-many", /\bhow many\b/],
  ["who", /\bwho(?:'s|se|m)?\b/],
  ["may-i", /\b(?:can|could|may) (?:i|we|you)\b|\b(?:am i|are we|is it) (?:allowed|ok|okay|fine)\b/],
  ["what-is", /\bwhat(?:'s| is| are)\b/],
];

export function priorFeatures(text: string): string[] {
  const lower = text.toLowerCase();
  const ws = words(lower);
  const stems = ws.map(stem);
  const out = new Set<string>();
  for (const [name, pattern] of QUESTION_FRAMES) if (pattern.test(lower)) out.add(`q:${name}`);
  for (const s of stems) out.add(`w:${s}`);
  for (let i = 0; i + 1 < stems.length; i++) out.add(`b:${stems[i]}_${stems[i + 1]}`);
  for (const w of ws) {
    const padded = `^${w}$`;
    if (padded.length <= 5) out.add(`c:${padded}`);
    else for (let i = 0; i + 4 <= padded.length; i++) out.add(`c:${padded.slice(i, i + 4)}`);
  }
  return [...out];
}

const QuestionSchema = z.object({ text: z.string().min(1), playbook: z.string().min(1) });
export const PRIOR_TRAINING_DIR = fileURLToPath(new URL("./training/", import.meta.url));

/** Every `questions*.jsonl` file of the training folder, in name order. */
export function readLabelledQuestions(dir = PRIOR_TRAINING_DIR): { text: string; playbook: string }[] {
  return readdirSync(dir)
    .filter((f) => /^questions.*\.jsonl$/.test(f))
    .sort()
    .flatMap((f) => readQuestionFile(path.join(dir, f)));
}

function readQuestionFile(file: string): { text: string; playbook: string }[] {
  return readJsonlSync(file, QuestionSchema);
}

export class PlaybookPrior {
  private constructor(private readonly classifier: LinearClassifier<string>) {}

  /** Trains on labelled questions whose playbook is in the corpus, plus the corpus's own headings and titles. */
  static train(playbooks: Playbook[], chunks: Chunk[], questions: { text: string; playbook: string }[], cacheDir?: string, expandAliases: (text: string) => string = (t) => t): PlaybookPrior {
    const paths = playbooks.map((p) => p.path);
    const known = new Set(paths);
    const examples: { text: string; label: string }[] = [];
    // Search asks the prior about the query with the company's aliases spelled out ("snow" → "snow servicenow"), so
    // it learns from text spelled out the same way.
    for (const pb of playbooks) examples.push({ text: expandAliases([pb.title, ...(pb.aliases ?? [])].join(" ")), label: pb.path });
    for (const c of chunks) {
      const first = c.text.split(/(?<=[.!?])\s|\n/)[0] ?? "";
      examples.push({ text: expandAliases(`${c.section} ${first}`), label: c.path });
    }
    // The questions the playbooks' sections answer (their ```questions blocks) are how employees ask for them too.
    // A long section split in two carries its questions in both parts: each is one example.
    const asked = new Set<string>();
    for (const c of chunks) {
      for (const q of c.questions ?? []) {
        const key = `${c.path}\n${q}`;
        if (asked.has(key)) continue;
        asked.add(key);
        examples.push({ text: expandAliases(q), label: c.path });
      }
    }
    // Labelled questions last and twice: they are how employees actually ask.
    const labelled = questions.filter((q) => known.has(q.playbook)).map((q) => ({ text: expandAliases(q.text), label: q.playbook }));
    examples.push(...labelled, ...labelled);
    // L2 3e-3 (was 1e-3): measured with the prior learned without each group of read sets (eval's cross-fitted rows),
    // openings stating the fact rose 2,465 → 2,504 of 3,624 (A–J, K–S, V–ZC, ZN) and the first citation 26 more; at
    // 1e-3 the prior remembered its training messages better and generalised worse (3e-4 and 1e-2 were worse too).
    const options = { epochs: 8, learningRate: 0.3, l2: 3e-3 };
    const key = trainingKey({ version: PRIOR_FEATURES_VERSION, stemming: STEMMING_VERSION, paths, examples, options });
    return new PlaybookPrior(cachedClassifier(cacheDir, "playbook-prior", key, priorFeatures, () => LinearClassifier.train(paths, examples, priorFeatures, options)));
  }

  /** P(playbook | question) for every playbook path, from the question's `priorFeatures` (search computes them once for both priors). */
  probabilitiesOf(features: string[]): Map<string, number> {
    const p = this.classifier.probabilitiesOf(features);
    return new Map(this.classifier.labels.map((label, k) => [label, p[k]!]));
  }
}
