import type { App } from "@slack/bolt";
import type { SlackServices } from "../services.ts";
import { register as registerActions } from "./actions/index.ts";
import { register as registerAssistant } from "./assistant/index.ts";
import { register as registerCommands } from "./commands/index.ts";
import { register as registerEvents } from "./events/index.ts";
import { register as registerHome } from "./home/index.ts";
import { register as registerShortcuts } from "./shortcuts/index.ts";
import { register as registerUseCases } from "./usecases/index.ts";
import { register as registerViews } from "./views/index.ts";
import { register as registerReferrals } from "./referrals/index.ts";

/** Every listener, grouped by Slack surface. The assistant goes first: it is global middleware. */
export function registerListeners(app: App, services: SlackServices): void {
  registerAssistant(app, services);
  registerEvents(app, services);
  registerCommands(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerShortcuts(app, services);
  registerHome(app, services);
  registerUseCases(app, services);
  registerReferrals(app, services);
}
