import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir as tempDirFor } from "../../support/fixtures-knowledge.ts";
import { expectAppliesCleanly, expectAppliesFromCommandLine, expectWellFormed } from "./planted-set-checks.ts";

/**
 * The tests of a planted set written to the balanced mix of test/eval/lint-dev-3/README.md (at least 45 contradictions
 * and 15 decoys; each kind 15-25%; 40-60% reworded; 35-45% within one playbook; no YAML edits; decoys away from planted
 * places), for that set and for the second held-out set, which follows the same brief.
 */
export function describeBalancedPlantedSet(setDir: string, title: string, tempName: string): void {
  const BASE_DIR = path.join(setDir, "base");
  const KINDS = ["number", "duration", "threshold", "permission", "team"];

  describe(title, () => {
    const tempDir = () => tempDirFor(tempName);
    afterEach(removeTempDirs);

    it("every line is well formed and the mix is the one its README states", () => {
      const { planted, decoys } = expectWellFormed(setDir, { planted: 45, decoys: 15 });
      // Ids p01.. for contradictions and d01.. for decoys, in file order.
      expect(planted.map((r) => r.id)).toEqual(planted.map((_, i) => `p${String(i + 1).padStart(2, "0")}`));
      expect(decoys.map((r) => r.id)).toEqual(decoys.map((_, i) => `d${String(i + 1).padStart(2, "0")}`));
      // The five kinds spread roughly evenly: none under 15% or over 25% of the contradictions.
      for (const kind of KINDS) {
        const share = planted.filter((r) => r.kind === kind).length / planted.length;
        expect(share, kind).toBeGreaterThanOrEqual(0.15);
        expect(share, kind).toBeLessThanOrEqual(0.25);
      }
      expect(planted.every((r) => typeof r.reworded === "boolean")).toBe(true);
      const reworded = planted.filter((r) => r.reworded).length / planted.length;
      expect(reworded).toBeGreaterThanOrEqual(0.4);
      expect(reworded).toBeLessThanOrEqual(0.6);
      // About 60% across playbooks, 40% within one.
      const sameFile = planted.filter((r) => r.conflicts_with?.path === r.edit.path).length / planted.length;
      expect(sameFile).toBeGreaterThanOrEqual(0.35);
      expect(sameFile).toBeLessThanOrEqual(0.45);
      expect(planted.every((r) => typeof r.note === "string" && r.note.length > 0)).toBe(true);
    });

    it("all edits apply to a copy of base, each on its own line, without moving lines or rewriting a conflicts_with line", () => {
      const { rows, edits } = expectAppliesCleanly(setDir, tempDir());
      for (const edit of edits) {
        const before = readFileSync(path.join(BASE_DIR, edit.path), "utf8").split("\n");
        // Edits stay out of YAML: front matter and the fenced use-case and threshold blocks.
        let inFence = false;
        let frontMatter = before[0] === "---";
        for (let i = frontMatter ? 1 : 0; i < edit.line - 1; i++) {
          if (frontMatter) {
            if (before[i] === "---") frontMatter = false;
            continue;
          }
          if (before[i]!.startsWith("```")) inFence = !inFence;
        }
        expect(frontMatter || inFence, `${edit.id} edits YAML`).toBe(false);
      }
      // A decoy's line is not within ±2 lines of a planted edit or of a planted row's conflicts_with place, so a
      // finding that touches a decoy cannot also count for a planted row.
      const plantedPlaces = [
        ...edits.filter((e) => !e.decoy).map((e) => ({ path: e.path, line: e.line })),
        ...rows.flatMap((r) => (r.conflicts_with ? [r.conflicts_with] : [])),
      ];
      for (const decoy of edits.filter((e) => e.decoy)) {
        const near = plantedPlaces.filter((p) => p.path === decoy.path && Math.abs(p.line - decoy.line) <= 2);
        expect(near, decoy.id).toEqual([]);
      }
    });

    it("the applier applies this set from the command line", () => {
      expectAppliesFromCommandLine(setDir, tempDir());
    });
  });
}
