import type { Answer, AnswerEngine, AnswerStream, AskRequest } from "../../../src/assistant/contract.ts";
import { redactText } from "../../../src/assistant/redaction.ts";
import type { Store } from "../../../src/store/Store.ts";

/** A realistic answer: several paragraphs, three cited playbooks (one reviewed long ago), a partner suggestion. */
export function sampleResult(overrides: Partial<Answer> = {}): Answer {
  const base = {
    intent: "integration",
    answer: [
      "## Connecting an assistant to Salesforce",
      "Salesforce connected apps need an **integration user** with the *minimum* profile; request it from Revenue Operations.",
      "- Create a Connected App with OAuth scopes `api` and `refresh_token`\n- Store the secret in a Named Credential\n- Turn on the Einstein Trust Layer audit trail",
      "See [the checklist](https://intranet.example.com/ai/salesforce?x=1&y=2) before you start.",
    ].join("\n\n"),
    citations: [
      { path: "integrations/salesforce.md", title: "Connecting AI assistants to Salesforce", section: "Prerequisites", score: 0.83, owner: "Revenue Operations", reviewed: "2026-09-14" },
      { path: "integrations/salesforce.md", title: "Connecting AI assistants to Salesforce", section: "Step-by-step: read-only access", score: 0.71, owner: "Revenue Operations", reviewed: "2026-09-14" },
      { path: "security/data-classification.md", title: "Data classification for AI tools", section: "Customer data", score: 0.55, owner: "Information Security", reviewed: "2026-03-02" },
    ],
    confidence: 0.78,
    escalation: {
      recommended: true,
      criteria: ["custom_integration"],
      reasons: ["Touches two Salesforce orgs and customer data"],
      partners: [{ id: "northwind", name: "Northwind Integration Partners", score: 0.91, reasons: ["Salesforce certified"] }],
    },
  } satisfies Omit<Answer, "reply" | "question">;
  const answer = overrides.answer ?? base.answer;
  // A canned answer is the model's kind of reply: Markdown text whose [n] markers point at the citations.
  return { ...base, question: "", ...overrides, answer, reply: overrides.reply ?? { kind: "model", text: answer } };
}

export interface FakeEngineOptions {
  /** Records the turns like AnswerService does, so thread follow-ups and App Home work. */
  store?: Store;
  result?: (request: AskRequest) => Answer;
  /** Makes ask/askStream fail with this error. */
  fail?: () => Error | undefined;
  /** Pieces the streamed answer is cut into. */
  chunkSize?: number;
  /** Delay before the answer is ready (ms). */
  delayMs?: number;
  /** Delay between streamed chunks (ms), like an LLM writing. */
  chunkDelayMs?: number;
}

/** An AnswerEngine for Slack tests: canned answers, streamed in chunks, turns recorded as the real engine does. */
export class FakeEngine implements AnswerEngine {
  readonly requests: AskRequest[] = [];
  constructor(private readonly options: FakeEngineOptions = {}) {}

  async ask(request: AskRequest): Promise<Answer> {
    this.requests.push(request);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    const error = this.options.fail?.();
    if (error) throw error;
    const result = this.options.result?.(request) ?? sampleResult();
    const store = this.options.store;
    if (store && request.conversationId) {
      const at = new Date();
      await store.appendTurn({ conversationId: request.conversationId, role: "user", text: redactText(request.text.trim()), userId: request.userId, at });
      await store.appendTurn({ conversationId: request.conversationId, role: "assistant", text: result.answer, at, meta: { intent: result.intent } });
    }
    return result;
  }

  askStream(request: AskRequest): AnswerStream {
    const result = this.ask(request);
    result.catch(() => undefined);
    const size = this.options.chunkSize ?? 40;
    const pause = this.options.chunkDelayMs ?? 0;
    async function* chunks(): AsyncGenerator<string> {
      const { answer } = await result;
      for (let i = 0; i < answer.length; i += size) {
        if (pause > 0) await new Promise((r) => setTimeout(r, pause));
        yield answer.slice(i, i + size);
      }
    }
    return { chunks: chunks(), result };
  }
}
