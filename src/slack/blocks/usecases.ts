/**
 * The use-case finder in Slack: the intake modal, the results message (DM), a prompt to try, the readiness
 * checklist, and the saved-use-cases section of App Home. Pure: domain values in, blocks out.
 */
import { redactText } from "../../assistant/redaction.ts";
import type { SavedUseCase, SavedUseCaseStatus } from "../../store/Store.ts";
import type { UseCaseRecord } from "../../usecases/catalog.ts";
import { INTAKE_LIMITS } from "../../usecases/intake.ts";
import type { Readiness } from "../../usecases/readiness.ts";
import type { Suggestion, SuggestionList } from "../../usecases/UseCaseService.ts";
import {
  USE_CASE_DEPARTMENT_INPUT,
  USE_CASE_GOAL_INPUT,
  USE_CASE_MODAL,
  USE_CASE_PARTNER,
  USE_CASE_READINESS,
  USE_CASE_REGULATED_INPUT,
  USE_CASE_ROLE_INPUT,
  USE_CASE_SAVE,
  USE_CASE_STATUS,
  USE_CASE_TOOLS_INPUT,
  USE_CASE_TRY_PROMPT,
} from "../ids.ts";
import type { AnswerMessage } from "./answer.ts";
import type { HomeSection } from "./home.ts";
import { LIMITS } from "./limits.ts";
import type { ModalView } from "./modals.ts";
import { type Block, context, escapeMrkdwn, plain, section, truncate } from "./text.ts";

/** Value of the "regulated data" checkbox option. */
export const REGULATED_VALUE = "regulated";

/** Block id of the buttons under suggestion `i` of a results message. */
export const useCaseActionsBlock = (i: number) => `uc_actions_${i}`;

export function buildUseCaseModal(options: { role?: string } = {}): ModalView {
  const role = options.role?.trim() ?? "";
  const text = (ids: { blockId: string; actionId: string }, label: string, max: number, extra: Record<string, unknown>, optional = true): Block =>
    ({
      type: "input",
      block_id: ids.blockId,
      optional,
      label: plain(label, LIMITS.inputLabel),
      element: { type: "plain_text_input", action_id: ids.actionId, max_length: max, ...extra },
    }) as Block;
  const blocks: Block[] = [
    section("Tell me about your work and I'll suggest AI use cases from the company catalogs, ranked for you, with a prompt to try and what it takes to start. The answer comes in our DM."),
    text(
      USE_CASE_ROLE_INPUT,
      "Your role",
      INTAKE_LIMITS.role,
      { ...(role ? { initial_value: truncate(role, INTAKE_LIMITS.role) } : {}), placeholder: plain("e.g. accounts payable clerk", LIMITS.placeholder) },
      false,
    ),
    text(USE_CASE_DEPARTMENT_INPUT, "Department", INTAKE_LIMITS.department, { placeholder: plain("e.g. Finance shared service centre", LIMITS.placeholder) }),
    text(USE_CASE_TOOLS_INPUT, "Tools you use", 600, { placeholder: plain("e.g. SAP, Excel, Outlook, Salesforce", LIMITS.placeholder) }),
    {
      ...(text(USE_CASE_GOAL_INPUT, "What eats your week?", INTAKE_LIMITS.goal, {
        multiline: true,
        placeholder: plain("e.g. chasing buyers about blocked invoices, month-end reconciliations, the same emails in three languages", LIMITS.placeholder),
      }) as object),
      hint: plain("Your biggest time sinks, in your own words. The more specific, the better the match.", LIMITS.inputHint),
    } as Block,
    {
      type: "input",
      block_id: USE_CASE_REGULATED_INPUT.blockId,
      optional: true,
      label: plain("Regulated data", LIMITS.inputLabel),
      element: {
        type: "checkboxes",
        action_id: USE_CASE_REGULATED_INPUT.actionId,
        options: [
          {
            text: plain("My work involves regulated data", LIMITS.optionText),
            description: plain("Patient data (PHI), credit decisions, payment cards or HR data in bulk: riskier use cases are ranked lower.", LIMITS.optionText),
            value: REGULATED_VALUE,
          },
        ],
      },
    },
  ];
  return {
    type: "modal",
    callback_id: USE_CASE_MODAL,
    title: plain("Find AI use cases", LIMITS.viewTitle),
    submit: plain("Suggest", LIMITS.viewTitle),
    close: plain("Cancel", LIMITS.viewTitle),
    blocks,
  };
}

const STATUS_LABEL: Record<UseCaseRecord["status"]["value"], string> = { idea: "idea", piloting: "piloting here", live: "live here", paused: "paused" };

function facts(s: { useCase: UseCaseRecord; risk: { risk: number; tier: number } }): string {
  const uc = s.useCase;
  const basis = uc.hoursSaved.basis === "unstated" ? "" : ` (${uc.hoursSaved.basis})`;
  return `~${uc.hoursSaved.perPersonPerWeek} h/week saved${basis} · effort ${uc.effort}/5 · risk ${s.risk.risk}/5 (Tier ${s.risk.tier}) · ${STATUS_LABEL[uc.status.value]}`;
}

