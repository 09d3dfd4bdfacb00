/**
 * Bolt receiver for HTTP mode, built to answer Slack's 3-second rule with room to spare under bursts.
 *
 * Bolt's own HTTPReceiver hands every request to App.processEvent (authorization, context, clients) before an
 * Events API request is acknowledged; with 200 events arriving at once its acks alone reached p99 ≈ 100–120 ms
 * on this machine with no listeners at all. This receiver verifies the signature (Bolt's `verifySlackRequest`),
 * parses the body and acknowledges an event callback *before* handing it to Bolt, so an ack costs one HMAC
 * and one JSON parse. Interactive payloads and slash commands are acknowledged by their listeners as usual
 * (a view submission's ack may carry a response body).
 *
 * Also answers Slack's `ssl_check` and `url_verification`, GET /healthz, refuses bodies over `maxBodyBytes`
 * (413), bad or stale signatures (401), malformed bodies (400), and other paths (404).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type App, type Receiver, type ReceiverEvent, ReceiverMultipleAckError, verifySlackRequest } from "@slack/bolt";
import type { Logger } from "../logging.ts";

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  /** Where Slack posts events, interactivity and commands. */
  path: string;
  /** GET path answered with 200 "ok" (load balancers, orchestrators). */
  healthPath: string;
  logger: Logger;
  /** Largest body accepted (default 1 MiB; Slack's payloads are far smaller). */
  maxBodyBytes?: number;
  /** A payload a listener has not acknowledged by then gets 404 and an error in the log (Slack waits 3 s). */
  unackedTimeoutMs?: number;
  /** Epoch ms now (tests move it); requests signed more than 5 minutes away from it, either way, are refused. */
  now?: () => number;
  /**
   * Called for an event callback before it is acknowledged (the durable inbox records it): `process: false`
   * acknowledges without processing (a duplicate); a throw answers 503 so Slack delivers it again later.
   * `customProperties` reach Bolt's context.
   */
  accept?: (body: Body) => Promise<{ process: boolean; customProperties?: Record<string, unknown> }>;
  /** Extra GET endpoints (readiness, metrics): path → response. */
  routes?: Record<string, () => Promise<{ status: number; body: string; contentType: string }>>;
  /** Told of every acknowledgement: what kind of request, and how long after it arrived (seconds). */
  onAck?: (kind: string, seconds: number) => void;
}

/** Slack's window: a signature older or newer than this is refused (a replay, or a forged future timestamp). */
export const SIGNATURE_WINDOW_SECONDS = 300;

type Body = Record<string, unknown>;

/** A metrics label for a request: `event:<type>`, `command`, or the interaction type. */
export function requestKind(body: Body): string {
  if (body.type === "event_callback") return `event:${String((body.event as { type?: unknown } | undefined)?.type ?? "unknown")}`;
  if (typeof body.command === "string") return "command";
  return typeof body.type === "string" ? body.type : "unknown";
}

