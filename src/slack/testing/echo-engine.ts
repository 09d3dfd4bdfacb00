/**
 * A deterministic answer engine for delivery tests and the replica bench: it answers "Answer to: <question>"
 * (redacted) after an optional delay, with one citation. What is tested there is delivery, not answers.
 * Dev tooling: it lives under src/ only because the bench (run from the CLI) needs it.
 */
import { redactText } from "../../assistant/redaction.ts";
import type { Answer, AnswerEngine, AnswerStream, AskRequest } from "../../assistant/contract.ts";

export class EchoEngine implements AnswerEngine {
  readonly requests: AskRequest[] = [];

  constructor(private readonly delayMs = 0) {}

  async ask(request: AskRequest): Promise<Answer> {
    this.requests.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = `Answer to: ${redactText(request.text)}`;
    return {
      intent: "question",
      answer,
      question: redactText(request.text),
      reply: { kind: "model", text: answer },
      citations: [{ path: "governance/data-privacy.md", title: "Data privacy", section: "Basics", score: 0.9, owner: "Privacy Office", reviewed: "2026-10-01" }],
      confidence: 0.9,
      escalation: { recommended: false, criteria: [], reasons: [], partners: [] },
    };
  }

  askStream(request: AskRequest): AnswerStream {
    const result = this.ask(request);
    return {
      result,
      chunks: (async function* () {
        yield (await result).answer;
      })(),
    };
  }
}
