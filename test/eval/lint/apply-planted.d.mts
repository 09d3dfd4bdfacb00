// Types for apply-planted.mjs (a plain Node script so it runs without a build step).
export interface PlantedEdit {
  path: string;
  find: string;
  replace: string;
}
export interface PlantedRow {
  id: string;
  kind?: "number" | "duration" | "threshold" | "permission" | "team";
  decoy?: boolean;
  reworded?: boolean;
  edit: PlantedEdit;
  conflicts_with?: { path: string; line: number };
  note: string;
}
export interface AppliedEdit {
  id: string;
  decoy: boolean;
  kind: PlantedRow["kind"] | null;
  path: string;
  /** 1-based line of the edited statement in the edited file (same as in base). */
  line: number;
  conflicts_with: { path: string; line: number } | null;
}
export const BASE_DIR: string;
export const PLANTED_FILE: string;
export function loadPlanted(file?: string, baseDir?: string): { rows: PlantedRow[]; problems: string[] };
export function applyPlanted(rows: PlantedRow[], outDir: string, baseDir?: string): { edits: AppliedEdit[]; problems: string[] };
