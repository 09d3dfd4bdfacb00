/**
 * Knowledge-directory fixtures for retrieval, CLI and assistant tests: temp directories, a playbook builder
 * with valid front matter, and a small corpus whose wording is controlled (for fusion and index tests).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Chunk } from "../../src/retrieval/chunking.ts";

/** Repository root (…/main). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The shipped playbooks. */
export const SHIPPED_KNOWLEDGE = path.join(REPO_ROOT, "knowledge");
/** The repository's data directory (holds the converted word vectors once built). */
export const REPO_DATA = path.join(REPO_ROOT, "data");

/** Temp directories created by `tempDir`, removed by `removeTempDirs` (call it in afterAll). */
const created: string[] = [];

export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `pp-${label}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface FrontMatterFields {
  id?: string;
  title?: string;
  owner?: string;
  reviewed?: string;
  tags?: string[] | string;
  systems?: string[];
  audience?: string[];
  [extra: string]: unknown;
}

function yamlValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return String(v);
}

/**
 * A playbook's text. `fields` override the defaults; a field set to `undefined` is left out (a missing field).
 * `body` follows the front matter verbatim.
 */
export function playbookText(fields: FrontMatterFields, body: string): string {
  const defaults: FrontMatterFields = {
    id: "fixture-doc",
    title: "Fixture document",
    owner: "AI Enablement Office",
    reviewed: "2026-10-01",
    tags: ["fixture"],
  };
  const merged: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(fields)) merged[k] = v;
  const lines = Object.entries(merged)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${yamlValue(v)}`);
  return `---\n${lines.join("\n")}\n---\n\n${body.replace(/^\n+/, "")}`;
}

/** Writes `files` (relative path → text) under `dir`, creating folders. Returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** A fresh temp knowledge directory holding `files`. */
export function knowledgeDir(files: Record<string, string>, label = "kb"): string {
  return writeFiles(tempDir(label), files);
}

/** A temp copy of the shipped knowledge directory (safe to edit). */
export function copyShippedKnowledge(): string {
  const dir = tempDir("kb-copy");
  cpSync(SHIPPED_KNOWLEDGE, dir, { recursive: true });
  return dir;
}

function doc(id: string, title: string, tags: string[], body: string): string {
  return playbookText({ id, title, tags, owner: "AI Enablement Office", reviewed: "2026-10-01" }, `# ${title}\n\n${body}`);
}

/**
 * Eight tiny playbooks about office life, written so that:
 * - the printer error code "PX-4471" occurs only in `it/printers.md` (a rare exact term), and the other
 *   words of LEXICAL_QUERY occur nowhere but are close in meaning to the laptop, monitor and docking pages;
 * - `facilities/parking.md` talks about cars, a garage and vehicles, and PARAPHRASE_QUERY shares no word with
 *   it ("automobile", "leave", "overnight"); "overnight" appears only in the travel page.
 */
export const FUSION_CORPUS: Record<string, string> = {
  "it/printers.md": doc(
    "it-printers",
    "Office printing",
    ["printing", "office"],
    "Printing works from any floor through the follow-me print queue.\n\n" +
      "## Error codes\n\n" +
      "Error PX-4471 means the fuser unit has overheated; switch the device off for ten minutes and call the facilities desk.\n",
  ),
  "it/laptops.md": doc(
    "it-laptops",
    "Laptop refresh",
    ["hardware", "laptop"],
    "Laptops are replaced every four years.\n\n" +
      "## Broken laptop screens\n\n" +
      "A cracked or flickering laptop screen is repaired by the hardware team within three working days; a loan laptop is issued meanwhile.\n",
  ),
  "it/monitors.md": doc(
    "it-monitors",
    "Monitors and displays",
    ["hardware", "monitor"],
    "Every desk has two 27-inch monitors.\n\n" +
      "## Monitor problems\n\n" +
      "If a monitor stays black or shows the wrong resolution, check the cable and the docking station before raising a ticket with the hardware team.\n",
  ),
  "it/docking.md": doc(
    "it-docking",
    "Docking stations",
    ["hardware", "docking"],
    "Docking stations connect your laptop to the monitors, keyboard and network.\n\n" +
      "## Troubleshooting a dock\n\n" +
      "When the docking station does not detect the laptop, unplug the power for thirty seconds and update the dock firmware from the software centre.\n",
  ),
  "facilities/parking.md": doc(
    "facilities-parking",
    "Car park and garage",
    ["facilities", "cars"],
    "Employees who drive to the office can reserve a space in the underground garage.\n\n" +
      "## Reserving a space\n\n" +
      "Reserve a car park space for your vehicle in the facilities app the day before; electric cars can charge at the bays on level -1.\n",
  ),
  "facilities/canteen.md": doc(
    "facilities-canteen",
    "Canteen and lunch",
    ["facilities", "food"],
    "The canteen serves lunch from 11:30 to 14:00.\n\n" +
      "## Menu\n\n" +
      "The weekly menu is posted on the intranet every Friday and always includes a vegetarian dish and soup.\n",
  ),
  "travel/expenses.md": doc(
    "travel-expenses",
    "Travel expenses",
    ["travel", "finance"],
    "Employees claim travel costs through the expenses tool.\n\n" +
      "## Hotels\n\n" +
      "Overnight stays are reimbursed up to 180 euros per night with an itemised hotel invoice attached to the claim.\n",
  ),
  "security/badges.md": doc(
    "security-badges",
    "Access badges",
    ["security", "badges"],
    "Every employee gets a personal access badge on the first day.\n\n" +
      "## Lost badges\n\n" +
      "Report a lost access badge to reception immediately so it can be blocked; a replacement costs 15 euros.\n",
  ),
};

/** Found only by its exact rare term: the other words are paraphrases of the laptop/monitor/dock pages. */
export const LEXICAL_QUERY = "notebook display shows PX-4471";
/** The chunk that answers LEXICAL_QUERY (path and section). */
export const LEXICAL_TARGET = { path: "it/printers.md", section: "Error codes" };
/** Found only by meaning: no word shared with the parking page. */
export const PARAPHRASE_QUERY = "where can I leave my automobile overnight";
/** Any chunk of the parking page answers PARAPHRASE_QUERY. */
export const PARAPHRASE_TARGET = { path: "facilities/parking.md" };

/** One passage of a playbook's section, as the composer receives it (owner and review date fixed). */
export function passage(id: number, playbookPath: string, section: string, text: string, owner = "AI Enablement Office"): Chunk {
  return { id, path: playbookPath, docId: playbookPath, title: playbookPath, owner, reviewed: "2026-10-01", tags: [], systems: [], headings: [section], section, text };
}
