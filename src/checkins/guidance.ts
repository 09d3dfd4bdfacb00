/** Loads the sections recommendations cite (knowledge/change/*.md and the integration playbooks) once. */
import { chunkPlaybooks } from "../retrieval/chunking.ts";
import { loadPlaybooks } from "../retrieval/playbooks.ts";
import type { GuidanceSection } from "./recommendations.ts";

export async function loadChangeGuidance(knowledgeDir: string): Promise<GuidanceSection[]> {
  const playbooks = (await loadPlaybooks(knowledgeDir)).filter((p) => p.path.startsWith("change/") || p.path.startsWith("integrations/"));
  return chunkPlaybooks(playbooks).map((c) => ({ path: c.path, title: c.title, section: c.section, text: c.text }));
}
