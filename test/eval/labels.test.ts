import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

