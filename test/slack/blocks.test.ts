import { describe, expect, it } from "vitest";
import type { AskResult, Citation } from "../../src/assistant/contract.ts";
import { buildAnswerFooter, buildAnswerMessage, splitText } from "../../src/slack/blocks/answer.ts";
import { buildEscalationNotice, buildPlaybookFeedbackNotice } from "../../src/slack/blocks/escalation.ts";
import { buildHelpMessage } from "../../src/slack/blocks/help.ts";
import { buildHomeView } from "../../src/slack/blocks/home.ts";
import { checkBlockLimits, checkMessageLimits, checkViewLimits, enforceMessageLimits, enforceViewLimits } from "../../src/slack/blocks/limits.ts";
import { buildAskModal, buildFeedbackReasonModal } from "../../src/slack/blocks/modals.ts";
import { buildReferralModal } from "../../src/slack/blocks/referral.ts";
import { markdownToMrkdwn } from "../../src/slack/blocks/mrkdwn.ts";
import {
  buildEmptyQuestionMessage,
  buildFailureMessage,
  buildNoticeMessage,
  buildOversizedMessage,
  buildRateLimitMessage,
  buildThinkingMessage,
} from "../../src/slack/blocks/notices.ts";
import { isStale, reviewedAgo } from "../../src/slack/blocks/sources.ts";
import { answerRef, AnswerRefSchema, decode, encodeButtonValue, encodeModalMeta, FeedbackModalMetaSchema } from "../../src/slack/metadata.ts";
import { sampleResult } from "./support/fake-engine.ts";

const NOW = new Date("2026-11-26T10:00:00Z");
const HELP = [
  { usage: "/pilot <question>", what: "Ask anything." },
  { usage: "/pilot usecases", what: "x".repeat(400) },
];

function citations(n: number, long = false): Citation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `${long ? "very/long/path/".repeat(20) : "integrations/"}playbook-${i}.md`,
    title: `${long ? "A very long playbook title ".repeat(10) : "Playbook "}${i}`,
    section: long ? "Section ".repeat(40) : `Section ${i}`,
    score: 1 - i / 100,
    owner: long ? "Owner with a long name ".repeat(8) : `Team ${i % 3}`,
    reviewed: i % 4 === 0 ? "2025-01-01" : "2026-10-01",
  }));
}

const paragraph = (i: number) => `Paragraph ${i}: ${"Salesforce connected apps need a named integration user. ".repeat(8)}`;
function answerOf(length: number): string {
  let s = "";
  for (let i = 0; s.length < length; i++) s += `${paragraph(i)}\n\n`;
  return s.slice(0, length);
}

const LENGTHS = [0, 1, 500, 2999, 3000, 3001, 6000, 12_000, 40_000, 150_000];

describe("answer message", () => {
  for (const length of LENGTHS) {
    for (const [label, cites] of [["no sources", []], ["3 sources", sampleResult().citations], ["25 long sources", citations(25, true)]] as const) {
      it(`fits Block Kit for a ${length}-character answer with ${label}`, () => {
        const result = sampleResult({ answer: answerOf(length), citations: [...cites] });
        const message = buildAnswerMessage({ result, conversationId: "C1:1.2", question: "q?".repeat(3000), now: NOW, preface: "<@U1> asked: something" });
        expect(checkMessageLimits(message)).toEqual([]);
        expect(checkBlockLimits(buildAnswerFooter({ result, conversationId: "C1:1.2", question: "q", now: NOW }), "message")).toEqual([]);
      });
    }
  }

  it("keeps the whole answer when it fits and cuts with a note when it does not", () => {
    const short = buildAnswerMessage({ result: sampleResult({ answer: answerOf(9000) }), conversationId: "C:1", question: "q", now: NOW });
    const sections = short.blocks.filter((b) => b.type === "section").map((b: any) => b.text.text).join("\n\n");
    expect(sections.replace(/\s+/g, " ")).toContain(markdownToMrkdwn(answerOf(9000)).trim().replace(/\s+/g, " ").slice(-200));
    const huge = buildAnswerMessage({ result: sampleResult({ answer: answerOf(200_000) }), conversationId: "C:1", question: "q", now: NOW });
    expect(huge.blocks).toHaveLength(50);
    expect(JSON.stringify(huge.blocks)).toContain("the answer was cut to fit in Slack");
  });

  it("a partner offer gives its reasons once: in the card, or in the answer's lead when that lead is the partner route", () => {
    const reason = "Touches two Salesforce orgs and customer data";
    // The partner card is the footer's first block (the buttons' values carry the reasons as data, not as text).
    const text = (r: ReturnType<typeof sampleResult>) => JSON.stringify(buildAnswerFooter({ result: r, conversationId: "C:1", question: "q", now: NOW })[0]);
    expect(text(sampleResult())).toContain(reason);
    const routed = sampleResult({
      intent: "partner_request",
      reply: { kind: "answer", lead: { text: `This is work for a certified implementation partner. ${reason}.`, cites: [1] }, points: [], partnerRoute: true },
    });
    const footer = text(routed);
    expect(footer).not.toContain(reason);
    // The card still names the suggested partner and the button.
    expect(footer).toContain("Northwind Integration Partners");
    expect(footer).toContain("Talk to a partner");
  });

  it("splits on paragraph boundaries and keeps code fences balanced", () => {
    const text = `${"intro line\n".repeat(100)}\n\n\`\`\`\n${"code();\n".repeat(600)}\`\`\`\n\nafter`;
    const pieces = splitText(text, 3000);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(pieces.at(-1)).toContain("after");
  });

  it("lists each source once with title, section, owner, age, and warns about stale ones", () => {
    const message = buildAnswerMessage({ result: sampleResult(), conversationId: "C:1", question: "q", now: NOW });
    const sources = message.blocks.find((b: any) => b.type === "context" && b.elements[0].text === "*Sources*") as any;
    const lines = sources.elements.slice(1).map((e: any) => e.text);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(":page_facing_up: *Connecting AI assistants to Salesforce* › Prerequisites · Revenue Operations · reviewed 2 months ago");
    expect(lines[2]).toMatch(/Data classification.*reviewed 8 months ago · :warning: _older than 180 days/);
  });

  it("offers a partner prominently when the engine recommends one, and says so when nothing is cited", () => {
    const message = buildAnswerMessage({ result: sampleResult({ citations: [] }), conversationId: "C:1", question: "q", now: NOW });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("Northwind Integration Partners");
    expect(json).toContain("No sources");
    expect(json).not.toContain("flag_outdated");
    const partnerButton = (message.blocks.at(-1) as any).elements.find((e: any) => e.action_id === "talk_to_partner");
    expect(partnerButton.style).toBe("primary");
  });
});

