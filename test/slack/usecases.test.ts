/** The use-case finder in Slack: the real Bolt app against the fake Web API, signed requests, real SQLite. */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPlaybooks } from "../../src/retrieval/playbooks.ts";
import { checkBlockLimits, checkViewLimits } from "../../src/slack/blocks/limits.ts";
import { buildReadinessMessage, buildSavedUseCasesSection, buildUseCaseModal, buildUseCaseResults, useCaseActionsBlock } from "../../src/slack/blocks/usecases.ts";
import { REFERRAL_INPUTS, REFERRAL_MODAL } from "../../src/slack/blocks/referral.ts";
import {
  HOME_ACTIONS_BLOCK,
  HOME_FIND_USE_CASES,
  USE_CASE_MODAL,
  USE_CASE_PARTNER,
  USE_CASE_READINESS,
  USE_CASE_SAVE,
  USE_CASE_STATUS,
  USE_CASE_TRY_PROMPT,
} from "../../src/slack/ids.ts";
import { parseIntake } from "../../src/usecases/intake.ts";
import { UseCaseService } from "../../src/usecases/UseCaseService.ts";
import { SHIPPED_KNOWLEDGE } from "../support/fixtures-knowledge.ts";
import { blocksOf, fixture, fixtureText, fresh, type Harness } from "./support/harness.ts";
import { startReferralHarness } from "./support/referrals.ts";

let useCases: UseCaseService;
beforeAll(async () => {
  useCases = new UseCaseService(await loadPlaybooks(SHIPPED_KNOWLEDGE));
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});
// Referrals on, as in production: "Talk to a partner" on a use case opens the referral modal.
const start = async (): Promise<Harness> => {
  const started = await startReferralHarness({ app: { useCases } });
  cleanup = started.cleanup;
  return started.harness;
};

const USER = "UFIND01";

const command = (harness: Harness, text: string) => {
  const fields = Object.fromEntries(new URLSearchParams(fixtureText("09_slash_command.body.txt"))) as Record<string, string>;
  return harness.sendCommand({ ...fields, command: "/pilot", text, user_id: USER, trigger_id: `trigger-${text}`, response_url: harness.fake.responseUrl() });
};

function submit(harness: Harness, values: Record<string, Record<string, unknown>>) {
  const submission = fixture("07_view_submission.json");
  submission.user = { id: USER };
  submission.view = { ...submission.view, id: `V${fresh().eventId}`, callback_id: USE_CASE_MODAL, private_metadata: "", state: { values } };
  return harness.sendInteraction(submission);
}

const text = (value: string) => ({ type: "plain_text_input", value });
const intakeValues = (role: string, goal = "", regulated = false) => ({
  uc_role_block: { uc_role_input: text(role) },
  uc_department_block: { uc_department_input: text("Finance") },
  uc_tools_block: { uc_tools_input: text("SAP, Excel") },
  uc_goal_block: { uc_goal_input: text(goal) },
  uc_regulated_block: { uc_regulated_input: { type: "checkboxes", selected_options: regulated ? [{ value: "regulated" }] : [] } },
});

function click(harness: Harness, message: { channel: string; ts: string }, actionId: string, value: string, blockId = useCaseActionsBlock(0)) {
  const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
  payload.user = { id: USER };
  payload.container = { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false };
  payload.channel = { id: message.channel };
  payload.message = { ...payload.message, ts: message.ts };
  payload.trigger_id = `trigger-${actionId}-${value}`;
  payload.actions = [{ action_id: actionId, block_id: blockId, type: "button", value, text: { type: "plain_text", text: "x" }, action_ts: "1.2" }];
  return harness.sendInteraction(payload);
}

/** Submits a good intake and returns the results DM. */
async function results(harness: Harness) {
  const res = await submit(harness, intakeValues("accounts payable clerk", "blocked invoices and chasing buyers every day"));
  expect(res.status).toBe(200);
  const dm = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === USER && blocksOf(c).some((b) => b.block_id === useCaseActionsBlock(0))));
  return { dm, message: { channel: dm.response.channel as string, ts: dm.response.ts as string } };
}


