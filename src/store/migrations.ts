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
 * Throws when versions are not whole numbers strictly increasing (gaps are allowed: engineers own ranges of
 * numbers, and the runners apply every version not yet applied, in order), or a dialect is missing.
 */
export function checkMigrations(list: readonly Migration[] = migrations): void {
  list.forEach((m, i) => {
    const previous = i === 0 ? 0 : list[i - 1]!.version;
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`Migration list is out of order: entry ${i} has version ${m.version}, expected a whole number above ${previous}`);
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
