import { LocalEmbedder } from "../../src/retrieval/embedders/LocalEmbedder.ts";
import { loadWordVectors } from "../../src/retrieval/embedders/word-vectors.ts";
import { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { REPO_DATA, SHIPPED_KNOWLEDGE, tempDir } from "./fixtures-knowledge.ts";

/**
 * The shipped playbooks indexed with the local embedder (the repository's word vectors), in a temp data
 * directory named after `label` (removed by `removeTempDirs`), correcting typos as the app does: the index the offline
 * answer tests run against.
 */
export async function openShippedIndex(label: string): Promise<KnowledgeIndex> {
  const vectors = await loadWordVectors(REPO_DATA);
  if (!vectors) throw new Error(`no word vectors under ${REPO_DATA}: the shipped index needs them`);
  const { index } = await KnowledgeIndex.open({ knowledgeDir: SHIPPED_KNOWLEDGE, dataDir: tempDir(label), embedder: new LocalEmbedder(vectors) });
  // As openKnowledgeIndex does: the word vectors' vocabulary tells typos from English words.
  index.useEnglishWords(vectors);
  return index;
}
