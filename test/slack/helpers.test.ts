import { describe, expect, it } from "vitest";
import { conversationIdOf, mentionsUser, minuteWindow, stripBotMention } from "../../src/slack/conversation.ts";
import { isCannotPostHere, newReferenceId, slackErrorCode } from "../../src/slack/failure.ts";
import { looksLikeQuestion } from "../../src/slack/listeners/commands/pilot.ts";
import { isNoise } from "../../src/slack/middleware.ts";
import { WorkLimiter } from "../../src/slack/WorkLimiter.ts";
import { fixture } from "./support/harness.ts";

describe("conversation helpers", () => {
  it("strips mentions of the bot, and only of the bot", () => {
    expect(stripBotMention("<@U0LAN0Z89> is it everything a river should be?", "U0LAN0Z89")).toBe("is it everything a river should be?");
    expect(stripBotMention("hey <@UBOT|pilot>, ask <@U2> too", "UBOT")).toBe("hey , ask <@U2> too");
    expect(stripBotMention("<@UBOT> hi", undefined)).toBe("hi");
    expect(mentionsUser("ping <@UBOT>", "UBOT")).toBe(true);
    expect(mentionsUser("ping <@UOTHER>", "UBOT")).toBe(false);
    expect(conversationIdOf("C1", undefined, "1.2")).toBe("C1:1.2");
    expect(conversationIdOf("C1", "0.9", "1.2")).toBe("C1:0.9");
    expect(minuteWindow(new Date("2026-11-26T10:00:59.999Z")).toISOString()).toBe("2026-11-26T10:00:00.000Z");
  });

  it("classifies the fixtures: edits and bot messages are noise, people are not", () => {
    expect(isNoise(fixture("03b_message_changed.event_callback.json").event)).toBe(true);
    expect(isNoise(fixture("03c_message_from_bot.event_callback.json").event)).toBe(true);
    expect(isNoise(fixture("03d_message_bot_message_subtype.event_callback.json").event)).toBe(true);
    expect(isNoise({ type: "message", subtype: "channel_join" })).toBe(true);
    expect(isNoise(fixture("02_message_im.event_callback.json").event)).toBe(false);
    expect(isNoise(fixture("03a_message_thread_reply.event_callback.json").event)).toBe(false);
    expect(isNoise({ type: "message", subtype: "thread_broadcast" })).toBe(false);
    expect(isNoise(fixture("01_app_mention.event_callback.json").event)).toBe(false);
    expect(isNoise(fixture("04_app_home_opened.event_callback.json").event)).toBe(false);
  });

  it("tells a mistyped sub-command from a question", () => {
    expect(looksLikeQuestion("usecase")).toBe(false);
    expect(looksLikeQuestion("copilot?")).toBe(true);
    expect(looksLikeQuestion("how do I get Copilot")).toBe(true);
  });
});

describe("failures", () => {
  it("reference ids are short and distinct; Slack error codes are read from web-api errors", () => {
    const ids = new Set(Array.from({ length: 200 }, newReferenceId));
    expect(ids.size).toBe(200);
    expect([...ids].every((id) => /^PP-[0-9a-f]{8}$/.test(id))).toBe(true);
    const err = Object.assign(new Error("An API error occurred: not_in_channel"), { data: { ok: false, error: "not_in_channel" } });
    expect(slackErrorCode(err)).toBe("not_in_channel");
    expect(isCannotPostHere(err)).toBe(true);
    expect(isCannotPostHere(new Error("socket hang up"))).toBe(false);
  });
});

describe("WorkLimiter", () => {
  it("runs at most `limit` jobs at once, the rest in arrival order, and frees slots on failure", async () => {
    const limiter = new WorkLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number, fail = false) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running -= 1;
        if (fail) throw new Error(`job ${i}`);
        return i;
      });
    const results = await Promise.allSettled([job(0), job(1, true), job(2), job(3), job(4)]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(limiter.pending).toBe(0);
    expect(() => new WorkLimiter(0)).toThrow(RangeError);
  });
});