/** A block action on the user's App Home (the recorded message-button payload, moved to the home view). */
function homeAction(): Record<string, any> {
  const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
  delete payload.message;
  delete payload.channel;
  payload.user = { id: USER };
  payload.container = { type: "view", view_id: "VHOME1" };
  payload.view = { id: "VHOME1", type: "home" };
  return payload;
}

describe("use-case finder blocks", () => {
  it("modal, results, readiness and the App Home section stay within Block Kit limits, even when long", () => {
    expect(checkViewLimits(buildUseCaseModal({ role: "x".repeat(400) }))).toEqual([]);
    const list = useCases.suggest(parseIntake({ role: "recruiter", goal: "screening CVs ".repeat(100), regulated: true }), { limit: 10 });
    const message = buildUseCaseResults(list, { role: "r".repeat(150), department: "d".repeat(100) });
    expect(checkBlockLimits(message.blocks, "message")).toEqual([]);
    expect(message.blocks.filter((b) => b.type === "actions")).toHaveLength(10);
    for (const uc of useCases.catalog) {
      const r = useCases.readinessForUseCase(uc.id, { users: 5000, countries: 9 });
      expect(checkBlockLimits(buildReadinessMessage({ useCase: uc, steps: useCases.readinessSteps(uc), ...(r ? { readiness: r } : {}) }).blocks, "message")).toEqual([]);
    }
    const saved = useCases.catalog.map((uc, i) => ({ userId: "U1", useCaseId: uc.id, status: "trying" as const, savedAt: new Date(i), updatedAt: new Date(i) }));
    const home = buildSavedUseCasesSection(saved, (id) => useCases.useCase(id));
    expect(checkBlockLimits(home.blocks, "home")).toEqual([]);
    expect(home.blocks.at(-1)).toMatchObject({ type: "context" });
  });

  it("says plainly when nothing fits, and escapes what the person typed", () => {
    const list = useCases.suggest(parseIntake({ role: "zookeeper <b>", goal: "feeding penguins" }));
    const message = buildUseCaseResults(list, { role: "zookeeper <b>" });
    expect(JSON.stringify(message.blocks)).toContain("zookeeper &lt;b&gt;");
    expect(message.text).toMatch(/Nothing in the use-case catalogs fits/);
    expect(message.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});

describe("use-case finder in Slack", () => {
  it("/pilot usecases opens the intake modal with the role from the Slack profile title", async () => {
    const harness = await start();
    harness.fake.userTitles.set(USER, "FP&A Analyst");
    const res = await command(harness, "usecases");
    expect(res.status).toBe(200);
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    const view = open.body.view as any;
    expect(view.callback_id).toBe(USE_CASE_MODAL);
    expect(view.blocks.find((b: any) => b.block_id === "uc_role_block").element.initial_value).toBe("FP&A Analyst");
    expect(open.body.trigger_id).toBe("trigger-usecases");
  });

  it("App Home's Find AI use cases opens the same modal; without a profile title the role starts empty", async () => {
    const harness = await start();
    const payload = homeAction();
    payload.actions = [{ action_id: HOME_FIND_USE_CASES, block_id: HOME_ACTIONS_BLOCK, type: "button", text: { type: "plain_text", text: "x" }, action_ts: "1.2" }];
    await harness.sendInteraction(payload);
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    const role = (open.body.view as any).blocks.find((b: any) => b.block_id === "uc_role_block");
    expect(role.element.initial_value).toBeUndefined();
  });

  it("a missing role or an overlong answer gets field errors in the modal and nothing is sent", async () => {
    const harness = await start();
    const res = await submit(harness, { ...intakeValues(" "), uc_goal_block: { uc_goal_input: text("x".repeat(1600)) } });
    expect(JSON.parse(res.text)).toEqual({
      response_action: "errors",
      errors: { uc_role_block: expect.stringMatching(/Tell me your role/), uc_goal_block: expect.stringMatching(/at most 1500/) },
    });
    await harness.settle();
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("a good intake gets ranked suggestions in the DM, each with four buttons", async () => {
    const harness = await start();
    const { dm } = await results(harness);
    const blocks = blocksOf(dm);
    expect(checkBlockLimits(blocks, "message")).toEqual([]);
    expect(JSON.stringify(blocks)).toContain("AP invoice exception handling");
    const actions = blocks.find((b) => b.block_id === useCaseActionsBlock(0));
    expect(actions.elements.map((e: any) => e.action_id)).toEqual([USE_CASE_TRY_PROMPT, USE_CASE_READINESS, USE_CASE_SAVE, USE_CASE_PARTNER]);
    expect(actions.elements[0].value).toBe("finance-ap-exceptions");
  });

  it("Try this prompt and Readiness checklist reply in the results' thread", async () => {
    const harness = await start();
    const { message } = await results(harness);
    await click(harness, message, USE_CASE_TRY_PROMPT, "finance-ap-exceptions");
    const prompt = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === message.ts && String(c.body.text).startsWith("Try this")));
    expect(JSON.stringify(blocksOf(prompt))).toContain(useCases.useCase("finance-ap-exceptions")!.examplePrompts[0]!.slice(0, 30));
    await click(harness, message, USE_CASE_READINESS, "finance-ap-exceptions");
    const ready = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === message.ts && String(c.body.text).startsWith("Readiness")));
    const json = JSON.stringify(blocksOf(ready));
    expect(json).toMatch(/Complexity \d+\/17/);
    expect(json).toContain("Finance Systems");
    expect(json).toContain("integrations/sap.md");
  });

  it("Save to my list stores it once, shows it on App Home, and the menu there tracks progress", async () => {
    const harness = await start();
    const { message } = await results(harness);
    await click(harness, message, USE_CASE_SAVE, "finance-ap-exceptions");
    const publish = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.publish" && JSON.stringify(c.body.view).includes("Your saved use cases")));
    expect(JSON.stringify(publish.body.view)).toContain("AP invoice exception handling");
    await click(harness, message, USE_CASE_SAVE, "finance-ap-exceptions");
    await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && /already on your list/.test(String(c.body.text))));
    expect(await harness.store.savedUseCases(USER)).toEqual([expect.objectContaining({ useCaseId: "finance-ap-exceptions", status: "to_try" })]);

    const payload = homeAction();
    payload.actions = [{ action_id: USE_CASE_STATUS, block_id: "b1", type: "static_select", selected_option: { value: "adopted:finance-ap-exceptions", text: { type: "plain_text", text: "x" } }, action_ts: "1.3" }];
    await harness.sendInteraction(payload);
    await harness.fake.waitFor((calls) => calls.filter((c) => c.method === "views.publish").length >= 2 || undefined);
    expect((await harness.store.savedUseCases(USER))[0]!.status).toBe("adopted");
  });

  it("Talk to a partner opens the referral modal with the readiness summary pre-filled", async () => {
    const harness = await start();
    const { message } = await results(harness);
    await click(harness, message, USE_CASE_PARTNER, "finance-ap-exceptions");
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    const view = open.body.view as any;
    expect(view.callback_id).toBe(REFERRAL_MODAL);
    const input = (id: { blockId: string }) => view.blocks.find((b: any) => b.block_id === id.blockId).element;
    expect(input(REFERRAL_INPUTS.summary).initial_value).toMatch(/^Use case "AP invoice exception handling": connect AI to SAP S\/4HANA/);
    expect(input(REFERRAL_INPUTS.systems).initial_value).toContain("sap");
  });

  it("a use case no longer in the catalog gets a plain note; a failing Slack call tells the user with a reference", async () => {
    const harness = await start();
    const { message } = await results(harness);
    await click(harness, message, USE_CASE_TRY_PROMPT, "gone-use-case");
    await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && /no longer in the catalog/.test(String(c.body.text))));
    harness.fake.failNext("views.open", { error: "expired_trigger_id" });
    await click(harness, message, USE_CASE_PARTNER, "finance-ap-exceptions");
    const note = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === USER && /PP-[0-9a-f]{8}/.test(JSON.stringify(c.body))));
    expect(note).toBeDefined();
    expect(harness.logs.some((l) => l.what === "use case: talk to a partner" && /PP-/.test(String(l.referenceId)))).toBe(true);
  });
});
