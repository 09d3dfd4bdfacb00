import { readFileSync } from "node:fs";
import type { z } from "zod";

/** Parses JSON lines, validating each with `schema`; a bad line stops with the file, its line number and why. */
export function parseJsonl<T>(text: string, file: string, schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]!.path.join(".")} ${parsed.error.issues[0]!.message}`);
    out.push(parsed.data);
  });
  return out;
}

export function readJsonlSync<T>(file: string, schema: z.ZodType<T>): T[] {
  return parseJsonl(readFileSync(file, "utf8"), file, schema);
}
