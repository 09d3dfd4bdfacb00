/**
 * A deterministic answer engine for delivery tests and the replica bench: it answers "Answer to: <question>"
 * (redacted) after an optional delay, with one citation. What is tested there is delivery, not answers.
 * Dev tooling: it lives under src/ only because the bench (run from the CLI) needs it.
 */
import { redactText } from "../../assistant/redaction.ts";
import type { AnswerEngine, AnswerStream, AskRequest, AskResult } from "../../assistant/contract.ts";

export class EchoEngine implements AnswerEngine {
  readonly requests: AskRequest[] = [];

  constructor(private readonly delayMs = 0) {}

  async ask(request: AskRequest): Promise<AskResult> {
    this.requests.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return {
      intent: "question",
      answer: `Answer to: ${redactText(request.text)}`,
      citations: [{ path: "governance/data-privacy.md", title: "Data privacy", section: "Basics", score: 0.9, owner: "Privacy Office", reviewed: "2026-10-01" }],
      confidence: 0.9,
      escalation: { recommended: false, reasons: [], partners: [] },
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
