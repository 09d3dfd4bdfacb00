import { createInterface } from "node:readline";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { createServices } from "../services.ts";

const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** Renders the answer's Markdown for a terminal (bold and italics as ANSI, the rest as is). */
export function renderForTerminal(markdown: string, color = process.stdout.isTTY): string {
  if (!color) return markdown.replace(/\*\*([^*]+)\*\*/g, "$1");
  return markdown.replace(/\*\*([^*]+)\*\*/g, `${BOLD}$1${RESET}`).replace(/(^|\s)_([^_]+)_(?=\s|$)/g, `$1${DIM}$2${RESET}`);
}

/** The local terminal chat: one conversation, so follow-ups keep the thread's context. */
export async function runChat(config: Config, logger: Logger): Promise<void> {
  const services = await createServices(config, logger);
  const conversationId = `cli:${process.pid}:${Date.now()}`;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const interactive = process.stdin.isTTY;
  console.log(
    `PartnerPilot (offline: ${config.openai.apiKey ? "LLM " + config.openai.model : "local answer composer"}, ${services.index.playbooks.length} playbooks). ` +
      "Ask a question; /exit to quit.",
  );
  const prompt = () => interactive && process.stdout.write("\nyou › ");
  prompt();
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (text === "/exit" || text === "/quit") break;
      if (!text) {
        prompt();
        continue;
      }
      const stream = services.engine.askStream({ text, conversationId, userId: "U_LOCAL" });
      let answer = "";
      for await (const chunk of stream.chunks) answer += chunk;
      const result = await stream.result;
      process.stdout.write(`\npilot › ${renderForTerminal(answer)}\n`);
      const meta = `(intent ${result.intent}, confidence ${result.confidence.toFixed(2)})`;
      process.stdout.write(`${process.stdout.isTTY ? `${DIM}${meta}${RESET}` : meta}\n`);
      prompt();
    }
  } finally {
    rl.close();
    await services.close();
  }
}
