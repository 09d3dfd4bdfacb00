import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildAskModal, type ModalView } from "../../blocks/modals.ts";
import { openReferralModal } from "../referrals/open-referral-modal.ts";
import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellDm } from "../../tell.ts";

type HomeButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** An App Home button that opens a modal. */
function openModal(services: SlackServices, what: string, build: () => ModalView) {
  return async ({ ack, body, client }: HomeButtonArgs): Promise<void> => {
    await ack();
    await guarded(services.logger, what, tellDm(client, body.user.id), async () => {
      await client.views.open({ trigger_id: body.trigger_id, view: enforceViewLimits(build()).view });
    });
  };
}

export const openAskModal = (services: SlackServices) => openModal(services, "home: ask", () => buildAskModal());

export const openUseCaseModal = (services: SlackServices) =>
  openModal(services, "home: use cases", () =>
    buildAskModal({ initial: "Which AI use cases fit my job? My role is … in the … department, and I mostly use … (tools). What takes most of my time is …" }),
  );

/** App Home's "Talk to a partner": the referral modal, empty, for the person to describe the need. */
export const openPartnerModal = (services: SlackServices) =>
  async ({ ack, body, client }: HomeButtonArgs): Promise<void> => {
    await ack();
    const tell = tellDm(client, body.user.id);
    await guarded(services.logger, "home: talk to a partner", tell, () => openReferralModal(services, client, body.trigger_id, { text: "" }, tell));
  };
