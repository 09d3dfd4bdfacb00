import { z } from "zod";
import { AnswerService } from "../assistant/AnswerService.ts";
import { IntentSchema } from "../assistant/contract.ts";
import { conversationIds } from "./runs.ts";

export const RoutingCaseSchema = z.object({
  text: z.string().min(1),
  intent: IntentSchema,
  escalate: z.boolean(),
  criteria: z.array(z.string()),
  history: z.array(z.string()).optional(),
});
export type RoutingCase = z.infer<typeof RoutingCaseSchema>;

export interface RoutingScores {
  cases: number;
  escalation: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
  intentAccuracy: number;
  /** Share of out-of-scope cases the bot refused (answered without citations and said so). */
  outOfScopeRefusal: number;
  outOfScopeCases: number;
  confusion: Record<string, Record<string, number>>;
  errors: { text: string; expected: string; got: string }[];
}

/**
 * Runs each labelled message through the real answer engine. Follow-up cases replay their history first in
 * a fresh conversation, so thread memory and "repeated low confidence" are exercised as in Slack.
 */
export async function evaluateRouting(makeEngine: () => AnswerService, cases: RoutingCase[]): Promise<RoutingScores> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let intentHits = 0;
  let oos = 0;
  let refused = 0;
  const confusion: RoutingScores["confusion"] = {};
  const errors: RoutingScores["errors"] = [];
  const nextConversation = conversationIds("eval");
  for (const c of cases) {
    const engine = makeEngine();
    const conversationId = nextConversation();
    for (const earlier of c.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_EVAL" });
    const result = await engine.ask({ text: c.text, conversationId, userId: "U_EVAL" });
    const got = result.escalation.recommended;
    if (got && c.escalate) tp++;
    else if (got && !c.escalate) fp++;
    else if (!got && c.escalate) fn++;
    if (got !== c.escalate) errors.push({ text: c.text, expected: `escalate=${c.escalate} ${c.criteria.join(",")}`, got: `escalate=${got} ${result.escalation.reasons.length}` });
    if (result.intent === c.intent) intentHits++;
    else errors.push({ text: c.text, expected: c.intent, got: result.intent });
    (confusion[c.intent] ??= {})[result.intent] = (confusion[c.intent]![result.intent] ?? 0) + 1;
    if (c.intent === "out_of_scope") {
      oos++;
      if (result.citations.length === 0 && result.intent === "out_of_scope") refused++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    cases: cases.length,
    escalation: { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, tp, fp, fn },
    intentAccuracy: cases.length ? intentHits / cases.length : 0,
    outOfScopeRefusal: oos ? refused / oos : 1,
    outOfScopeCases: oos,
    confusion,
    errors,
  };
}
