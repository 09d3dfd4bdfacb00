import { afterAll, describe, expect, it } from "vitest";
import { webApi } from "@slack/bolt";
import path from "node:path";
import pino from "pino";
import { buildOwnerDigests, isoWeek, unansweredQuestions, weekStart } from "../../src/lint/digest.ts";
import type { Finding, LintReport } from "../../src/lint/findings.ts";
import { buildLintDigest } from "../../src/slack/blocks/lint-digest.ts";
import { checkBlockLimits } from "../../src/slack/blocks/limits.ts";
import { LintDigestSender } from "../../src/slack/LintDigestSender.ts";
import { startFakeSlackApi } from "../../src/slack/testing/fake-slack-api.ts";
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import type { Feedback, Store, Turn } from "../../src/store/Store.ts";
import { removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";
import { schemaFactory, testDatabaseUrl, warnIfPostgresSkipped } from "../support/pg.ts";

const url = testDatabaseUrl();
warnIfPostgresSkipped(url);
const schemas = schemaFactory(url, "lintdigest");
afterAll(async () => {
  removeTempDirs();
  await schemas.dropAll();
});

const MONDAY_10 = new Date("2026-11-30T10:00:00Z"); // ISO week 2026-W49
const silent = pino({ level: "silent" });

const stale: Finding = { kind: "stale", message: "integrations/salesforce.md was last reviewed 200 days ago", places: [{ path: "integrations/salesforce.md", line: 5, owner: "Revenue Operations" }] };
const conflict: Finding = {
  kind: "contradiction",
  message: "different numbers of people for the same subject (scim): 25 users vs 50 users",
  places: [
    { path: "integrations/sso-scim.md", line: 25, owner: "Information Security" },
    { path: "integrations/salesforce.md", line: 40, owner: "Revenue Operations" },
  ],
};
const ownerOf = new Map([
  ["integrations/salesforce.md", "Revenue Operations"],
  ["integrations/sso-scim.md", "Information Security"],
]);

function turn(id: number, conversationId: string, role: Turn["role"], text: string, meta?: Record<string, unknown>): Turn {
  return { id, conversationId, role, text, at: new Date(MONDAY_10.getTime() - 86_400_000 + id * 1000), ...(meta ? { meta } : {}) };
}

describe("owner digests", () => {
  const feedback: Feedback[] = [
    { id: 1, answerId: "C1:1", userId: "U1", kind: "down", reason: "out of date", paths: ["integrations/salesforce.md"], at: MONDAY_10 },
    { id: 2, answerId: "C1:2", userId: "U2", kind: "flag", reason: "wrong licence", paths: ["integrations/salesforce.md", "integrations/sso-scim.md"], at: MONDAY_10 },
    { id: 3, answerId: "C1:3", userId: "U3", kind: "up", paths: ["integrations/sso-scim.md"], at: MONDAY_10 },
  ];
  const turns = [
    turn(1, "c1", "user", "Can Agentforce write to our price books?"),
    turn(2, "c1", "assistant", "The playbooks do not cover that.", { intent: "question", confidence: 0.12, paths: ["integrations/salesforce.md"] }),
    turn(3, "c2", "user", "How do I set up SCIM?"),
    turn(4, "c2", "assistant", "…", { intent: "integration", confidence: 0.8, paths: ["integrations/sso-scim.md"] }),
    turn(5, "c3", "user", "what's the weather"),
    turn(6, "c3", "assistant", "…", { intent: "out_of_scope", confidence: 0, paths: ["integrations/sso-scim.md"] }),
  ];

  it("gives each owner their stale playbooks, the conflicts naming them, 👎 and flags, and unanswered questions", () => {
    const digests = buildOwnerDigests({ week: "2026-W49", findings: [stale, conflict], ownerOf, feedback, turns, confidenceThreshold: 0.35 });
    expect(digests.map((d) => d.owner)).toEqual(["Information Security", "Revenue Operations"]);
    const [infosec, revops] = digests;
    expect(revops!.stale).toEqual([stale]);
    expect(revops!.conflicts).toEqual([conflict]);
    expect(infosec!.conflicts).toEqual([conflict]);
    expect(infosec!.stale).toEqual([]);
    expect(revops!.feedback).toEqual([{ path: "integrations/salesforce.md", down: 1, flags: 1, reasons: ["out of date", "wrong licence"] }]);
    expect(infosec!.feedback).toEqual([{ path: "integrations/sso-scim.md", down: 0, flags: 1, reasons: ["wrong licence"] }]);
    expect(revops!.unanswered.map((q) => q.question)).toEqual(["Can Agentforce write to our price books?"]);
    expect(infosec!.unanswered).toEqual([]); // answered well, or out of scope
  });

  it("counts only low-confidence answers that had closest playbooks as unanswered", () => {
    expect(unansweredQuestions(turns, 0.35).map((q) => q.paths)).toEqual([["integrations/salesforce.md"]]);
  });

  it("names ISO weeks and their Monday in UTC", () => {
    expect(isoWeek(new Date("2026-11-30T00:00:00Z"))).toBe("2026-W49");
    expect(isoWeek(new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(weekStart(new Date("2026-12-06T23:59:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});

describe("digest blocks", () => {
  it("stay within Block Kit limits however much there is to report, and escape user text", () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ ...conflict, message: `${"x".repeat(2000)} ${i} <!channel> *bold*` }));
    const digest = {
      owner: "Revenue Operations",
      week: "2026-W49",
      stale: Array.from({ length: 40 }, () => stale),
      conflicts: many,
      feedback: Array.from({ length: 50 }, (_, i) => ({ path: `p${i}.md`, down: 3, flags: 1, reasons: ["call me at +31 6 12345678", "<@U999> broke it"] })),
      unanswered: Array.from({ length: 50 }, (_, i) => ({ question: `question ${i} mail jan@example.com ${"y".repeat(500)}`, paths: ["a.md", "b.md"], at: MONDAY_10 })),
    };
    const message = buildLintDigest(digest, { mention: ["U0123ABCD"] });
    expect(checkBlockLimits(message.blocks!, "message")).toEqual([]);
    const all = JSON.stringify(message.blocks);
    expect(all).toContain("<@U0123ABCD>");
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("jan@example.com");
    expect(all).not.toContain("12345678");
    expect(all).toMatch(/…and 29\d more/);
  });
});

/** Two stores on one database: two replicas. */
type Opener = () => Promise<[Store, Store, () => Promise<void>]>;
const sqliteOpener: Opener = async () => {
  const file = path.join(tempDir("digest-claims"), "shared.sqlite");
  const a = new SqliteStore({ filename: file });
  await a.migrate();
  const b = new SqliteStore({ filename: file });
  await b.migrate();
  return [a, b, async () => (await a.close(), await b.close())];
};
const postgresOpener: Opener = async () => {
  const schema = schemas.next();
  const a = new PostgresStore({ connectionString: url!, schema, maxConnections: 2 });
  await a.migrate();
  const b = new PostgresStore({ connectionString: url!, schema, maxConnections: 2 });
  await b.migrate();
  return [a, b, async () => (await a.close(), await b.close())];
};

const report: LintReport = {
  findings: [stale, conflict],
  accepted: [],
  playbooks: 2,
  owners: Object.fromEntries(ownerOf),
};

for (const [name, open, skip] of [
  ["SQLite file shared by two stores", sqliteOpener, false],
  ["PostgreSQL, two stores", postgresOpener, !url],
] as const) {
  describe.skipIf(skip)(`digest claims: ${name}`, () => {
    it("one claim wins across replicas; an expired unsent claim can be retried, a sent one never", async () => {
      const [a, b, close] = await open();
      try {
        const t = MONDAY_10;
        const lease = new Date(t.getTime() + 60_000);
        const results = await Promise.all([a.claimDigest("k", t, lease), b.claimDigest("k", t, lease)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await b.claimDigest("k", new Date(t.getTime() + 30_000), lease)).toBe(false); // lease still held
        const later = new Date(t.getTime() + 61_000);
        expect(await b.claimDigest("k", later, new Date(later.getTime() + 60_000))).toBe(true); // the holder died
        await b.markDigestSent("k", later);
        const muchLater = new Date(t.getTime() + 3_600_000);
        expect(await a.claimDigest("k", muchLater, new Date(muchLater.getTime() + 60_000))).toBe(false);
      } finally {
        await close();
      }
    });

    it("keeps the first corpus a week's digest saw, gives the latest one before a week, and drops old ones", async () => {
      const [a, b, close] = await open();
      try {
        const week = (n: number) => new Date(MONDAY_10.getTime() + (n - 49) * 7 * 86_400_000);
        const first = [{ path: "governance/seats.md", text: "600 seats" }];
        expect(await a.saveCorpusSnapshot("2026-W48", first, week(48))).toBe(true);
        expect(await b.saveCorpusSnapshot("2026-W48", [{ path: "governance/seats.md", text: "800 seats" }], week(48))).toBe(false);
        expect(await b.corpusSnapshotBefore("2026-W49")).toEqual({ week: "2026-W48", files: first });
        expect(await b.corpusSnapshotBefore("2026-W48")).toBeUndefined();
        expect(await a.saveCorpusSnapshot("2026-W52", [{ path: "a.md", text: "later" }], week(52))).toBe(true);
        expect((await a.corpusSnapshotBefore("2027-W01"))?.week).toBe("2026-W52");
        expect((await a.corpusSnapshotBefore("2026-W50"))?.week).toBe("2026-W48");
        // Five weeks on, W48's snapshot is past the four weeks kept.
        await b.saveCorpusSnapshot("2027-W01", [], week(53));
        expect(await a.corpusSnapshotBefore("2026-W50")).toBeUndefined();
        await expect(a.saveCorpusSnapshot("week 49", first, week(49))).rejects.toThrow(/ISO week/);
        await expect(a.saveCorpusSnapshot("2026-W49", [{ path: "x.md" }] as never, week(49))).rejects.toThrow(/path, text/);
      } finally {
        await close();
      }
    });

    it("two replicas' senders post each owner's digest once, and a failed post is retried after the lease", async () => {
      const slack = await startFakeSlackApi();
      const [a, b, close] = await open();
      try {
        let now = MONDAY_10;
        const sender = (store: Store) =>
          new LintDigestSender({
            store,
            client: new webApi.WebClient("xoxb-test", { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
            logger: silent,
            clock: () => now,
            settings: { owners: { "Revenue Operations": ["U0REVOPS1"], "Information Security": ["U0INFOSEC"] }, knowledgeDir: tempDir("digest-knowledge"), confidenceThreshold: 0.35 },
            lint: async () => report,
            leaseMs: 60_000,
          });
        slack.failNext("chat.postMessage", { error: "ratelimited" }, 1);
        const [x, y] = await Promise.all([sender(a).sweep(), sender(b).sweep()]);
        expect(x!.sent + y!.sent).toBe(1);
        expect(x!.failed + y!.failed).toBe(1);
        expect(x!.claimedElsewhere + y!.claimedElsewhere).toBe(2);
        // Within the lease nobody retries; after it, the failed one goes out, once.
        now = new Date(MONDAY_10.getTime() + 30_000);
        await Promise.all([sender(a).sweep(), sender(b).sweep()]);
        expect(slack.callsTo("chat.postMessage").filter((c) => c.response.ok)).toHaveLength(1);
        now = new Date(MONDAY_10.getTime() + 120_000);
        await Promise.all([sender(a).sweep(), sender(b).sweep()]);
        const posted = slack.callsTo("chat.postMessage").filter((c) => c.response.ok);
        expect(posted.map((c) => c.body.channel).sort()).toEqual(["U0INFOSEC", "U0REVOPS1"]);
        // Before Monday 09:00 UTC of the next week nothing is sent; a new week is sent again.
        now = new Date("2026-12-07T08:59:00Z");
        expect(await sender(a).sweep()).toBeUndefined();
        now = new Date("2026-12-07T09:00:00Z");
        expect((await sender(a).sweep())!.sent).toBe(2);
      } finally {
        await close();
        await slack.close();
      }
    });
  });
}
