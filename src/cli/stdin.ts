import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** Lines of a stream, in order. */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}
