import type { Logger } from "../logging.ts";
import type { Notifier } from "../referrals/notifier.ts";
import type { Escalation } from "../store/Store.ts";
import { buildEscalationNotice, buildPlaybookFeedbackNotice, type PlaybookFeedbackNotice } from "./blocks/escalation.ts";
import { channelSafe } from "./blocks/channel-safe.ts";
import { enforceMessageLimits } from "./blocks/limits.ts";
import type { WebClient } from "./services.ts";
import type { AnswerMessage } from "./blocks/answer.ts";

/** Raised when there is nowhere to post (ESCALATION_CHANNEL unset); the escalation stays open. */
export class NotifierNotConfiguredError extends Error {
  readonly code = "notifier_not_configured";
  constructor() {
    super("ESCALATION_CHANNEL is not set: set it to the channel id (C…) where escalations and playbook flags are posted, and invite the bot there");
    this.name = "NotifierNotConfiguredError";
  }
}

/** Posts escalations and playbook feedback to the configured escalations channel. */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string | undefined,
    private readonly logger: Logger,
  ) {}

  get configured(): boolean {
    return Boolean(this.channel);
  }

  async notifyEscalation(escalation: Escalation): Promise<void> {
    const where = escalation.conversationId?.split(":")[0];
    await this.post(buildEscalationNotice(escalation, { channel: where && /^[CG]/.test(where) ? where : undefined }));
  }

  /** Tells the owners of the cited playbooks about a 👎 or a flag (with the reason). */
  async notifyPlaybookFeedback(notice: PlaybookFeedbackNotice): Promise<void> {
    await this.post(buildPlaybookFeedbackNotice(notice));
  }

  private async post(message: AnswerMessage): Promise<void> {
    if (!this.channel) throw new NotifierNotConfiguredError();
    const { message: safe, violations } = enforceMessageLimits(channelSafe(message));
    if (violations.length > 0) this.logger.warn({ violations }, "notification cut to fit Block Kit limits");
    await this.client.chat.postMessage({ channel: this.channel, text: safe.text, blocks: safe.blocks });
  }
}
