/**
 * Whether the points after the opening ("Also worth knowing") are about what was asked. Helpers judged, for answers of
 * labelled sets, every sentence that could have been a point (the ten best-scored candidates and the points then
 * shown): "on" (about what was asked: an answer, or a condition, limit, owner or next step of exactly that), "off"
 * (another tool, system, step or team, or background) or "same" (a restatement of the opening). The judgements are of
 * candidates, not of one version's output, so a change to how points are chosen is measured on them; a point no helper
 * judged is counted as unlabelled.
 */
import { z } from "zod";
import type { AnswerEngine } from "../assistant/contract.ts";
import { type AnswerCase } from "./answers.ts";
import { conversationIds } from "./runs.ts";

export const PointLabelsSchema = z.object({
  /** The answer set (`heldout-<set>/answers.jsonl`) and the 1-based line of the message judged. */
  set: z.string(),
  line: z.number().int().positive(),
  /** Which helper judged it (the read sets were split between two). */
  labeller: z.number().int().optional(),
  candidates: z.array(z.object({ text: z.string(), label: z.enum(["on", "off", "same"]) })).min(1),
});
export type PointLabels = z.infer<typeof PointLabelsSchema>;

export interface PointScores {
  answers: number;
  /** Points shown in all. */
  shown: number;
  on: number;
  off: number;
  same: number;
  unlabelled: number;
  /** On and off by the point's position (first, second, …). */
  byPosition: { on: number; off: number }[];
}

/** A sentence as the judgements and the reply may differ in it: numbering, punctuation, case, a path named by title. */
export function pointKey(text: string): string {
  return text
    .replace(/^\s*\d+[.)]\s*/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .slice(0, 50);
}

/** Runs each judged message through a fresh conversation (its thread replayed first) and tallies its points. */
export async function evaluatePoints(makeEngine: () => AnswerEngine, judged: { case: AnswerCase; labels: PointLabels }[]): Promise<PointScores> {
  const scores: PointScores = { answers: 0, shown: 0, on: 0, off: 0, same: 0, unlabelled: 0, byPosition: [] };
  const nextConversation = conversationIds("points");
  for (const { case: k, labels } of judged) {
    const engine = makeEngine();
    const conversationId = nextConversation();
    for (const earlier of k.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_EVAL" });
    const a = await engine.ask({ text: k.text, conversationId, userId: "U_EVAL" });
    if (a.reply.kind !== "answer") continue;
    scores.answers++;
    const label = new Map(labels.candidates.map((c) => [pointKey(c.text), c.label]));
    a.reply.points.forEach((p, i) => {
      scores.shown++;
      const l = label.get(pointKey(p.text));
      if (l === undefined) {
        scores.unlabelled++;
        return;
      }
      scores[l]++;
      if (l === "same") return;
      const at = (scores.byPosition[i] ??= { on: 0, off: 0 });
      at[l]++;
    });
  }
  return scores;
}

/** The judged messages of one file with their cases; a line the set lacks is an error. */
export function judgedCases(labels: PointLabels[], casesOf: (set: string) => AnswerCase[]): { case: AnswerCase; labels: PointLabels }[] {
  return labels.map((l) => {
    const k = casesOf(l.set)[l.line - 1];
    if (!k) throw new Error(`test/eval/points: set ${l.set} has no line ${l.line}`);
    return { case: k, labels: l };
  });
}
