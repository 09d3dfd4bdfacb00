/**
 * Conversation ids for one evaluation run. Runs put their conversations in the same store when a caller shares one
 * (`eval --fit-opening` measures every fold and weight set through one store), so each run's ids carry a number of
 * their own: without it, question n of one run replayed the thread of question n of the run before.
 */
let runs = 0;

/** A fresh run's id maker: `eval:3:0`, `eval:3:1`, … */
export function conversationIds(prefix: string): () => string {
  const run = ++runs;
  let n = 0;
  return () => `${prefix}:${run}:${n++}`;
}
