/**
 * A fake Slack Web API on loopback, for integration tests and `bench`: answers the methods the app calls,
 * records every call with its parsed body, and can be told to fail (HTTP 429 with Retry-After, or
 * `{ ok: false, error }`). Also serves response_url posts (recorded as method `response_url`), and
 * `apps.connections.open` (socket mode) when given a `socketModeUrl`.
 * Dev tooling: it lives under src/ only because the bench (run from the CLI) needs it.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
  /** What the fake answered (status and JSON). */
  status: number;
  response: Record<string, unknown>;
}

export interface Fault {
  /** HTTP status; 429 sends a Retry-After header. Default 200 with `{ ok: false, error }`. */
  status?: number;
  retryAfterSeconds?: number;
  error?: string;
  /** Close the connection without an answer (a network-level failure: ECONNRESET / socket hang up). */
  drop?: boolean;
  /**
   * Do the call (a post is stored, like Slack committing it), but answer only after this many ms: a request that
   * outlives the client's timeout yet in fact succeeded.
   */
  hangMs?: number;
}

/** A message the fake holds (posted by the app), as conversations.history / replies return it. */
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: unknown;
  blocks?: unknown;
  metadata?: unknown;
  /** A person's message planted by a test (absent: posted by the app). */
  user?: string;
}

export interface FakeSlackApiOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Artificial latency per call (ms), to make benches honest about a network hop. */
  latencyMs?: number;
  /**
   * The WebSocket URL `apps.connections.open` hands out (called once per connection attempt). Unset, that method
   * answers `unknown_method` like any other the fake does not know.
   */
  socketModeUrl?: () => string;
  /** Answer every Nth Web API call (auth.test excepted) with HTTP 429 and `Retry-After` (like Slack's rate limits). */
  rateLimitEvery?: number;
  /** Retry-After of those 429s, in seconds (default 1). */
  rateLimitRetryAfterSeconds?: number;
  /** People, channels and user groups for users.info, conversations.members/info and usergroups.* (check-in audiences). */
  directory?: FakeDirectory;
}

export interface FakeDirectory {
  users?: Record<string, { tz?: string; title?: string; fields?: Record<string, string>; is_bot?: boolean; deleted?: boolean }>;
  channels?: Record<string, { name: string; members: string[] }>;
  usergroups?: Record<string, { handle: string; users: string[] }>;
}

