import { z } from "zod";

/** The intents of the `ask --json` contract (DESIGN.md). */
export const IntentSchema = z.enum([
  "question",
  "use_cases",
  "integration",
  "partner_request",
  "checkin",
  "smalltalk",
  "out_of_scope",
]);
export type Intent = z.infer<typeof IntentSchema>;

export const CitationSchema = z.object({
  /** Relative to the knowledge directory, e.g. `integrations/salesforce.md`. */
  path: z.string(),
  title: z.string(),
  section: z.string(),
  score: z.number(),
  owner: z.string(),
  reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type Citation = z.infer<typeof CitationSchema>;

export const SuggestedPartnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});

export const EscalationSchema = z.object({
  recommended: z.boolean(),
  reasons: z.array(z.string()),
  partners: z.array(SuggestedPartnerSchema),
});
export type EscalationDecision = z.infer<typeof EscalationSchema>;

/** One answer, exactly the JSON object `partnerpilot ask --json` prints. */
export const AskResultSchema = z.object({
  intent: IntentSchema,
  answer: z.string(),
  citations: z.array(CitationSchema),
  confidence: z.number().min(0).max(1),
  escalation: EscalationSchema,
});
export type AskResult = z.infer<typeof AskResultSchema>;

export interface AskRequest {
  text: string;
  /** Thread key (e.g. `C123:1712345678.000100`); earlier turns of it are taken into account. */
  conversationId?: string;
  userId?: string;
}

/** A streamed answer: text deltas as they are produced, and the final result once done. */
export interface AnswerStream {
  chunks: AsyncIterable<string>;
  result: Promise<AskResult>;
}

/** What the surfaces (CLI, Slack) need from the assistant. */
export interface AnswerEngine {
  ask(request: AskRequest): Promise<AskResult>;
  askStream(request: AskRequest): AnswerStream;
}