/** The results DM: one section per suggestion with why, its facts, and four buttons. */
export function buildUseCaseResults(list: SuggestionList, intake: { role: string; department?: string }): AnswerMessage {
  const who = `*${escapeMrkdwn(redactText(intake.role))}*${intake.department ? ` in ${escapeMrkdwn(redactText(intake.department))}` : ""}`;
  if (list.fit === "none" || list.suggestions.length === 0) {
    const text = list.message ?? "Nothing in the use-case catalogs fits yet.";
    return {
      text,
      blocks: [
        section(`:mag: For ${who}: ${escapeMrkdwn(text)}`),
        context("Try again with your biggest time sinks in more detail, or ask me a question (DM me or `/pilot <question>`)."),
      ],
    };
  }
  const blocks: Block[] = [{ type: "header", text: plain("AI use cases for you", LIMITS.headerText) }];
  const mapped = list.function ? ` · ${escapeMrkdwn(list.function.name)}` : "";
  blocks.push(context(`For ${who}${mapped}. Best first; ${list.fit === "nearest" ? escapeMrkdwn(list.message ?? "") : "picked for your role and what you told me"}`));
  list.suggestions.forEach((s, i) => {
    blocks.push({ type: "divider" });
    blocks.push(section(truncate(`*${i + 1}. ${escapeMrkdwn(s.useCase.title)}*\n${escapeMrkdwn(facts(s))}\n${s.reasons.map((r) => `• ${escapeMrkdwn(r)}`).join("\n")}`, LIMITS.sectionText)));
    if (s.guardrail) blocks.push(context(truncate(`:shield: ${escapeMrkdwn(s.guardrail)}`, LIMITS.sectionText)));
    blocks.push({
      type: "actions",
      block_id: useCaseActionsBlock(i),
      elements: [
        { type: "button", action_id: USE_CASE_TRY_PROMPT, text: plain(":speech_balloon: Try this prompt", LIMITS.buttonText), value: s.useCase.id },
        { type: "button", action_id: USE_CASE_READINESS, text: plain(":clipboard: Readiness checklist", LIMITS.buttonText), value: s.useCase.id },
        { type: "button", action_id: USE_CASE_SAVE, text: plain(":bookmark: Save to my list", LIMITS.buttonText), value: s.useCase.id },
        { type: "button", action_id: USE_CASE_PARTNER, text: plain(":handshake: Talk to a partner", LIMITS.buttonText), value: s.useCase.id },
      ],
    });
  });
  blocks.push(context(`From the use-case catalogs (${[...new Set(list.suggestions.map((s) => s.useCase.path))].map((p) => `\`${p}\``).join(", ")}). Saved ones show on my App Home.`));
  const text = `AI use cases for you: ${list.suggestions.map((s, i) => `${i + 1}. ${s.useCase.title}`).join("; ")}`;
  return { text: truncate(text, LIMITS.messageText), blocks };
}

/** "Try this prompt": the prompt to copy, where to run it, and the guardrail. */
export function buildPromptMessage(s: Pick<Suggestion, "useCase" | "prompt" | "guardrail">): AnswerMessage {
  const tools = s.useCase.systems.filter((x) => ["chatgpt-enterprise", "m365-copilot", "github-copilot"].includes(x));
  const where = tools.length > 0 ? `Paste it into ${tools.map((t) => ({ "chatgpt-enterprise": "ChatGPT Enterprise", "m365-copilot": "Microsoft 365 Copilot", "github-copilot": "GitHub Copilot" })[t]).join(" or ")}.` : "It needs the integration described in the readiness checklist first.";
  const others = s.useCase.examplePrompts.slice(1, 3);
  const blocks: Block[] = [
    section(`*Try this for ${escapeMrkdwn(s.useCase.title)}*\n\`\`\`${escapeMrkdwn(s.prompt.replace(/`/g, "'"))}\`\`\``),
    context(`${escapeMrkdwn(where)} Replace the example details with yours; never paste data above what the tool is approved for.`),
  ];
  if (others.length > 0) blocks.push(section(`*More to try*\n${others.map((p) => `• ${escapeMrkdwn(p)}`).join("\n")}`));
  if (s.guardrail) blocks.push(context(`:shield: ${escapeMrkdwn(s.guardrail)}`));
  return { text: `Try this: ${truncate(s.prompt, 3000)}`, blocks };
}

