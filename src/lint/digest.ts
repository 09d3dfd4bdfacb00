/**
 * The weekly digest for each playbook owner: their playbooks past review, findings that name them (conflicts,
 * duplicates, dangling references), 👎 and flags on their playbooks, and the questions the bot could not answer
 * whose closest playbooks are theirs. A domain value; Slack renders it (src/slack/blocks/lint-digest.ts).
 */
import { DateTime } from "luxon";
import type { Feedback, Turn } from "../store/Store.ts";
import type { Finding } from "./findings.ts";

export interface FeedbackSummary {
  path: string;
  down: number;
  flags: number;
  /** The latest reasons given (already redacted when stored), newest first. */
  reasons: string[];
}

export interface UnansweredQuestion {
  question: string;
  /** The playbooks closest to it (the low-confidence answer's citations), closest first. */
  paths: string[];
  at: Date;
}

export interface OwnerDigest {
  owner: string;
  /** ISO week the digest covers, e.g. `2026-W49`. */
  week: string;
  stale: Finding[];
  conflicts: Finding[];
  feedback: FeedbackSummary[];
  unanswered: UnansweredQuestion[];
}

export interface DigestInput {
  week: string;
  /** Open lint findings (accepted ones are not news). */
  findings: Finding[];
  /** Owner of each playbook path. */
  ownerOf: ReadonlyMap<string, string>;
  feedback: Feedback[];
  turns: Turn[];
  /** Answers below this confidence are questions the bot could not answer. */
  confidenceThreshold: number;
}

const MAX_REASONS = 3;

/** One digest per owner that has anything to report, owners in alphabetical order. */
export function buildOwnerDigests(input: DigestInput): OwnerDigest[] {
  const digests = new Map<string, OwnerDigest>();
  const of = (owner: string) => {
    let d = digests.get(owner);
    if (!d) digests.set(owner, (d = { owner, week: input.week, stale: [], conflicts: [], feedback: [], unanswered: [] }));
    return d;
  };
  for (const f of input.findings) {
    const owners = new Set(f.places.map((p) => p.owner).filter(Boolean));
    for (const owner of owners) (f.kind === "stale" ? of(owner).stale : of(owner).conflicts).push(f);
  }

  const byPath = new Map<string, FeedbackSummary>();
  for (const fb of [...input.feedback].sort((a, b) => b.at.getTime() - a.at.getTime())) {
    if (fb.kind === "up") continue;
    for (const path of fb.paths ?? []) {
      let s = byPath.get(path);
      if (!s) byPath.set(path, (s = { path, down: 0, flags: 0, reasons: [] }));
      if (fb.kind === "down") s.down++;
      else s.flags++;
      if (fb.reason && s.reasons.length < MAX_REASONS) s.reasons.push(fb.reason);
    }
  }
  for (const s of [...byPath.values()].sort((a, b) => b.flags + b.down - (a.flags + a.down) || a.path.localeCompare(b.path))) {
    const owner = input.ownerOf.get(s.path);
    if (owner) of(owner).feedback.push(s);
  }

  for (const q of unansweredQuestions(input.turns, input.confidenceThreshold)) {
    const owner = input.ownerOf.get(q.paths[0]!);
    if (owner) of(owner).unanswered.push(q);
  }
  return [...digests.values()].sort((a, b) => a.owner.localeCompare(b.owner));
}

/**
 * Questions the bot answered below the confidence threshold (it said the playbooks do not cover them) and that
 * had closest playbooks: the user turn before each such assistant turn in the same conversation.
 */
export function unansweredQuestions(turns: Turn[], threshold: number): UnansweredQuestion[] {
  const lastQuestion = new Map<string, Turn>();
  const out: UnansweredQuestion[] = [];
  for (const t of [...turns].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)) {
    if (t.role === "user") {
      lastQuestion.set(t.conversationId, t);
      continue;
    }
    const question = lastQuestion.get(t.conversationId);
    const confidence = t.meta?.confidence;
    const paths = Array.isArray(t.meta?.paths) ? (t.meta.paths as unknown[]).filter((p): p is string => typeof p === "string") : [];
    const intent = t.meta?.intent;
    if (!question || typeof confidence !== "number" || confidence >= threshold || paths.length === 0) continue;
    if (intent === "smalltalk" || intent === "out_of_scope") continue;
    out.push({ question: question.text, paths, at: question.at });
    lastQuestion.delete(t.conversationId);
  }
  return out;
}

/** ISO 8601 week of a date (UTC), e.g. `2026-W49`: the digest's claim key, so each week is sent once. */
export function isoWeek(date: Date): string {
  const d = DateTime.fromJSDate(date, { zone: "utc" });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, "0")}`;
}

/** Monday 00:00 UTC of the ISO week containing `date`. */
export function weekStart(date: Date): Date {
  return DateTime.fromJSDate(date, { zone: "utc" }).startOf("week").toJSDate();
}
