/**
 * ADKAR scoring as pure functions: a person's barrier point, a team's medians, distribution and barrier, and the
 * change between rounds. No I/O; the CLI (`checkins score --json`) and the reports both call these.
 */
import { ADKAR_ELEMENTS, type AdkarElement, type AdkarScores } from "./adkar.ts";

export const DEFAULT_THRESHOLD = 3;
export const DEFAULT_MIN_RESPONDENTS = 5;
/** A team's barrier is the earliest element at which at least this share of respondents have their barrier point. */
export const TEAM_BARRIER_SHARE = 0.3;

export interface ScoringOptions {
  /** An element at or below this is a barrier (default 3). */
  threshold?: number;
  /** Teams with fewer respondents are withheld (default 5). */
  minRespondents?: number;
}

export interface Response {
  participant: string;
  team: string;
  round: string;
  adkar: AdkarScores;
}

/**
 * The first element, in ADKAR order, scored at or below `threshold`; null when every answered element is above it.
 * A missing element is unknown, not a barrier: the barrier is the earliest element known to be at or below.
 */
export function barrierPoint(scores: AdkarScores, threshold = DEFAULT_THRESHOLD): AdkarElement | null {
  for (const element of ADKAR_ELEMENTS) {
    const v = scores[element];
    if (typeof v === "number" && v <= threshold) return element;
  }
  return null;
}

/** Whether the response answered at least one ADKAR element (only those count as respondents). */
export function hasAdkarAnswer(scores: AdkarScores): boolean {
  return ADKAR_ELEMENTS.some((e) => typeof scores[e] === "number");
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type Medians = Record<AdkarElement, number | null>;
/** Per element, how many answered 1, 2, 3, 4, 5 (index 0 is the count of 1s). */
export type Distribution = Record<AdkarElement, [number, number, number, number, number]>;
/** Per element (and "none"), how many respondents have their barrier point there. */
export type BarrierCounts = Record<AdkarElement | "none", number>;

export interface TeamScore {
  team: string;
  round: string;
  respondents: number;
  /** Fewer respondents than the minimum: medians, distribution and barrier are not shown. */
  withheld: boolean;
  medians: Medians | null;
  distribution: Distribution | null;
  barriers: BarrierCounts | null;
  barrier: AdkarElement | null;
  /** Share of respondents whose barrier point is the team barrier (0..1), null when there is none. */
  barrierShare: number | null;
}

function emptyBarrierCounts(): BarrierCounts {
  return { awareness: 0, desire: 0, knowledge: 0, ability: 0, reinforcement: 0, none: 0 };
}

/** Scores one team's responses for one round (responses without any ADKAR answer are not respondents). */
export function scoreTeam(team: string, round: string, responses: readonly Response[], options: ScoringOptions = {}): TeamScore {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const minRespondents = options.minRespondents ?? DEFAULT_MIN_RESPONDENTS;
  const answered = responses.filter((r) => hasAdkarAnswer(r.adkar));
  const respondents = answered.length;
  if (respondents < minRespondents) {
    return { team, round, respondents, withheld: true, medians: null, distribution: null, barriers: null, barrier: null, barrierShare: null };
  }
  const medians = {} as Medians;
  const distribution = {} as Distribution;
  for (const element of ADKAR_ELEMENTS) {
    const values = answered.map((r) => r.adkar[element]).filter((v): v is number => typeof v === "number");
    medians[element] = median(values);
    const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const v of values) if (v >= 1 && v <= 5) counts[Math.round(v) - 1]! += 1;
    distribution[element] = counts;
  }
  const barriers = emptyBarrierCounts();
  for (const r of answered) barriers[barrierPoint(r.adkar, threshold) ?? "none"] += 1;
  // Integer comparison (count / respondents >= 30%), so a share of exactly 30% counts without float noise.
  const barrier = ADKAR_ELEMENTS.find((e) => barriers[e] * 100 >= TEAM_BARRIER_SHARE * 100 * respondents) ?? null;
  return {
    team,
    round,
    respondents,
    withheld: false,
    medians,
    distribution,
    barriers,
    barrier,
    barrierShare: barrier ? barriers[barrier] / respondents : null,
  };
}

export interface ParticipantScore {
  participant: string;
  team: string;
  round: string;
  barrier: AdkarElement | null;
}

export interface ScoreResult {
  participants: ParticipantScore[];
  teams: TeamScore[];
}

/**
 * Scores a batch of responses: each participant's barrier point, and every (team, round)'s score. A participant
 * answering twice in the same round counts once (the later response wins). Teams come out by round, then name.
 */
export function scoreResponses(responses: readonly Response[], options: ScoringOptions = {}): ScoreResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const latest = new Map<string, Response>();
  for (const r of responses) {
    const key = JSON.stringify([r.round, r.participant]);
    latest.delete(key);
    latest.set(key, r);
  }
  const unique = [...latest.values()];
  const participants = unique.map((r) => ({ participant: r.participant, team: r.team, round: r.round, barrier: barrierPoint(r.adkar, threshold) }));
  const groups = new Map<string, Response[]>();
  for (const r of unique) {
    const key = JSON.stringify([r.round, r.team]);
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const teams = [...groups.entries()]
    .map(([key, list]) => {
      const [round, team] = JSON.parse(key) as [string, string];
      return scoreTeam(team, round, list, options);
    })
    .sort((a, b) => (a.round === b.round ? a.team.localeCompare(b.team) : a.round.localeCompare(b.round)));
  return { participants, teams };
}

export interface TeamTrend {
  team: string;
  round: string;
  previousRound: string;
  /** Change of each median (current − previous); null where either is withheld or missing. */
  medians: Record<AdkarElement, number | null>;
  respondents: number;
  previousRespondents: number;
  barrier: AdkarElement | null;
  previousBarrier: AdkarElement | null;
  /** Whether the team barrier moved later in ADKAR order (the intended direction), earlier, or stayed. */
  barrierMoved: "later" | "earlier" | "same" | "unknown";
}

const ORDER = (e: AdkarElement | null) => (e === null ? ADKAR_ELEMENTS.length : ADKAR_ELEMENTS.indexOf(e));

/** How one team changed between two rounds. Withheld rounds give no median changes (nothing to compare safely). */
export function teamTrend(current: TeamScore, previous: TeamScore): TeamTrend {
  const comparable = !current.withheld && !previous.withheld;
  const medians = {} as Record<AdkarElement, number | null>;
  for (const e of ADKAR_ELEMENTS) {
    const a = current.medians?.[e];
    const b = previous.medians?.[e];
    medians[e] = comparable && typeof a === "number" && typeof b === "number" ? a - b : null;
  }
  let barrierMoved: TeamTrend["barrierMoved"] = "unknown";
  if (comparable) {
    const d = ORDER(current.barrier) - ORDER(previous.barrier);
    barrierMoved = d > 0 ? "later" : d < 0 ? "earlier" : "same";
  }
  return {
    team: current.team,
    round: current.round,
    previousRound: previous.round,
    medians,
    respondents: current.respondents,
    previousRespondents: previous.respondents,
    barrier: comparable ? current.barrier : null,
    previousBarrier: comparable ? previous.barrier : null,
    barrierMoved,
  };
}
