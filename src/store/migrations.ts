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
