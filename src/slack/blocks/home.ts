/**
 * The App Home tab: what PartnerPilot does, quick actions, the user's recent questions with their feedback, then
 * any further sections (referrals, check-ins, saved use cases) passed in by later features.
 */
import type { types } from "@slack/bolt";
import type { FeedbackKind, QuestionSummary } from "../../store/Store.ts";
import { HOME_ACTIONS_BLOCK, HOME_ASK, HOME_FIND_USE_CASES, HOME_TALK_TO_PARTNER } from "../ids.ts";
import { LIMITS } from "./limits.ts";
import { type Block, context, escapeMrkdwn, plain, section, truncate } from "./text.ts";
import { ageInWords, daysBetween } from "./time.ts";

export type HomeView = types.HomeView;

/** A section a later feature adds to App Home (title + its own blocks). */
export interface HomeSection {
  title: string;
  blocks: Block[];
}

export interface HomeInput {
  userId: string;
  recentQuestions: QuestionSummary[];
  now: Date;
  sections?: HomeSection[];
}

const FEEDBACK_LABEL: Record<FeedbackKind, string> = {
  up: ":thumbsup: helpful",
  down: ":thumbsdown: not helpful",
  flag: ":triangular_flag_on_post: flagged outdated",
};

export function buildHomeView(input: HomeInput): HomeView {
  const blocks: Block[] = [
    { type: "header", text: plain("PartnerPilot", LIMITS.headerText) },
    section(
      [
        `Hi <@${input.userId}>! I help you put AI to work, from the company's partner playbooks:`,
        "• *Ask* anything about AI at work and get an answer with its sources.",
        "• *Find use cases*: AI ideas that fit your role, with value, effort and risk.",
        "• *Integration help*: how to connect AI to Salesforce, ServiceNow, SAP, Workday and more.",
        "• *Talk to a partner*: when a need is too big for a playbook, I route it to a certified implementation partner.",
      ].join("\n"),
    ),
    {
      type: "actions",
      block_id: HOME_ACTIONS_BLOCK,
      elements: [
        { type: "button", action_id: HOME_ASK, text: plain(":speech_balloon: Ask a question", LIMITS.buttonText), style: "primary" },
        { type: "button", action_id: HOME_FIND_USE_CASES, text: plain(":bulb: Find AI use cases", LIMITS.buttonText) },
        { type: "button", action_id: HOME_TALK_TO_PARTNER, text: plain(":handshake: Talk to a partner", LIMITS.buttonText) },
      ],
    },
    context("Tip: mention me in any channel, DM me, open me from the AI assistant panel, or type `/pilot help`."),
    { type: "divider" },
    { type: "header", text: plain("Your recent questions", LIMITS.headerText) },
    ...recentQuestionBlocks(input.recentQuestions, input.now),
  ];
  for (const s of input.sections ?? []) {
    const room = LIMITS.blocksPerView - blocks.length - 2;
    if (room <= 0) break;
    blocks.push({ type: "divider" }, { type: "header", text: plain(s.title, LIMITS.headerText) }, ...s.blocks.slice(0, room));
  }
  return { type: "home", blocks };
}

function recentQuestionBlocks(questions: QuestionSummary[], now: Date): Block[] {
  if (questions.length === 0) {
    return [context("Nothing yet. Your questions and the feedback you gave will show up here.")];
  }
  const lines = questions.slice(0, 10).map((q) => {
    const feedback = q.feedback ? FEEDBACK_LABEL[q.feedback] : "no feedback yet";
    return `• ${escapeMrkdwn(truncate(q.text.replace(/\s+/g, " "), 200))}\n      _${ageInWords(daysBetween(q.at, now))} · ${feedback}_`;
  });
  return [section(truncate(lines.join("\n"), LIMITS.sectionText))];
}
