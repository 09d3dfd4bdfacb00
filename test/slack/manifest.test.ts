/**
 * manifest.yml is valid against Slack's schema, and says exactly what the code registers: events, scopes,
 * slash command, shortcuts, interactivity, assistant view and its prompts, App Home.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "@slack/bolt";
import { Ajv } from "ajv";
import formatsPlugin from "ajv-formats";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildAnswerMessage } from "../../src/slack/blocks/answer.ts";
import { buildHomeView } from "../../src/slack/blocks/home.ts";
import { buildCampaignModal, buildCheckinHomeSection, buildCheckinModal, buildInviteMessage } from "../../src/slack/blocks/checkins.ts";
import { parseCampaignDefinition } from "../../src/checkins/campaign.ts";
import { weeklyCampaign } from "../checkins/support.ts";
import { buildAskModal, buildFeedbackReasonModal } from "../../src/slack/blocks/modals.ts";
import { buildReferralModal } from "../../src/slack/blocks/referral.ts";
import { SUGGESTED_PROMPTS } from "../../src/slack/listeners/assistant/suggested-prompts.ts";
import { registerListeners } from "../../src/slack/listeners/index.ts";
import { answerRef } from "../../src/slack/metadata.ts";
import { USE_CASE_MODAL } from "../../src/slack/ids.ts";
import { buildSavedUseCasesSection, buildUseCaseModal, buildUseCaseResults } from "../../src/slack/blocks/usecases.ts";
import { loadPlaybooks } from "../../src/retrieval/playbooks.ts";
import { parseIntake } from "../../src/usecases/intake.ts";
import { UseCaseService } from "../../src/usecases/UseCaseService.ts";
import type { SlackServices } from "../../src/slack/services.ts";
import { sampleResult } from "./support/fake-engine.ts";

const ROOT = join(import.meta.dirname, "../..");
const manifest = parse(readFileSync(join(ROOT, "manifest.yml"), "utf8"));
const schema = JSON.parse(readFileSync(join(ROOT, "test/fixtures/slack/manifest.schema.json"), "utf8"));

/** Runs the real register functions against a recorder instead of Bolt. */
function registrations(options: { referrals?: boolean } = {}) {
  const r = { events: [] as string[], commands: [] as string[], actions: [] as (string | RegExp)[], views: [] as string[], shortcuts: [] as string[], assistant: 0 };
  const app = {
    event: (name: string) => r.events.push(name),
    message: () => r.events.push("message"),
    command: (name: string) => r.commands.push(name),
    action: (id: string | RegExp) => r.actions.push(id),
    view: (id: string) => r.views.push(id),
    shortcut: (id: string) => r.shortcuts.push(id),
    assistant: () => (r.assistant += 1),
    use: () => undefined,
    error: () => undefined,
  };
  // Every optional feature present, so every listener registers.
  // (Referrals add their own buttons, on partner cards and DMs; the modal check below turns them on.)
  registerListeners(app as unknown as App, { useCases: {}, ...(options.referrals ? { referrals: {} } : {}), homeSections: [] } as unknown as SlackServices);
  return r;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The bot events the registered listeners need. */
function neededEvents(r: ReturnType<typeof registrations>): string[] {
  const events = new Set<string>();
  for (const e of r.events) {
    // Our message listeners answer DMs (message.im) and thread follow-ups in public and private channels.
    if (e === "message") ["message.channels", "message.groups", "message.im"].forEach((x) => events.add(x));
    else events.add(e);
  }
  // Bolt's Assistant: thread lifecycle events plus the user's messages in the assistant DM.
  if (r.assistant > 0) ["assistant_thread_started", "assistant_thread_context_changed", "message.im"].forEach((x) => events.add(x));
  return sorted(events);
}

/** The smallest bot scope set for those events and the Web API methods the app calls. */
function neededScopes(events: string[], r: ReturnType<typeof registrations>): string[] {
  const byEvent: Record<string, string | undefined> = {
    app_mention: "app_mentions:read",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    assistant_thread_started: "assistant:write",
    assistant_thread_context_changed: "assistant:write",
    app_home_opened: undefined,
  };
  const scopes = new Set(["chat:write"]); // chat.postMessage/update/postEphemeral, chat.*Stream
  for (const e of events) {
    expect(e in byEvent, `scope for event ${e} is known`).toBe(true);
    if (byEvent[e]) scopes.add(byEvent[e]!);
  }
  if (r.commands.length > 0 || r.shortcuts.length > 0) scopes.add("commands");
  // Check-ins: users.info (time zones, profiles), conversations.members/info (channel audiences), usergroups.*
  // (group audiences, change managers), conversations.open + files.uploadV2 (the report chart and CSV export).
  if (r.actions.includes("checkin_start")) ["users:read", "channels:read", "groups:read", "usergroups:read", "im:write", "files:write"].forEach((x) => scopes.add(x));
  if (r.views.includes(USE_CASE_MODAL)) scopes.add("users:read"); // users.info: the profile title pre-fills the role
  return sorted(scopes);
}

describe("manifest.yml", () => {
  it("is valid against Slack's manifest schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
    const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (a: Ajv) => void;
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  const r = registrations();

  it("subscribes to exactly the events the app listens to", () => {
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(neededEvents(r));
  });

  it("asks for exactly the scopes those events and calls need", () => {
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(neededScopes(neededEvents(r), r));
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it("declares exactly the registered slash commands and shortcut callback ids", () => {
    expect(sorted(manifest.features.slash_commands.map((c: { command: string }) => c.command))).toEqual(sorted(r.commands));
    expect(sorted(manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id))).toEqual(sorted(r.shortcuts));
    expect(manifest.features.shortcuts.every((s: { type: string }) => s.type === "message")).toBe(true);
  });

  it("enables interactivity, the assistant view, App Home and socket mode because the code uses them", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(r.actions.length + r.views.length + r.shortcuts.length > 0);
    expect(Boolean(manifest.features.assistant_view)).toBe(r.assistant > 0);
    expect(manifest.features.app_home.home_tab_enabled).toBe(r.events.includes("app_home_opened"));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it("suggests the same prompts as the assistant listener", () => {
    expect(manifest.features.assistant_view.suggested_prompts).toEqual(SUGGESTED_PROMPTS.map((p) => ({ ...p })));
  });

  it("every button the app renders has a listener, and every action listener has a button", async () => {
    const now = new Date("2026-11-26T00:00:00Z");
    const useCases = new UseCaseService(await loadPlaybooks(join(ROOT, "knowledge")));
    const list = useCases.suggest(parseIntake({ role: "accounts payable clerk" }));
    const rendered = [
      ...buildAnswerMessage({ result: sampleResult(), conversationId: "C:1", question: "q", now }).blocks,
      ...buildHomeView({ userId: "U1", recentQuestions: [], now }).blocks,
      ...buildUseCaseResults(list, { role: "r" }).blocks,
      ...buildSavedUseCasesSection([{ userId: "U1", useCaseId: list.suggestions[0]!.useCase.id, status: "to_try", savedAt: now, updatedAt: now }], (id) => useCases.useCase(id)).blocks,
      ...buildInviteMessage({ campaignId: "cmp_1", round: "2026-11-30", userId: "U1", campaignName: "n", ownerId: "U2", anonymous: true, closesAt: now, questionCount: 8 }).blocks,
      ...buildCheckinHomeSection([{ campaign: { id: "cmp_1", ownerId: "U2", definition: parseCampaignDefinition(weeklyCampaign()), status: "active", createdAt: now }, teams: [] }]).blocks,
    ];
    const buttons = rendered.flatMap((b: any) =>
      b.type === "actions" ? b.elements.map((e: any) => e.action_id) : b.type === "section" && b.accessory?.action_id ? [b.accessory.action_id] : [],
    );
    expect(sorted(new Set(buttons))).toEqual(sorted(r.actions.filter((a): a is string => typeof a === "string")));
    // Inputs that send an action as they change (the check-in's answers) match a pattern listener, and each pattern is used.
    const modal = buildCheckinModal({ c: "cmp_1", r: "2026-11-30" }, parseCampaignDefinition(weeklyCampaign({ questions: { usage: true, useCase: true, blockers: true, custom: ["What else?"] } })), {});
    const dispatched = modal.blocks.flatMap((b: any) => (b.type === "input" && b.dispatch_action ? [b.element.action_id as string] : []));
    const patterns = r.actions.filter((a): a is RegExp => a instanceof RegExp);
    expect(dispatched.length).toBeGreaterThan(5);
    expect(dispatched.every((id) => patterns.some((p) => p.test(id)))).toBe(true);
    expect(patterns.every((p) => dispatched.some((id) => p.test(id)))).toBe(true);
  });

  it("every modal the app opens has a submission listener, and every view listener has a modal", () => {
    const ref = answerRef(sampleResult(), "C:1", "q");
    const modals = [
      buildFeedbackReasonModal({ ...ref, k: "down", a: "C:1", ch: "C" }),
      buildReferralModal({ summary: "", details: { systems: [] }, matches: [] }, "{}"),
      buildAskModal(),
      buildCampaignModal("2026-11-26"),
      buildCheckinModal({ c: "cmp_1", r: "2026-11-30" }, parseCampaignDefinition(weeklyCampaign()), {}),
      buildUseCaseModal(),
    ];
    expect(sorted(modals.map((m) => m.callback_id!))).toEqual(sorted(registrations({ referrals: true }).views));
  });
});
