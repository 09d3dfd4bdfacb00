/** `partnerpilot checkins …` as a user runs it: the score contract on stdin, and list/report/export over a store. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CheckinService } from "../../src/checkins/CheckinService.ts";
import { JobWorker } from "../../src/jobs/JobWorker.ts";
import { openStore } from "../../src/store/index.ts";
import { FakeDirectory, RecordingMessenger, weeklyCampaign } from "../checkins/support.ts";
import { manualClock } from "../support/fresh-stores.ts";
import { runCli, type CliRun } from "../support/run-cli.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `partnerpilot checkins ARGS` offline; the score commands get a data directory of their own that they never use. */
function run(args: string[], input = "", env: Record<string, string> = {}): Promise<CliRun> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "pp-checkins-cli-"));
  if (!env.DATA_DIR) dirs.push(dataDir);
  return runCli(["checkins", ...args], { dataDir, input, env });
}

const line = (participant: string, team: string, round: string, adkar: Record<string, number>) => JSON.stringify({ participant, team, round, adkar });

describe("checkins score --json", () => {
  it("prints the contract: each participant's barrier and each team's medians, barrier and share", async () => {
    const input = [
      line("U1", "T1", "2026-11-24", { awareness: 4, desire: 3, knowledge: 2, ability: 2, reinforcement: 1 }),
      ...["U2", "U3", "U4", "U5"].map((u) => line(u, "T1", "2026-11-24", { awareness: 4, desire: 4, knowledge: 2, ability: 4, reinforcement: 4 })),
      line("U6", "T2", "2026-11-24", { awareness: 5 }),
      "",
    ].join("\n");
    const { code, stdout } = await run(["score", "--json"], input);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.participants).toContainEqual({ participant: "U1", team: "T1", round: "2026-11-24", barrier: "desire" });
    expect(out.participants).toContainEqual({ participant: "U6", team: "T2", round: "2026-11-24", barrier: null });
    expect(out.teams).toEqual([
      { team: "T1", round: "2026-11-24", respondents: 5, withheld: false, medians: { awareness: 4, desire: 4, knowledge: 2, ability: 4, reinforcement: 4 }, barrier: "knowledge", barrierShare: 0.8 },
      { team: "T2", round: "2026-11-24", respondents: 1, withheld: true, medians: null, barrier: null, barrierShare: null },
    ]);
    const lower = JSON.parse((await run(["score", "--json", "--threshold", "2", "--min-respondents", "1"], input)).stdout);
    expect(lower.participants[0].barrier).toBe("knowledge");
    expect(lower.teams[1].withheld).toBe(false);
  });

  it("refuses bad input with the line and field, and prints nothing", async () => {
    const bad = await run(["score", "--json"], `${line("U1", "T", "R", { awareness: 4 })}\n{"participant":"U2","team":"T","round":"R","adkar":{"desire":0}}\nnot json\n`);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/line 2: adkar\.desire must be from 1 to 5/);
    expect(bad.stderr).toMatch(/line 3: not valid JSON/);
    const option = await run(["score", "--json", "--threshold", "9"], "");
    expect(option.code).not.toBe(0);
    expect(option.stderr).toMatch(/--threshold must be a whole number from 1 to 5/);
  });
});

describe("checkins list, report, export", () => {
  it("reads the configured store", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "pp-cli-checkins-"));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    const clock = manualClock("2026-11-20T12:00:00Z");
    const service = new CheckinService({ store, clock });
    const team = Array.from({ length: 5 }, (_, i) => ({ userId: `UC${String(i).padStart(6, "0")}`, timeZone: "UTC", team: "Support" }));
    const worker = new JobWorker({ jobs: store.jobs, clock, handlers: service.handlers(new FakeDirectory(team), new RecordingMessenger()) });
    const { campaign } = await service.createCampaign("UOWNER001", weeklyCampaign({ name: "=cmd|' /C calc'!A0", anonymous: true }), "v");
    clock.set("2026-11-23T09:00:00Z");
    await worker.drain();
    for (const p of team) await service.submit({ campaignId: campaign.id, round: "2026-11-23", userId: p.userId }, { awareness: 4, desire: 2, knowledge: 4, ability: 4, reinforcement: 4, blockers: "=HYPERLINK(\"x\")" });
    await store.close();

    const list = await run(["list", "--json"], "", { DATA_DIR: dataDir });
    expect(JSON.parse(list.stdout).campaigns).toMatchObject([{ id: campaign.id, latestRound: "2026-11-23", invited: 5, answered: 5 }]);
    const report = await run(["report", campaign.id], "", { DATA_DIR: dataDir });
    expect(report.stdout).toMatch(/Participation: 5 of 5 answered/);
    expect(report.stdout).toMatch(/Barrier: Desire \(100% of respondents\)/);
    expect(report.stdout).toMatch(/change\/adkar\.md/);
    const csv = await run(["export", campaign.id, "--csv"], "", { DATA_DIR: dataDir });
    const [header, ...rows] = csv.stdout.trim().split("\n");
    expect(header).toBe("round,team,awareness,desire,knowledge,ability,reinforcement,usage,use_case,blockers,barrier");
    expect(rows).toHaveLength(5);
    expect(csv.stdout).not.toMatch(/UC0000/);
    expect(rows[0]).toContain("'=HYPERLINK");
    const missing = await run(["report", "cmp_nope"], "", { DATA_DIR: dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such campaign/);
  });
});
