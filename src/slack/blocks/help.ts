import type { AnswerMessage } from "./answer.ts";
import { type Block, context, escapeMrkdwn, section, truncate } from "./text.ts";

/** One line of `/pilot` help: usage and what it does (built from the registered sub-commands). */
export interface HelpEntry {
  usage: string;
  what: string;
}

export function buildHelpMessage(options: { entries: HelpEntry[]; unknown?: string }): AnswerMessage {
  const { entries } = options;
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
      "You can also mention me in a channel (I answer in the thread, and follow-ups there need no tag), DM me, open me in the AI assistant side panel, or use the message shortcuts *Ask PartnerPilot* and *Talk to a partner*.",
    ),
  );
  return { text: "PartnerPilot help", blocks };
}
