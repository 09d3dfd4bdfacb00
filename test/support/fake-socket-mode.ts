/**
 * A fake Slack Socket Mode endpoint on loopback: the WebSocket half of socket mode, for integration tests.
 *
 * How socket mode works, and what this fake does at each step:
 * 1. The app calls `apps.connections.open` with its app-level token; Slack answers with a one-time WebSocket URL.
 *    Here the fake Web API answers with `connectionUrl()` (pass it as its `socketModeUrl`): a fresh ticket per call.
 * 2. The app connects; Slack sends `hello`, which is what @slack/socket-mode waits for before `start()` resolves.
 *    The fake sends it on connect (or when told to, with `autoHello: false`).
 * 3. Slack sends envelopes `{ envelope_id, type, payload, accepts_response_payload, retry_attempt?, retry_reason? }`
 *    with `type` `events_api` (payload: the event_callback body), `slash_commands` (payload: the command's fields)
 *    or `interactive` (payload: the block_actions / view_submission / shortcut body).
 * 4. The app acknowledges each one on the socket with `{ envelope_id, payload? }`; the fake records those acks.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type RawData, WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "events_api" | "slash_commands" | "interactive";

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: object;
  accepts_response_payload: boolean;
  /** events_api only: 0 on the first delivery, then 1, 2, … when Slack redelivers an unacknowledged event. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the app sent back for an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** performance.now() when it arrived. */
  at: number;
}

export interface SocketConnection {
  /** The path and query the app connected with (`/link/?ticket=…&app_id=…`). */
  path: string;
  ticket: string | null;
  socket: WebSocket;
  helloSent: boolean;
  /** Set when the socket closed: the close code and reason the server saw. */
  closed?: { code: number; reason: string };
}

export interface FakeSocketModeOptions {
  appId?: string;
  /** Send `hello` as soon as a client connects (default true). */
  autoHello?: boolean;
}

export interface FakeSocketMode {
  /** A fresh `ws://127.0.0.1:PORT/link/?ticket=…&app_id=…` URL, as `apps.connections.open` returns. */
  connectionUrl(): string;
  /** Every connection made, oldest first. */
  readonly connections: SocketConnection[];
  /** Every ack the app sent, in arrival order. */
  readonly acks: SocketAck[];
  /** Messages the app sent that were not acks (there should be none). */
  readonly other: unknown[];
  /** Sends `hello` on the newest open connection (for `autoHello: false`). */
  hello(): void;
  /** Delivers an event_callback body as an `events_api` envelope; returns the envelope. */
  sendEvent(body: object, retry?: { attempt: number; reason?: string }): Envelope;
  /** Delivers a slash command's fields as a `slash_commands` envelope. */
  sendCommand(fields: Record<string, string>): Envelope;
  /** Delivers an interaction body (block_actions, view_submission, shortcut …) as an `interactive` envelope. */
  sendInteractive(payload: Record<string, unknown>): Envelope;
  /** Sends any envelope as it is, on the newest open connection. */
  deliver(envelope: Envelope): void;
  /** Resolves with the ack for `envelopeId`; rejects after `timeoutMs`. */
  ackFor(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** Resolves with the first truthy `probe()`, re-checked on every connection, message and close. */
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? "A123ABC456";
  const autoHello = options.autoHello ?? true;
  const connections: SocketConnection[] = [];
  const acks: SocketAck[] = [];
  const other: unknown[] = [];
  const watchers = new Set<() => void>();
  const changed = () => {
    for (const w of [...watchers]) w();
  };
  let tickets = 0;

  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const port = (wss.address() as AddressInfo).port;

  function sayHello(conn: SocketConnection): void {
    // The shape Slack sends (the client only looks at `type`).
    conn.socket.send(JSON.stringify({ type: "hello", num_connections: connections.filter((c) => !c.closed).length, debug_info: { host: "applink-fake", approximate_connection_time: 18060 }, connection_info: { app_id: appId } }));
    conn.helloSent = true;
  }

  wss.on("connection", (socket: WebSocket, req: IncomingMessage) => {
    const path = req.url ?? "/";
    const conn: SocketConnection = { path, ticket: new URL(path, "ws://localhost").searchParams.get("ticket"), socket, helloSent: false };
    connections.push(conn);
    socket.on("message", (data: RawData) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        message = data.toString();
      }
      const m = message as { envelope_id?: unknown; payload?: Record<string, unknown> };
      if (typeof m === "object" && m !== null && typeof m.envelope_id === "string") acks.push({ envelope_id: m.envelope_id, payload: m.payload, at: performance.now() });
      else other.push(message);
      changed();
    });
    socket.on("close", (code: number, reason: Buffer) => {
      conn.closed = { code, reason: reason.toString() };
      changed();
    });
    if (autoHello) sayHello(conn);
    changed();
  });

  const newest = (): SocketConnection => {
    const conn = connections.filter((c) => !c.closed && c.socket.readyState === WebSocket.OPEN).at(-1);
    if (!conn) throw new Error("fake socket mode: no open connection");
    return conn;
  };

  const api: FakeSocketMode = {
    connectionUrl: () => `ws://127.0.0.1:${port}/link/?ticket=${++tickets}-${randomUUID()}&app_id=${appId}`,
    connections,
    acks,
    other,
    hello: () => sayHello(newest()),
    deliver(envelope) {
      newest().socket.send(JSON.stringify(envelope));
    },
    sendEvent(body, retry) {
      const envelope: Envelope = { envelope_id: randomUUID(), type: "events_api", payload: body, accepts_response_payload: false, retry_attempt: retry?.attempt ?? 0, retry_reason: retry?.reason ?? "" };
      api.deliver(envelope);
      return envelope;
    },
    sendCommand(fields) {
      // Commands may be answered in the ack itself, so Slack says it accepts a response payload.
      const envelope: Envelope = { envelope_id: randomUUID(), type: "slash_commands", payload: fields, accepts_response_payload: true };
      api.deliver(envelope);
      return envelope;
    },
    sendInteractive(payload) {
      // Only modal submissions and option requests can be answered in the ack.
      const accepts = payload.type === "view_submission" || payload.type === "block_suggestion";
      const envelope: Envelope = { envelope_id: randomUUID(), type: "interactive", payload, accepts_response_payload: accepts };
      api.deliver(envelope);
      return envelope;
    },
    ackFor: (envelopeId, timeoutMs) => api.waitFor(() => acks.find((a) => a.envelope_id === envelopeId), timeoutMs),
    waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const v = probe();
          if (v) {
            cleanup();
            resolve(v as T);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake socket mode: condition not met within ${timeoutMs} ms (${connections.length} connection(s), ${acks.length} ack(s))`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const c of connections) if (!c.closed) c.socket.terminate();
        wss.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return api;
}
