import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir as tempDirFor } from "../../support/fixtures-knowledge.ts";
import { expectAppliesCleanly, expectAppliesFromCommandLine, expectRefusesDirectoryWithoutSet, expectWellFormed } from "../lint/planted-set-checks.ts";

const SET_DIR = path.dirname(fileURLToPath(import.meta.url));

const tempDir = () => tempDirFor("planted-dev-2");
afterEach(removeTempDirs);

describe("second development set of planted contradictions (test/eval/lint-dev-2)", () => {
  it("every line is well formed and the mix is the one its README states", () => {
    const { planted } = expectWellFormed(SET_DIR, { planted: 45, decoys: 15 });
    expect(new Set(planted.map((r) => r.kind))).toEqual(new Set(["number", "duration", "threshold", "permission", "team"]));
    expect(planted.every((r) => typeof r.reworded === "boolean")).toBe(true);
    expect(planted.filter((r) => r.reworded).length / planted.length).toBeGreaterThanOrEqual(0.4);
    const sameFile = planted.filter((r) => r.conflicts_with?.path === r.edit.path).length / planted.length;
    expect(sameFile).toBeGreaterThanOrEqual(0.35);
    expect(sameFile).toBeLessThanOrEqual(0.65);
  });

  it("all edits apply to a copy of base, each on its own line, without moving lines or rewriting a conflicts_with line", () => {
    expectAppliesCleanly(SET_DIR, tempDir());
  });

  it("the applier's --set option applies this set from the command line and refuses a directory without a set", () => {
    expectAppliesFromCommandLine(SET_DIR, tempDir());
    expectRefusesDirectoryWithoutSet(tempDir());
  });
});
