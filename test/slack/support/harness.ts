/**
 * Starts the real Bolt app in HTTP mode on a free port, against the fake Slack Web API, with a real SQLite
 * store in a temp dir; sends signed requests the way Slack does.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { AnswerEngine } from "../../../src/assistant/contract.ts";
import type { Clock } from "../../../src/clock.ts";
import { createLogger } from "../../../src/logging.ts";
import { createSlackApp, EVENTS_PATH, type SlackApp, type SlackAppDeps } from "../../../src/slack/app.ts";
import { ANSWER_ACTIONS_BLOCK } from "../../../src/slack/ids.ts";
import type { HomeSectionProvider } from "../../../src/slack/services.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/Store.ts";
import type { CheckinSetup } from "../../../src/slack/checkins/index.ts";
import { type FakeSlackApi, type FakeSlackApiOptions, startFakeSlackApi } from "../../support/fake-slack.ts";
import { commandBody, eventBody, interactionBody, postSigned, type SentRequest, type SignOptions } from "../../support/slack-signing.ts";
import { FakeEngine, type FakeEngineOptions } from "./fake-engine.ts";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-test-token";

/**
 * Personal data planted in questions by failure tests, and the secrets of the harness: none of it may appear in
 * any log line of any test that uses the harness (checked by close()).
 */
export const PLANTED = ["4111 1111 1111 1111", "4111111111111111", "jane.doe@example.com"] as const;

/** The log lines (as JSON) that carry a secret or planted personal data. */
export function leaksIn(logs: Record<string, unknown>[]): string[] {
  const forbidden = [BOT_TOKEN, SIGNING_SECRET, ...PLANTED];
  return logs.map((l) => JSON.stringify(l)).filter((line) => forbidden.some((f) => line.includes(f)));
}
export const ESCALATION_CHANNEL = "CESCALATE1";
export const NOW = new Date("2026-11-26T10:00:00Z");
const PAYLOADS = join(import.meta.dirname, "../../fixtures/slack/payloads");

/** A payload fixture from test/fixtures/slack/payloads (copied from ../shared/slack) (without its `_source`). */
export function fixture<T = Record<string, any>>(name: string): T {
  const { _source, ...rest } = JSON.parse(readFileSync(join(PAYLOADS, name), "utf8")) as Record<string, unknown>;
  return rest as T;
}

export function fixtureText(name: string): string {
  return readFileSync(join(PAYLOADS, name), "utf8").trim();
}

