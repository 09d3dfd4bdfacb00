import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildEscalationModal } from "../../blocks/modals.ts";
import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellRespond } from "../../tell.ts";
import type { MessageShortcutArgs } from "./ask-about-message.ts";

/** "Escalate to a partner" on a message: the escalation modal with the message as the draft need. */
export function openEscalationForMessage(services: SlackServices) {
  return async ({ ack, shortcut, client, respond }: MessageShortcutArgs): Promise<void> => {
    await ack();
    const channel = shortcut.channel.id;
    const message = shortcut.message as { ts: string; thread_ts?: string; text?: string };
    const threadTs = message.thread_ts ?? message.ts;
    await guarded(services.logger, "escalate message", tellRespond(respond), async () => {
      const { view } = enforceViewLimits(
        buildEscalationModal({
          need: message.text ?? "",
          meta: {
            c: `${channel}:${threadTs}`,
            ch: channel,
            th: threadTs,
            r: ["Escalated from a Slack message"],
            pt: [],
            from: "shortcut",
            k: `msg:${channel}:${message.ts}:${shortcut.user.id}`,
          },
        }),
      );
      await client.views.open({ trigger_id: shortcut.trigger_id, view });
    });
  };
}