export interface FakeSlackApi {
  /** Base URL for SLACK_API_URL (`http://127.0.0.1:PORT/api/`). */
  readonly url: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly calls: RecordedCall[];
  /** Job titles users.info returns, by user id (empty title for anyone else). */
  readonly userTitles: Map<string, string>;
  /** Messages posted (and updated) so far, by `channel:ts`; conversations.history/replies read them. */
  readonly messages: Map<string, StoredMessage>;
  /** A response_url that posts back to this server. */
  responseUrl(id?: string): string;
  callsTo(method: string): RecordedCall[];
  /** Ends every fault still queued (an outage is over). */
  clearFaults(): void;
  /** The next `times` calls of `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times?: number): void;
  onCall(listener: (call: RecordedCall) => void): () => void;
  /** Resolves with the first truthy value of `probe(calls)`, re-checked on every call; rejects after `timeoutMs`. */
  waitFor<T>(probe: (calls: RecordedCall[]) => T | undefined | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  if (contentType?.includes("application/json")) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { _raw: raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseQuery(raw))) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === "string" && /^[[{]/.test(value)) {
      try {
        out[k] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[k] = value;
  }
  return out;
}

export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
  const botUserId = options.botUserId ?? "UBOT0001";
  const botId = options.botId ?? "BBOT0001";
  const teamId = options.teamId ?? "T123ABC456";
  const calls: RecordedCall[] = [];
  const messages = new Map<string, StoredMessage>();
  const userTitles = new Map<string, string>();
  const faults = new Map<string, Fault[]>();
  const listeners = new Set<(call: RecordedCall) => void>();
  let seq = 0;
  let apiCalls = 0;
  let origin = "";
  const base = Math.floor(Date.now() / 1000);
  const nextTs = () => `${base}.${String(++seq).padStart(6, "0")}`;
  const dmOf = (channel: string) => (/^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel);

  function answer(method: string, body: Record<string, unknown>, headers: IncomingHttpHeaders): Record<string, unknown> {
    const channel = typeof body.channel === "string" ? dmOf(body.channel) : undefined;
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://example.slack.com/", team: "Example", user: "partnerpilot", team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false };
      case "chat.postMessage": {
        const ts = nextTs();
        messages.set(`${channel}:${ts}`, { channel: channel!, ts, thread_ts: body.thread_ts as string | undefined, text: body.text, blocks: body.blocks, metadata: body.metadata });
        return { ok: true, channel, ts, message: { type: "message", text: body.text, user: botUserId, bot_id: botId, ts, thread_ts: body.thread_ts } };
      }
      case "chat.update": {
        const held = messages.get(`${channel}:${String(body.ts)}`);
        if (held) Object.assign(held, { text: body.text, blocks: body.blocks, ...(body.metadata ? { metadata: body.metadata } : {}) });
      }
        return { ok: true, channel, ts: body.ts, text: body.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.startStream":
        return { ok: true, channel, ts: nextTs() };
      case "chat.appendStream":
      case "chat.stopStream":
        return { ok: true, channel, ts: body.ts };
      case "chat.getPermalink":
        return { ok: true, channel, permalink: `https://example.slack.com/archives/${String(channel)}/p${String(body.message_ts).replace(".", "")}` };
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish":
        return { ok: true, view: { id: `V${String(++seq).padStart(8, "0")}`, ...(body.view as object) } };
      case "assistant.threads.setStatus":
      case "assistant.threads.setSuggestedPrompts":
      case "assistant.threads.setTitle":
        return { ok: true };
      case "conversations.replies":
      case "conversations.history": {
        const threadTs = method === "conversations.replies" ? String(body.ts) : undefined;
        const oldest = Number(body.oldest ?? 0);
        const found = [...messages.values()]
          .filter((m) => m.channel === channel && (threadTs ? m.ts === threadTs || m.thread_ts === threadTs : !m.thread_ts) && Number(m.ts) >= oldest)
          .map((m) => ({ type: "message", user: m.user ?? botUserId, ...(m.user ? {} : { bot_id: botId }), ts: m.ts, thread_ts: m.thread_ts, text: m.text, blocks: m.blocks, ...(body.include_all_metadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: method === "conversations.history" ? found.reverse() : found, has_more: false };
      }
      case "response_url":
      case "file_upload":
        return { ok: true };
      case "conversations.open": {
        const users = String(body.users ?? "").split(",")[0] ?? "";
        return { ok: true, channel: { id: dmOf(users) } };
      }
      case "users.info": {
        const id = String(body.user ?? "");
        const u = options.directory?.users?.[id];
        if (options.directory?.users && !u) return { ok: false, error: "user_not_found" };
        const fields = Object.fromEntries(Object.entries(u?.fields ?? {}).map(([k, value]) => [k, { value, alt: "" }]));
        return { ok: true, user: { id, name: id.toLowerCase(), deleted: u?.deleted ?? false, is_bot: u?.is_bot ?? false, tz: u?.tz ?? "UTC", profile: { title: u?.title ?? userTitles.get(id) ?? "", fields } } };
      }
      case "conversations.members": {
        const ch = options.directory?.channels?.[String(body.channel)];
        if (!ch) return { ok: false, error: "channel_not_found" };
        // Pages of 200, like Slack's default limit.
        const start = Number(body.cursor || 0);
        const limit = Number(body.limit || 200);
        const next = start + limit < ch.members.length ? String(start + limit) : "";
        return { ok: true, members: ch.members.slice(start, start + limit), response_metadata: { next_cursor: next } };
      }
      case "conversations.info": {
        const ch = options.directory?.channels?.[String(body.channel)];
        return ch ? { ok: true, channel: { id: body.channel, name: ch.name } } : { ok: false, error: "channel_not_found" };
      }
      case "usergroups.users.list": {
        const g = options.directory?.usergroups?.[String(body.usergroup)];
        return g ? { ok: true, users: g.users } : { ok: false, error: "no_such_subteam" };
      }
      case "usergroups.list":
        return { ok: true, usergroups: Object.entries(options.directory?.usergroups ?? {}).map(([id, g]) => ({ id, handle: g.handle, name: g.handle, users: g.users })) };
      case "files.getUploadURLExternal": {
        const id = `F${String(++seq).padStart(8, "0")}`;
        return { ok: true, upload_url: `${origin}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: ((body.files as { id: string; title?: string }[]) ?? []).map((f) => ({ id: f.id, title: f.title })) };
      case "apps.connections.open": {
        if (!options.socketModeUrl) return { ok: false, error: "unknown_method" };
        // Like Slack: only an app-level token (xapp-…) may open a socket mode connection.
        const token = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1] ?? (typeof body.token === "string" ? body.token : "");
        if (!token) return { ok: false, error: "not_authed" };
        if (!token.startsWith("xapp-")) return { ok: false, error: "not_allowed_token_type" };
        return { ok: true, url: options.socketModeUrl() };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const method = path.startsWith("/api/") ? path.slice("/api/".length) : path.startsWith("/response/") ? "response_url" : path.startsWith("/upload/") ? "file_upload" : path;
      const raw = Buffer.concat(chunks);
      const body = method === "file_upload" ? { bytes: raw.length } : parseBody(raw.toString("utf8"), req.headers["content-type"]);
      const queue = faults.get(method);
      let fault = queue?.shift();
      if (!fault && options.rateLimitEvery && method !== "auth.test" && ++apiCalls % options.rateLimitEvery === 0) {
        fault = { status: 429, retryAfterSeconds: options.rateLimitRetryAfterSeconds ?? 1 };
      }
      if (queue && queue.length === 0) faults.delete(method);
      if (fault?.drop) {
        calls.push({ method, body, headers: req.headers, at: performance.now(), status: 0, response: { dropped: true } });
        req.socket.destroy();
        return;
      }
      let status = 200;
      let response: Record<string, unknown>;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (fault && fault.hangMs === undefined) {
        status = fault.status ?? 200;
        response = { ok: false, error: fault.error ?? (status === 429 ? "ratelimited" : "internal_error") };
        if (status === 429) headers["retry-after"] = String(fault.retryAfterSeconds ?? 0);
      } else {
        response = answer(method, body, req.headers);
      }
      const call: RecordedCall = { method, body, headers: req.headers, at: performance.now(), status, response };
      const send = () => {
        calls.push(call);
        res.writeHead(status, headers);
        res.end(JSON.stringify(response));
        for (const l of listeners) l(call);
      };
      const delay = (fault?.hangMs ?? 0) + (options.latencyMs ?? 0);
      if (delay > 0) setTimeout(() => (res.destroyed ? calls.push(call) : send()), delay);
      else send();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const api: FakeSlackApi = {
    url: `${origin}/api/`,
    botUserId,
    botId,
    teamId,
    calls,
    messages,
    userTitles,
    responseUrl: (id = String(++seq)) => `${origin}/response/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    clearFaults: () => faults.clear(),
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(method, queue);
    },
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor<T>(probe: (calls: RecordedCall[]) => T | undefined | false, timeoutMs = 5000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const v = probe(calls);
          if (v) {
            cleanup();
            resolve(v as T);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms; calls so far: ${calls.map((c) => c.method).join(", ") || "none"}`));
        }, timeoutMs);
        const off = api.onCall(check);
        const cleanup = () => {
          clearTimeout(timer);
          off();
        };
        check();
      });
    },
    reset() {
      calls.length = 0;
      messages.clear();
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return api;
}
