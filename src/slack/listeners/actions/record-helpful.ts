import { buildNoticeMessage } from "../../blocks/notices.ts";
import type { SlackServices } from "../../services.ts";
import { onAnswerButton, recordClick } from "./answer-button.ts";

/** 👍: record it, thank the user (only they see it). */
export const recordHelpful = (services: SlackServices) =>
  onAnswerButton(services, "feedback up", async (clicked, { body }, tell) => {
    await recordClick(services, clicked, body.user.id, "up");
    await tell(buildNoticeMessage(":thumbsup: Thanks! Your feedback helps the playbook owners keep answers sharp."));
  });
