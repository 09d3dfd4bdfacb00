/**
 * The inbox middleware (first after the ack yield): every event callback runs as claimed inbox work, and is
 * settled (done, failed, or deferred for a retry) when its listeners return. Replaces the old "claim the event id
 * once" middleware: a claim that is marked before the work is done loses the event when the process dies.
 */
import type { AnyMiddlewareArgs, App, Middleware } from "@slack/bolt";
import type { Logger } from "../../logging.ts";
import { type Inbox, type InboxClaim, inboxKeyOf, type InboxWork } from "./Inbox.ts";

/** The claimed work of the current event, for listeners (undefined for commands and interactivity). */
export function inboxWorkOf(context: Record<string, unknown>): InboxWork | undefined {
  return context.inboxWork as InboxWork | undefined;
}

export function runThroughInbox(inbox: Inbox, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const key = inboxKeyOf(body);
    if (!key) {
      await next();
      return;
    }
    let claim = context.inboxClaim as InboxClaim | undefined;
    if (!claim) {
      // Socket mode (Bolt acked already) and any path the HTTP receiver did not claim for.
      const accepted = await inbox.accept(key, body);
      if (accepted.outcome !== "claimed") {
        logger.info({ inboxKey: key, state: accepted.outcome, retryNum: context.retryNum, retryReason: context.retryReason }, "duplicate event delivery ignored");
        return;
      }
      claim = accepted.claim;
    }
    const work = inbox.begin(claim);
    context.inboxWork = work;
    try {
      await next();
    } catch (err) {
      work.markFailed();
      throw err;
    } finally {
      const state = await work.settle().catch((err: unknown) => {
        // The lease runs out and the event is tried again: at worst a repeat the reply key makes harmless.
        logger.warn({ err, inboxKey: key }, "could not settle an inbox item; it will be retried");
        return "unsettled";
      });
      if (state !== "done") logger.info({ inboxKey: key, state, attempt: claim.attempts }, "inbox item settled");
    }
  };
}

/**
 * Each replica, every `sweepEveryMs`: lease due items (a dead worker's, or deferred retries) and run them
 * through Bolt again, as if Slack had just delivered them (the ack is a no-op: they were acknowledged long ago).
 */
export class InboxSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly app: App,
    private readonly inbox: Inbox,
    private readonly logger: Logger,
    /** Most items taken per sweep, given how busy this process already is. */
    private readonly capacity: () => number,
    /** Called when the sweep itself fails (e.g. the database lost its tables): readiness repairs what it can. */
    private readonly onStoreError?: (err: unknown) => void,
  ) {}

  start(): void {
    const every = this.inbox.settings.sweepEveryMs;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweepOnce(), every);
    this.timer.unref();
  }

  /** One sweep (never two at once); resolves when the items it took are processed. */
  sweepOnce(): Promise<void> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweep(): Promise<void> {
    const limit = this.capacity();
    if (limit <= 0) return;
    let items;
    try {
      items = await this.inbox.claimDue(limit);
    } catch (err) {
      this.logger.warn({ err }, "inbox sweep failed; will try again");
      this.onStoreError?.(err);
      return;
    }
    if (items.length === 0) return;
    this.logger.info({ items: items.length }, "inbox sweep: retrying events");
    await Promise.all(
      items.map((item) =>
        this.app
          .processEvent({
            body: item.payload as Record<string, unknown>,
            ack: async () => undefined,
            customProperties: { inboxClaim: { key: item.key, attempts: item.attempts } satisfies InboxClaim },
          })
          .catch((err: unknown) => this.logger.error({ err, inboxKey: item.key }, "a retried event failed")),
      ),
    );
  }
}
