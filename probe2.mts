import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { openStore } from "./src/store/index.ts";
import { FakeEngine } from "./test/slack/support/fake-engine.ts";
import { createSlackApp } from "./src/slack/app.ts";
import { silentLogger } from "./src/logging.ts";
const epoch = () => performance.timeOrigin + performance.now();
function startWorker(role: string) {
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./src/slack/testing/bench-load.ts", import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: { role } });
}
const slackW = startWorker("slack"); const sender = startWorker("sender");
const once = (w: Worker, t: string) => new Promise<any>((r) => { const f = (m: any) => { if (m.type === t) { w.off("message", f); r(m); } }; w.on("message", f); });
const [api] = await Promise.all([once(slackW, "ready"), once(sender, "ready")]);
const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "ppb-")) });
const noop = process.env.NOOP === "1";
const slack = createSlackApp({ config: { enabled: true, mode: "http", botToken: "xoxb-x", signingSecret: "s", port: 0, apiUrl: api.apiUrl, rateLimitPerMinute: 1000 }, engine: new FakeEngine({ store }), store, logger: silentLogger });
if (noop) (slack.app as any).listeners = [];
const { port } = await slack.start();
const server = (slack.app as any).receiver.server;
const reqs: number[] = [], fin: number[] = [];
server.on("request", (_q: any, res: any) => { reqs.push(epoch()); res.on("finish", () => fin.push(epoch())); });
const url = `http://127.0.0.1:${port}/slack/events`;
for (const [count, tag] of [[50, "w"], [200, "m"], [200, "n"]] as const) {
  reqs.length = 0; fin.length = 0;
  sender.postMessage({ type: "send", url, secret: "s", count, tag, botUserId: api.botUserId, teamId: api.teamId });
  const { sent } = await once(sender, "sent");
  const t0 = Math.min(...sent.map((s: any) => s.at));
  const rel = (xs: number[]) => { const s = xs.map((x) => x - t0).sort((a, b) => a - b); return `first ${s[0]?.toFixed(0)} p50 ${s[Math.floor(s.length/2)]?.toFixed(0)} last ${s.at(-1)?.toFixed(0)}`; };
  const acks = sent.map((s: any) => s.ackMs).sort((a: number, b: number) => a - b);
  console.log(tag, "sends:", rel(sent.map((s: any) => s.at)), "| req:", rel(reqs), "| finish:", rel(fin), "| ack p50", acks[Math.floor(count/2)].toFixed(0), "p99", acks[Math.floor(count*0.99)-1].toFixed(0));
  await new Promise((r) => setTimeout(r, 2500));
}
await slack.stop(); slackW.postMessage({ type: "close" }); sender.postMessage({ type: "close" }); await store.close();
setTimeout(() => process.exit(0), 500);
