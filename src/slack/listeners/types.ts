import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";

export type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

/** The fields of a user's message event that the listeners read. */
export interface UserMessage {
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}