describe("mrkdwn conversion", () => {
  it("converts bold, italics, links, headings, bullets and escapes control characters", () => {
    expect(markdownToMrkdwn("## Title\n**bold** and *it* and [link](https://x.test/a?b=1&c=2)\n- item <tag>")).toBe(
      "*Title*\n*bold* and _it_ and <https://x.test/a?b=1&amp;c=2|link>\n• item &lt;tag&gt;",
    );
    expect(markdownToMrkdwn("```\n**not bold** <x>\n```")).toBe("```\n**not bold** &lt;x&gt;\n```");
  });
});

describe("sources age", () => {
  it("says how long ago a playbook was reviewed", () => {
    expect(reviewedAgo("2026-11-26", NOW)).toBe("reviewed today");
    expect(reviewedAgo("2026-11-20", NOW)).toBe("reviewed 6 days ago");
    expect(reviewedAgo("2025-06-01", NOW)).toBe("reviewed over a year ago");
    expect(isStale("2026-05-30", NOW)).toBe(false); // exactly 180 days
    expect(isStale("2026-05-29", NOW)).toBe(true);
  });
});

describe("other builders", () => {
  it("notices and help fit", () => {
    for (const m of [
      buildFailureMessage("PP-0123abcd"),
      buildRateLimitMessage(10),
      buildOversizedMessage(123_456, 4000),
      buildEmptyQuestionMessage(),
      buildThinkingMessage("<@U1> asked: x".repeat(400)),
      buildNoticeMessage("x".repeat(5000)),
      buildHelpMessage({ entries: HELP }),
      buildHelpMessage({ entries: HELP, unknown: "z".repeat(500) }),
    ]) {
      expect(checkMessageLimits(enforceMessageLimits(m).message)).toEqual([]);
    }
    expect(checkMessageLimits(buildFailureMessage("PP-0123abcd"))).toEqual([]);
    expect(checkMessageLimits(buildHelpMessage({ entries: HELP, unknown: "z".repeat(500) }))).toEqual([]);
  });

  it("the App Home fits with no history, long history and many extra sections", () => {
    const questions = Array.from({ length: 30 }, (_, i) => ({ conversationId: `C:${i}`, text: "Long question ".repeat(100), at: new Date(NOW.getTime() - i * 86_400_000), feedback: (["up", "down", "flag", undefined] as const)[i % 4] }));
    for (const view of [
      buildHomeView({ userId: "U1", recentQuestions: [], now: NOW }),
      buildHomeView({ userId: "U1", recentQuestions: questions, now: NOW }),
      buildHomeView({
        userId: "U1",
        recentQuestions: questions,
        now: NOW,
        sections: Array.from({ length: 10 }, (_, i) => ({ title: `Section ${i} `.repeat(30), blocks: Array.from({ length: 20 }, () => ({ type: "divider" as const })) })),
      }),
    ]) {
      expect(checkViewLimits(view)).toEqual([]);
    }
  });

  it("modals fit, whatever they carry", () => {
    const ref = answerRef(sampleResult({ citations: citations(40, true) }), "C1:1700000000.000100", "q".repeat(5000));
    const views = [
      buildFeedbackReasonModal({ ...ref, k: "down", a: "C1:1.2", ch: "C1", th: "1.2" }),
      buildFeedbackReasonModal({ ...ref, k: "flag", a: "C1:1.2", ch: "C1", th: "1.2" }),
      buildFeedbackReasonModal({ ...answerRef(sampleResult(), "C:1", "q"), k: "flag", a: "C:1", ch: "C" }),
      buildReferralModal(
        {
          summary: "need ".repeat(3000),
          details: { systems: Array.from({ length: 60 }, (_, i) => `system-${i}`), goal: "g".repeat(900), timeline: "t".repeat(400), region: "europe", language: "de", sensitivity: "restricted" },
          matches: Array.from({ length: 3 }, (_, i) => ({ id: `f${i}`, name: "N".repeat(300), score: 0.9, reasons: ["r".repeat(800)] })),
        },
        JSON.stringify({ c: "C:1", ch: "C", th: "1.2" }),
      ),
      buildReferralModal({ summary: "", details: { systems: [] }, matches: [] }, "{}"),
      buildAskModal(),
      buildAskModal({ initial: "x".repeat(9000) }),
    ];
    for (const view of views) expect(checkViewLimits(view)).toEqual([]);
  });

  it("notifications to the escalations channel fit", () => {
    const e = { id: 7, key: "k".repeat(400), userId: "U1", conversationId: "C1:1.2", need: "n".repeat(5000), reasons: ["r".repeat(900)], partners: [{ id: "p", name: "P".repeat(300), score: 1 }], at: NOW, status: "open" as const };
    expect(checkMessageLimits(buildEscalationNotice(e, { channel: "C1" }))).toEqual([]);
    const playbooks = citations(40, true).map((c) => ({ path: c.path, title: c.title, owner: c.owner }));
    expect(checkMessageLimits(buildPlaybookFeedbackNotice({ kind: "flag", userId: "U1", reason: "x".repeat(5000), playbooks, question: "q".repeat(900), channel: "C1" }))).toEqual([]);
  });
});

