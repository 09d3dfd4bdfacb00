/**
 * The outbox handlers that put referrals into Slack (and partner webhooks): each renders the referral as it is
 * now, posts it once and afterwards updates the same message in place (the ts is kept in referral_messages).
 */
import type { webApi } from "@slack/bolt";
import type { Clock } from "../../clock.ts";
import { PermanentDeliveryError, type OutboxHandler } from "../../outbox/OutboxWorker.ts";
import { deliverWebhook } from "../../outbox/webhook.ts";
import type { PartnerDirectory } from "../../partners/PartnerDirectory.ts";
import { REFERRAL_KINDS, type CardPayload, type DmPayload, type PmoPayload, type WebhookPayload } from "../../referrals/notifications.ts";
import type { Referral } from "../../store/referrals.ts";
import type { Store } from "../../store/Store.ts";
import { enforceMessageLimits } from "../blocks/limits.ts";
import { buildPartnerCard, buildPmoNotice, buildReminder, buildRequesterDm, buildSurvey } from "../blocks/referral.ts";

export interface ReferralDeliveryDeps {
  client: webApi.WebClient;
  store: Store;
  directory: PartnerDirectory;
  clock: Clock;
  /** Where PMO notices go (ESCALATION_CHANNEL); absent, they are only in the store and `referrals list`. */
  pmoChannel?: string;
  webhookSecret?: string;
}

export function referralDeliveryHandlers(d: ReferralDeliveryDeps): Record<string, OutboxHandler> {
  const load = async (id: number): Promise<Referral> => {
    const r = await d.store.referrals.get(id);
    if (!r) throw new PermanentDeliveryError(`referral ${id} does not exist`);
    return r;
  };
  /** Posts `message` once for (referral, target), and updates that same message afterwards. */
  const upsert = async (r: Referral, target: string, channel: string, message: { text: string; blocks: unknown[] }) => {
    const { blocks, text } = enforceMessageLimits(message as never).message as { text: string; blocks: never[] };
    const known = (await d.store.referrals.messages(r.id)).find((m) => m.target === target);
    if (known) {
      await d.client.chat.update({ channel: known.channel, ts: known.ts, text, blocks });
      return;
    }
    const posted = await d.client.chat.postMessage({ channel, text, blocks });
    await d.store.referrals.saveMessage({ referralId: r.id, target, channel: String(posted.channel ?? channel), ts: String(posted.ts) });
  };
  const firmChannel = (firmId: string) => {
    const channel = d.directory.get(firmId)?.firm.contacts.slackChannel;
    if (!channel) throw new PermanentDeliveryError(`partner ${firmId} has no Slack channel`);
    return channel;
  };
  return {
    [REFERRAL_KINDS.card]: async (m) => {
      const p = m.payload as CardPayload;
      const r = await load(p.referralId);
      await upsert(r, `card:${p.firmId}`, firmChannel(p.firmId), buildPartnerCard(r, p.firmId));
    },
    [REFERRAL_KINDS.dm]: async (m) => {
      const r = await load((m.payload as DmPayload).referralId);
      await upsert(r, "dm", r.requesterId, buildRequesterDm(r, r.firmId ? d.directory.get(r.firmId)?.firm.name : undefined));
    },
    [REFERRAL_KINDS.reminder]: async (m) => {
      const p = m.payload as CardPayload;
      const r = await load(p.referralId);
      if (r.state !== "offered" || r.firmId !== p.firmId) return; // answered meanwhile: nothing to remind
      const card = (await d.store.referrals.messages(r.id)).find((x) => x.target === `card:${p.firmId}`);
      const msg = buildReminder(r);
      await d.client.chat.postMessage({ channel: card?.channel ?? firmChannel(p.firmId), text: msg.text, blocks: msg.blocks as never[], ...(card ? { thread_ts: card.ts } : {}) });
    },
    [REFERRAL_KINDS.pmo]: async (m) => {
      if (!d.pmoChannel) return;
      const p = m.payload as PmoPayload;
      const msg = buildPmoNotice(await load(p.referralId), p.reason);
      await d.client.chat.postMessage({ channel: d.pmoChannel, text: msg.text, blocks: msg.blocks as never[] });
    },
    [REFERRAL_KINDS.survey]: async (m) => {
      const r = await load((m.payload as DmPayload).referralId);
      const msg = buildSurvey(r, (r.firmId && d.directory.get(r.firmId)?.firm.name) || "the partner");
      await d.client.chat.postMessage({ channel: r.requesterId, text: msg.text, blocks: msg.blocks as never[] });
    },
    [REFERRAL_KINDS.webhook]: async (m) => {
      const p = m.payload as WebhookPayload;
      if (!d.webhookSecret) throw new PermanentDeliveryError("PARTNER_WEBHOOK_SECRET is not set; partner webhooks are not sent unsigned");
      await deliverWebhook({ url: p.url, body: p.body, deliveryId: m.key, secret: d.webhookSecret, now: d.clock() });
    },
  };
}
