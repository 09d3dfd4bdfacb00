/**
 * Prometheus metrics (prom-client), one registry per app instance (tests run several in one process). Served as
 * text on GET /metrics. Gauges that read the store (inbox depth, oldest pending age) are computed at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface AppMetrics {
  readonly registry: Registry;
  /** Slack requests received, by kind (event type, command, interaction type). */
  readonly events: Counter<"kind">;
  /** Time from a request's last byte to its acknowledgement, seconds. */
  readonly ackSeconds: Histogram<"kind">;
  /** Answers delivered, by intent. */
  readonly answers: Counter<"intent">;
  /** Questions refused (out of scope, or asking for the bot's instructions) and questions turned away (rate limit, size). */
  readonly refusals: Counter<"reason">;
  /** Time to produce an answer (engine: offline composer or LLM, retrieval included), seconds. */
  readonly answerSeconds: Histogram<"engine">;
  /** Answers that failed, by stage (engine, delivery) and whether they will be retried. */
  readonly answerErrors: Counter<"stage">;
  /** Escalations recorded, and whether the partner team was notified. */
  readonly escalations: Counter<"outcome">;
  /** Inbox work settled, by outcome (done, failed, deferred). */
  readonly inboxSettled: Counter<"outcome">;
  /**
   * Registers a gauge whose value is read at scrape time (inbox depth, referrals by state, check-in participation…).
   * `read` returns one value per label set.
   */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<{ labels?: Record<string, string>; value: number }[]>): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Slack's 3-second rule, in buckets that show where under it acks land. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const ANSWER_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "partnerpilot" });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "partnerpilot_" });
  const registers = [registry];
  return {
    registry,
    events: new Counter({ name: "partnerpilot_slack_requests_total", help: "Slack requests received, by kind", labelNames: ["kind"], registers }),
    ackSeconds: new Histogram({ name: "partnerpilot_slack_ack_seconds", help: "Time from request to acknowledgement", labelNames: ["kind"], buckets: ACK_BUCKETS, registers }),
    answers: new Counter({ name: "partnerpilot_answers_total", help: "Answers delivered, by intent", labelNames: ["intent"], registers }),
    refusals: new Counter({ name: "partnerpilot_refusals_total", help: "Questions refused or turned away, by reason", labelNames: ["reason"], registers }),
    answerSeconds: new Histogram({ name: "partnerpilot_answer_seconds", help: "Time to produce an answer (LLM or offline composer, retrieval included)", labelNames: ["engine"], buckets: ANSWER_BUCKETS, registers }),
    answerErrors: new Counter({ name: "partnerpilot_answer_errors_total", help: "Answers that failed, by stage", labelNames: ["stage"], registers }),
    escalations: new Counter({ name: "partnerpilot_escalations_total", help: "Escalations recorded, by notification outcome", labelNames: ["outcome"], registers }),
    inboxSettled: new Counter({ name: "partnerpilot_inbox_settled_total", help: "Inbox work settled, by outcome", labelNames: ["outcome"], registers }),
    gauge(name, help, labelNames, read) {
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          for (const { labels, value } of await read()) {
            if (labels) this.set(labels, value);
            else this.set(value);
          }
        },
      });
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
