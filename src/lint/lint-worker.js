// Runs `lintKnowledge` in a worker thread, so the Slack app's event loop keeps acknowledging events while the
// weekly digest lints the corpus (a few seconds of CPU). Plain JS: it registers tsx itself, like bin/partnerpilot.js.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { lintKnowledge } = await import("./lint.ts");
try {
  const { baseline } = workerData;
  const report = await lintKnowledge(workerData.dir, {
    now: new Date(workerData.now),
    ...(typeof baseline === "string" ? { baselineDir: baseline } : baseline ? { baseline } : {}),
    ...(workerData.baselineLabel ? { baselineLabel: workerData.baselineLabel } : {}),
  });
  parentPort.postMessage({ ok: true, report });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
