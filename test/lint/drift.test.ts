import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { webApi } from "@slack/bolt";
import pino from "pino";
import { corpusAtRevision } from "../../src/cli/git-baseline.ts";
import { runLint } from "../../src/cli/lint.ts";
import { changesSince, wordDiff } from "../../src/lint/drift.ts";
import type { Finding } from "../../src/lint/findings.ts";
import { LintInputError, lintSources } from "../../src/lint/lint.ts";
import { lintOffThread } from "../../src/lint/lint-off-thread.ts";
import { LintDigestSender } from "../../src/slack/LintDigestSender.ts";
import { startFakeSlackApi } from "../../src/slack/testing/fake-slack-api.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { playbookText, removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T12:00:00Z");

function pb(id: string, owner: string, heading: string, body: string): string {
  return playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"] }, `# Playbook ${id}\n\n## ${heading}\n\n${body}`);
}

/** The approved corpus: two playbooks restating the seat count, the review time, a rule and an owner. */
const BASE: Record<string, string> = {
  "governance/seats.md": pb(
    "seats",
    "AI Enablement Office",
    "Seats",
    [
      "The company holds 600 ChatGPT Enterprise seats for knowledge workers.",
      "",
      "A seat request is answered within 5 business days of the manager's approval.",
      "",
      "Personal ChatGPT accounts must not be used for company work.",
      "",
      "Seat allocation is owned by the AI Enablement Office.",
      "",
      "The sandbox tenant keeps chats for 30 days.",
    ].join("\n"),
  ),
  "change/rollout.md": pb(
    "rollout",
    "Change & Communications",
    "Rollout",
    [
      "The rollout covers the 600 ChatGPT Enterprise seats for knowledge workers in three waves.",
      "",
      "Managers can expect a seat request to be answered within 5 business days of their approval.",
      "",
      "Using a personal ChatGPT account for company work is not allowed.",
      "",
      "The AI Enablement Office owns seat allocation between the waves.",
      "",
      "Expense claims are paid within 5 business days.",
    ].join("\n"),
  ),
};

