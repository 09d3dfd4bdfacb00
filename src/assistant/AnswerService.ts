import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import { silentLogger, type Logger } from "../logging.ts";
import { diversify } from "../retrieval/fusion.ts";
import { DEFAULT_PER_DOCUMENT, type KnowledgeIndex, type SearchHit } from "../retrieval/KnowledgeIndex.ts";
import type { Store, Turn } from "../store/Store.ts";
import { composeAnswer, composeUseCaseAnswer, formatSources, toCitation } from "./composer.ts";
import { retrievalConfidence } from "./confidence.ts";
import type { AnswerEngine, AnswerStream, AskRequest, AskResult, Citation, Intent } from "./contract.ts";
import { CRITERIA, decideEscalation } from "./escalation.ts";
import { contextualQuery, isFollowUp } from "./follow-up.ts";
import { classifyIntent, DOMAIN_WORDS, INSTRUCTION_ATTACK, withoutOverride } from "./intent.ts";
import { redactText } from "./redaction.ts";

const CRITERION_HEADINGS = new Set(Object.values(CRITERIA).map((c) => c.heading));

/** The LLM side the service can use; implemented by src/assistant/llm/LlmAnswerer.ts. */
export interface LlmPort {
  answer(input: LlmInput): Promise<{ text: string; cited: number[] }>;
  stream(input: LlmInput): { chunks: AsyncIterable<string>; done: Promise<{ text: string; cited: number[] }> };
  classifyIntent(text: string): Promise<Intent>;
}

export interface LlmInput {
  question: string;
  passages: SearchHit[];
  history: { role: "user" | "assistant"; text: string }[];
}

export interface AnswerServiceOptions {
  index: KnowledgeIndex;
  store?: Store;
  llm?: LlmPort;
  logger?: Logger;
  clock?: Clock;
  /** Below this confidence the bot says the playbooks do not cover the question. */
  confidenceThreshold?: number;
}

export const MAX_QUESTION_CHARS = 4000;
const HISTORY_TURNS = 8;

const CAPABILITIES = [
  "• **Ask** about AI at Halden & Rowe: policies, tools, governance, change management. Answers cite the partner playbooks.",
  "• **Find use cases** for your role or team (e.g. _what could AI do for accounts payable?_).",
  "• **Integration help** with Salesforce, SAP, Workday, ServiceNow, Microsoft 365 and more.",
  "• **Talk to a partner** when a need is too big for a playbook: I route it to a certified implementation partner.",
].join("\n");

/** Prepared answer before it is stored: the parts common to the streamed and the plain path. */
interface Plan {
  text: string;
  /** What was searched: the message without personal data, completed from the thread for follow-ups. */
  query?: string;
  intent: Intent;
  confidence: number;
  hits: SearchHit[];
  /** For use-case questions: catalog entries that match, best first. */
  useCaseHits?: SearchHit[];
  escalation: AskResult["escalation"];
  history: Turn[];
  /** Set when the answer is fixed (refusal, small talk, offline); otherwise the LLM writes it. */
  fixed?: { answer: string; citations: Citation[] };
}

/**
 * The assistant: retrieval, intent, confidence and refusal, the answer (LLM with validated citations, or the
 * offline composer), the escalation decision and thread memory. Surfaces (CLI, Slack) only call ask/askStream.
 */
export class AnswerService implements AnswerEngine {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly threshold: number;

