/**
 * Who may run check-in campaigns: the user ids in CHANGE_MANAGERS and the members of CHANGE_MANAGER_GROUP. Group
 * membership is read from Slack (usergroups.users.list) and kept for five minutes.
 */
import type { Clock } from "../../clock.ts";
import type { WebClient } from "../services.ts";

const CACHE_MS = 5 * 60_000;

export class ChangeManagers {
  private group: { at: number; members: Set<string> } | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly config: { userIds: string[]; usergroupId?: string },
    private readonly clock: Clock,
  ) {}

  get configured(): boolean {
    return this.config.userIds.length > 0 || Boolean(this.config.usergroupId);
  }

  async includes(userId: string): Promise<boolean> {
    if (this.config.userIds.includes(userId)) return true;
    if (!this.config.usergroupId) return false;
    const now = this.clock().getTime();
    if (!this.group || now - this.group.at > CACHE_MS) {
      const res = await this.client.usergroups.users.list({ usergroup: this.config.usergroupId });
      this.group = { at: now, members: new Set((res.users as string[] | undefined) ?? []) };
    }
    return this.group.members.has(userId);
  }
}