export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private readonly maxBodyBytes: number;
  private readonly unackedTimeoutMs: number;
  private readonly queued: (() => void)[] = [];
  private processing = 0;

  constructor(private readonly options: SlackHttpReceiverOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.unackedTimeoutMs = options.unackedTimeoutMs ?? 3001;
  }

  init(app: App): void {
    this.app = app;
  }

  /** Listens on `port` (0 picks a free one); resolves with the server once it listens. */
  start(port: number): Promise<Server> {
    if (this.server) return Promise.reject(new Error("the Slack HTTP receiver is already started"));
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      const failed = (err: Error) => {
        this.server = undefined;
        reject(err);
      };
      server.once("error", failed);
      server.listen(port, () => {
        server.off("error", failed);
        resolve(server);
      });
    });
  }

  /**
   * Stops listening. Requests already received finish (a slash command waiting for its listener's ack gets it);
   * connections still open after `graceMs` are closed.
   */
  async stop(graceMs = 3000): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    try {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
    } finally {
      clearTimeout(force);
    }
  }

  /** Requests received and not yet fully processed by Bolt (waiting their turn or in processEvent). */
  get inFlight(): number {
    return this.processing;
  }

  /** Resolves in a later turn of the event loop than any event queued before (at most one per turn). */
  private nextTurnFor(): Promise<void> {
    return new Promise((resolve) => {
      this.queued.push(resolve);
      if (this.queued.length === 1) setImmediate(() => this.pump());
    });
  }

  private pump(): void {
    const next = this.queued.shift();
    next?.();
    if (this.queued.length > 0) setImmediate(() => this.pump());
  }

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === this.options.healthPath) return reply(res, 200, "ok", "text/plain");
    const route = req.method === "GET" && path ? this.options.routes?.[path] : undefined;
    if (route) {
      route().then(
        (r: { status: number; body: string; contentType: string }) => reply(res, r.status, r.body, r.contentType),
        (err: unknown) => {
          this.options.logger.error({ err }, `GET ${path} failed`);
          reply(res, 500);
        },
      );
      return;
    }
    if (path !== this.options.path) return reply(res, 404);
    if (req.method !== "POST") return reply(res, 405);
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > this.maxBodyBytes) return this.refuseTooLarge(req, res);

    const parts: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > this.maxBodyBytes) {
        refused = true;
        this.refuseTooLarge(req, res);
        return;
      }
      parts.push(chunk);
    });
    req.on("end", () => {
      if (!refused) void this.dispatch(req, res, Buffer.concat(parts).toString("utf8"));
    });
    req.on("error", (err) => this.options.logger.warn({ err: err.message }, "Slack request stream failed"));
  }

  private refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
    this.options.logger.warn({ limit: this.maxBodyBytes }, "Slack request body too large; refused");
    reply(res, 413);
    req.resume();
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const { logger } = this.options;
    const arrived = performance.now();
    // Slack's SSL check may come unsigned (Bolt answers it before verifying too); nothing is processed for it.
    if (header(req, "content-type")?.includes("application/x-www-form-urlencoded") && new URLSearchParams(raw).get("ssl_check") === "1") {
      return reply(res, 200);
    }
    // Bolt's check refuses only the past; a timestamp far in the future is as suspect (a pre-signed replay).
    const timestamp = Number(header(req, "x-slack-request-timestamp"));
    if (Number.isFinite(timestamp) && timestamp - (this.options.now?.() ?? Date.now()) / 1000 > SIGNATURE_WINDOW_SECONDS) {
      logger.warn("Slack request refused: its timestamp is more than 5 minutes in the future");
      return reply(res, 401);
    }
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: {
          "x-slack-signature": header(req, "x-slack-signature") ?? "",
          "x-slack-request-timestamp": Number(header(req, "x-slack-request-timestamp")),
        },
      });
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "Slack request refused: signature verification failed");
      return reply(res, 401);
    }

    let body: Body;
    try {
      body = parseBody(raw, header(req, "content-type"));
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "Slack request refused: malformed body");
      return reply(res, 400);
    }
    if (body.type === "url_verification") return reply(res, 200, JSON.stringify({ challenge: body.challenge }), "application/json");

    // Events API: nothing to answer but 200, so answer now, before Bolt does any work (but after the inbox has
    // the event: once Slack has its 200 it will not send the event again).
    const isEvent = body.type === "event_callback";
    const kind = requestKind(body);
    const acknowledged = () => this.options.onAck?.(kind, (performance.now() - arrived) / 1000);
    let acked = false;
    let customProperties: Record<string, unknown> = {};
    if (isEvent) {
      if (this.options.accept) {
        let decision;
        try {
          decision = await this.options.accept(body);
        } catch (err) {
          logger.error({ err }, "could not record a Slack event; answered 503 so Slack sends it again");
          return reply(res, 503);
        }
        if (!decision.process) {
          reply(res, 200);
          acknowledged();
          return;
        }
        customProperties = decision.customProperties ?? {};
      }
      acked = true;
      reply(res, 200);
      acknowledged();
    }
    const timer = isEvent
      ? undefined
      : setTimeout(() => {
          if (acked) return;
          acked = true;
          logger.error({ type: body.type }, "a Slack request was not acknowledged within 3 seconds; answered 404");
          reply(res, 404);
        }, this.unackedTimeoutMs);
    const ack = async (response?: unknown): Promise<void> => {
      if (isEvent) return; // already acknowledged; Bolt calls this once for every event
      if (acked) throw new ReceiverMultipleAckError();
      acked = true;
      clearTimeout(timer);
      acknowledged();
      if (response === undefined || response === "") reply(res, 200);
      else if (typeof response === "string") reply(res, 200, response, "text/plain");
      else reply(res, 200, JSON.stringify(response), "application/json");
    };

    const event: ReceiverEvent = {
      body,
      ack,
      retryNum: optionalInt(header(req, "x-slack-retry-num")),
      retryReason: header(req, "x-slack-retry-reason"),
      customProperties,
    };
    this.processing += 1;
    // An acknowledged event waits in line and is handed to Bolt one per turn of the event loop, so requests that
    // arrive meanwhile are read and acknowledged between two events' processing instead of after all of them.
    if (isEvent) await this.nextTurnFor();
    try {
      if (!this.app) throw new Error("the Slack HTTP receiver was started before Bolt initialised it");
      await this.app.processEvent(event);
    } catch (err) {
      logger.error({ err: (err as Error).message }, "Bolt failed to process a Slack request");
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        const code = (err as { code?: string }).code === "slack_bolt_authorization_error" ? 401 : 500;
        reply(res, code);
      }
    } finally {
      this.processing -= 1;
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function optionalInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? undefined : n;
}

/** Form-encoded (slash commands; interactivity as a JSON `payload` field) or JSON (Events API), as Bolt parses. */
export function parseBody(raw: string, contentType: string | undefined): Body {
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    return payload !== null ? jsonObject(payload, "payload") : Object.fromEntries(form);
  }
  return jsonObject(raw, "body");
}

function jsonObject(text: string, what: string): Body {
  const parsed = JSON.parse(text) as unknown;
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${what} is not a JSON object`);
  return parsed as Body;
}

function reply(res: ServerResponse, status: number, body?: string, contentType?: string): void {
  if (res.headersSent) return;
  res.writeHead(status, contentType ? { "content-type": contentType } : {});
  res.end(body);
}
