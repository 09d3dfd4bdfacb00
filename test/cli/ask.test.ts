import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AskResultSchema, type AskResult } from "../../src/assistant/contract.ts";
import { knowledgeDir, playbookText, removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";
import { runCli, seedDataDir, type CliRun } from "../support/run-cli.ts";

/** The first run in a fresh DATA_DIR builds the index (and, without a copy, converts the word vectors). */
const FIRST_RUN_MS = 120_000;
const RUN_MS = 60_000;

let dataDir: string;

/** An offline run in this file's DATA_DIR (no Slack, OpenAI or PostgreSQL settings inherited). */
function run(args: string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  return runCli(args, { dataDir, timeoutMs: RUN_MS, ...options });
}

function parseLines(stdout: string): AskResult[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => AskResultSchema.parse(JSON.parse(l)));
}

beforeAll(() => {
  dataDir = tempDir("cli-data");
  // Copy the converted word vectors when they exist (saves the one-off ~5 s conversion); the index is built fresh.
  seedDataDir(dataDir);
});

afterAll(removeTempDirs);

// The first run builds the index into DATA_DIR; every later run (concurrent, to keep the file fast) reuses it.
describe("partnerpilot ask --json (first run)", () => {
  it(
    "answers one question with one JSON object that matches the contract and cites the Salesforce playbook",
    async () => {
      const r = await run(["ask", "--json", "How do I connect the assistant to Salesforce?"], { timeoutMs: FIRST_RUN_MS });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const lines = r.stdout.split("\n").filter((l) => l.trim());
      expect(lines).toHaveLength(1);
      const result = AskResultSchema.parse(JSON.parse(lines[0]!));
      expect(result.citations.some((c) => c.path === "integrations/salesforce.md")).toBe(true);
      expect(result.citations[0]!.path).toBe("integrations/salesforce.md");
      expect(result.intent).toBe("integration");
      expect(result.answer).toContain("**Sources**");
      // The first run built the index into DATA_DIR, not into the repository's data/.
      expect(existsSync(path.join(dataDir, "index", "manifest.json"))).toBe(true);
    },
    FIRST_RUN_MS + 5_000,
  );
});

describe.concurrent("partnerpilot ask", () => {
  it(
    "with no question reads stdin and prints one JSON line per question, in order (blank lines skipped)",
    async () => {
      const questions = [
        "How do I connect the assistant to Salesforce?",
        "",
        "How do I connect an AI assistant to Workday?",
        "How do we connect ChatGPT to ServiceNow?",
      ];
      const r = await run(["ask", "--json"], { input: `${questions.join("\n")}\n` });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      const lines = r.stdout.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(3);
      const results = parseLines(r.stdout);
      expect(results.map((x) => x.citations[0]?.path)).toEqual([
        "integrations/salesforce.md",
        "integrations/workday.md",
        "integrations/servicenow.md",
      ]);
    },
    RUN_MS,
  );

  it(
    "without --json prints the answer text with its Sources",
    async () => {
      const r = await run(["ask", "How", "do", "I", "connect", "an", "AI", "assistant", "to", "Workday?"]);
      expect(r.code).toBe(0);
      expect(() => JSON.parse(r.stdout)).toThrow();
      expect(r.stdout).toContain("Sources");
      expect(r.stdout).toContain("integrations/workday.md");
    },
    RUN_MS,
  );

  it(
    "an out-of-scope question is answered (no citations), not an error",
    async () => {
      const r = await run(["ask", "--json", "what's the weather in Rotterdam?"]);
      expect(r.code).toBe(0);
      const [result] = parseLines(r.stdout);
      expect(result!.intent).toBe("out_of_scope");
      expect(result!.citations).toEqual([]);
    },
    RUN_MS,
  );
});

