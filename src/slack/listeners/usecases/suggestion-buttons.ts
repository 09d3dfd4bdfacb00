import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from "@slack/bolt";
import { enforceMessageLimits, enforceViewLimits } from "../../blocks/limits.ts";
import { openReferralModal } from "../referrals/open-referral-modal.ts";
import { buildPromptMessage, buildReadinessMessage } from "../../blocks/usecases.ts";
import { guarded } from "../../failure.ts";
import type { SlackServices, WebClient } from "../../services.ts";
import { tellDm } from "../../tell.ts";
import { publishHome } from "../home/publish-home.ts";
import type { SavedUseCaseStatus } from "../../../store/Store.ts";
import type { UseCaseRecord } from "../../../usecases/catalog.ts";
import type { UseCaseService } from "../../../usecases/UseCaseService.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

interface Clicked {
  useCase: UseCaseRecord;
  user: string;
  /** Where to reply: the results message's channel and thread (absent when clicked outside a message). */
  channel?: string;
  threadTs?: string;
}

/**
 * A button carrying a use-case id: acks, finds the use case (an id no longer in the catalog gets a plain note),
 * and runs `body` with failures reported to the user by DM.
 */
function onUseCaseButton(services: SlackServices, useCases: UseCaseService, what: string, run: (clicked: Clicked, args: ButtonArgs) => Promise<void>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { body, action, client } = args;
    const user = body.user.id;
    await guarded(services.logger, what, tellDm(client, user), async () => {
      const useCase = useCases.useCase(action.value ?? "");
      const channel = body.channel?.id ?? body.container?.channel_id;
      const threadTs = body.message?.thread_ts ?? body.message?.ts ?? body.container?.message_ts;
      if (!useCase) {
        await reply(client, { user, channel, threadTs }, { text: "That use case is no longer in the catalog. Run *Find AI use cases* again for a fresh list." });
        return;
      }
      await run({ useCase, user, channel, threadTs }, args);
    });
  };
}

async function reply(client: WebClient, where: { user: string; channel?: string; threadTs?: string }, message: { text: string; blocks?: unknown[] }): Promise<void> {
  await client.chat.postMessage({ channel: where.channel ?? where.user, ...(where.channel && where.threadTs ? { thread_ts: where.threadTs } : {}), text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
}

export const tryPrompt = (services: SlackServices, useCases: UseCaseService) =>
  onUseCaseButton(services, useCases, "use case: try this prompt", async (c, { client }) => {
    const uc = c.useCase;
    const guardrail = useCases.suggestionFor(uc).guardrail;
    await reply(client, c, enforceMessageLimits(buildPromptMessage({ useCase: uc, prompt: uc.examplePrompts[0]!, ...(guardrail ? { guardrail } : {}) })).message);
  });

export const showReadiness = (services: SlackServices, useCases: UseCaseService) =>
  onUseCaseButton(services, useCases, "use case: readiness checklist", async (c, { client }) => {
    const readiness = useCases.readinessForUseCase(c.useCase.id);
    const message = buildReadinessMessage({ useCase: c.useCase, steps: useCases.readinessSteps(c.useCase), ...(readiness ? { readiness } : {}) });
    await reply(client, c, enforceMessageLimits(message).message);
  });

export const saveUseCase = (services: SlackServices, useCases: UseCaseService) =>
  onUseCaseButton(services, useCases, "use case: save to my list", async (c, { client }) => {
    const { created } = await services.store.saveUseCase(c.user, c.useCase.id, services.clock());
    await reply(client, c, {
      text: created ? `Saved *${c.useCase.title}* to your list: it's on my App Home, where you can mark it as trying or in use.` : `*${c.useCase.title}* is already on your list (App Home).`,
    });
    await publishHome(services, client, c.user);
  });

export const talkToPartner = (services: SlackServices, useCases: UseCaseService) =>
  onUseCaseButton(services, useCases, "use case: talk to a partner", async (c, { client, body }) => {
    const readiness = useCases.readinessForUseCase(c.useCase.id);
    const need = readiness
      ? `${readiness.partner.summary} Prerequisites in ${readiness.playbook.path}.`
      : `Help implementing the use case "${c.useCase.title}" (${c.useCase.path}): ${c.useCase.description}`;
    await openReferralModal(services, client, body.trigger_id, { text: need }, tellDm(client, c.user));
  });

/** The progress menu of a saved use case on App Home. */
export const setSavedStatus = (services: SlackServices) => async ({ ack, body, action, client }: SelectArgs): Promise<void> => {
  await ack();
  const user = body.user.id;
  await guarded(services.logger, "use case: set progress", tellDm(client, user), async () => {
    const m = /^(to_try|trying|adopted|dropped):(.+)$/.exec(action.selected_option?.value ?? "");
    if (!m) throw new Error("unexpected saved use case status value");
    await services.store.setSavedUseCaseStatus(user, m[2]!, m[1] as SavedUseCaseStatus, services.clock());
    await publishHome(services, client, user);
  });
};
