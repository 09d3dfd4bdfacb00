/**
 * A number for each evaluation run in this process. The runs put their conversations in the same store when a
 * caller shares one (`eval --fit-opening` measures every fold and weight set through one store), so conversation ids
 * carry the run's number: without it, question n of one run replayed the thread of question n of the run before.
 */
let runs = 0;

export function nextRun(): number {
  return ++runs;
}
