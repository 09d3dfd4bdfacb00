/**
 * Versioned schema migrations, both dialects side by side so they cannot drift: every version has its SQLite
 * and its PostgreSQL text, and the version numbers are shared. Append new versions at the end; never edit or
 * renumber one that has shipped.
 *
 * Conventions: SQLite stores instants as epoch milliseconds (INTEGER) and JSON as TEXT; PostgreSQL uses
 * timestamptz and jsonb. Instants always come from the caller's clock, never from the database (no DEFAULT now()).
 */

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "turns, processed events, feedback, escalations, rate limits",
    sqlite: `
      CREATE TABLE turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        text TEXT NOT NULL,
        user_id TEXT,
        answer_id TEXT,
        meta TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX turns_conversation_at ON turns (conversation_id, at, id);
      CREATE INDEX turns_user_questions ON turns (user_id, at, id) WHERE role = 'user';

      CREATE TABLE processed_events (
        key TEXT PRIMARY KEY,
        claimed_at INTEGER NOT NULL
      );

      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        answer_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('up', 'down', 'flag')),
        reason TEXT,
        paths TEXT,
        question TEXT,
        at INTEGER NOT NULL,
        UNIQUE (answer_id, user_id, kind)
      );
      CREATE INDEX feedback_user_at ON feedback (user_id, at);

      CREATE TABLE escalations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        conversation_id TEXT,
        need TEXT NOT NULL,
        reasons TEXT NOT NULL,
        partners TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'notified', 'closed')),
        created_at INTEGER NOT NULL,
        notified_at INTEGER
      );
      CREATE INDEX escalations_user ON escalations (user_id, created_at);
      CREATE INDEX escalations_status ON escalations (status, created_at);

      CREATE TABLE rate_limits (
        key TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (key, window_start)
      );
      CREATE INDEX rate_limits_window ON rate_limits (window_start);
    `,
    postgres: `
      CREATE TABLE turns (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        text text NOT NULL,
        user_id text,
        answer_id text,
        meta jsonb,
        at timestamptz NOT NULL
      );
      CREATE INDEX turns_conversation_at ON turns (conversation_id, at, id);
      CREATE INDEX turns_user_questions ON turns (user_id, at, id) WHERE role = 'user';

      CREATE TABLE processed_events (
        key text PRIMARY KEY,
        claimed_at timestamptz NOT NULL
      );

      CREATE TABLE feedback (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        answer_id text NOT NULL,
        user_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('up', 'down', 'flag')),
        reason text,
        paths jsonb,
        question text,
        at timestamptz NOT NULL,
        UNIQUE (answer_id, user_id, kind)
      );
      CREATE INDEX feedback_user_at ON feedback (user_id, at);

      CREATE TABLE escalations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text NOT NULL UNIQUE,
        user_id text NOT NULL,
        conversation_id text,
        need text NOT NULL,
        reasons jsonb NOT NULL,
        partners jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'notified', 'closed')),
        created_at timestamptz NOT NULL,
        notified_at timestamptz
      );
      CREATE INDEX escalations_user ON escalations (user_id, created_at);
      CREATE INDEX escalations_status ON escalations (status, created_at);

      CREATE TABLE rate_limits (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      );
      CREATE INDEX rate_limits_window ON rate_limits (window_start);
    `,
  },
  {
    version: 2,
    name: "index processed events by claim time (retention pruning)",
    sqlite: `CREATE INDEX processed_events_claimed_at ON processed_events (claimed_at);`,
    postgres: `CREATE INDEX processed_events_claimed_at ON processed_events (claimed_at);`,
  },
  {
    version: 3,
    name: "durable inbox of accepted Slack events; claims may name the work that holds them",
    sqlite: `
      CREATE TABLE inbox (
        key TEXT PRIMARY KEY,
        payload TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        attempts INTEGER NOT NULL,
        owner TEXT,
        available_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX inbox_due ON inbox (state, available_at);
      CREATE INDEX inbox_finished ON inbox (finished_at);
      ALTER TABLE processed_events ADD COLUMN holder TEXT;
    `,
    postgres: `
      CREATE TABLE inbox (
        key text PRIMARY KEY,
        payload jsonb,
        state text NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        attempts integer NOT NULL,
        owner text,
        available_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        finished_at timestamptz
      );
      CREATE INDEX inbox_due ON inbox (state, available_at);
      CREATE INDEX inbox_finished ON inbox (finished_at);
      ALTER TABLE processed_events ADD COLUMN holder text;
    `,
  },
  {
    version: 4,
    name: "outbox: side effects committed before they are attempted, claimed with a lease",
    sqlite: `
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        locked_by TEXT,
        locked_until INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        done_at INTEGER
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
      CREATE INDEX outbox_kind_state ON outbox (kind, state);
    `,
    postgres: `
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        key text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
        attempts integer NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        done_at timestamptz
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
      CREATE INDEX outbox_kind_state ON outbox (kind, state);
    `,
  },
  {
    version: 5,
    name: "durable jobs, claimed side effects, check-in campaigns, rounds and participants",
    sqlite: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        locked_by TEXT,
        locked_until INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX jobs_pending_due ON jobs (due_at) WHERE status = 'pending';
      CREATE INDEX jobs_running_lease ON jobs (locked_until) WHERE status = 'running';

      CREATE TABLE job_effects (
        key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        done_at INTEGER,
        result TEXT
      );

      CREATE TABLE checkin_campaigns (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL,
        definition TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX checkin_campaigns_owner ON checkin_campaigns (owner_id, created_at);

      CREATE TABLE checkin_rounds (
        campaign_id TEXT NOT NULL REFERENCES checkin_campaigns (id),
        round TEXT NOT NULL,
        opens_at INTEGER NOT NULL,
        closes_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'reported')),
        invited INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, round)
      );

      CREATE TABLE checkin_participants (
        campaign_id TEXT NOT NULL,
        round TEXT NOT NULL,
        user_id TEXT NOT NULL,
        team TEXT NOT NULL,
        time_zone TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'answered', 'skipped', 'expired')),
        answers TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        closes_at INTEGER NOT NULL,
        channel_id TEXT,
        message_ts TEXT,
        reminders_sent INTEGER NOT NULL DEFAULT 0,
        snoozed_until INTEGER,
        updated_at INTEGER NOT NULL,
        answered_at INTEGER,
        PRIMARY KEY (campaign_id, round, user_id),
        FOREIGN KEY (campaign_id, round) REFERENCES checkin_rounds (campaign_id, round)
      );
    `,
    postgres: `
      CREATE TABLE jobs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        key text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX jobs_pending_due ON jobs (due_at) WHERE status = 'pending';
      CREATE INDEX jobs_running_lease ON jobs (locked_until) WHERE status = 'running';

      CREATE TABLE job_effects (
        key text PRIMARY KEY,
        owner text NOT NULL,
        claimed_at timestamptz NOT NULL,
        done_at timestamptz,
        result jsonb
      );

      CREATE TABLE checkin_campaigns (
        id text PRIMARY KEY,
        owner_id text NOT NULL,
        definition jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'ended')),
        created_at timestamptz NOT NULL
      );
      CREATE INDEX checkin_campaigns_owner ON checkin_campaigns (owner_id, created_at);

      CREATE TABLE checkin_rounds (
        campaign_id text NOT NULL REFERENCES checkin_campaigns (id),
        round text NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz,
        status text NOT NULL CHECK (status IN ('open', 'closed', 'reported')),
        invited integer NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, round)
      );

      CREATE TABLE checkin_participants (
        campaign_id text NOT NULL,
        round text NOT NULL,
        user_id text NOT NULL,
        team text NOT NULL,
        time_zone text,
        state text NOT NULL CHECK (state IN ('pending', 'sent', 'answered', 'skipped', 'expired')),
        answers jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        channel_id text,
        message_ts text,
        reminders_sent integer NOT NULL DEFAULT 0,
        snoozed_until timestamptz,
        updated_at timestamptz NOT NULL,
        answered_at timestamptz,
        PRIMARY KEY (campaign_id, round, user_id),
        FOREIGN KEY (campaign_id, round) REFERENCES checkin_rounds (campaign_id, round)
      );
    `,
  },
  {
    version: 6,
    name: "saved use cases (a user's list, with their progress on each)",
    sqlite: `
      CREATE TABLE saved_use_cases (
        user_id TEXT NOT NULL,
        use_case_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('to_try', 'trying', 'adopted', 'dropped')),
        saved_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, use_case_id)
      );
      CREATE INDEX saved_use_cases_user_updated ON saved_use_cases (user_id, updated_at);
    `,
    postgres: `
      CREATE TABLE saved_use_cases (
        user_id text NOT NULL,
        use_case_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('to_try', 'trying', 'adopted', 'dropped')),
        saved_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, use_case_id)
      );
      CREATE INDEX saved_use_cases_user_updated ON saved_use_cases (user_id, updated_at);
    `,
  },
  {
    version: 7,
    name: "lint digest deliveries (one per owner and week, claimed with a lease)",
    sqlite: `
      CREATE TABLE lint_digests (
        key TEXT PRIMARY KEY,
        claimed_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX turns_at ON turns (at);
      CREATE INDEX feedback_at ON feedback (at);
    `,
    postgres: `
      CREATE TABLE lint_digests (
        key text PRIMARY KEY,
        claimed_at timestamptz NOT NULL,
        lease_until timestamptz NOT NULL,
        sent_at timestamptz
      );
      CREATE INDEX turns_at ON turns (at);
      CREATE INDEX feedback_at ON feedback (at);
    `,
  },
  {
    version: 40,
    name: "partner directory (firms, consultants, live stats) and referrals (lifecycle, audit events, Slack messages)",
    sqlite: `
      CREATE TABLE partner_firms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tier TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        consultants INTEGER NOT NULL DEFAULT 0,
        consultants_by_skill TEXT NOT NULL DEFAULT '{}',
        consultant_languages TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX partner_firms_updated ON partner_firms (updated_at);

      CREATE TABLE partner_consultants (
        id TEXT PRIMARY KEY,
        firm_id TEXT NOT NULL,
        skills TEXT NOT NULL,
        languages TEXT NOT NULL,
        availability TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX partner_consultants_firm ON partner_consultants (firm_id);

      CREATE TABLE partner_firm_stats (
        firm_id TEXT PRIMARY KEY,
        open_referrals INTEGER NOT NULL DEFAULT 0,
        offered INTEGER NOT NULL DEFAULT 0,
        accepted INTEGER NOT NULL DEFAULT 0,
        declined INTEGER NOT NULL DEFAULT 0,
        expired INTEGER NOT NULL DEFAULT 0,
        accept_hours_sum REAL NOT NULL DEFAULT 0,
        ratings INTEGER NOT NULL DEFAULT 0,
        rating_sum INTEGER NOT NULL DEFAULT 0,
        recommend_yes INTEGER NOT NULL DEFAULT 0,
        recommend_no INTEGER NOT NULL DEFAULT 0,
        won INTEGER NOT NULL DEFAULT 0,
        lost INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE referrals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        requester_id TEXT NOT NULL,
        team_id TEXT,
        conversation_id TEXT,
        state TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT NOT NULL,
        candidates TEXT NOT NULL,
        offer_index INTEGER NOT NULL,
        firm_id TEXT,
        offered_at INTEGER,
        remind_at INTEGER,
        sla_due_at INTEGER,
        reminded_at INTEGER,
        duplicate_of INTEGER,
        escalation_id INTEGER UNIQUE,
        consent_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL,
        outcome_rating INTEGER,
        outcome_recommend INTEGER
      );
      CREATE INDEX referrals_state_sla ON referrals (state, sla_due_at);
      CREATE INDEX referrals_state_remind ON referrals (state, remind_at);
      CREATE INDEX referrals_team ON referrals (team_id, created_at);
      CREATE INDEX referrals_requester ON referrals (requester_id, created_at);
      CREATE INDEX referrals_firm ON referrals (firm_id, state);

      CREATE TABLE referral_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        referral_id INTEGER NOT NULL REFERENCES referrals (id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        firm_id TEXT,
        reason TEXT
      );
      CREATE INDEX referral_events_referral ON referral_events (referral_id, id);

      CREATE TABLE referral_messages (
        referral_id INTEGER NOT NULL REFERENCES referrals (id),
        target TEXT NOT NULL,
        channel TEXT NOT NULL,
        ts TEXT NOT NULL,
        PRIMARY KEY (referral_id, target)
      );
    `,
    postgres: `
      CREATE TABLE partner_firms (
        id text PRIMARY KEY,
        name text NOT NULL,
        tier text NOT NULL,
        status text NOT NULL,
        data jsonb NOT NULL,
        consultants integer NOT NULL DEFAULT 0,
        consultants_by_skill jsonb NOT NULL DEFAULT '{}',
        consultant_languages jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX partner_firms_updated ON partner_firms (updated_at);

      CREATE TABLE partner_consultants (
        id text PRIMARY KEY,
        firm_id text NOT NULL,
        skills jsonb NOT NULL,
        languages jsonb NOT NULL,
        availability text NOT NULL,
        data jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX partner_consultants_firm ON partner_consultants (firm_id);

      CREATE TABLE partner_firm_stats (
        firm_id text PRIMARY KEY,
        open_referrals integer NOT NULL DEFAULT 0,
        offered integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        declined integer NOT NULL DEFAULT 0,
        expired integer NOT NULL DEFAULT 0,
        accept_hours_sum double precision NOT NULL DEFAULT 0,
        ratings integer NOT NULL DEFAULT 0,
        rating_sum integer NOT NULL DEFAULT 0,
        recommend_yes integer NOT NULL DEFAULT 0,
        recommend_no integer NOT NULL DEFAULT 0,
        won integer NOT NULL DEFAULT 0,
        lost integer NOT NULL DEFAULT 0
      );

      CREATE TABLE referrals (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text NOT NULL UNIQUE,
        requester_id text NOT NULL,
        team_id text,
        conversation_id text,
        state text NOT NULL,
        summary text NOT NULL,
        details jsonb NOT NULL,
        candidates jsonb NOT NULL,
        offer_index integer NOT NULL,
        firm_id text,
        offered_at timestamptz,
        remind_at timestamptz,
        sla_due_at timestamptz,
        reminded_at timestamptz,
        duplicate_of bigint,
        escalation_id bigint UNIQUE,
        consent_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL,
        outcome_rating integer,
        outcome_recommend boolean
      );
      CREATE INDEX referrals_state_sla ON referrals (state, sla_due_at);
      CREATE INDEX referrals_state_remind ON referrals (state, remind_at);
      CREATE INDEX referrals_team ON referrals (team_id, created_at);
      CREATE INDEX referrals_requester ON referrals (requester_id, created_at);
      CREATE INDEX referrals_firm ON referrals (firm_id, state);

      CREATE TABLE referral_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        referral_id bigint NOT NULL REFERENCES referrals (id),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        firm_id text,
        reason text
      );
      CREATE INDEX referral_events_referral ON referral_events (referral_id, id);

      CREATE TABLE referral_messages (
        referral_id bigint NOT NULL REFERENCES referrals (id),
        target text NOT NULL,
        channel text NOT NULL,
        ts text NOT NULL,
        PRIMARY KEY (referral_id, target)
      );
    `,
  },
  {
    version: 41,
    name: "escalations become referrals (submitted, for the Partner Management Office to triage; never offered without new consent)",
    sqlite: `
      INSERT INTO referrals (key, requester_id, conversation_id, state, summary, details, candidates, offer_index,
                             escalation_id, consent_at, created_at, updated_at, version)
      SELECT 'escalation:' || key, user_id, conversation_id,
             CASE status WHEN 'closed' THEN 'withdrawn' ELSE 'submitted' END,
             need, '{"systems":[]}',
             (SELECT json_group_array(json_object('id', json_extract(p.value, '$.id'), 'name', json_extract(p.value, '$.name'),
                                                  'score', json_extract(p.value, '$.score'), 'reasons', json('[]')))
                FROM json_each(escalations.partners) p),
             -1, id, created_at, created_at, COALESCE(notified_at, created_at), 1
      FROM escalations;
      INSERT INTO referral_events (referral_id, at, actor, from_state, to_state, reason)
      SELECT r.id, r.created_at, 'migration', NULL, r.state, 'recorded as escalation #' || r.escalation_id
      FROM referrals r WHERE r.escalation_id IS NOT NULL;
    `,
    postgres: `
      INSERT INTO referrals (key, requester_id, conversation_id, state, summary, details, candidates, offer_index,
                             escalation_id, consent_at, created_at, updated_at, version)
      SELECT 'escalation:' || key, user_id, conversation_id,
             CASE status WHEN 'closed' THEN 'withdrawn' ELSE 'submitted' END,
             need, '{"systems":[]}'::jsonb,
             COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p->>'id', 'name', p->>'name', 'score', (p->>'score')::float8, 'reasons', '[]'::jsonb))
                         FROM jsonb_array_elements(escalations.partners) p), '[]'::jsonb),
             -1, id, created_at, created_at, COALESCE(notified_at, created_at), 1
      FROM escalations;
      INSERT INTO referral_events (referral_id, at, actor, from_state, to_state, reason)
      SELECT r.id, r.created_at, 'migration', NULL, r.state, 'recorded as escalation #' || r.escalation_id
      FROM referrals r WHERE r.escalation_id IS NOT NULL;
    `,
  },
  {
    version: 42,
    name: "the corpus each week's playbook digest saw (the next week's changes are checked against it)",
    sqlite: `
      CREATE TABLE corpus_snapshots (
        week TEXT PRIMARY KEY,
        files TEXT NOT NULL,
        taken_at INTEGER NOT NULL
      );
    `,
    postgres: `
      CREATE TABLE corpus_snapshots (
        week text PRIMARY KEY,
        files jsonb NOT NULL,
        taken_at timestamptz NOT NULL
      );
    `,
  },
];

/** The bookkeeping table itself (not a migration: it must exist before versions can be read). */
export const migrationsTable = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL
  )`,
} as const;

/**
 * Throws when versions are not strictly increasing or a dialect is missing. Gaps are allowed: engineers are
 * given version ranges, so main may hold 1, 2, 4, 40 for a while; the runners apply every version not yet
 * applied, in order, whatever the highest applied one is.
 */
export function checkMigrations(list: readonly Migration[] = migrations): void {
  list.forEach((m, i) => {
    if (!Number.isSafeInteger(m.version) || m.version < 1) {
      throw new Error(`Migration list entry ${i} has version ${m.version}; versions are positive integers`);
    }
    const previous = list[i - 1];
    if (previous && m.version <= previous.version) {
      throw new Error(
        `Migration list is out of order: entry ${i} has version ${m.version}, expected more than ${previous.version}`,
      );
    }
    if (!m.sqlite.trim() || !m.postgres.trim()) {
      throw new Error(`Migration ${m.version} (${m.name}) must have both a SQLite and a PostgreSQL text`);
    }
  });
}

checkMigrations();

export const latestVersion: number = migrations.at(-1)?.version ?? 0;

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: Date;
}
