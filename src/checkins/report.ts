/**
 * The report of a round as a value: participation, ADKAR medians and distributions (overall and per team,
 * withheld below the minimum), barrier distribution, trend against earlier rounds, blockers grouped by theme,
 * usage, and recommended actions for each barrier cited from the change playbooks. Pure; the Slack blocks, the
 * chart and the CLI render it. No individual answer and no name is ever in it.
 */
import type { Participation } from "../store/CheckinStore.ts";
import { ADKAR_ELEMENTS, type AdkarElement, type AdkarScores, isScaleValue, USAGE_OPTIONS, type UsageAnswer } from "./adkar.ts";
import { groupBlockers, type ThemeCount } from "./blocker-themes.ts";
import type { Campaign } from "./campaign.ts";
import { focusOf, type GuidanceSection, recommendActions, type Recommendation } from "./recommendations.ts";
import { type Medians, type Response, scoreTeam, type TeamScore, teamTrend, type TeamTrend } from "./scoring.ts";

export const ALL_TEAMS = "All teams";

export interface ParticipationSummary {
  invited: number;
  answered: number;
  skipped: number;
  /** Invited, neither answered nor skipped (yet, while the round is open). */
  notAnswered: number;
  /** answered / invited (0 when nobody was invited). */
  rate: number;
}

export interface RoundSummary {
  round: string;
  respondents: number;
  withheld: boolean;
  medians: Medians | null;
  barrier: AdkarElement | null;
}

export interface BarrierAdvice {
  /** A team name, or ALL_TEAMS. */
  scope: string;
  barrier: AdkarElement;
  focus: string;
  items: Recommendation[];
}

export interface CheckinReport {
  campaignId: string;
  name: string;
  round: string;
  anonymous: boolean;
  /** The round is closed: everyone had their chance to answer. */
  final: boolean;
  minRespondents: number;
  /** An element at or below this is a barrier. */
  threshold: number;
  participation: ParticipationSummary;
  overall: TeamScore;
  teams: TeamScore[];
  /** Every round so far, oldest first (overall scores): the trend. */
  rounds: RoundSummary[];
  /** Per team, the change against that team's previous round (only teams with an earlier round). */
  trends: TeamTrend[];
  /** Blocker themes over everyone's answers; null when fewer than the minimum answered. */
  blockers: ThemeCount[] | null;
  /** How often AI was used this week, counts per option; null when withheld or not asked. */
  usage: Record<UsageAnswer, number> | null;
  advice: BarrierAdvice[];
}

/** The ADKAR answers of a participation (scale values only). */
export function adkarOf(p: Pick<Participation, "answers">): AdkarScores {
  const out: AdkarScores = {};
  for (const e of ADKAR_ELEMENTS) {
    const v = p.answers[e];
    if (isScaleValue(v)) out[e] = v;
  }
  return out;
}

function responsesOf(list: readonly Participation[]): Response[] {
  // Only answered rounds count: an abandoned half-answered check-in is not a response the person gave.
  return list.filter((p) => p.state === "answered").map((p) => ({ participant: p.userId, team: p.team, round: p.round, adkar: adkarOf(p) }));
}

export interface ReportInput {
  campaign: Campaign;
  round: string;
  final: boolean;
  /** Every participation of the campaign (all rounds). */
  participations: readonly Participation[];
  guidance: readonly GuidanceSection[];
  systems: readonly string[];
}

export function buildReport(input: ReportInput): CheckinReport {
  const { campaign, round } = input;
  const def = campaign.definition;
  const options = { threshold: def.threshold, minRespondents: def.minRespondents };
  const byRound = new Map<string, Participation[]>();
  for (const p of input.participations) {
    const list = byRound.get(p.round) ?? [];
    list.push(p);
    byRound.set(p.round, list);
  }
  const rounds = [...byRound.keys()].filter((r) => r <= round).sort();
  const current = byRound.get(round) ?? [];
  const responses = responsesOf(current);

  const participation: ParticipationSummary = {
    invited: current.length,
    answered: current.filter((p) => p.state === "answered").length,
    skipped: current.filter((p) => p.state === "skipped").length,
    notAnswered: current.filter((p) => p.state === "pending" || p.state === "sent" || p.state === "expired").length,
    rate: 0,
  };
  participation.rate = participation.invited === 0 ? 0 : participation.answered / participation.invited;

  const overall = scoreTeam(ALL_TEAMS, round, responses, options);
  const teamNames = [...new Set(current.map((p) => p.team))].sort((a, b) => a.localeCompare(b));
  const teams = teamNames.map((t) => scoreTeam(t, round, responses.filter((r) => r.team === t), options));

  const summaries: RoundSummary[] = rounds.map((r) => {
    const s = r === round ? overall : scoreTeam(ALL_TEAMS, r, responsesOf(byRound.get(r) ?? []), options);
    return { round: r, respondents: s.respondents, withheld: s.withheld, medians: s.medians, barrier: s.barrier };
  });

  const trends: TeamTrend[] = [];
  const previousRound = rounds.filter((r) => r < round).at(-1);
  if (previousRound) {
    const before = responsesOf(byRound.get(previousRound) ?? []);
    for (const t of teams) {
      const prev = before.filter((r) => r.team === t.team);
      if (prev.length > 0) trends.push(teamTrend(t, scoreTeam(t.team, previousRound, prev, options)));
    }
    trends.push(teamTrend(overall, scoreTeam(ALL_TEAMS, previousRound, before, options)));
  }

  const answered = current.filter((p) => p.state === "answered");
  const enough = answered.length >= def.minRespondents;
  const blockerTexts = answered.map((p) => p.answers.blockers).filter((v): v is string => typeof v === "string");
  const blockers = enough && def.questions.blockers ? groupBlockers(blockerTexts, input.systems) : null;

  let usage: CheckinReport["usage"] = null;
  if (enough && def.questions.usage) {
    usage = Object.fromEntries(USAGE_OPTIONS.map((o) => [o.value, 0])) as Record<UsageAnswer, number>;
    for (const p of answered) {
      const v = p.answers.usage;
      if (typeof v === "string" && v in usage) usage[v as UsageAnswer] += 1;
    }
  }

  const advice: BarrierAdvice[] = [];
  const themes = blockers ?? [];
  const scopes = [overall, ...teams].filter((s) => !s.withheld && s.barrier !== null);
  const seen = new Set<string>();
  for (const s of scopes) {
    // One block of advice per distinct barrier: teams sharing the overall barrier are covered by it.
    const key = s.barrier!;
    if (seen.has(key)) continue;
    seen.add(key);
    advice.push({ scope: s.team, barrier: s.barrier!, focus: focusOf(s.barrier!), items: recommendActions(s.barrier!, themes, input.guidance) });
  }

  return {
    campaignId: campaign.id,
    name: def.name,
    round,
    anonymous: def.anonymous,
    final: input.final,
    minRespondents: def.minRespondents,
    threshold: def.threshold,
    participation,
    overall,
    teams,
    rounds: summaries,
    trends,
    blockers,
    usage,
    advice,
  };
}