  constructor(private readonly options: AnswerServiceOptions) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.threshold = options.confidenceThreshold ?? 0.35;
  }

  async ask(request: AskRequest): Promise<AskResult> {
    const plan = await this.plan(request);
    let body = plan.fixed;
    if (!body) {
      try {
        const reply = await this.options.llm!.answer(this.llmInput(plan));
        body = this.fromLlm(reply, this.passages(plan));
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, "LLM answer unavailable; using the offline composer");
        body = this.offline(plan, true);
      }
    }
    return this.finish(request, plan, body);
  }

  askStream(request: AskRequest): AnswerStream {
    let resolveResult!: (r: AskResult) => void;
    let rejectResult!: (e: unknown) => void;
    const result = new Promise<AskResult>((res, rej) => {
      resolveResult = res;
      rejectResult = rej;
    });
    result.catch(() => undefined);
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      try {
        const plan = await self.plan(request);
        let body = plan.fixed;
        if (!body && self.options.llm) {
          try {
            const stream = self.options.llm.stream(self.llmInput(plan));
            let streamed = "";
            for await (const piece of stream.chunks) {
              streamed += piece;
              yield piece;
            }
            body = self.fromLlm(await stream.done, self.passages(plan));
            const tail = body.answer.slice(streamed.length);
            if (body.answer.startsWith(streamed) && tail) yield tail;
          } catch (err) {
            self.logger.warn({ err: (err as Error).message }, "LLM stream failed; using the offline composer");
            body = self.offline(plan, true);
          }
        }
        body ??= self.offline(plan, false);
        const final = await self.finish(request, plan, body);
        if (!self.options.llm || plan.fixed) for (const part of final.answer.split(/(?<=\n\n)/)) yield part;
        resolveResult(final);
      } catch (err) {
        rejectResult(err);
        throw err;
      }
    }
    return { chunks: chunks(), result };
  }

  private async plan(request: AskRequest): Promise<Plan> {
    const text = request.text.trim();
    const history = request.conversationId && this.options.store ? await this.options.store.recentTurns(request.conversationId, HISTORY_TURNS) : [];
    const empty = { recommended: false, reasons: [], partners: [] };
    if (text.length === 0) {
      return { text, intent: "smalltalk", confidence: 1, hits: [], escalation: empty, history, fixed: { answer: this.greeting(), citations: [] } };
    }
    if (text.length > MAX_QUESTION_CHARS) {
      return {
        text: text.slice(0, MAX_QUESTION_CHARS),
        intent: "out_of_scope",
        confidence: 0,
        hits: [],
        escalation: empty,
        history,
        fixed: {
          answer: `That message is ${text.length.toLocaleString("en")} characters; I can take questions up to ${MAX_QUESTION_CHARS.toLocaleString("en")}. Please ask the question itself in a sentence or two (attach long documents in the thread instead).`,
          citations: [],
        },
      };
    }
    const previousQuestions = history.filter((t) => t.role === "user").map((t) => t.text);
    // Personal data (an email, a phone number) is not what the question is about: search without it.
    const searchable = redactText(text)
      .replace(/\b(?:(?:my|our|the)\s+)?(?:e-?mail|phone|mobile|tel|number|card|iban|account|bsn|ssn|token|key)(?:\s+(?:address|number|no\.?))?\s*(?:is|:|=)?\s*(?=\[(?:EMAIL|PHONE|CARD|IBAN|NATIONAL_ID|SECRET)\])/gi, " ")
      .replace(/\[(?:EMAIL|PHONE|CARD|IBAN|NATIONAL_ID|SECRET)\]/g, " ");
    const query = contextualQuery(searchable, previousQuestions);
    const { index } = this.options;
    // One search serves both the answer (the top six, diversified as usual) and, for use-case questions, the
    // catalog entries among every fused candidate.
    const ranked = await index.rank(query);
    const hits = diversify(ranked, (h) => h.chunk.path, DEFAULT_PER_DOCUMENT, 6);
    const confidence = retrievalConfidence(query, hits, (t) => index.idf(t), (c) => index.termsOf(c));
    const previousIntent = [...history].reverse().find((t) => t.role === "assistant")?.meta?.intent as Intent | undefined;
    const inThread = previousIntent !== undefined && previousIntent !== "out_of_scope" && previousIntent !== "smalltalk";
    const offTopic = confidence < this.threshold && !inThread && !DOMAIN_WORDS.test(text);
    const offline = classifyIntent(text, {
      topFolder: hits[0]?.chunk.path.split("/")[0],
      confidence,
      offTopic,
      previousIntent,
      followUp: inThread && (isFollowUp(text) || text.split(/\s+/).length <= 12),
    });
    let intent = offline;
    if (this.options.llm && offline !== "out_of_scope" && offline !== "smalltalk") {
      intent = await this.options.llm.classifyIntent(forModel(text)).catch((err: Error) => {
        this.logger.debug({ err: err.message }, "LLM intent failed validation; using the offline classifier");
        return offline;
      });
    }
    const earlierAnswers = history.filter((t) => t.role === "assistant" && !["smalltalk", "out_of_scope"].includes(String(t.meta?.intent)));
    const earlierLowConfidence = earlierAnswers.filter(
      (t) => typeof t.meta?.confidence === "number" && (t.meta.confidence as number) < this.threshold,
    ).length;
    const lowConfidence = confidence < this.threshold;
    const decision = decideEscalation({
      text,
      history: previousQuestions,
      earlierLowConfidence,
      earlierAnswers: earlierAnswers.length,
      lowConfidence,
      intent,
    });
    const escalation = { recommended: decision.recommended, reasons: decision.reasons, partners: [] };
    // The escalation criteria are the bot's own rules: they reach the employee as the partner offer, and only
    // answer a question that is about partners or escalation.
    const aboutPartners = intent === "partner_request" || /\b(partners?|escalat\w*|referrals?|consultants?|integrators?|criteria)\b/i.test(text);
    const answerHits = aboutPartners ? hits : hits.filter((h) => !CRITERION_HEADINGS.has(h.chunk.section));
    const plan: Plan = { text, query, intent, confidence, hits: answerHits.length > 0 ? answerHits : hits, escalation, history };
    if (intent === "use_cases") {
      // Use-case questions are answered from the catalogs' entries, searched among all chunks, not only the top six.
      plan.useCaseHits = ranked.slice(0, 24).filter((h) => h.chunk.text.startsWith("Use case: "));
    }
    if (intent === "smalltalk") plan.fixed = { answer: this.greeting(text), citations: [] };
    else if (intent === "out_of_scope") plan.fixed = { answer: this.outOfScope(), citations: [] };
    else if (lowConfidence) plan.fixed = { answer: this.notCovered(hits), citations: [] };
    else if (!this.options.llm) plan.fixed = this.offline(plan, false);
    return plan;
  }

  /** The passages the model is given, in order: its [n] markers are resolved against this same list. */
  private passages(plan: Plan): SearchHit[] {
    return plan.useCaseHits && plan.useCaseHits.length >= 2 ? plan.useCaseHits.slice(0, 6) : plan.hits;
  }

  private llmInput(plan: Plan): LlmInput {
    return {
      question: forModel(plan.text),
      passages: this.passages(plan),
      history: plan.history.map((t) => ({ role: t.role, text: t.text })),
    };
  }

  private fromLlm(reply: { text: string; cited: number[] }, hits: SearchHit[]): { answer: string; citations: Citation[] } {
    // Keep only the passages the model cited, renumbered in order of first use.
    const order: number[] = [];
    for (const m of reply.text.matchAll(/\[(\d+)\]/g)) {
      const n = Number(m[1]);
      if (n >= 1 && n <= hits.length && !order.includes(n)) order.push(n);
    }
    const text = reply.text.trim().replace(/\[(\d+)\]/g, (all, n: string) => {
      const i = order.indexOf(Number(n));
      return i >= 0 ? `[${i + 1}]` : all;
    });
    const citations = order.map((n) => toCitation(hits[n - 1]!));
    return { answer: `${text}\n\n${formatSources(citations)}`, citations };
  }

  private offline(plan: Plan, llmFailed: boolean): { answer: string; citations: Citation[] } {
    const { index } = this.options;
    const composed =
      (plan.useCaseHits && composeUseCaseAnswer(plan.query ?? plan.text, plan.useCaseHits, (t) => index.idf(t))) ??
      composeAnswer({ question: plan.query ?? plan.text, hits: plan.hits, idf: (t) => index.idf(t), chunksOf: (p) => index.chunksOf(p) });
    if (!composed.answer) return { answer: this.notCovered(plan.hits), citations: [] };
    const note = llmFailed ? "_The language model did not answer in time, so this answer is assembled directly from the playbooks._\n\n" : "";
    return { answer: note + composed.answer, citations: composed.citations };
  }

  private async finish(request: AskRequest, plan: Plan, body: { answer: string; citations: Citation[] }): Promise<AskResult> {
    let answer = body.answer;
    if (plan.escalation.recommended) {
      const offer =
        `**A certified partner could help here.** ${plan.escalation.reasons.join(" ")} ` +
        "Choose *Talk to a partner* and I will draft a short summary for you to confirm; nothing is shared without your consent.";
      // The offer goes before the Sources list, which always ends the answer.
      const at = answer.lastIndexOf("\n\n**Sources**");
      answer = at >= 0 ? `${answer.slice(0, at)}\n\n${offer}${answer.slice(at)}` : `${answer}\n\n${offer}`;
    }
    const result: AskResult = {
      intent: plan.intent,
      answer,
      citations: body.citations,
      confidence: plan.confidence,
      escalation: plan.escalation,
    };
    const store = this.options.store;
    if (store && request.conversationId) {
      const at = this.clock();
      // Stored text is redacted: the store outlives the conversation and is read by other surfaces.
      await store.appendTurn({ conversationId: request.conversationId, role: "user", text: redactText(plan.text), userId: request.userId, at });
      await store.appendTurn({
        conversationId: request.conversationId,
        role: "assistant",
        text: result.answer,
        at,
        meta: { intent: result.intent, confidence: result.confidence, paths: result.citations.map((c) => c.path), escalation: result.escalation.recommended },
      });
    }
    return result;
  }

  private greeting(text = ""): string {
    if (/^(thanks?|thx|ty|cheers|bedankt|danke|merci|great|perfect|awesome|got it|ok|cool|nice)/i.test(text)) {
      return "You're welcome! Ask me anything else about using AI at Halden & Rowe.";
    }
    return `Hi! I'm PartnerPilot, the AI-adoption assistant. I can help you:\n${CAPABILITIES}`;
  }

  private outOfScope(): string {
    return (
      "That's outside what I can help with: I answer questions about adopting AI at Halden & Rowe, from the company's partner playbooks. " +
      `Here is what I can do:\n${CAPABILITIES}`
    );
  }

  /** The refusal: says plainly the playbooks do not cover it, names the closest topics, offers people. */
  private notCovered(hits: SearchHit[]): string {
    const topics = [...new Map(hits.map((h) => [h.chunk.path, h.chunk])).values()].slice(0, 3);
    const closest = topics.length
      ? `\n\nThe closest topics the playbooks do cover:\n${topics.map((c) => `• ${c.title} (${c.path})`).join("\n")}`
      : "";
    return (
      "I couldn't find this in the partner playbooks, so I won't guess." +
      closest +
      "\n\nYou can rephrase the question, ask a person in #ai-help, or choose *Talk to a partner* to reach a certified implementation partner."
    );
  }
}

/**
 * What the language model is given of the employee's message: without an instruction-override clause (the
 * offline classifier already found the real request inside it). Defence in depth on top of the system prompt.
 */
function forModel(text: string): string {
  return INSTRUCTION_ATTACK.test(text) ? (withoutOverride(text) ?? text) : text;
}
