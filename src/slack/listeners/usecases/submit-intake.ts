import { enforceMessageLimits } from "../../blocks/limits.ts";
import { buildUseCaseResults, REGULATED_VALUE } from "../../blocks/usecases.ts";
import { guarded } from "../../failure.ts";
import { USE_CASE_DEPARTMENT_INPUT, USE_CASE_GOAL_INPUT, USE_CASE_REGULATED_INPUT, USE_CASE_ROLE_INPUT, USE_CASE_TOOLS_INPUT } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { tellDm } from "../../tell.ts";
import { IntakeError, parseIntake, splitTools, type Intake, type IntakeField } from "../../../usecases/intake.ts";
import type { UseCaseService } from "../../../usecases/UseCaseService.ts";
import type { SubmitArgs } from "../views/save-feedback-reason.ts";
import { inputValue } from "../views/view-input.ts";

const BLOCK_OF: Record<IntakeField, string> = {
  role: USE_CASE_ROLE_INPUT.blockId,
  department: USE_CASE_DEPARTMENT_INPUT.blockId,
  tools: USE_CASE_TOOLS_INPUT.blockId,
  goal: USE_CASE_GOAL_INPUT.blockId,
  regulated: USE_CASE_REGULATED_INPUT.blockId,
};

/** Reads the intake from a submitted modal; field errors are keyed by the block they belong to. */
export function intakeFromView(view: SubmitArgs["view"]): { intake: Intake } | { errors: Record<string, string> } {
  const regulated = view.state.values[USE_CASE_REGULATED_INPUT.blockId]?.[USE_CASE_REGULATED_INPUT.actionId]?.selected_options ?? [];
  try {
    return {
      intake: parseIntake({
        role: inputValue(view, USE_CASE_ROLE_INPUT) ?? "",
        department: inputValue(view, USE_CASE_DEPARTMENT_INPUT) ?? undefined,
        tools: splitTools(inputValue(view, USE_CASE_TOOLS_INPUT) ?? undefined),
        goal: inputValue(view, USE_CASE_GOAL_INPUT) ?? undefined,
        regulated: regulated.some((o) => o.value === REGULATED_VALUE),
      }),
    };
  } catch (err) {
    if (!(err instanceof IntakeError)) throw err;
    return { errors: Object.fromEntries(err.errors.map((e) => [BLOCK_OF[e.field], e.message])) };
  }
}

/** The intake modal's submission: field errors in the modal, otherwise the ranked use cases in the user's DM. */
export function submitUseCaseIntake(services: SlackServices, useCases: UseCaseService) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const read = intakeFromView(view);
    if ("errors" in read) {
      await ack({ response_action: "errors", errors: read.errors });
      return;
    }
    await ack();
    const user = body.user.id;
    await guarded(services.logger, "use-case suggestions", tellDm(client, user), async () => {
      const list = useCases.suggest(read.intake);
      const { text, blocks } = enforceMessageLimits(buildUseCaseResults(list, read.intake)).message;
      await client.chat.postMessage({ channel: user, text, blocks });
      services.logger.info({ user, fit: list.fit, function: list.function?.id, suggestions: list.suggestions.length }, "use cases suggested");
    });
  };
}
