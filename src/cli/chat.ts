import { createInterface } from "node:readline";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { createServices } from "../services.ts";
import { renderTerminalAnswer } from "./terminal-answer.ts";
import { UseCaseDialog } from "./usecase-dialog.ts";
import { useCasesText } from "./usecases.ts";

/** The local terminal chat: one conversation, so follow-ups keep the thread's context. */
export async function runChat(config: Config, logger: Logger): Promise<void> {
  const services = await createServices(config, logger);
  const conversationId = `cli:${process.pid}:${Date.now()}`;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const interactive = process.stdin.isTTY;
  console.log(
    `PartnerPilot (${config.openai.apiKey ? `language model ${config.openai.model}` : "offline: local answer composer"}, ${services.index.playbooks.length} playbooks). ` +
      "Ask a question; /usecases finds AI use cases for your role; exit (or /exit) to quit.",
  );
  const prompt = () => interactive && process.stdout.write("\nyou › ");
  prompt();
  let dialog: UseCaseDialog | undefined;
  try {
    for await (const line of rl) {
      const text = line.trim();
      // "exit" typed without the slash is what people try first; it is never a question for the playbooks.
      if (/^\/?(?:exit|quit)$/i.test(text)) break;
      if (dialog) {
        const next = dialog.answer(text);
        if ("ask" in next) process.stdout.write(`\npilot › ${next.ask}\n`);
        else {
          dialog = undefined;
          if ("intake" in next) process.stdout.write(`\npilot › ${useCasesText(services.useCases.suggest(next.intake))}\n`);
        }
        prompt();
        continue;
      }
      if (text === "/usecases") {
        dialog = new UseCaseDialog();
        process.stdout.write(`\npilot › ${dialog.start()}\n`);
        prompt();
        continue;
      }
      if (!text) {
        prompt();
        continue;
      }
      const stream = services.engine.askStream({ text, conversationId, userId: "U_LOCAL" });
      for await (const _ of stream.chunks); // the terminal prints the finished answer, rendered from its reply
      const result = await stream.result;
      process.stdout.write(`\npilot › ${renderTerminalAnswer(result, Boolean(process.stdout.isTTY))}\n`);
      prompt();
    }
  } finally {
    rl.close();
    await services.close();
  }
}
