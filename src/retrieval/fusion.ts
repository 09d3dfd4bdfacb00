export interface RankedList {
  hits: { doc: number; score: number }[];
  weight?: number;
}

/**
 * Reciprocal rank fusion (Cormack et al.): each list contributes weight / (k + rank). Robust to the two
 * halves having incomparable score scales, which BM25 and cosine similarity do.
 */
export function reciprocalRankFusion(lists: RankedList[], k = 60): { doc: number; score: number }[] {
  const fused = new Map<number, number>();
  for (const list of lists) {
    const w = list.weight ?? 1;
    list.hits.forEach((hit, rank) => fused.set(hit.doc, (fused.get(hit.doc) ?? 0) + w / (k + rank + 1)));
  }
  return [...fused.entries()].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score);
}

/**
 * Keeps ranking order but allows at most `perGroup` items from one group (document) until every other
 * candidate has been placed, so the top results span several playbooks instead of one playbook's sections.
 */
export function diversify<T>(items: T[], groupOf: (item: T) => string, perGroup: number, limit: number): T[] {
  const counts = new Map<string, number>();
  const picked: T[] = [];
  const deferred: T[] = [];
  for (const item of items) {
    const g = groupOf(item);
    const c = counts.get(g) ?? 0;
    if (c < perGroup) {
      counts.set(g, c + 1);
      picked.push(item);
      if (picked.length >= limit) return picked;
    } else deferred.push(item);
  }
  return picked.concat(deferred).slice(0, limit);
}

/**
 * Convex combination of min-max normalised scores: (1 - w) * lexical + w * dense. Uses score magnitudes,
 * so a clear lexical winner is not pulled down by a dense list that is confidently wrong, and vice versa.
 */
export function convexFusion(
  lexical: { doc: number; score: number }[],
  dense: { doc: number; score: number }[],
  denseWeight: number,
): { doc: number; score: number }[] {
  const fused = new Map<number, number>();
  const add = (hits: { doc: number; score: number }[], weight: number) => {
    if (hits.length === 0) return;
    const max = Math.max(...hits.map((h) => h.score));
    const min = Math.min(...hits.map((h) => h.score));
    const span = max - min;
    // One hit, or all tied: each is the best this half found, not the worst.
    for (const h of hits) fused.set(h.doc, (fused.get(h.doc) ?? 0) + weight * (span > 0 ? (h.score - min) / span : 1));
  };
  add(lexical, 1 - denseWeight);
  add(dense, denseWeight);
  return [...fused.entries()].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score);
}
