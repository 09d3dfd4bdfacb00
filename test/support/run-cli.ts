/** Runs the real `partnerpilot` binary offline (no Slack, OpenAI or PostgreSQL settings) with its own DATA_DIR. */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { REPO_DATA, REPO_ROOT } from "./fixtures-knowledge.ts";

const BIN = path.join(REPO_ROOT, "bin", "partnerpilot.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Copies the converted word vectors and the sentence-vector cache into `dataDir` when the repository's data/ has
 * them (saves the one-off conversion and encoding; both are keyed by content, so a copy is never stale).
 */
export function seedDataDir(dataDir: string): void {
  const seeds: [string, RegExp][] = [
    ["vectors", /\.i8$/],
    ["models", /^sentence-vectors-.*\.json$/],
  ];
  for (const [dir, pattern] of seeds) {
    const from = path.join(REPO_DATA, dir);
    if (!existsSync(from)) continue;
    mkdirSync(path.join(dataDir, dir), { recursive: true });
    for (const f of readdirSync(from).filter((f) => pattern.test(f))) copyFileSync(path.join(from, f), path.join(dataDir, dir, f));
  }
}

/** Runs `partnerpilot ARGS` with `input` (or nothing) on stdin; the settings that pick a backend are not inherited. */
export function runCli(args: string[], options: { dataDir: string; input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SLACK_|OPENAI_|DATABASE_URL|KNOWLEDGE_DIR|EMBEDDINGS|SENTENCE_ENCODER|DATA_DIR|LOG_LEVEL|PORT|CONFIDENCE_THRESHOLD|RATE_LIMIT)/.test(k)) continue;
    env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...env, DATA_DIR: options.dataDir, LOG_LEVEL: "silent", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`partnerpilot ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
