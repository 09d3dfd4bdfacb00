import { PILOT_COMMAND } from "../ids.ts";
import type { AnswerMessage } from "./answer.ts";
import { type Block, context, escapeMrkdwn, section, truncate } from "./text.ts";

/** One entry of `/pilot` help; sub-commands added later (usecases, partners, checkin) add a line here. */
export interface HelpEntry {
  usage: string;
  what: string;
}

export const DEFAULT_HELP: HelpEntry[] = [
  { usage: `${PILOT_COMMAND} <question>`, what: "Ask anything about AI at work; I answer from the partner playbooks, with sources." },
  { usage: `${PILOT_COMMAND} ask <question>`, what: "The same, when your question starts with a word I use as a sub-command." },
  { usage: `${PILOT_COMMAND} help`, what: "This help." },
];

export function buildHelpMessage(options: { unknown?: string; entries?: HelpEntry[] } = {}): AnswerMessage {
  const entries = options.entries ?? DEFAULT_HELP;
  const blocks: Block[] = [];
  if (options.unknown) {
    blocks.push(section(`I don't know the sub-command \`${escapeMrkdwn(truncate(options.unknown, 60))}\`. Here is what I can do:`));
  }
  blocks.push(
    section(
      [
        "*PartnerPilot* helps you adopt AI: cited answers from the partner playbooks, AI use cases for your job, integration help, and a route to a certified partner when a need is too big for a playbook.",
        "",
        ...entries.map((e) => `• \`${escapeMrkdwn(e.usage)}\` — ${escapeMrkdwn(e.what)}`),
      ].join("\n"),
    ),
    context(
      "You can also mention me in a channel (I answer in the thread, and follow-ups there need no tag), DM me, open me in the AI assistant side panel, or use the message shortcuts *Ask PartnerPilot* and *Escalate to a partner*.",
    ),
  );
  return { text: "PartnerPilot help", blocks };
}
