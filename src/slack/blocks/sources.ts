import type { Citation } from "../../assistant/contract.ts";
import { escapeMrkdwn, truncate } from "./text.ts";
import { ageInWords, daysBetween } from "./time.ts";

/** A playbook not reviewed for longer than this is flagged in the Sources line. */
export const STALE_AFTER_DAYS = 180;

/** Whole days between an ISO date (`YYYY-MM-DD`, taken as UTC midnight) and `now`; NaN for a bad date. */
export function daysSince(isoDate: string, now: Date): number {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  return Number.isNaN(t) ? Number.NaN : daysBetween(new Date(t), now);
}

/** "reviewed today", "reviewed 3 days ago", "reviewed 2 months ago", "reviewed over a year ago". */
export function reviewedAgo(isoDate: string, now: Date): string {
  const days = daysSince(isoDate, now);
  if (Number.isNaN(days)) return "review date unknown";
  if (days < 0) return `reviewed ${isoDate}`;
  return `reviewed ${ageInWords(days)}`;
}

export function isStale(isoDate: string, now: Date): boolean {
  const days = daysSince(isoDate, now);
  return Number.isNaN(days) || days > STALE_AFTER_DAYS;
}

/** Citations with the same playbook and section collapse into one (the best-scoring first). */
export function uniqueCitations(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const c of [...citations].sort((a, b) => b.score - a.score)) {
    const key = `${c.path}#${c.section}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

/** One line of the Sources context: title › section · owner · how long since review (⚠️ when stale). */
export function sourceLine(c: Citation, now: Date): string {
  const where = c.section && c.section !== c.title ? `*${escapeMrkdwn(truncate(c.title, 100))}* › ${escapeMrkdwn(truncate(c.section, 100))}` : `*${escapeMrkdwn(truncate(c.title, 100))}*`;
  const age = reviewedAgo(c.reviewed, now);
  const warning = isStale(c.reviewed, now) ? ` · :warning: _older than ${STALE_AFTER_DAYS} days, may be outdated_` : "";
  return `:page_facing_up: ${where} · ${escapeMrkdwn(truncate(c.owner, 80))} · ${age}${warning}`;
}
