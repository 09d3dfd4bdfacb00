/**
 * The one path from a question in Slack to an answer in Slack, whatever the surface: claim the message (exactly
 * once), check size and rate limit, ask the engine, deliver. Any failure ends as a message with a reference id.
 * Thread memory is the engine's: given a conversationId it reads and appends the turns (AnswerService does).
 */
import type { AnswerDelivery } from "./AnswerDelivery.ts";
import { type InboxWork, LeaseLostError } from "./inbox/Inbox.ts";
import { isTransientSlackError } from "./ReplyPoster.ts";
import { buildEmptyQuestionMessage, buildOversizedMessage, buildRateLimitMessage } from "./blocks/notices.ts";
import { minuteWindow } from "./conversation.ts";
import { reportFailure } from "./failure.ts";
import type { SlackServices } from "./services.ts";
import type { Tell } from "./tell.ts";

export interface QuestionRequest {
  /** The question, bot mention already stripped. */
  text: string;
  userId: string;
  /** Where it was asked, for logs. */
  surface: "mention" | "dm" | "thread" | "assistant" | "command" | "shortcut" | "home";
  /**
   * `channel:ts` of the user's message when the question is a Slack message: claimed in the store, so an
   * app_mention and a message event for the same message (or two replicas) answer once.
   */
  messageKey?: string;
  /** Conversation id when it is known before delivery starts (replies in an existing thread). */
  conversationId?: string;
  /**
   * The inbox work of the event that carried the question: a delivery Slack refused for now is retried later
   * through it (instead of a failure message), and a re-run after a crash is not taken for a duplicate.
   */
  work?: InboxWork;
}

export type QuestionOutcome = "answered" | "duplicate" | "empty" | "oversized" | "rate_limited" | "failed" | "deferred";

export async function answerQuestion(
  services: SlackServices,
  request: QuestionRequest,
  delivery: AnswerDelivery,
  tell: Tell,
): Promise<QuestionOutcome> {
  const { store, engine, logger, clock } = services;
  const log = logger.child({ surface: request.surface, user: request.userId });

  if (request.messageKey && !(await store.claimEvent(`msg:${request.messageKey}`, clock(), request.work?.key))) {
    log.debug({ messageKey: request.messageKey }, "message already handled; skipping");
    return "duplicate";
  }

  const question = request.text.trim();
  if (question.length === 0) {
    await tell(buildEmptyQuestionMessage());
    return "empty";
  }
  if (question.length > services.maxQuestionChars) {
    log.info({ chars: question.length }, "question too long");
    services.metrics?.refusals.inc({ reason: "oversized" });
    await tell(buildOversizedMessage(question.length, services.maxQuestionChars));
    return "oversized";
  }
  const askedAt = clock();
  const hits = await store.hitRateLimit(`user:${request.userId}`, minuteWindow(askedAt));
  if (hits > services.rateLimitPerMinute) {
    log.info({ hits, limit: services.rateLimitPerMinute }, "rate limited");
    services.metrics?.refusals.inc({ reason: "rate_limited" });
    await tell(buildRateLimitMessage(services.rateLimitPerMinute));
    return "rate_limited";
  }

  try {
    await services.answering.run(async () => {
      const started = await delivery.begin();
      const conversationId = request.conversationId ?? `${started.channel}:${started.rootTs ?? `solo-${askedAt.getTime()}-${request.userId}`}`;
      const startedAt = performance.now();
      const stream = engine.askStream({ text: question, conversationId, userId: request.userId });
      // Observe the result now, so a rejection while chunks are still being read is not "unhandled".
      stream.result.catch(() => undefined);
      let soFar = "";
      for await (const delta of stream.chunks) {
        soFar += delta;
        await delivery.chunk(delta, soFar);
      }
      const result = await stream.result;
      services.metrics?.answerSeconds.observe({ engine: services.engineName ?? "offline" }, (performance.now() - startedAt) / 1000);
      const delivered = await delivery.complete({ result, conversationId, question, now: clock() });
      log.info(
        { conversationId, answerId: delivered.messageTs ? `${delivered.channel}:${delivered.messageTs}` : undefined, intent: result.intent, citations: result.citations.length, chars: result.answer.length, ms: Math.round(performance.now() - startedAt) },
        "answered",
      );
      services.metrics?.answers.inc({ intent: result.intent });
      if (result.intent === "out_of_scope") services.metrics?.refusals.inc({ reason: "out_of_scope" });
    });
  } catch (err) {
    const work = request.work;
    if (err instanceof LeaseLostError) {
      log.warn({ inboxKey: work?.key }, "another worker took this question over; leaving it to them");
      return "duplicate";
    }
    if (work?.canRetry && isTransientSlackError(err)) {
      // Slack could not be reached: the answer is retried later (the placeholder, if any, is found again).
      const retryAt = work.retryLater();
      log.warn({ err, attempt: work.attempt, retryAt }, "could not deliver the answer; will retry");
      services.metrics?.answerErrors.inc({ stage: "delivery_deferred" });
      return "deferred";
    }
    work?.markFailed();
    services.metrics?.answerErrors.inc({ stage: "failed" });
    // At most one failure message per question, ever (replicas, retries and re-runs included).
    const noticeKey = `failure-notice:${request.messageKey ?? work?.key ?? ""}`;
    if ((request.messageKey || work) && !(await store.claimEvent(noticeKey, clock()).catch(() => true))) {
      log.warn({ err }, "answering failed again; the user was already told");
      return "failed";
    }
    // Replace whatever the user sees (placeholder, stream) with the failure; failing that, tell them anew.
    await reportFailure(log, "answering", err, async (message) => {
      try {
        await delivery.fail(message);
      } catch (failError) {
        // Slack unreachable: the notice may have gone through; telling again could be a second one.
        if (isTransientSlackError(failError)) throw failError;
        await tell(message);
      }
    });
    return "failed";
  }

  return "answered";
}
