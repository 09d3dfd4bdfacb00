import type { AssistantThreadStartedMiddleware } from "@slack/bolt";
import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellInThread } from "../../tell.ts";
import { ASSISTANT_GREETING, SUGGESTED_PROMPTS, SUGGESTED_PROMPTS_TITLE } from "./suggested-prompts.ts";

/** A new assistant thread: greet, and offer the four jobs as suggested prompts. */
export function greetAssistantThread(services: SlackServices): AssistantThreadStartedMiddleware {
  return async ({ event, client, setSuggestedPrompts }) => {
    const { channel_id: channel, thread_ts: threadTs } = event.assistant_thread;
    await guarded(services.logger, "assistant thread start", tellInThread(client, channel, threadTs), async () => {
      await client.chat.postMessage({ channel, thread_ts: threadTs, text: ASSISTANT_GREETING });
      await setSuggestedPrompts({ title: SUGGESTED_PROMPTS_TITLE, prompts: SUGGESTED_PROMPTS.map((p) => ({ ...p })) });
    });
  };
}
