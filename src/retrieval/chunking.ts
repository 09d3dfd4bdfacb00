import { describeUseCase, parseUseCase, USE_CASE_FENCE, type UseCase } from "../usecases/catalog.ts";
import { PlaybookError, type Playbook } from "./playbooks.ts";

export interface Chunk {
  /** Position in the index (also the HNSW label). */
  id: number;
  path: string;
  docId: string;
  title: string;
  owner: string;
  reviewed: string;
  tags: string[];
  systems: string[];
  /** Heading path below the document title, e.g. ["Step-by-step", "Read-only access"]. */
  headings: string[];
  /** Readable section name for citations ("Step-by-step › Read-only access"). */
  section: string;
  /** Section content as readable Markdown (use-case YAML rendered as sentences, for search). */
  text: string;
  /** The use case this section defines, as the catalog states it (typed: surfaces never re-read `text`). */
  useCase?: UseCase;
  /** Guardrail notes written under the use case's block (the prose after it in the section). */
  useCaseNotes?: string;
  /**
   * Questions the section answers, in employees' words (a ```questions block): search reads them with the text,
   * answers never show them.
   */
  questions?: string[];
}

/** The info string of a block of questions the section answers (one per line). */
export const QUESTIONS_FENCE = /^questions$/i;

/** Markdown without its ```questions blocks: what the playbook itself says. */
export function withoutQuestionBlocks(markdown: string): string {
  return markdown.replace(/^```questions\s*$[\s\S]*?^```\s*$/gim, " ");
}

export const SECTION_SEPARATOR = " › ";
const MAX_CHUNK_CHARS = 1400;

interface Section {
  headings: string[];
  lines: string[];
  useCase?: UseCase;
  questions: string[];
}

/** Splits a playbook into chunks by heading, keeping the heading path of each chunk for its citation. */
export function chunkPlaybook(pb: Playbook, firstId = 0): Chunk[] {
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: Section = { headings: [], lines: [], questions: [] };
  let fence: { info: string; lines: string[]; line: number } | undefined;
  const lines = pb.body.split(/\r?\n/);
  // A section with text is kept; one with only questions is an error (they would belong to no text).
  const endSection = (line: number) => {
    if (current.lines.some((l) => l.trim() !== "")) sections.push(current);
    else if (current.questions.length) throw new PlaybookError(pb.path, line, "a questions block needs text of its own above it in the section");
  };

  lines.forEach((line, i) => {
    const fenceMatch = /^\s*(```|~~~)\s*(.*)$/.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[2] === "") {
        if (QUESTIONS_FENCE.test(fence.info)) {
          current.questions.push(...fence.lines.map((l) => l.trim()).filter(Boolean));
          fence = undefined;
          return;
        }
        const rendered = renderFence(pb, fence.info, fence.lines, fence.line);
        current.lines.push(...rendered.lines);
        if (rendered.useCase) current.useCase = rendered.useCase;
        fence = undefined;
      } else fence.lines.push(line);
      return;
    }
    if (fenceMatch) {
      fence = { info: fenceMatch[2]!.trim(), lines: [], line: pb.bodyLine + i };
      return;
    }
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      endSection(pb.bodyLine + i);
      if (level === 1) {
        stack.length = 0; // the document title: not part of section names
      } else {
        while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
        stack.push({ level, text: stripInline(heading[2]!) });
      }
      current = { headings: stack.map((s) => s.text), lines: [], questions: [] };
      return;
    }
    current.lines.push(line);
  });
  if (fence) throw new PlaybookError(pb.path, fence.line, "code block is never closed (missing ```)");
  endSection(pb.bodyLine + lines.length - 1);

  const chunks: Chunk[] = [];
  for (const section of sections) {
    const whole = section.lines.join("\n").trim();
    const notes = section.useCase ? whole.split(/\n{2,}/).filter((p) => !p.startsWith("Use case: ")).join("\n\n").trim() : undefined;
    for (const text of splitLong(whole)) {
      chunks.push({
        id: firstId + chunks.length,
        path: pb.path,
        docId: pb.id,
        title: pb.title,
        owner: pb.owner,
        reviewed: pb.reviewed,
        tags: pb.tags,
        systems: pb.systems ?? [],
        headings: section.headings,
        section: section.headings.length > 0 ? section.headings.join(SECTION_SEPARATOR) : "Overview",
        text,
        ...(section.useCase && text.startsWith("Use case: ") ? { useCase: section.useCase, useCaseNotes: notes } : {}),
        ...(section.questions.length ? { questions: section.questions } : {}),
      });
    }
  }
  return chunks;
}

function renderFence(pb: Playbook, info: string, body: string[], line: number): { lines: string[]; useCase?: UseCase } {
  if (USE_CASE_FENCE.test(info)) {
    let useCase: UseCase;
    try {
      useCase = parseUseCase(body.join("\n"));
    } catch (err) {
      throw new PlaybookError(pb.path, line, (err as Error).message);
    }
    return { lines: ["", describeUseCase(useCase), ""], useCase };
  }
  return { lines: ["```" + info, ...body, "```"] };
}

function stripInline(s: string): string {
  return s.replace(/[*_`]/g, "").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").trim();
}

/** Splits an over-long section at paragraph (then line) boundaries. */
function splitLong(text: string): string[] {
  if (text.length <= MAX_CHUNK_CHARS) return text ? [text] : [];
  const parts: string[] = [];
  let buf = "";
  const blocks = text
    .split(/\n{2,}/)
    .flatMap((p) => (p.length > MAX_CHUNK_CHARS ? p.split("\n") : [p]))
    .flatMap((line) => (line.length > MAX_CHUNK_CHARS ? line.split(/(?<=[.!?])\s+/) : [line]))
    .flatMap((sentence) => (sentence.length > MAX_CHUNK_CHARS ? hardSplit(sentence) : [sentence]));
  for (const block of blocks) {
    if (buf && buf.length + block.length + 2 > MAX_CHUNK_CHARS) {
      parts.push(buf.trim());
      buf = "";
    }
    buf += (buf ? "\n\n" : "") + block;
  }
  if (buf.trim()) parts.push(buf.trim());
  return parts;
}

/** Last resort for text with no sentence breaks: cut at spaces (or anywhere) under the maximum. */
function hardSplit(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > MAX_CHUNK_CHARS) {
    const space = rest.lastIndexOf(" ", MAX_CHUNK_CHARS);
    const cut = space > MAX_CHUNK_CHARS / 2 ? space : MAX_CHUNK_CHARS;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** Chunks every playbook with ids that are consecutive across the corpus. */
export function chunkPlaybooks(playbooks: Playbook[]): Chunk[] {
  const all: Chunk[] = [];
  for (const pb of playbooks) all.push(...chunkPlaybook(pb, all.length));
  return all;
}
