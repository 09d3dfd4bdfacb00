import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaFactory, testDatabaseUrl } from "../support/pg.ts";

const CHILD = "test/fixtures/referral-crash-child.ts";
/** Runs the child without blocking this process (its webhook goes to a server in this process). */
function run(args: string[]): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

const url = testDatabaseUrl();
const schemas = schemaFactory(url, "crash");
const dir = mkdtempSync(join(tmpdir(), "pp-crash-"));
const received: string[] = [];
let server: Server;
let hookUrl = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(String(req.headers["x-partnerpilot-delivery"]));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  await schemas.dropAll();
});

const targets = [
  { name: "sqlite", skip: false, target: () => join(dir, "crash.sqlite") },
  { name: "postgres", skip: !url, target: () => `${url}#${schemas.next()}` },
];

for (const t of targets) {
  describe.skipIf(t.skip)(`crash between commit and send (${t.name})`, () => {
    it("a process killed after committing the referral loses nothing: after restart the webhook is sent exactly once", async () => {
      received.length = 0;
      const target = t.target();
      const submit = await run(["submit", target, hookUrl]);
      expect(submit.signal).toBe("SIGKILL");
      expect(submit.stdout).toContain("offered kestrel-bay");
      expect(received).toEqual([]); // killed before anything was sent

      const first = await run(["deliver", target, hookUrl]);
      expect(first.status, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout.trim().split("\n").at(-1)!)).toMatchObject({ done: 1 });
      const second = await run(["deliver", target, hookUrl]);
      expect(JSON.parse(second.stdout.trim().split("\n").at(-1)!)).toMatchObject({ claimed: 0 });
      expect(received).toEqual(["crash-1#1:webhook:kestrel-bay"]);
    }, 60_000);
  });
}
