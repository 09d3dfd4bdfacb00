import { describe, expect, it } from "vitest";
import { originalValue, scoreLint, type PlantedEdit } from "../../src/evaluation/lint.ts";
import type { Finding } from "../../src/lint/findings.ts";

const edit = (over: Partial<PlantedEdit>): PlantedEdit => ({
  id: "p01",
  decoy: false,
  kind: "number",
  reworded: false,
  path: "a.md",
  line: 10,
  conflicts_with: { path: "b.md", line: 20 },
  find: "limited to 50 users",
  replace: "limited to 80 users",
  note: "",
  ...over,
});
const finding = (...places: [string, number][]): Finding => ({
  kind: "contradiction",
  message: "m",
  places: places.map(([path, line]) => ({ path, line, owner: "o" })),
});
const lines: Record<string, string[]> = { "c.md": Array.from({ length: 30 }, (_, i) => (i === 4 ? "Tools are limited to 50 users." : "other")) };
const baseLines = (p: string) => lines[p];

describe("lint eval scoring (test/eval/lint/README.md)", () => {
  it("finds the original value of an edit", () => {
    expect(originalValue("limited to 50 users", "limited to 80 users")).toEqual(["50"]);
  });

  it("counts a finding true when it names the edited line and the conflicting place (±2 lines), once per row", () => {
    const edits = [edit({}), edit({ id: "p02", path: "d.md", line: 3, conflicts_with: { path: "e.md", line: 7 } }), edit({ id: "d01", decoy: true, path: "f.md", line: 1, conflicts_with: null })];
    const r = scoreLint(edits, [], [finding(["a.md", 11], ["b.md", 22]), finding(["a.md", 10], ["b.md", 20]), finding(["f.md", 1], ["g.md", 2]), { ...finding(["a.md", 10]), kind: "stale" }], baseLines);
    expect(r.found).toBe(1);
    expect(r.recall).toBe(0.5);
    expect(r.trueFindings).toBe(1);
    expect(r.falseFindings).toBe(2); // the second finding for p01, and the one on the decoy
    expect(r.decoysFlagged).toBe(1);
    expect(r.missed).toEqual(["p02"]);
    expect(r.byKind).toEqual({ number: { planted: 2, found: 1 } });
  });

  it("accepts another place stating the original value as the other side, and drops findings already in the base corpus", () => {
    const r = scoreLint([edit({})], [finding(["x.md", 1], ["y.md", 2])], [finding(["a.md", 10], ["c.md", 5]), finding(["x.md", 2], ["y.md", 3])], baseLines);
    expect(r.found).toBe(1);
    expect(r.alreadyInBase).toBe(1);
    expect(r.falseFindings).toBe(0);
  });
});
