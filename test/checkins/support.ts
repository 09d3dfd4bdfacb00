/** Fakes of the check-in ports for domain tests: a directory of people and a messenger that records what it sent. */
import type { CheckinDirectory, CheckinMessenger, Invitation, Person, Posted, ReportTarget } from "../../src/checkins/ports.ts";
import { UndeliverableError } from "../../src/checkins/ports.ts";
import type { CheckinReport } from "../../src/checkins/report.ts";
import type { CampaignInput } from "../../src/checkins/campaign.ts";

export class FakeDirectory implements CheckinDirectory {
  constructor(public people_: Person[]) {}
  async people(): Promise<Person[]> {
    return this.people_;
  }
}

export class RecordingMessenger implements CheckinMessenger {
  invites: Invitation[] = [];
  reminders: (Invitation & { reminder: number })[] = [];
  reports: { target: ReportTarget; report: CheckinReport }[] = [];
  charts: { target: ReportTarget; bytes: number }[] = [];
  undeliverable = new Set<string>();
  failNextInvite = 0;
  private seq = 0;

  private posted(user: string): Posted {
    return { channelId: `D${user.slice(1)}`, ts: `1700000000.${String(++this.seq).padStart(6, "0")}` };
  }
  async invite(i: Invitation): Promise<Posted> {
    if (this.undeliverable.has(i.userId)) throw new UndeliverableError("user_not_found");
    if (this.failNextInvite > 0) {
      this.failNextInvite -= 1;
      throw new Error("network down");
    }
    this.invites.push(i);
    return this.posted(i.userId);
  }
  async remind(i: Invitation & { reminder: number }): Promise<Posted> {
    this.reminders.push(i);
    return this.posted(i.userId);
  }
  async postReport(target: ReportTarget, report: CheckinReport): Promise<Posted> {
    this.reports.push({ target, report });
    return { channelId: target.kind === "channel" ? target.channelId : "DOWNER", ts: "1.1" };
  }
  async uploadChart(target: ReportTarget, png: Buffer): Promise<void> {
    this.charts.push({ target, bytes: png.length });
  }
}

/** A valid weekly campaign (Monday 09:00, 48 h window, two reminders 20 h apart). */
export function weeklyCampaign(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    name: "Sales AI adoption",
    audience: { kind: "users", userIds: ["UA00001", "UB00002"] },
    team: { kind: "profile", field: "title" },
    schedule: { cadence: "weekly", startDate: "2026-11-23", weekday: 1, time: "09:00" },
    windowHours: 48,
    reminders: { count: 2, spacingHours: 20 },
    anonymous: false,
    questions: { usage: true, useCase: true, blockers: true, custom: [] },
    report: { kind: "dm" },
    ...overrides,
  };
}
