import type { webApi } from "@slack/bolt";
import type { SlackReferrals } from "./referrals/SlackReferrals.ts";
import type { AnswerEngine } from "../assistant/contract.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logging.ts";
import type { Store } from "../store/Store.ts";
import type { AppMetrics } from "../operations/metrics.ts";
import type { HomeSection } from "./blocks/home.ts";
import type { CheckinSlack } from "./checkins/index.ts";
import type { ReplyPoster } from "./ReplyPoster.ts";
import type { SlackNotifier } from "./SlackNotifier.ts";
import type { WorkLimiter } from "./WorkLimiter.ts";
import type { UseCaseService } from "../usecases/UseCaseService.ts";

export type WebClient = webApi.WebClient;

/** Builds one extra App Home section for a user (referrals, check-ins, saved use cases…); undefined hides it. */
export type HomeSectionProvider = (userId: string) => Promise<HomeSection | undefined>;

/** What every listener gets: the domain services, and the few Slack settings that shape replies. */
export interface SlackServices {
  engine: AnswerEngine;
  store: Store;
  logger: Logger;
  clock: Clock;
  notifier: SlackNotifier;
  /** Questions per user per minute, shared across replicas through the store. */
  rateLimitPerMinute: number;
  /** Longest question accepted; longer input gets a polite note instead of an answer. */
  maxQuestionChars: number;
  /** Minimum time between progress updates of a post-then-update answer. */
  progressIntervalMs: number;
  /** Thread replies: how long an answer may take before a "looking…" placeholder is shown. */
  placeholderDelayMs: number;
  /** Sections later features add to App Home, in order. */
  homeSections: HomeSectionProvider[];
  /** Bounds the answers worked on at once (acks stay fast under bursts). */
  answering: WorkLimiter;
  /** Check-ins (campaigns, DMs, reports); absent when not set up. */
  checkins?: CheckinSlack;
  /** Posts replies at most once per question (see ReplyPoster); absent, replies are posted plainly. */
  replies?: ReplyPoster;
  /** `llm` or `offline` (a metrics label). */
  engineName?: string;
  /** The use-case finder (`/pilot usecases`, App Home); absent, those surfaces say it is not available. */
  useCases?: UseCaseService;
  /** Certified-partner referrals; absent, "Talk to a partner" goes to the PMO as an escalation. */
  referrals?: SlackReferrals;
  /** Prometheus metrics; absent in tests that build services by hand. */
  metrics?: AppMetrics;
}
