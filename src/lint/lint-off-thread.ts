import { Worker } from "node:worker_threads";
import type { LintReport } from "./findings.ts";

/**
 * `lintSources` in a worker thread (see lint-worker.js) on files the caller has read; rejects with the lint's own
 * error message. `baseline`: the approved corpus, as a directory or as its files (see LintOptions.baseline).
 */
export function lintOffThread(
  files: { path: string; text: string }[],
  now: Date,
  baseline?: string | { path: string; text: string }[],
  baselineLabel?: string,
): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./lint-worker.js", import.meta.url), { workerData: { files, now: now.getTime(), baseline, baselineLabel } });
    let settled = false;
    worker.once("message", (msg: { ok: true; report: LintReport } | { ok: false; message: string }) => {
      settled = true;
      if (msg.ok) resolve(msg.report);
      else reject(new Error(msg.message));
      void worker.terminate();
    });
    worker.once("error", (err) => {
      if (!settled) reject(err);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`lint worker exited with code ${code} before reporting`));
    });
  });
}
