// Runs `lintKnowledge` in a worker thread, so the Slack app's event loop keeps acknowledging events while the
// weekly digest lints the corpus (a few seconds of CPU). Plain JS: it registers tsx itself, like bin/partnerpilot.js.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { lintSources, readBaseline } = await import("./lint.ts");
try {
  const baseline = typeof workerData.baseline === "string" ? await readBaseline(workerData.baseline) : workerData.baseline;
  const report = lintSources(workerData.files, {
    now: new Date(workerData.now),
    ...(baseline ? { baseline } : {}),
    ...(workerData.baselineLabel ? { baselineLabel: workerData.baselineLabel } : {}),
  });
  parentPort.postMessage({ ok: true, report });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