/** The approved corpus in `approved/` and the edited one (600 → 800 seats) in `now/`, under a new temp directory. */
function writeCorpora(): string {
  const root = mkdtempSync(path.join(tmpdir(), "pp-drift-"));
  writeCorpus(path.join(root, "approved"), BASE);
  writeCorpus(path.join(root, "now"), edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT"));
  return root;
}

/** A digest sender for the two owners of the fixture, linting in the real worker, on a new SQLite store. */
async function digestSender(settings: { knowledgeDir: string; baselineDir?: string }, clock: () => Date, slackUrl: string) {
  const store = new SqliteStore({ filename: path.join(tempDir("drift-digest"), "state.sqlite") });
  await store.migrate();
  const sender = new LintDigestSender({
    store,
    client: new webApi.WebClient("xoxb-test", { slackApiUrl: slackUrl, retryConfig: { retries: 0 } }),
    logger: pino({ level: "silent" }),
    clock,
    settings: { owners: { "AI Enablement Office": ["U0AIEO001"], "Change & Communications": ["U0CHANGE1"] }, confidenceThreshold: 0.35, ...settings },
    lint: lintOffThread,
  });
  return { sender, store };
}

/** Writes a corpus's files under `dir`. */
function writeCorpus(dir: string, corpus: Record<string, string>): void {
  for (const [rel, text] of Object.entries(corpus)) {
    mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

const files = (corpus: Record<string, string>) => Object.entries(corpus).map(([p, text]) => ({ path: p, text }));
const edit = (file: string, find: string, replace: string) => ({ ...BASE, [file]: BASE[file]!.replace(find, replace) });
const drift = (fs: Finding[]) => fs.filter((f) => f.kind === "contradiction" && /^(?:changed|added) since /.test(f.message));

function lintChange(corpus: Record<string, string>) {
  return lintSources(files(corpus), { now: NOW, baseline: files(BASE) });
}

describe("changes since a baseline", () => {
  it("pairs each changed statement with the baseline statement it replaced; the rest is unchanged", () => {
    const statements = (corpus: Record<string, string>) =>
      files(corpus).flatMap((f) => {
        const { playbook } = checkPlaybook(f.path, f.text);
        return playbook ? statementsOf(playbook) : [];
      });
    const now = statements(edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT"));
    const { unchanged, changed } = changesSince(now, statements(BASE));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.now.text).toContain("800 ChatGPT Enterprise seats");
    expect(changed[0]!.before?.text).toContain("600 ChatGPT Enterprise seats");
    expect(unchanged).toHaveLength(now.length - 1);
  });

  it("a team replaced by a rule is a changed rule, not a new actor; a team replaced by other words that name an actor is a new owner", () => {
    const ruled = drift(lintChange(edit("governance/seats.md", "Seat allocation is owned by the AI Enablement Office.", "Seat allocation is self-service for Berlin staff.")).findings);
    expect(ruled.filter((f) => /was AI Enablement Office/.test(f.message))).toEqual([]);
    const owned = drift(lintChange(edit("governance/seats.md", "Seat allocation is owned by the AI Enablement Office.", "Seat allocation is owned by a Berlin staffing agency.")).findings);
    expect(owned.map((f) => f.message)).toEqual([expect.stringMatching(/^changed since the baseline \(was AI Enablement Office\)/)]);
  });

  it("a raised figure is reported against the unchanged place that still states the old one", () => {
    const report = lintChange(edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT"));
    const found = drift(report.findings);
    expect(found).toHaveLength(1);
    // "600 ChatGPT …": a figure before a product name is no quantity the other checks read; a changed one is still a change.
    expect(found[0]!.message).toMatch(/changed since the baseline \(was 600\): 800 in governance\/seats\.md:\d+ "The company holds 800 .* vs 600 in change\/rollout\.md:\d+ "The rollout covers the 600/);
    expect(found[0]!.places.map((p) => [p.path, p.owner])).toEqual([
      ["governance/seats.md", "AI Enablement Office"],
      ["change/rollout.md", "Change & Communications"],
    ]);
  });

  it("a duration in other words for the same time, or a figure nothing else states, is no conflict", () => {
    expect(drift(lintChange(edit("governance/seats.md", "within 5 business days", "within one working week")).findings)).toEqual([]);
    expect(drift(lintChange(edit("governance/seats.md", "for 30 days", "for 14 days")).findings)).toEqual([]);
  });

  it("a count changed in one place is reported against the place that states it as a total of its parts", () => {
    const survey = (questions: string) => ({
      "change/check-ins.md": pb("check-ins", "Change & Communications", "Check-ins", `PartnerPilot DMs each member the ${questions} questions, then sends one reminder.`),
      "change/scoring.md": pb("scoring", "AI Enablement Office", "Scoring", "PartnerPilot asks two questions per dimension, ten in total, and scores each answer on a 1-5 scale."),
    });
    const found = drift(lintSources(files(survey("twelve")), { now: NOW, baseline: files(survey("ten")) }).findings);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/\(was ten questions\): twelve questions in change\/check-ins\.md:\d+ .* vs ten in total in change\/scoring\.md:/)]);
  });

  it("an old value that few places state needs less shared subject: the one place about it is named, the others not", () => {
    const corpus = (sla: string) => ({
      "partners/scorecard.md": pb("scorecard", "Partner Management Office", "Scorecard", `Referral responsiveness (20 points): acknowledging referrals within ${sla} and holding the first scoping call within 5 business days.`),
      "partners/referrals.md": pb("referrals", "Partner Management Office", "Shortlist", "Each shortlisted partner must accept or decline the referral within 2 business days."),
      "change/translations.md": pb(
        "translations",
        "Change & Communications",
        "Lead times",
        ["Announcements are translated within 2 business days.", "The DPIA screening outcome comes back within 2 business days.", "Badge requests are processed in 2 business days.", "Expense claims are paid within 2 business days."].join("\n\n"),
      ),
    });
    // Five places state "2 business days"; the SLA shares only "referral" with the one that restated it.
    const found = drift(lintSources(files(corpus("4 business days")), { now: NOW, baseline: files(corpus("2 business days")) }).findings);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/\(was 2 business days\): 4 business days in partners\/scorecard\.md:\d+ .* vs 2 business days in partners\/referrals\.md:/)]);
    expect(found[0]!.places.map((p) => p.path)).toEqual(["partners/scorecard.md", "partners/referrals.md"]);
  });

  it("the same old value about another subject is not where it was restated", () => {
    const report = lintChange(edit("governance/seats.md", "within 5 business days", "within 10 business days"));
    const found = drift(report.findings);
    expect(found).toHaveLength(1);
    expect(found[0]!.places[1]!.path).toBe("change/rollout.md");
    expect(found[0]!.message).not.toContain("Expense claims");
  });

  it("a flipped rule and a replaced owner are reported against the statements that kept the old ones", () => {
    const rule = drift(lintChange(edit("governance/seats.md", "must not be used", "may be used")).findings);
    expect(rule).toHaveLength(1);
    expect(rule[0]!.message).toMatch(/was not allowed\): allowed in governance\/seats\.md.* vs not allowed in change\/rollout\.md/);
    const owner = drift(lintChange(edit("governance/seats.md", "owned by the AI Enablement Office", "owned by the IT Platform Team")).findings);
    expect(owner).toHaveLength(1);
    expect(owner[0]!.message).toMatch(/was AI Enablement Office\): IT Platform Team in governance\/seats\.md.* vs AI Enablement Office in change\/rollout\.md/);
  });

  it("diffs two versions word by word into hunks of removed and added text", () => {
    const was = "Seat allocation is owned by the AI Enablement Office, within 5 business days.";
    const now = "Seat allocation is owned by a regional IT manager, within 5 business days.";
    const hunks = wordDiff(was, now);
    expect(hunks.map((h) => [h.removed && was.slice(h.removed.start, h.removed.end), h.added && now.slice(h.added.start, h.added.end)])).toEqual([
      ["the AI Enablement Office", "a regional IT manager"],
    ]);
    expect(wordDiff("Plan 8 weeks.", "Plan 8 weeks, not 6.")).toHaveLength(1);
    expect(wordDiff("same words", "Same words")).toEqual([]);
  });

  it("an owner replaced by words that name no known team is still a changed owner; a figure that only moved is no change", () => {
    const owner = drift(lintChange(edit("governance/seats.md", "owned by the AI Enablement Office", "owned by each department's own IT admins")).findings);
    expect(owner).toHaveLength(1);
    expect(owner[0]!.message).toMatch(/was AI Enablement Office\): each department's own IT admins in governance\/seats\.md.* vs AI Enablement Office in change\/rollout\.md/);
    const moved = edit("governance/seats.md", "A seat request is answered within 5 business days of the manager's approval.", "Within 5 business days of the manager's approval, a seat request is answered.");
    expect(drift(lintChange(moved).findings)).toEqual([]);
  });

  it("a playbook that moved keeps its id: its statements are unchanged, and an edit made while moving it is still found", () => {
    const { ["governance/seats.md"]: seats, ...rest } = BASE;
    const moved = { ...rest, "governance/seat-rules.md": seats! };
    expect(drift(lintChange(moved).findings)).toEqual([]);
    const movedAndEdited = { ...moved, "governance/seat-rules.md": seats!.replace("600 ChatGPT", "800 ChatGPT") };
    const found = drift(lintChange(movedAndEdited).findings);
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => p.path)).toEqual(["governance/seat-rules.md", "change/rollout.md"]);
  });

  it("the other checks' pairings of an edited statement give way to the change finding, with or without acceptances", () => {
    // A third playbook gives the answer time in a way the edit never agreed with: the other checks pair the edited
    // statement with it, a pairing the change finding already explains.
    const helpDesk = pb("help", "IT Service Desk", "Seat requests", "The service desk answers a seat request within 3 business days of the manager's approval.");
    const edited = { ...edit("governance/seats.md", "within 5 business days", "within 10 business days"), "governance/help.md": helpDesk };
    const onEditedLine = (fs: Finding[]) => fs.filter((f) => f.kind === "contradiction" && /10 business days in governance\/seats\.md/.test(f.message));
    // Without a baseline the whole-corpus check pairs the two answer times itself.
    expect(onEditedLine(lintSources(files(edited), { now: NOW }).findings).length).toBeGreaterThan(0);
    const withAcceptances = { ...edited, "lint-accepted.yml": "accepted: []\n" };
    for (const corpus of [edited, withAcceptances]) {
      const found = onEditedLine(lintSources(files(corpus), { now: NOW, baseline: files({ ...BASE, "governance/help.md": helpDesk }) }).findings);
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toMatch(/^changed since the baseline \(was 5 business days\): 10 business days in governance\/seats\.md/);
    }
  });

  it("without a baseline, or with the corpus as its own baseline, nothing is reported as changed", () => {
    const edited = edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT");
    expect(drift(lintSources(files(edited), { now: NOW }).findings)).toEqual([]);
    expect(drift(lintSources(files(edited), { now: NOW, baseline: files(edited) }).findings)).toEqual([]);
  });

  it("`lint --baseline` reads the approved copy, and a missing one is a usage error that names the flag", async () => {
    const root = writeCorpora();
    try {
      let out = "";
      const code = await runLint({ dir: path.join(root, "now"), json: true, baseline: path.join(root, "approved") }, () => NOW, (s) => (out += s));
      expect(code).toBe(1);
      expect(drift((JSON.parse(out) as { findings: Finding[] }).findings)).toHaveLength(1);
      await expect(runLint({ dir: path.join(root, "now"), baseline: path.join(root, "missing") }, () => NOW, () => {})).rejects.toThrow(LintInputError);
      await expect(runLint({ dir: path.join(root, "now"), baseline: path.join(root, "missing") }, () => NOW, () => {})).rejects.toThrow(/baseline directory .*--baseline/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("the weekly digest lints in a worker against LINT_BASELINE_DIR and tells both owners what the change broke", async () => {
    const root = writeCorpora();
    const slack = await startFakeSlackApi();
    const { sender, store } = await digestSender({ knowledgeDir: path.join(root, "now"), baselineDir: path.join(root, "approved") }, () => new Date("2026-11-30T10:00:00Z"), slack.url);
    try {
      expect((await sender.sweep())!.sent).toBe(2);
      const posted = slack.callsTo("chat.postMessage").map((c) => JSON.stringify(c.body));
      expect(posted).toHaveLength(2);
      for (const body of posted) expect(body).toMatch(/changed since the approved copy \(was 600\)/);
    } finally {
      await store.close();
      await slack.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("`lint --since REF` takes the approved corpus from a git revision, and names a bad revision or a directory outside git", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "pp-drift-git-"));
    try {
      const write = (corpus: Record<string, string>) => writeCorpus(path.join(root, "knowledge"), corpus);
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, stdio: "pipe" });
      git("init", "-q", "-b", "main");
      write(BASE);
      writeFileSync(path.join(root, "README.md"), "not part of the corpus\n");
      git("add", ".");
      git("commit", "-q", "-m", "approved");
      write(edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT"));
      const dir = path.join(root, "knowledge");
      let out = "";
      expect(await runLint({ dir, json: true, since: "main" }, () => NOW, (s) => (out += s))).toBe(1);
      const found = drift((JSON.parse(out) as { findings: Finding[] }).findings);
      expect(found).toHaveLength(1);
      expect(found[0]!.places.map((p) => p.path)).toEqual(["governance/seats.md", "change/rollout.md"]);
      expect(found[0]!.message).toMatch(/^changed since main \(was 600\)/);
      out = "";
      // Committed, the change is the approved corpus: nothing changed since HEAD.
      git("commit", "-qam", "raise the seat count");
      await runLint({ dir, json: true, since: "HEAD" }, () => NOW, (s) => (out += s));
      expect(drift((JSON.parse(out) as { findings: Finding[] }).findings)).toEqual([]);
      await expect(runLint({ dir, since: "no-such-branch" }, () => NOW, () => {})).rejects.toThrow(/no such revision/);
      await expect(runLint({ dir, since: "--output=/tmp/x" }, () => NOW, () => {})).rejects.toThrow(/not a git revision/);
      await expect(runLint({ dir, since: "main", baseline: dir }, () => NOW, () => {})).rejects.toThrow(/either --baseline DIR or --since REF/);
      const outside = mkdtempSync(path.join(tmpdir(), "pp-drift-nogit-"));
      await expect(runLint({ dir: outside, since: "main" }, () => NOW, () => {})).rejects.toThrow(/inside a git repository/);
      await expect(runLint({ dir: path.join(outside, "missing"), since: "main" }, () => NOW, () => {})).rejects.toThrow(/knowledge directory does not exist/);
      const pathBefore = process.env.PATH;
      process.env.PATH = outside; // no git on this PATH
      try {
        await expect(runLint({ dir, since: "main" }, () => NOW, () => {})).rejects.toThrow(/needs git, which is not installed/);
      } finally {
        process.env.PATH = pathBefore;
      }
      rmSync(outside, { recursive: true, force: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("reads a revision's playbooks whatever their names (spaces, accents), from a directory below the repository root", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "pp-drift-names-"));
    try {
      const dir = path.join(root, "kb dir");
      writeCorpus(dir, { "governance/tóols and seats.md": BASE["governance/seats.md"]!, "change/rollout.md": BASE["change/rollout.md"]! });
      writeFileSync(path.join(dir, "diagram.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, stdio: "pipe" });
      git("init", "-q", "-b", "main");
      git("add", ".");
      git("commit", "-q", "-m", "approved");
      const files = await corpusAtRevision(dir, "main");
      expect(files.map((f) => f.path).sort()).toEqual(["change/rollout.md", "governance/tóols and seats.md"]);
      expect(files.find((f) => f.path === "change/rollout.md")!.text).toBe(BASE["change/rollout.md"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("without LINT_BASELINE_DIR, each week's digest checks that week's changes against the corpus the previous digest saw", async () => {
    const root = writeCorpora();
    const slack = await startFakeSlackApi();
    const knowledge = path.join(root, "live");
    const write = (corpus: Record<string, string>) => writeCorpus(knowledge, corpus);
    let now = new Date("2026-11-23T10:00:00Z"); // 2026-W48
    const { sender, store } = await digestSender({ knowledgeDir: knowledge }, () => now, slack.url);
    const posted = () => slack.callsTo("chat.postMessage").map((c) => JSON.stringify(c.body));
    try {
      write(BASE);
      await sender.sweep(); // nothing to report: no stale playbook, no finding, no earlier corpus
      expect(posted()).toEqual([]);
      write(edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT"));
      now = new Date("2026-11-30T10:00:00Z"); // W49: this week's edit against W48's corpus
      expect((await sender.sweep())!.sent).toBe(2);
      expect(posted().filter((b) => /changed since the playbooks of 2026-W48 \(was 600\)/.test(b))).toHaveLength(2);
      now = new Date("2026-12-07T10:00:00Z"); // W50: W49's corpus already had the edit
      await sender.sweep();
      expect(posted().slice(2).filter((b) => /(?:changed|added) since /.test(b))).toEqual([]);
      // A copy that cannot be kept does not stop the week's digest.
      store.saveCorpusSnapshot = async () => {
        throw new Error("disk full");
      };
      const seats = edit("governance/seats.md", "600 ChatGPT", "800 ChatGPT")["governance/seats.md"]!;
      write({ "governance/seats.md": seats.replace("within 5 business days", "within 10 business days") });
      now = new Date("2026-12-14T10:00:00Z"); // W51
      expect((await sender.sweep())!.sent).toBe(2);
      expect(posted().slice(-2).filter((b) => /changed since the playbooks of 2026-W50 \(was 5 business days\)/.test(b))).toHaveLength(2);
    } finally {
      await store.close();
      await slack.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
