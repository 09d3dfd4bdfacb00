/**
 * Check-in messages through the Slack Web API. The client already waits out 429s (Retry-After) and retries; when
 * it gives up, the job is retried after the delay Slack asked for (RetryLater), so a large campaign is delivered
 * late rather than dropped. People who cannot be messaged end as UndeliverableError (the round leaves them out).
 */
import type { CheckinMessenger, Invitation, Posted, ReportTarget } from "../../checkins/ports.ts";
import { UndeliverableError } from "../../checkins/ports.ts";
import type { CheckinReport } from "../../checkins/report.ts";
import { RetryLater } from "../../jobs/JobWorker.ts";
import { buildInviteMessage, buildReminderMessage, buildReportMessage } from "../blocks/checkins.ts";
import { enforceMessageLimits } from "../blocks/limits.ts";
import { slackErrorCode } from "../failure.ts";
import type { WebClient } from "../services.ts";

const UNDELIVERABLE = new Set(["user_not_found", "cannot_dm_bot", "user_disabled", "account_inactive", "user_is_restricted", "messages_tab_disabled"]);

/** Maps a Web API failure to what the job should do; returns the error to throw. */
export function classifySlackError(err: unknown): Error {
  const code = slackErrorCode(err);
  if (code && UNDELIVERABLE.has(code)) return new UndeliverableError(code, { cause: err });
  const e = err as { code?: string; retryAfter?: number; message?: string };
  if (e?.code === "slack_webapi_rate_limited_error") return new RetryLater("Slack rate limit", Math.max(1, e.retryAfter ?? 30) * 1000);
  if (/rate limit was exceeded/i.test(e?.message ?? "")) {
    const seconds = Number(/retry-after: (\d+)/.exec(e!.message!)?.[1] ?? 30);
    return new RetryLater("Slack rate limit (retries used up)", Math.max(1, seconds) * 1000);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export class SlackCheckinMessenger implements CheckinMessenger {
  constructor(private readonly client: WebClient) {}

  private async post(channel: string, message: { text: string; blocks: unknown[] }, threadTs?: string): Promise<Posted> {
    const { text, blocks } = enforceMessageLimits(message as never).message as { text: string; blocks: never[] };
    try {
      const res = await this.client.chat.postMessage({ channel, text, blocks, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false });
      return { channelId: String(res.channel), ts: String(res.ts) };
    } catch (err) {
      throw classifySlackError(err);
    }
  }

  invite(i: Invitation): Promise<Posted> {
    return this.post(i.userId, buildInviteMessage(i));
  }

  remind(i: Invitation & { reminder: number }): Promise<Posted> {
    return this.post(i.userId, buildReminderMessage(i));
  }

  postReport(target: ReportTarget, report: CheckinReport): Promise<Posted> {
    return this.post(target.kind === "channel" ? target.channelId : target.userId, buildReportMessage(report));
  }

  async uploadChart(target: ReportTarget, png: Buffer, report: CheckinReport): Promise<void> {
    try {
      const channelId = target.kind === "channel" ? target.channelId : await this.dmChannel(target.userId);
      await this.client.files.uploadV2({
        channel_id: channelId,
        file: png,
        filename: `checkin-${report.round}.png`,
        title: `${report.name}: ADKAR medians, round ${report.round}`,
        alt_text: `Bar chart of ADKAR medians for round ${report.round} and a line chart of each element's median by round; the same figures are in the report message.`,
      } as never);
    } catch (err) {
      throw classifySlackError(err);
    }
  }

  /** A file upload needs a channel id; a DM's comes from conversations.open. */
  async dmChannel(userId: string): Promise<string> {
    const res = await this.client.conversations.open({ users: userId });
    const id = (res.channel as { id?: string } | undefined)?.id;
    if (!id) throw new Error("conversations.open returned no channel");
    return id;
  }
}
