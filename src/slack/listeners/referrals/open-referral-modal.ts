/**
 * Every "Talk to a partner" entry point (an answer's button, the message shortcut, App Home, `/pilot partner`, a
 * suggested use case) opens the same referral modal: the need drafted from what the person was looking at,
 * redacted, with the systems, data classification, region and language read from it, the best matches, and the
 * consent box the submission requires.
 */
import { stripSlackMarkup } from "../../../assistant/request.ts";
import { buildReferralModal } from "../../blocks/referral.ts";
import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildNoticeMessage } from "../../blocks/notices.ts";
import type { SlackServices, WebClient } from "../../services.ts";
import type { Tell } from "../../tell.ts";
import type { ReferralModalMeta } from "./index.ts";

export const REFERRALS_NOT_SET_UP =
  "Certified-partner referrals are not set up in this workspace yet; please contact the Partner Management Office directly.";

/** Opens the referral modal drafted from `text` (may be empty: the person writes the need themselves). */
export async function openReferralModal(
  services: SlackServices,
  client: WebClient,
  triggerId: string,
  from: { text: string; meta?: ReferralModalMeta },
  tell: Tell,
): Promise<void> {
  const referrals = services.referrals;
  if (!referrals) {
    await tell(buildNoticeMessage(`:handshake: ${REFERRALS_NOT_SET_UP}`));
    return;
  }
  const text = stripSlackMarkup(from.text).trim();
  // Nothing to draft from (App Home, a bare `/pilot partner`): an empty form, no matches for an empty need.
  const draft = text ? await referrals.service.draft(text) : { summary: "", details: { systems: [] }, matches: [] };
  const { view } = enforceViewLimits(buildReferralModal(draft, JSON.stringify(from.meta ?? {})));
  await client.views.open({ trigger_id: triggerId, view });
}

/**
 * The text of a message and, when it is part of a thread, the thread's other messages by people (oldest first),
 * as the need to draft from. Reading the thread is best effort: without access, the message alone is used.
 */
export async function threadText(
  client: WebClient,
  channel: string,
  message: { ts: string; thread_ts?: string; text?: string; reply_count?: number },
  maxChars = 2000,
): Promise<string> {
  const own = message.text ?? "";
  const threadTs = message.thread_ts ?? (message.reply_count ? message.ts : undefined);
  if (!threadTs) return own;
  let others: string[] = [];
  try {
    const res = await client.conversations.replies({ channel, ts: threadTs, limit: 50 });
    others = (res.messages ?? [])
      .filter((m) => m.ts !== message.ts && !m.bot_id && !(m as { subtype?: string }).subtype && m.text)
      .map((m) => m.text!);
  } catch {
    return own;
  }
  const parts = [own, ...others];
  let out = "";
  for (const p of parts) {
    if (out.length + p.length + 1 > maxChars) break;
    out = out ? `${out}\n${p}` : p;
  }
  return out || own;
}
