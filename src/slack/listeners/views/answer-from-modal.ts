import { PostThenUpdateDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { escapeMrkdwn, truncate } from "../../blocks/text.ts";
import { guarded } from "../../failure.ts";
import { QUESTION_INPUT } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { tellDm } from "../../tell.ts";
import type { SubmitArgs } from "./save-feedback-reason.ts";
import { inputValue } from "./view-input.ts";

/** A question asked from App Home: answered in the user's DM with the app, where follow-ups can continue. */
export function answerFromModal(services: SlackServices) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const question = inputValue(view, QUESTION_INPUT)?.trim() ?? "";
    if (question.length === 0) {
      await ack({ response_action: "errors", errors: { [QUESTION_INPUT.blockId]: "Please type a question." } });
      return;
    }
    await ack();
    const user = body.user.id;
    const tell = tellDm(client, user);
    await guarded(services.logger, "ask from App Home", tell, () =>
      answerQuestion(
        services,
        { text: question, userId: user, surface: "home" },
        new PostThenUpdateDelivery({
          client,
          logger: services.logger,
          channel: user,
          preface: `You asked: _${escapeMrkdwn(truncate(question.replace(/\s+/g, " "), 500))}_`,
          progressIntervalMs: services.progressIntervalMs,
        }),
        tell,
      ),
    );
  };
}