export interface Harness {
  fake: FakeSlackApi;
  store: Store;
  engine: AnswerEngine;
  slack: SlackApp;
  url: string;
  logs: Record<string, any>[];
  sendEvent(envelope: object, options?: SignOptions & { signature?: string }): Promise<SentRequest>;
  sendInteraction(payload: object): Promise<SentRequest>;
  sendCommand(fields: Record<string, string>): Promise<SentRequest>;
  /** Waits until the app has been quiet (no Web API call) for `ms`. */
  settle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  engine?: (store: Store) => AnswerEngine;
  engineOptions?: Omit<FakeEngineOptions, "store">;
  rateLimitPerMinute?: number;
  escalationChannel?: string | null;
  clock?: Clock;
  placeholderDelayMs?: number;
  progressIntervalMs?: number;
  /** Wraps the store the app sees (e.g. to make a method fail). */
  wrapStore?: (store: Store) => Store;
  homeSections?: HomeSectionProvider[];
  /** Check-ins set up over the harness's store. */
  checkins?: (store: Store) => CheckinSetup;
  fakeOptions?: FakeSlackApiOptions;
  /** Opens the store instead of a fresh SQLite file (e.g. PostgreSQL); the harness closes it. */
  openStore?: () => Promise<Store>;
  /** Anything else createSlackApp takes (inbox settings, timeouts, …). */
  app?: Partial<Omit<SlackAppDeps, "config" | "engine" | "store" | "logger">>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pp-slack-"));
  const store = options.openStore ? await options.openStore() : await openStore({ dataDir: dir });
  const fake = await startFakeSlackApi(options.fakeOptions);
  const logs: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger("debug", sink, { secrets: [BOT_TOKEN, SIGNING_SECRET] });
  const engine = options.engine?.(store) ?? new FakeEngine({ store, ...options.engineOptions });
  const slack = createSlackApp({
    config: {
      enabled: true,
      mode: "http",
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      port: 0,
      apiUrl: fake.url,
      escalationChannel: options.escalationChannel === null ? undefined : (options.escalationChannel ?? ESCALATION_CHANNEL),
      rateLimitPerMinute: options.rateLimitPerMinute ?? 100,
    },
    engine,
    store: options.wrapStore ? options.wrapStore(store) : store,
    logger,
    clock: options.clock ?? (() => NOW),
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 },
    placeholderDelayMs: options.placeholderDelayMs,
    homeSections: options.homeSections,
    checkins: options.checkins?.(store),
    progressIntervalMs: options.progressIntervalMs,
    ...options.app,
  });
  const { port } = await slack.start();
  const url = `http://127.0.0.1:${port}${EVENTS_PATH}`;
  let lastCall = performance.now();
  fake.onCall(() => {
    lastCall = performance.now();
  });
  return {
    fake,
    store,
    engine,
    slack,
    url,
    logs,
    sendEvent: (envelope, signOptions = {}) => postSigned(url, SIGNING_SECRET, eventBody(envelope), signOptions),
    sendInteraction: (payload) => postSigned(url, SIGNING_SECRET, interactionBody(payload)),
    sendCommand: (fields) => postSigned(url, SIGNING_SECRET, commandBody(fields)),
    async settle(ms = 150) {
      lastCall = performance.now();
      while (performance.now() - lastCall < ms) await new Promise((r) => setTimeout(r, 25));
    },
    async close() {
      await slack.stop();
      await fake.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      const leaks = leaksIn(logs);
      if (leaks.length > 0) throw new Error(`logs carry a secret or planted personal data:\n${leaks.slice(0, 3).join("\n")}`);
    },
  };
}

let counter = 0;
/** A fresh event id and message ts, so tests sharing a store never collide in the dedup table. */
export function fresh(): { eventId: string; ts: string } {
  counter += 1;
  return { eventId: `EvT${Date.now()}${counter}`, ts: `${1_700_000_000 + counter}.${String(counter).padStart(6, "0")}` };
}

/** The app_mention fixture, mentioning our fake bot, with fresh ids. */
export function mentionEnvelope(botUserId: string, overrides: { text?: string; user?: string; thread_ts?: string; channel?: string } = {}) {
  const env = fixture("01_app_mention.event_callback.json");
  const { eventId, ts } = fresh();
  env.event_id = eventId;
  env.event = {
    ...env.event,
    ts,
    event_ts: ts,
    text: overrides.text ?? `<@${botUserId}> how do I connect an assistant to Salesforce?`,
    ...(overrides.user ? { user: overrides.user } : {}),
    ...(overrides.thread_ts ? { thread_ts: overrides.thread_ts } : {}),
    ...(overrides.channel ? { channel: overrides.channel } : {}),
  };
  return env;
}

/** Blocks of a recorded call, typed loosely for assertions. */
export const blocksOf = (call: { body: Record<string, unknown> } | undefined): any[] => (call?.body.blocks as any[]) ?? [];

/** A block_actions payload for a click on one of an answer's buttons (Slack's fixture, re-aimed at the answer). */
export function answerButtonClick(
  answer: { channel: string; threadTs: string; ts: string },
  button: { action_id: string; value?: string },
  userId: string,
  responseUrl: string,
): Record<string, any> {
  const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
  payload.user = { id: userId };
  payload.team = { id: "T123ABC456" };
  payload.container = { type: "message", message_ts: answer.ts, channel_id: answer.channel, is_ephemeral: false };
  payload.channel = { id: answer.channel };
  payload.message = { ...payload.message, ts: answer.ts, thread_ts: answer.threadTs, blocks: [] };
  payload.response_url = responseUrl;
  payload.trigger_id = `trigger-${answer.ts}`;
  payload.actions = [{ ...payload.actions[0], action_id: button.action_id, block_id: ANSWER_ACTIONS_BLOCK, value: button.value }];
  return payload;
}
