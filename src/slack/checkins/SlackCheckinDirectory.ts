/**
 * Who is in a check-in audience, with each person's time zone and team, from the Slack Web API:
 * conversations.members (paged) or usergroups.users.list, then users.info per person (bots and deactivated
 * accounts are left out). Teams come from the channel's name, the first listed user group a person is in, or a
 * profile field (`title`, or a custom field id).
 */
import type { Audience, TeamAttribute } from "../../checkins/campaign.ts";
import type { CheckinDirectory, Person } from "../../checkins/ports.ts";
import type { WebClient } from "../services.ts";

export const UNASSIGNED_TEAM = "Unassigned";
const PROFILE_CONCURRENCY = 8;

interface SlackUser {
  id: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  profile?: { title?: string; fields?: Record<string, { value?: string }> };
}

export class SlackCheckinDirectory implements CheckinDirectory {
  constructor(private readonly client: WebClient) {}

  async people(audience: Audience, team: TeamAttribute): Promise<Person[]> {
    const ids = await this.memberIds(audience);
    const channelName = audience.kind === "channel" && team.kind === "channel" ? await this.channelName(audience.channelId) : undefined;
    const groups = team.kind === "usergroups" ? await this.groupMembers(team.usergroupIds) : undefined;
    const users = await this.profiles(ids, team.kind === "profile" && team.field !== "title" ? team.field : undefined);
    const out: Person[] = [];
    for (const u of users) {
      if (u.deleted || u.is_bot || u.id === "USLACKBOT") continue;
      let name: string | undefined;
      if (team.kind === "channel") name = channelName;
      else if (team.kind === "usergroups") name = groups?.find((g) => g.users.has(u.id))?.handle;
      else name = team.field === "title" ? u.profile?.title : u.profile?.fields?.[team.field]?.value;
      out.push({ userId: u.id, timeZone: u.tz, team: name?.trim() || UNASSIGNED_TEAM });
    }
    return out;
  }

  private async memberIds(audience: Audience): Promise<string[]> {
    if (audience.kind === "users") return audience.userIds;
    if (audience.kind === "usergroup") {
      const res = await this.client.usergroups.users.list({ usergroup: audience.usergroupId });
      return (res.users as string[] | undefined) ?? [];
    }
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.client.conversations.members({ channel: audience.channelId, limit: 200, ...(cursor ? { cursor } : {}) });
      ids.push(...((res.members as string[] | undefined) ?? []));
      cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    } while (cursor);
    return ids;
  }

  private async channelName(channelId: string): Promise<string | undefined> {
    const res = await this.client.conversations.info({ channel: channelId });
    const name = (res.channel as { name?: string } | undefined)?.name;
    return name ? `#${name}` : undefined;
  }

  private async groupMembers(ids: string[]): Promise<{ handle: string; users: Set<string> }[]> {
    const res = await this.client.usergroups.list({ include_users: true });
    const all = (res.usergroups as { id: string; handle?: string; users?: string[] }[] | undefined) ?? [];
    // In the order the campaign listed them: a person in two groups counts for the first.
    return ids.flatMap((id) => {
      const g = all.find((x) => x.id === id);
      return g ? [{ handle: `@${g.handle ?? id}`, users: new Set(g.users ?? []) }] : [];
    });
  }

  private async profiles(ids: string[], customField?: string): Promise<SlackUser[]> {
    const out: SlackUser[] = [];
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        try {
          const res = await this.client.users.info({ user: id });
          const user = res.user as SlackUser;
          if (customField && !user.profile?.fields) {
            const profile = await this.client.users.profile.get({ user: id });
            user.profile = { ...user.profile, ...(profile.profile as SlackUser["profile"]) };
          }
          out.push(user);
        } catch (err) {
          // A person who left between listing and lookup is simply not asked.
          if ((err as { data?: { error?: string } }).data?.error !== "user_not_found") throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PROFILE_CONCURRENCY, ids.length) }, lane));
    return out;
  }
}
