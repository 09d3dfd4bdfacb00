import type { Escalation } from "../store/Store.ts";

/**
 * Tells the people who act on escalations that a new one exists. Implemented by the Slack surface (a post to
 * the escalations channel); a failing notifier throws, and the escalation stays open for a retry.
 */
export interface Notifier {
  notifyEscalation(escalation: Escalation): Promise<void>;
}
