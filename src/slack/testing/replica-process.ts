/** Starts src/slack/testing/replica.ts as a child process (crash tests, the replica bench). */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { EVENTS_PATH } from "../app.ts";

export interface ReplicaProcess {
  child: ChildProcess;
  port: number;
  /** POST target for signed Slack requests. */
  url: string;
  /** kill -9: no cleanup, no drain, nothing finished. */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** What the replica wrote to stderr (its logs). */
  stderr(): string;
}

const ENTRY = fileURLToPath(new URL("./replica.ts", import.meta.url));

export async function startReplica(env: Record<string, string>): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`replica did not start within 30 s: ${err.slice(-2000)}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited (${code}) before listening: ${err.slice(-2000)}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}${EVENTS_PATH}`,
    async crash() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
    stderr: () => err,
  };
}