/** The readiness checklist of a use case (or the short steps when it needs no integration). */
export function buildReadinessMessage(input: { useCase: UseCaseRecord; steps: string[]; readiness?: Readiness }): AnswerMessage {
  const { useCase, steps, readiness } = input;
  const blocks: Block[] = [section(`*Readiness: ${escapeMrkdwn(useCase.title)}*`)];
  blocks.push(section(truncate(`*Before you start*\n${steps.map((s) => `• ${escapeMrkdwn(s)}`).join("\n")}`, LIMITS.sectionText)));
  if (!readiness) {
    blocks.push(context("No integration work: it runs in a tool the company already approved."));
    return { text: `Readiness for ${useCase.title}: ${steps.join("; ")}`, blocks };
  }
  const c = readiness.complexity;
  blocks.push(
    section(
      truncate(
        `*Complexity ${c.score}/${c.max} (${c.level})*\n${c.parts.map((p) => `• ${escapeMrkdwn(p.name)}: ${p.points}/${p.max} (${escapeMrkdwn(p.value)})`).join("\n")}`,
        LIMITS.sectionText,
      ),
    ),
    section(truncate(`*Prerequisites* (${escapeMrkdwn(readiness.playbook.title)})\n${readiness.prerequisites.map((p) => `:white_square: ${escapeMrkdwn(p)}`).join("\n")}`, LIMITS.sectionText)),
    section(
      truncate(
        [
          `*Owning team:* ${escapeMrkdwn(readiness.owningTeam)}`,
          `*Security review:* ${escapeMrkdwn(readiness.securityReview.track)}${readiness.securityReview.businessDays ? `, ${readiness.securityReview.businessDays} business days` : ""} (${escapeMrkdwn(readiness.securityReview.why)})`,
          ...(readiness.approval ? [`*Approval (Tier ${readiness.approval.tier}):* ${escapeMrkdwn(readiness.approval.who)}`] : []),
          ...(readiness.expectedLeadTime ? [`*Lead time:* ${escapeMrkdwn(readiness.expectedLeadTime)}`] : []),
        ].join("\n"),
        LIMITS.sectionText,
      ),
    ),
  );
  if (readiness.securityReview.items.length > 0) {
    blocks.push(context(truncate(`Review items: ${readiness.securityReview.items.map((i) => escapeMrkdwn(i)).join(" ")}`, LIMITS.sectionText)));
  }
  blocks.push(context(`Source: \`${readiness.playbook.path}\` (owner: ${escapeMrkdwn(readiness.playbook.owner)})`));
  if (readiness.partner.recommended) {
    blocks.push(
      section(`:handshake: A certified partner is worth it here: ${readiness.partner.why.map((w) => escapeMrkdwn(w)).join("; ")}.`),
      {
        type: "actions",
        block_id: "uc_readiness_actions",
        elements: [{ type: "button", action_id: USE_CASE_PARTNER, style: "primary", text: plain(":handshake: Talk to a partner", LIMITS.buttonText), value: useCase.id }],
      },
    );
  }
  return { text: `Readiness for ${useCase.title}: complexity ${c.score}/${c.max} (${c.level})`, blocks };
}

export const SAVED_STATUS_LABEL: Record<SavedUseCaseStatus, string> = {
  to_try: ":bookmark: To try",
  trying: ":hourglass_flowing_sand: Trying it",
  adopted: ":white_check_mark: In use",
  dropped: ":no_entry_sign: Dropped",
};

/** Longest list shown on App Home (each is one block). */
export const SAVED_SHOWN = 15;

/** App Home: the user's saved use cases with their progress (a menu to change it) and the catalog's status. */
export function buildSavedUseCasesSection(saved: SavedUseCase[], lookup: (id: string) => UseCaseRecord | undefined): HomeSection {
  const known = saved.map((s) => ({ s, uc: lookup(s.useCaseId) })).filter((x): x is { s: SavedUseCase; uc: UseCaseRecord } => x.uc !== undefined);
  if (known.length === 0) {
    return { title: "Your saved use cases", blocks: [context("Nothing saved yet. Use *Find AI use cases* above and press *Save to my list* on the ones you want to try.")] };
  }
  const option = (status: SavedUseCaseStatus, id: string) => ({ text: plain(SAVED_STATUS_LABEL[status], LIMITS.optionText), value: `${status}:${id}` });
  const blocks: Block[] = known.slice(0, SAVED_SHOWN).map(({ s, uc }) => ({
    type: "section",
    text: { type: "mrkdwn", text: truncate(`*${escapeMrkdwn(uc.title)}*\n${escapeMrkdwn(`~${uc.hoursSaved.perPersonPerWeek} h/week · effort ${uc.effort}/5 · ${STATUS_LABEL[uc.status.value]} in the company`)}`, LIMITS.sectionText) },
    accessory: {
      type: "static_select",
      action_id: USE_CASE_STATUS,
      initial_option: option(s.status, uc.id),
      options: (Object.keys(SAVED_STATUS_LABEL) as SavedUseCaseStatus[]).map((st) => option(st, uc.id)),
    },
  }));
  if (known.length > SAVED_SHOWN) blocks.push(context(`…and ${known.length - SAVED_SHOWN} more.`));
  return { title: "Your saved use cases", blocks };
}
