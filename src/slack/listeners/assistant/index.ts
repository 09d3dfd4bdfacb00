import { type App, Assistant } from "@slack/bolt";
import type { SlackServices } from "../../services.ts";
import { greetAssistantThread } from "./thread-started.ts";
import { answerInAssistantThread } from "./user-message.ts";

/** The assistant split view (assistant_thread_started, assistant_thread_context_changed, message.im in threads). */
export function register(app: App, services: SlackServices): void {
  app.assistant(
    new Assistant({
      threadStarted: greetAssistantThread(services),
      // The channel the user is looking at is not used yet; keeping it would cost a conversations.replies per change.
      threadContextChanged: async ({ event }) => {
        services.logger.debug({ channel: event.assistant_thread.channel_id }, "assistant thread context changed");
      },
      userMessage: answerInAssistantThread(services),
    }),
  );
}
