import { describe, expect, it } from "vitest";
import { barrierPoint, median, scoreResponses, scoreTeam, teamTrend, type Response } from "../../src/checkins/scoring.ts";

const r = (participant: string, team: string, round: string, adkar: Response["adkar"]): Response => ({ participant, team, round, adkar });
const all = (v: number) => ({ awareness: v, desire: v, knowledge: v, ability: v, reinforcement: v });

describe("barrier point", () => {
  it("is none when every element is above the threshold", () => {
    expect(barrierPoint(all(4))).toBeNull();
    expect(barrierPoint({ awareness: 5, desire: 4, knowledge: 4, ability: 4, reinforcement: 4 })).toBeNull();
  });

  it("is the first element at or below the threshold, in ADKAR order, even when a later one is lower", () => {
    // The playbook's worked example: Desire 3.0 is the barrier although Knowledge and Ability score lower.
    expect(barrierPoint({ awareness: 4.5, desire: 3, knowledge: 2.5, ability: 2, reinforcement: 2.5 })).toBe("desire");
    expect(barrierPoint({ awareness: 1, desire: 1, knowledge: 1, ability: 1, reinforcement: 1 })).toBe("awareness");
    expect(barrierPoint({ awareness: 4, desire: 4, knowledge: 4, ability: 4, reinforcement: 3 })).toBe("reinforcement");
  });

  it("skips a missing element (unknown, not a barrier) and finds the next known one", () => {
    expect(barrierPoint({ desire: 2, knowledge: 1 })).toBe("desire");
    expect(barrierPoint({ awareness: 4, knowledge: 3 })).toBe("knowledge");
    expect(barrierPoint({ awareness: 4 })).toBeNull();
    expect(barrierPoint({})).toBeNull();
  });

  it("follows the threshold", () => {
    const scores = { awareness: 4, desire: 3, knowledge: 2, ability: 2, reinforcement: 2 };
    expect(barrierPoint(scores, 2)).toBe("knowledge");
    expect(barrierPoint(scores, 4)).toBe("awareness");
  });
});

describe("team scores", () => {
  it("withholds a team below 5 respondents (nothing but the count)", () => {
    const four = ["U1", "U2", "U3", "U4"].map((u) => r(u, "T", "R1", all(2)));
    const s = scoreTeam("T", "R1", four);
    expect(s).toMatchObject({ respondents: 4, withheld: true, medians: null, barrier: null, barrierShare: null, distribution: null });
    expect(scoreTeam("T", "R1", [...four, r("U5", "T", "R1", all(2))]).withheld).toBe(false);
    expect(scoreTeam("T", "R1", four, { minRespondents: 3 }).withheld).toBe(false);
  });

  it("medians (even counts average the middle two) and distributions per element", () => {
    const list = [1, 2, 4, 5, 5, 3].map((v, i) => r(`U${i}`, "T", "R1", { ...all(4), knowledge: v }));
    const s = scoreTeam("T", "R1", list);
    expect(s.medians!.knowledge).toBe(3.5);
    expect(s.medians!.awareness).toBe(4);
    expect(s.distribution!.knowledge).toEqual([1, 1, 1, 1, 2]);
    expect(median([])).toBeNull();
  });

  it("team barrier: exactly 30% counts; the earliest element wins a tie; below 30% moves on", () => {
    // 10 respondents: 3 stuck at Desire (30%), 3 at Ability (30%), 4 with no barrier.
    const ten = [
      ...[0, 1, 2].map((i) => r(`D${i}`, "T", "R", { ...all(4), desire: 2 })),
      ...[0, 1, 2].map((i) => r(`A${i}`, "T", "R", { ...all(4), ability: 2 })),
      ...[0, 1, 2, 3].map((i) => r(`N${i}`, "T", "R", all(5))),
    ];
    const s = scoreTeam("T", "R", ten);
    expect(s.barrier).toBe("desire");
    expect(s.barrierShare).toBe(0.3);
    expect(s.barriers).toMatchObject({ desire: 3, ability: 3, none: 4 });
    // 2 of 10 at Desire (20%) is under the line: Ability (30%) is the team barrier.
    const moved = [...ten.slice(1), r("N4", "T", "R", all(5))];
    expect(scoreTeam("T", "R", moved).barrier).toBe("ability");
    // Nobody over the line at all → no team barrier.
    const spread = [...ten.slice(1, 3), ...ten.slice(4, 6), ...ten.slice(6), r("N5", "T", "R", all(5)), r("N6", "T", "R", all(5))];
    expect(scoreTeam("T", "R", spread)).toMatchObject({ barrier: null, barrierShare: null });
  });

  it("does not count responses without any ADKAR answer as respondents", () => {
    const list = [...[1, 2, 3, 4, 5].map((i) => r(`U${i}`, "T", "R", all(4))), r("U6", "T", "R", {})];
    expect(scoreTeam("T", "R", list).respondents).toBe(5);
  });
});

describe("scoreResponses", () => {
  it("scores participants and (round, team) groups; a participant's later response in a round wins", () => {
    const result = scoreResponses([
      r("U1", "Sales", "2026-11-24", all(2)),
      r("U1", "Sales", "2026-11-24", all(4)),
      r("U2", "Ops", "2026-11-24", { awareness: 4, desire: 1 }),
      r("U1", "Sales", "2026-12-01", all(3)),
    ]);
    expect(result.participants).toEqual([
      { participant: "U1", team: "Sales", round: "2026-11-24", barrier: null },
      { participant: "U2", team: "Ops", round: "2026-11-24", barrier: "desire" },
      { participant: "U1", team: "Sales", round: "2026-12-01", barrier: "awareness" },
    ]);
    expect(result.teams.map((t) => [t.round, t.team, t.respondents, t.withheld])).toEqual([
      ["2026-11-24", "Ops", 1, true],
      ["2026-11-24", "Sales", 1, true],
      ["2026-12-01", "Sales", 1, true],
    ]);
  });
});

describe("trend between rounds", () => {
  it("gives median changes and whether the barrier moved later", () => {
    const before = scoreTeam("T", "R1", [1, 2, 3, 4, 5].map((i) => r(`U${i}`, "T", "R1", { ...all(4), desire: 2 })));
    const after = scoreTeam("T", "R2", [1, 2, 3, 4, 5].map((i) => r(`U${i}`, "T", "R2", { ...all(4), desire: 4, knowledge: 2 })));
    const t = teamTrend(after, before);
    expect(t.medians.desire).toBe(2);
    expect(t.medians.knowledge).toBe(-2);
    expect(t.medians.awareness).toBe(0);
    expect([t.previousBarrier, t.barrier, t.barrierMoved]).toEqual(["desire", "knowledge", "later"]);
    expect(teamTrend(before, after).barrierMoved).toBe("earlier");
  });

  it("compares nothing when either round is withheld", () => {
    const full = scoreTeam("T", "R1", [1, 2, 3, 4, 5].map((i) => r(`U${i}`, "T", "R1", all(3))));
    const few = scoreTeam("T", "R2", [r("U1", "T", "R2", all(5))]);
    const t = teamTrend(few, full);
    expect(t.medians.awareness).toBeNull();
    expect(t.barrierMoved).toBe("unknown");
    expect(t.barrier).toBeNull();
  });
});
