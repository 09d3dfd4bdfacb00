import type { CaveatSignals } from "./caveat.ts";
import type { Verdict } from "./verdict.ts";
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
  /** Ids of the criteria of knowledge/partners/when-to-engage-a-partner.md that were met. */
  criteria: z.array(z.string()).default([]),
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
  /**
   * What was left out of the message before it was answered, said after the answer: an instruction to the bot or a
   * request for what it never gives (its prompt, secrets, colleagues' data) beside a real question.
   */
  leftOut: z.string().optional(),
});
export type AskResult = z.infer<typeof AskResultSchema>;

/** A sentence of the answer and the sources (1-based positions in `citations`) it comes from. */
export interface Statement {
  text: string;
  cites: number[];
}

/** A use case as the catalog states it, travelling as a record from the catalog to the surface. */
export interface SuggestedUseCase {
  id: string;
  title: string;
  /** Catalog file relative to the knowledge directory. */
  path: string;
  description: string;
  hoursSavedPerWeek: number;
  hoursSavedBasis?: "raw" | "adjusted";
  effort: number;
  risk: number;
  dataSensitivity: string;
  maturityStage: string;
  status?: string;
  systems: string[];
  /** A prompt to try today. */
  prompt?: string;
  /** The sentence an employee must not miss before trying it. */
  guardrail?: string;
  /** 1-based position of its source in `citations`. */
  cite: number;
}

export type RefusalReason = "out_of_scope" | "not_covered" | "instructions" | "too_long";

/**
 * What the employee reads, as a value: each surface renders it (Block Kit in Slack, Markdown for `ask`, styled
 * text in the terminal, plain history for the model). Citations and the partner offer live beside it in the
 * result, so no surface finds them written twice.
 */
export type Reply =
  | {
      kind: "answer";
      /** The opening: the sentence that answers what was asked. */
      lead: Statement;
      /**
       * The short answer to a yes/no question about a rule, read off the lead ("No." before "Do not use personal AI
       * accounts for work …"); absent when the question is not one or the lead does not say plainly.
       */
      verdict?: Verdict;
      /** The numbered procedure, when the question asks how; `from` is the heading of the section it comes from (its playbook is in the citations). */
      steps?: { from: string; items: string[]; cites: number[] };
      /** Further points about the same question. */
      points: Statement[];
      /** Said plainly when the match is weak: the answer may not be exactly what was asked. */
      caveat?: string;
      /**
       * The lead is the partner route: the employee asked for a partner and a criterion is met, so the answer
       * opens with it. Surfaces then show the suggested partners and the button without repeating the reasons.
       */
      partnerRoute?: boolean;
      /** E.g. the language model was unavailable and the answer was assembled from the playbooks. */
      note?: string;
      /** In the reader's language, after the answer: the playbooks are quoted in English (language.ts). */
      inEnglish?: string;
    }
  | {
      kind: "use_cases";
      /** "lowest risk first", "closest first" … */
      order: string;
      useCases: SuggestedUseCase[];
      /** The easiest one to start with. */
      start?: { id: string; title: string; effort: number; risk: number };
      /** Said plainly when no catalogued use case is about the work asked: these are only the nearest. */
      caveat?: string;
      note?: string;
      /** As for an answer: the catalogs are quoted in English. */
      inEnglish?: string;
    }
  | {
      kind: "model";
      /** The language model's Markdown, with [n] markers resolved against `citations`. */
      text: string;
    }
  | {
      kind: "refusal";
      reason: RefusalReason;
      /** One plain sentence saying why. */
      message: string;
      /** The nearest topics the playbooks do cover. */
      closestTopics: { title: string; path: string; section: string }[];
    }
  | {
      kind: "greeting";
      text: string;
      capabilities: { label: string; text: string }[];
    };

/** What the engine returns: the `ask --json` contract plus the typed reply the surfaces render. */
export interface Answer extends AskResult {
  reply: Reply;
  /** The request as cleaned and searched (Slack markup, invisible characters, override clause removed). */
  question: string;
  /**
   * The playbooks search ranked first for this request, best first (at most three): the query it searched is the
   * thread's question completed for a follow-up. For evaluation; not part of the `ask --json` contract. Absent when
   * the request was refused before any search.
   */
  searched?: string[];
  /** What the scope decision was made on (for evaluation and calibration; not part of the `ask --json` contract). */
  signals?: {
    outOfScopeIntent: number;
    confidence: number;
    specificCoverage?: number;
    domain: boolean;
    inThread: boolean;
    outOfScope: number;
  };
  /** What an offline answer's "only partly covered" caveat was decided on (for `eval --fit-caveat`; not part of the contract). */
  caveatSignals?: CaveatSignals;
}

export interface AskRequest {
  text: string;
  /** Thread key (e.g. `C123:1712345678.000100`); earlier turns of it are taken into account. */
  conversationId?: string;
  userId?: string;
}

/** A streamed answer: text deltas as they are produced, and the final result once done. */
export interface AnswerStream {
  chunks: AsyncIterable<string>;
  result: Promise<Answer>;
}

/** What the surfaces (CLI, Slack) need from the assistant. */
export interface AnswerEngine {
  ask(request: AskRequest): Promise<Answer>;
  askStream(request: AskRequest): AnswerStream;
}
