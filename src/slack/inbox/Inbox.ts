/**
 * The durable inbox of accepted Slack events. An event callback is a row (payload, state, lease) before it is
 * acknowledged (HTTP mode: the receiver calls `accept` before answering 200; socket mode: the first middleware,
 * right after Bolt's ack). While it is worked on, its lease is renewed; a process that dies leaves it pending,
 * and when the lease runs out a Slack retry of it or the sweep of any replica takes it over. Work that could not
 * reach Slack is deferred (retried later, with backoff) instead of failing; when it is finished for good its
 * payload is deleted.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Clock } from "../../clock.ts";
import type { Logger } from "../../logging.ts";
import type { InboxItem, Store } from "../../store/Store.ts";

export interface InboxSettings {
  /** How long a claim holds without renewal; a dead worker's events are taken over after this (default 30 s). */
  leaseMs: number;
  /** How often each replica looks for due items (expired leases, deferred retries) (default 5 s; 0 turns it off). */
  sweepEveryMs: number;
  /** First retry delay after Slack could not be reached; doubles per attempt, capped at 5 min (default 5 s). */
  retryBaseMs: number;
  /** Attempts before giving up (the user then gets one failure message) (default 8: about 10 minutes). */
  maxAttempts: number;
}

export const DEFAULT_INBOX_SETTINGS: InboxSettings = { leaseMs: 30_000, sweepEveryMs: 5_000, retryBaseMs: 5_000, maxAttempts: 8 };

/** What the receiver hands Bolt (as a custom property, so it lands in `context`) for an event it claimed. */
export interface InboxClaim {
  key: string;
  attempts: number;
}

/** `event:<event_id>` for an Events API callback; undefined for anything else (commands, interactivity). */
export function inboxKeyOf(body: unknown): string | undefined {
  const b = body as { type?: unknown; event_id?: unknown } | undefined;
  return b?.type === "event_callback" && typeof b.event_id === "string" && b.event_id.length > 0 ? `event:${b.event_id}` : undefined;
}

/** This worker no longer holds the event (its lease ran out and another worker took it over): stop quietly. */
export class LeaseLostError extends Error {
  readonly code = "inbox_lease_lost";
  constructor(key: string) {
    super(`the inbox lease on ${key} was taken over by another worker`);
    this.name = "LeaseLostError";
  }
}

/** A unique worker id per app instance: host, process and a random part (several apps may share a process). */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export class Inbox {
  readonly owner = newWorkerId();

  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly settings: InboxSettings,
    private readonly logger: Logger,
  ) {}

  /** Records and leases an event; `claimed` means this process must process it now. */
  async accept(key: string, body: unknown): Promise<{ outcome: "claimed"; claim: InboxClaim } | { outcome: "busy" | "finished" }> {
    const r = await this.store.acceptInbox({ key, payload: body, owner: this.owner, at: this.clock(), leaseMs: this.settings.leaseMs });
    return r.outcome === "claimed" ? { outcome: "claimed", claim: { key, attempts: r.item.attempts } } : r;
  }

  /** Leases due items (a dead worker's, or deferred retries) for this process. */
  claimDue(limit: number): Promise<InboxItem[]> {
    return this.store.claimDueInbox({ owner: this.owner, at: this.clock(), leaseMs: this.settings.leaseMs, limit });
  }

  /** Starts working on a claimed item: its lease is renewed until the work is settled. */
  begin(claim: InboxClaim): InboxWork {
    return new InboxWork(this, claim, this.logger);
  }
}

/** One claimed event being worked on. */
export class InboxWork {
  private retryAt?: Date;
  private failed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private settled = false;
  private lost = false;

  constructor(
    private readonly inbox: Inbox,
    readonly claim: InboxClaim,
    private readonly logger: Logger,
  ) {
    const { leaseMs } = inbox.settings;
    this.heartbeat = setInterval(() => {
      inbox.store
        .renewInboxLease(claim.key, inbox.owner, new Date(inbox.clock().getTime() + leaseMs))
        .then((held) => {
          if (!held) logger.warn({ inboxKey: claim.key }, "inbox lease lost (another worker took this event over)");
        })
        .catch((err: unknown) => logger.warn({ err, inboxKey: claim.key }, "could not renew an inbox lease"));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    this.heartbeat.unref();
  }

  get key(): string {
    return this.claim.key;
  }

  /** 1 on the first try; more when this event is being retried (after a crash, or a deferred delivery). */
  get attempt(): number {
    return this.claim.attempts;
  }

  /** True while another attempt is allowed after this one. */
  get canRetry(): boolean {
    return this.claim.attempts < this.inbox.settings.maxAttempts;
  }

  /** Renews the lease now; throws LeaseLostError when another worker has taken the event over. */
  async assertLease(): Promise<void> {
    const { store, owner, clock, settings } = this.inbox;
    if (!(await store.renewInboxLease(this.claim.key, owner, new Date(clock().getTime() + settings.leaseMs)))) {
      this.lost = true;
      throw new LeaseLostError(this.claim.key);
    }
  }

  /** Asks for another attempt later (exponential backoff from retryBaseMs, capped at 5 minutes). */
  retryLater(): Date {
    const delay = Math.min(5 * 60_000, this.inbox.settings.retryBaseMs * 2 ** (this.claim.attempts - 1));
    this.retryAt = new Date(this.inbox.clock().getTime() + delay);
    return this.retryAt;
  }

  /** Marks the work as failed for good (the user has been told, or cannot be). */
  markFailed(): void {
    this.failed = true;
  }

  /** Ends the attempt: deferred (retryLater was called), or finished as done/failed. Idempotent. */
  async settle(): Promise<"deferred" | "done" | "failed" | "lost"> {
    if (this.settled) return this.lost ? "lost" : this.retryAt ? "deferred" : this.failed ? "failed" : "done";
    this.settled = true;
    clearInterval(this.heartbeat);
    // Another worker has it now: whatever it decides stands.
    if (this.lost) return "lost";
    const { store, owner, clock } = this.inbox;
    if (this.retryAt) {
      await store.deferInbox(this.claim.key, owner, this.retryAt);
      return "deferred";
    }
    const state = this.failed ? "failed" : "done";
    await store.finishInbox(this.claim.key, owner, state, clock());
    return state;
  }
}
