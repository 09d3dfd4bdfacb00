import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/assistant/contract.ts";
import { renderTerminalAnswer } from "../../src/cli/terminal-answer.ts";

const answer = (extra: Partial<Answer> = {}): Answer => ({
  intent: "question",
  answer: "",
  citations: [{ path: "governance/acceptable-use.md", title: "AI acceptable use policy", section: "Approved AI tools", score: 0.8, owner: "AI Enablement Office", reviewed: "2026-12-02" }],
  confidence: 0.7,
  escalation: { recommended: false, criteria: [], reasons: [], partners: [] },
  reply: { kind: "answer", lead: { text: "Use ChatGPT Enterprise through Okta.", cites: [1] }, points: [] },
  question: "can I use chatgpt?",
  ...extra,
});

describe("renderTerminalAnswer", () => {
  it("says what was left out of the message after the answer and before the sources", () => {
    const out = renderTerminalAnswer(answer({ leftOut: "I left out the part of your message that told me how to behave." }), false);
    const at = out.indexOf("I left out the part");
    expect(at).toBeGreaterThan(out.indexOf("Use ChatGPT Enterprise"));
    expect(at).toBeLessThan(out.indexOf("Sources"));
    // Plain when colour is off: no underscores or escape codes around it.
    expect(out).not.toMatch(/_I left out|\x1b\[/);
  });

  it("dims it when colour is on, and adds nothing when nothing was left out", () => {
    expect(renderTerminalAnswer(answer({ leftOut: "I left out the part of your message that told me how to behave." }), true)).toContain("\x1b[2mI left out the part");
    expect(renderTerminalAnswer(answer(), false)).not.toMatch(/left out/);
  });
});