describe("limits checker", () => {
  it("finds every kind of violation, and enforce repairs them", () => {
    const bad = {
      type: "modal",
      callback_id: "c".repeat(300),
      title: { type: "plain_text", text: "A title that is far too long for a modal" },
      private_metadata: "m".repeat(3001),
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } },
        { type: "header", text: { type: "plain_text", text: "h".repeat(151) } },
        { type: "actions", elements: [{ type: "button", action_id: "a", text: { type: "plain_text", text: "b".repeat(76) }, value: "v".repeat(2001) }] },
        { type: "context", elements: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "c" })) },
        { type: "input", label: { type: "plain_text", text: "l" }, element: { type: "static_select", action_id: "s", options: [{ text: { type: "plain_text", text: "o".repeat(76) }, value: "v".repeat(76) }] } },
        ...Array.from({ length: 100 }, () => ({ type: "divider" })),
      ],
    };
    const rules = checkViewLimits(bad).map((v) => v.rule);
    for (const rule of ["callback_id", "view title", "private_metadata", "section text", "header text", "button text", "button value", "context elements", "option text", "option value", "blocks per modal"]) {
      expect(rules).toContain(rule);
    }
    expect(checkViewLimits(enforceViewLimits(bad).view)).toEqual([]);
    expect(checkBlockLimits(Array.from({ length: 51 }, () => ({ type: "divider" as const })), "message")).toHaveLength(1);
    expect(checkMessageLimits({ text: "t".repeat(40_001) })[0]?.rule).toBe("message text");
  });
});

describe("payload metadata", () => {
  it("button values and private_metadata fit their limits and read back", () => {
    const ref = answerRef(sampleResult({ citations: citations(40, true) }), "C1:1.2", "q".repeat(5000));
    const value = encodeButtonValue(ref);
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(decode(AnswerRefSchema, value)?.c).toBe("C1:1.2");
    const meta = encodeModalMeta({ ...ref, k: "flag", a: "C1:1.2", ch: "C1" });
    expect(meta.length).toBeLessThanOrEqual(3000);
    expect(decode(FeedbackModalMetaSchema, meta)?.k).toBe("flag");
    expect(decode(AnswerRefSchema, "click_me_123")).toBeUndefined();
    expect(decode(AnswerRefSchema, '{"nope":1}')).toBeUndefined();
  });

  it("redacts the question it carries", () => {
    expect(answerRef(sampleResult(), "C:1", "mail jan@example.com please").q).not.toContain("jan@example.com");
  });
});
