import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellRespond } from "../../tell.ts";
import { openReferralModal, threadText } from "../referrals/open-referral-modal.ts";
import type { MessageShortcutArgs } from "./ask-about-message.ts";

/** "Talk to a partner" on a message: the referral modal drafted from the message and the rest of its thread. */
export function openReferralForMessage(services: SlackServices) {
  return async ({ ack, shortcut, client, respond }: MessageShortcutArgs): Promise<void> => {
    await ack();
    const channel = shortcut.channel.id;
    const message = shortcut.message as { ts: string; thread_ts?: string; text?: string; reply_count?: number };
    const threadTs = message.thread_ts ?? message.ts;
    const tell = tellRespond(respond);
    await guarded(services.logger, "talk to a partner about a message", tell, async () => {
      const text = await threadText(client, channel, message);
      await openReferralModal(services, client, shortcut.trigger_id, { text, meta: { c: `${channel}:${threadTs}`, ch: channel, th: threadTs } }, tell);
    });
  };
}