describe.concurrent("partnerpilot: bad settings and bad playbooks exit 2 with one clear line", () => {
  it(
    "EMBEDDINGS=foo",
    async () => {
      const r = await run(["ask", "--json", "How do I connect the assistant to Salesforce?"], { env: { EMBEDDINGS: "foo" } });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("EMBEDDINGS");
      expect(lines[0]).toMatch(/local/);
    },
    RUN_MS,
  );

  it(
    "EMBEDDINGS=openai without OPENAI_API_KEY names EMBEDDINGS; a bad secret value is never echoed",
    async () => {
      const r = await run(["ask", "--json", "hi"], { env: { EMBEDDINGS: "openai" } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain("EMBEDDINGS");
      expect(r.stderr).toContain("OPENAI_API_KEY");

      const secret = "not-a-bot-token-s3cr3t";
      const s = await run(["ask", "--json", "hi"], { env: { SLACK_BOT_TOKEN: secret } });
      expect(s.code).toBe(2);
      expect(s.stderr).toContain("SLACK_BOT_TOKEN");
      expect(s.stderr).not.toContain(secret);
    },
    RUN_MS,
  );

  it(
    "a broken playbook in KNOWLEDGE_DIR names the file and line",
    async () => {
      const kb = knowledgeDir({
        "ok.md": playbookText({ id: "ok-doc" }, "# Ok\n\nFine.\n"),
        "gov/bad.md": playbookText({ id: "gov-bad", reviewed: "2026-13-45" }, "# Bad\n\nText.\n"),
      });
      const r = await run(["ask", "--json", "anything"], { env: { KNOWLEDGE_DIR: kb } });
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/gov\/bad\.md:5: field "reviewed"/);
    },
    RUN_MS,
  );
});

describe.concurrent("partnerpilot chat", () => {
  it(
    "answers questions piped on stdin, keeps the thread for follow-ups, and exits at EOF",
    async () => {
      const r = await run(["chat"], { input: "How do I connect the assistant to Salesforce?\nand for Workday?\n" });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/38 playbooks/);
      const answers = r.stdout.split("pilot › ").slice(1);
      expect(answers).toHaveLength(2);
      expect(answers[0]).toContain("integrations/salesforce.md");
      expect(answers[1]).toContain("integrations/workday.md");
    },
    RUN_MS,
  );

  it(
    "'exit' without the slash ends the chat too",
    async () => {
      const r = await run(["chat"], { input: "exit\nHow do I connect an AI assistant to Workday?\n" });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain("pilot › ");
    },
    RUN_MS,
  );

  it(
    "writes no terminal escape codes when stdout is not a terminal",
    async () => {
      const r = await run(["chat"], { input: "How do I connect an AI assistant to Workday?\n/exit\nthis line is never read\n" });
      expect(r.code).toBe(0);
      expect(r.stdout.split("pilot › ")).toHaveLength(2);
      // eslint-disable-next-line no-control-regex
      expect(r.stdout).not.toMatch(/\x1b\[/);
    },
    RUN_MS,
  );
});

describe("partnerpilot ask keeps a conversation", () => {
  it(
    "--conversation carries the thread across calls: 'and for Workday?' after a Salesforce question cites Workday",
    async () => {
      const first = await run(["ask", "--json", "--conversation", "onboarding-1", "How do I connect the assistant to Salesforce?"]);
      expect(first.code).toBe(0);
      expect(parseLines(first.stdout)[0]!.citations[0]!.path).toBe("integrations/salesforce.md");
      const second = await run(["ask", "--json", "--conversation", "onboarding-1", "and for Workday?"]);
      expect(second.code).toBe(0);
      const answer = parseLines(second.stdout)[0]!;
      expect(answer.intent).not.toBe("out_of_scope");
      expect(answer.citations[0]!.path).toBe("integrations/workday.md");
      // Without the conversation the same follow-up has no thread to lean on.
      const alone = parseLines((await run(["ask", "--json", "and for Workday?"])).stdout)[0]!;
      expect(alone.citations[0]?.path).not.toBe("integrations/salesforce.md");
    },
    RUN_MS * 3,
  );

  it(
    "lines on stdin are one conversation, and a bad --conversation id is refused with a clear line",
    async () => {
      const r = await run(["ask", "--json"], { input: "How do I connect the assistant to Salesforce?\nand for Workday?\n" });
      expect(r.code).toBe(0);
      const [a, b] = parseLines(r.stdout);
      expect(a!.citations[0]!.path).toBe("integrations/salesforce.md");
      expect(b!.citations[0]!.path).toBe("integrations/workday.md");
      const bad = await run(["ask", "--conversation", "../../etc", "hi"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--conversation must be/);
    },
    RUN_MS * 2,
  );
});
