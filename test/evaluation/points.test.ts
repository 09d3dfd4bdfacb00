import { describe, expect, it } from "vitest";
import type { Answer, AnswerEngine, AskRequest } from "../../src/assistant/contract.ts";
import { evaluatePoints, judgedCases, pointKey, type PointLabels } from "../../src/evaluation/points.ts";

const escalation = { recommended: false, criteria: [], reasons: [], partners: [] };

/** An engine that answers each message with the points given for it, and records what it was asked. */
function engineAnswering(points: Record<string, string[]>, asked: string[]): () => AnswerEngine {
  return () =>
    ({
      ask: async (r: AskRequest): Promise<Answer> => {
        asked.push(r.text);
        const shown = points[r.text];
        const reply: Answer["reply"] = shown
          ? { kind: "answer", lead: { text: "The opening.", cites: [1] }, points: shown.map((text) => ({ text, cites: [1] })) }
          : { kind: "refusal", reason: "out_of_scope", message: "no", closestTopics: [] };
        return { intent: "question", answer: "", citations: [], confidence: 1, escalation, reply, question: r.text };
      },
    }) as unknown as AnswerEngine;
}

const labels = (line: number, candidates: [string, "on" | "off" | "same"][]): PointLabels => ({ set: "x", line, candidates: candidates.map(([text, label]) => ({ text, label })) });

describe("evaluatePoints: are the points after the opening about what was asked", () => {
  it("tallies each shown point by its judgement and position, and counts one nobody judged as unlabelled", async () => {
    const asked: string[] = [];
    const cases = [
      { text: "how do I get a seat?", history: ["hi, a question about seats"] },
      { text: "who approves it?" },
      { text: "what's the weather?" },
    ];
    const judged = judgedCases(
      [
        labels(1, [["Your manager approves the request.", "on"], ["Gemini is off in Chicago.", "off"], ["Request a seat in ServiceNow.", "same"]]),
        labels(2, [["Information Security approves new tools.", "on"]]),
        labels(3, [["Anything.", "off"]]),
      ],
      () => cases,
    );
    const scores = await evaluatePoints(
      engineAnswering(
        {
          // Numbered and cased differently from the judged sentence: still the same point.
          "how do I get a seat?": ["1. your manager approves the request", "Gemini is off in Chicago.", "Request a seat in ServiceNow."],
          "who approves it?": ["Nobody judged this sentence.", "Information Security approves new tools."],
        },
        asked,
      ),
      judged,
    );
    expect(scores).toEqual({ answers: 2, shown: 5, on: 2, off: 1, same: 1, unlabelled: 1, byPosition: [{ on: 1, off: 0 }, { on: 1, off: 1 }] });
    // The thread is replayed before the judged message, each message in its own conversation.
    expect(asked).toEqual(["hi, a question about seats", "how do I get a seat?", "who approves it?", "what's the weather?"]);
  });

  it("refuses a judgement for a line the set does not have", () => {
    expect(() => judgedCases([labels(4, [["x", "on"]])], () => [{ text: "only one line" }])).toThrow(/set x has no line 4/);
  });

  it("matches a point to its judgement whatever its numbering, case and punctuation, but not another sentence", () => {
    expect(pointKey("2) The AI Enablement Office allocates seats.")).toBe(pointKey("the AI Enablement Office allocates seats"));
    expect(pointKey("The AI Enablement Office allocates seats.")).not.toBe(pointKey("The IT Platform Team allocates seats."));
  });
});
