import { buildNoticeMessage } from "../../blocks/notices.ts";
import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellUserWhere } from "../../tell.ts";
import { type ButtonArgs, clickedAnswer } from "./answer-context.ts";

/** 👍: record it, thank the user (only they see it). */
export function recordHelpful(services: SlackServices) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const clicked = clickedAnswer(body, action.value);
    if (!clicked) {
      services.logger.warn({ actionId: action.action_id }, "feedback button without a readable value");
      return;
    }
    const tell = tellUserWhere(client, clicked.channel, body.user.id, clicked.threadTs);
    await guarded(services.logger, "feedback up", tell, async () => {
      await services.store.recordFeedback({
        answerId: clicked.answerId,
        userId: body.user.id,
        kind: "up",
        paths: clicked.ref.s.map((s) => s.p),
        question: clicked.ref.q || undefined,
        at: services.clock(),
      });
      await tell(buildNoticeMessage(":thumbsup: Thanks! Your feedback helps the playbook owners keep answers sharp."));
    });
  };
}
