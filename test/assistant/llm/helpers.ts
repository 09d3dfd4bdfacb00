import type { Chunk } from "../../../src/retrieval/chunking.ts";
import type { SearchHit } from "../../../src/retrieval/KnowledgeIndex.ts";

/** A search hit over a made-up chunk; `text` defaults to a recognisable sentence. */
export function hit(n: number, over: Partial<Chunk> = {}): SearchHit {
  const chunk: Chunk = {
    id: n,
    path: `integrations/doc-${n}.md`,
    docId: `doc-${n}`,
    title: `Playbook ${n}`,
    owner: "AI Enablement Office",
    reviewed: "2026-01-15",
    tags: [],
    systems: [],
    headings: [`Section ${n}`],
    section: `Section ${n}`,
    text: `Passage body number ${n}: request read-only access through the ServiceNow form.`,
    ...over,
  };
  return { chunk, score: 1 / n, termCoverage: 0.5 };
}

export const hits = (count: number): SearchHit[] => Array.from({ length: count }, (_, i) => hit(i + 1));

/** Messages of a recorded chat completion request. */
export function messagesOf(body: any): { role: string; content: string }[] {
  return (body?.messages ?? []).map((m: any) => ({ role: m.role, content: typeof m.content === "string" ? m.content : JSON.stringify(m.content) }));
}
