import { describe, expect, it } from "vitest";
import { ADKAR_ELEMENTS } from "../../src/checkins/adkar.ts";
import { parseCampaignDefinition } from "../../src/checkins/campaign.ts";
import { UndeliverableError } from "../../src/checkins/ports.ts";
import { buildReport } from "../../src/checkins/report.ts";
import { RetryLater } from "../../src/jobs/JobWorker.ts";
import { buildCampaignModal, buildCheckinHomeSection, buildCheckinModal, buildReminderMessage, buildReportMessage, decodeRoundRef, textBar } from "../../src/slack/blocks/checkins.ts";
import { checkBlockLimits, checkMessageLimits, checkViewLimits } from "../../src/slack/blocks/limits.ts";
import { errorsForModal } from "../../src/slack/checkins/campaign-form.ts";
import { classifySlackError } from "../../src/slack/checkins/SlackCheckinMessenger.ts";
import type { Participation } from "../../src/store/CheckinStore.ts";
import { weeklyCampaign } from "../checkins/support.ts";

const now = new Date("2026-11-25T12:00:00Z");
const long = "Team <with> a very long & *bold* name ".repeat(8);

function bigReport() {
  const definition = parseCampaignDefinition(weeklyCampaign({ name: "N".repeat(80), questions: { usage: true, useCase: true, blockers: true, custom: ["What else?"] } }));
  const campaign = { id: "cmp_1", ownerId: "U1", definition, status: "active" as const, createdAt: now };
  const participations: Participation[] = [];
  for (const round of ["2026-11-16", "2026-11-23"]) {
    for (let i = 0; i < 400; i++) {
      const answers = Object.fromEntries(ADKAR_ELEMENTS.map((e, j) => [e, 1 + ((i + j) % 5)])) as Record<string, number | string>;
      answers.blockers = ["no time", "Salesforce integration", "need training", "data privacy worries", "<script>"][i % 5]!;
      answers.usage = "daily";
      participations.push({ campaignId: "cmp_1", round, userId: `U${i}`, team: `${long}${i % 60}`, state: i % 7 === 0 ? "sent" : "answered", answers, dueAt: now, closesAt: now, remindersSent: 0, updatedAt: now });
    }
  }
  return buildReport({ campaign, round: "2026-11-23", final: true, participations, guidance: [], systems: ["Salesforce"] });
}

describe("check-in blocks", () => {
  it("a report with 60 long-named teams, two rounds and every section stays within message limits and escapes names", () => {
    const m = buildReportMessage(bigReport());
    expect(checkMessageLimits(m)).toEqual([]);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("&lt;with&gt;");
    expect(text).not.toContain("<with>");
    expect(text).toContain("Trend since 2026-11-16");
    expect(m.text).toMatch(/answered/);
  });

  it("modals, DMs and the App Home section stay within limits", () => {
    const def = parseCampaignDefinition(weeklyCampaign({ name: "x".repeat(80), questions: { usage: true, useCase: true, blockers: true, custom: ["a".repeat(150), "b".repeat(150), "c".repeat(150)] } }));
    expect(checkViewLimits(buildCampaignModal("2026-11-25"))).toEqual([]);
    expect(checkViewLimits(buildCheckinModal({ c: "cmp_1", r: "2026-11-23" }, def, { awareness: 3, blockers: "x".repeat(1000) }, "closed"))).toEqual([]);
    expect(checkMessageLimits(buildReminderMessage({ campaignId: "cmp_1", round: "2026-11-23", userId: "U1", campaignName: "<b>".repeat(30), ownerId: "U2", anonymous: false, closesAt: now, timeZone: "Asia/Kolkata", questionCount: 11, reminder: 2 }))).toEqual([]);
    const overviews = Array.from({ length: 5 }, (_, i) => ({
      campaign: { id: `cmp_${i}`, ownerId: "U1", definition: def, status: "active" as const, createdAt: now },
      latest: { campaignId: `cmp_${i}`, round: "2026-11-23", opensAt: now, status: "open" as const, invited: 100, answered: 40 },
      teams: Array.from({ length: 20 }, (_, j) => ({ team: `${long}${j}`, respondents: 5, barrier: "desire", withheld: j % 2 === 0 })),
      nextRun: now,
    }));
    expect(checkBlockLimits(buildCheckinHomeSection(overviews).blocks, "home")).toEqual([]);
  });

  it("text bars, round references and modal errors", () => {
    expect(textBar(3.5, 5)).toBe("███████░░░");
    expect(textBar(0, 0)).toBe("░░░░░░░░░░");
    expect(decodeRoundRef('{"c":"cmp_1","r":"2026-11-23"}')).toEqual({ c: "cmp_1", r: "2026-11-23" });
    expect(decodeRoundRef("nope")).toBeUndefined();
    expect(decodeRoundRef('{"c":1}')).toBeUndefined();
    expect(errorsForModal([{ path: "schedule.time", message: "must be a time such as 09:30" }, { path: "reminders.spacingHours", message: "x" }])).toEqual({
      cmp_time: "time must be a time such as 09:30",
      cmp_spacing: "spacingHours x",
    });
  });

  it("Slack errors: unreachable people are undeliverable, rate limits wait for Retry-After, the rest is retried", () => {
    expect(classifySlackError({ data: { error: "user_not_found" } })).toBeInstanceOf(UndeliverableError);
    const limited = classifySlackError(Object.assign(new Error("rate limited"), { code: "slack_webapi_rate_limited_error", retryAfter: 7 }));
    expect(limited).toBeInstanceOf(RetryLater);
    expect((limited as RetryLater).delayMs).toBe(7000);
    expect((classifySlackError(new Error("A rate limit was exceeded (url: x, retry-after: 3)")) as RetryLater).delayMs).toBe(3000);
    const other = new Error("socket hang up");
    expect(classifySlackError(other)).toBe(other);
  });
});
