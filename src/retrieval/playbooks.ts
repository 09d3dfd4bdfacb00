import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";

/** A playbook that cannot be indexed. The message names the file, the line and what is wrong. */
export class PlaybookError extends Error {
  readonly code = "playbook_invalid";
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${reason}`);
    this.name = "PlaybookError";
  }
}

const isoDate = z
  .string({ invalid_type_error: "must be a date written as YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written as YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a real calendar date");

const slugList = z.array(z.string().min(1).max(60)).max(30);

export const FrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, "must be kebab-case (a-z, 0-9, -)"),
    title: z.string().min(3).max(150),
    owner: z.string().min(2).max(100),
    reviewed: isoDate,
    tags: slugList.min(1, "needs at least one tag"),
    systems: slugList.optional(),
    audience: slugList.optional(),
    /**
     * Company vocabulary for this playbook's subject: abbreviations and nicknames employees use
     * (`SFDC`, `snow`, `champs`). Search and intent expand them to the playbook's own words.
     */
    aliases: z.array(z.string().min(1).max(60)).max(40).optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof FrontMatterSchema>;

export interface Playbook extends FrontMatter {
  /** Path relative to the knowledge directory, with forward slashes (`integrations/salesforce.md`). */
  path: string;
  /** Markdown body after the front matter. */
  body: string;
  /** 1-based line in the file where the body starts (for error messages). */
  bodyLine: number;
}

/** Data files that live in the knowledge directory but are not playbooks (read by their own features). */
export const DATA_FILES = new Set(["partners.yml", "lint-accepted.yml"]);

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses and validates one playbook's text. `file` is only used in error messages and as the path. */
export function parsePlaybook(file: string, text: string): Playbook {
  const { playbook, problems } = checkPlaybook(file, text);
  if (!playbook) throw problems[0]!;
  return playbook;
}

/**
 * Validates one playbook's text and reports every problem (each front-matter field that is wrong, not only the
 * first). `playbook` is set only when there are no problems. `partnerpilot lint` lists them all; indexing
 * stops at the first.
 */
export function checkPlaybook(file: string, text: string): { playbook?: Playbook; problems: PlaybookError[] } {
  const fail = (line: number | undefined, reason: string) => ({ problems: [new PlaybookError(file, line, reason)] });
  if (text.trim() === "") return fail(1, "file is empty");
  const match = FRONT_MATTER.exec(text);
  if (!match) return fail(1, "missing front matter (the file must start with a --- block)");
  const lineCounter = new LineCounter();
  const doc = parseDocument(match[1]!, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((err) => {
        const line = err.linePos?.[0]?.line;
        return new PlaybookError(file, line ? line + 1 : 2, `front matter is not valid YAML: ${err.message.split("\n")[0]}`);
      }),
    };
  }
  const data = doc.toJS() as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return fail(2, "front matter must be a YAML mapping of fields");
  }
  const problems: PlaybookError[] = [];
  const parsed = FrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const reason = `unknown field "${key}" (allowed: ${Object.keys(FrontMatterSchema.shape).join(", ")})`;
          problems.push(new PlaybookError(file, keyLine(doc, lineCounter, key) ?? 2, reason));
        }
      } else if (field && (data as Record<string, unknown>)[field] === undefined) {
        problems.push(new PlaybookError(file, 2, `missing required field "${field}"`));
      } else {
        const line = (field && keyLine(doc, lineCounter, field)) || 2;
        problems.push(new PlaybookError(file, line, `field "${issue.path.join(".")}" ${issue.message}`));
      }
    }
  }
  const body = text.slice(match[0].length);
  if (body.trim().length === 0) problems.push(new PlaybookError(file, undefined, "has front matter but no content"));
  if (problems.length > 0 || !parsed.success) return { problems };
  const bodyLine = match[0].split("\n").length;
  return { playbook: { ...parsed.data, path: file, body, bodyLine }, problems };
}

function keyLine(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, key: string): number | undefined {
  const contents = doc.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  const pair = contents?.items?.find((p) => p.key?.value === key);
  const offset = pair?.key?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line + 1; // +1 for the opening ---
}

/** Every file under `dir` (relative paths, forward slashes, sorted), skipping dot files. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** Reads every playbook under `dir`; throws PlaybookError on the first bad file, duplicate id or empty dir. */
export async function loadPlaybooks(dir: string): Promise<Playbook[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new PlaybookError(dir, undefined, "knowledge directory does not exist (set KNOWLEDGE_DIR)");
  const files = await listFiles(dir);
  const playbooks: Playbook[] = [];
  const ids = new Map<string, string>();
  for (const rel of files) {
    if (DATA_FILES.has(rel)) continue;
    if (!rel.endsWith(".md")) {
      throw new PlaybookError(rel, undefined, "is not a Markdown playbook (.md); move it out of the knowledge directory");
    }
    const text = await readFile(path.join(dir, rel), "utf8");
    const pb = parsePlaybook(rel, text);
    const seen = ids.get(pb.id);
    if (seen) {
      const idLine = text.split(/\r?\n/).findIndex((l) => /^id\s*:/.test(l));
      throw new PlaybookError(rel, idLine >= 0 ? idLine + 1 : 2, `duplicate id "${pb.id}" (also used by ${seen})`);
    }
    ids.set(pb.id, rel);
    playbooks.push(pb);
  }
  if (playbooks.length === 0) throw new PlaybookError(dir, undefined, "knowledge directory has no Markdown playbooks");
  return playbooks;
}
