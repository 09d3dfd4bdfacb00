import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ANSWER_FILES, catalogIds, checkLabels, USECASE_FILE } from "./check-labels.mjs";

const EVAL_DIR = path.dirname(new URL(import.meta.url).pathname);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("labelled answer and use-case sets", () => {
  it("every line has a valid shape", () => {
    expect(checkLabels({ evalDir: EVAL_DIR })).toEqual([]);
  });

  it("every acceptable use case is declared in a catalog", () => {
    const ids = catalogIds(path.join(EVAL_DIR, "../../knowledge"));
    const lines = readFileSync(path.join(EVAL_DIR, USECASE_FILE), "utf8").split("\n").filter((l) => l.trim());
    const unknown = lines.flatMap((l) => (JSON.parse(l) as { acceptable: string[] }).acceptable.filter((id) => !ids.has(id)));
    expect(unknown).toEqual([]);
  });

  it("reports a line whose escalation and criteria disagree, and an in-scope line without a fact", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "labels-test-"));
    dirs.push(dir);
    for (const name of ANSWER_FILES) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), "");
    }
    const bad = [
      { text: "a", scope: "in", intent: "question", escalate: true, criteria: [], expected: ["x.md"], fact: ["y"] },
      { text: "b", scope: "in", intent: "question", escalate: false, criteria: [], expected: ["x.md"], fact: [] },
    ];
    writeFileSync(path.join(dir, ANSWER_FILES[0]!), bad.map((o) => JSON.stringify(o)).join("\n"));
    writeFileSync(path.join(dir, USECASE_FILE), "");
    expect(checkLabels({ evalDir: dir })).toEqual([
      `${path.relative(EVAL_DIR, path.join(dir, ANSWER_FILES[0]!))}:1: escalate must be true exactly when criteria is not empty`,
      `${path.relative(EVAL_DIR, path.join(dir, ANSWER_FILES[0]!))}:2: an in-scope line needs 1-3 fact phrases`,
    ]);
  });
});

describe("check-labels.mjs on the command line", () => {
  it("refuses an argument it does not know rather than checking the shipped sets and saying they are ok", () => {
    const script = fileURLToPath(new URL("./check-labels.mjs", import.meta.url));
    const r = spawnSync(process.execPath, [script, "some-new-set.jsonl"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unexpected argument some-new-set.jsonl");
    expect(r.stdout).not.toContain("labels ok");
  });
});


describe("yes/no verdict labels (test/eval/verdicts/)", () => {
  const knowledge = path.join(EVAL_DIR, "../../knowledge");
  const labels = readdirSync(path.join(EVAL_DIR, "verdicts")).filter((f) => f.endsWith(".jsonl")).flatMap((file) =>
    readFileSync(path.join(EVAL_DIR, "verdicts", file), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => ({ file, ...(JSON.parse(l) as { set: string; line: number; verdict: string; playbook: string | null; quote: string | null; condition: string | null }) })),
  );

  it("label in-scope lines of existing sets, once each", () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const l of labels) {
      const lines = readFileSync(path.join(EVAL_DIR, `heldout-${l.set}`, "answers.jsonl"), "utf8").split("\n");
      const row = lines[l.line - 1];
      if (!row?.trim()) problems.push(`${l.file}: ${l.set}:${l.line} is no line of the set`);
      else if ((JSON.parse(row) as { scope?: string }).scope !== "in") problems.push(`${l.file}: ${l.set}:${l.line} is not in scope`);
      if (seen.has(`${l.set}:${l.line}`)) problems.push(`${l.file}: ${l.set}:${l.line} labelled twice`);
      seen.add(`${l.set}:${l.line}`);
    }
    expect(problems).toEqual([]);
    expect(labels.length).toBeGreaterThan(200);
  });

  it("quote the deciding sentence word for word from the playbook they name, and name a condition exactly when conditional", () => {
    const plain = (s: string) => s.replace(/[*`]/g, "").replace(/\s+/g, " ");
    const problems = labels.flatMap((l) => {
      const out: string[] = [];
      if (["yes", "no", "conditional"].includes(l.verdict) && (!l.playbook || !l.quote)) out.push(`${l.set}:${l.line}: a ${l.verdict} needs its playbook and quote`);
      if (l.playbook && l.quote && !plain(readFileSync(path.join(knowledge, l.playbook), "utf8")).includes(plain(l.quote))) out.push(`${l.set}:${l.line}: quote not in ${l.playbook}`);
      if ((l.verdict === "conditional") !== Boolean(l.condition)) out.push(`${l.set}:${l.line}: condition must be given exactly for a conditional`);
      return out;
    });
    expect(problems).toEqual([]);
  });
});
