import type pg from 'pg';
import { MIGRATIONS_TABLE, NewerSchemaError, latestVersion, newerSchemaMessage } from './migration.ts';
import type { AppliedMigration, Migration } from './migration.ts';
import { SESSION_PAGE_ROWS, participantsOutOfSession } from './participantsOut.ts';

/** A PostgreSQL migration: its DDL, then optionally a step that moves data (same transaction). */
export interface PostgresMigration extends Migration {
  data?: (client: pg.ClientBase) => Promise<void>;
}

/** Migration 2's data step: every session row's remembered people move to board_participants. */
async function moveParticipantsOut(client: pg.ClientBase): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await client.query<{ board_id: string; json: string }>(
      `SELECT board_id, json FROM sessions WHERE board_id > $1 AND json LIKE '%"participants"%' ORDER BY board_id LIMIT $2`,
      [after, SESSION_PAGE_ROWS],
    );
    if (rows.length === 0) return;
    for (const row of rows) {
      const moved = participantsOutOfSession(row.board_id, row.json);
      if (!moved) continue;
      if (moved.participants.length > 0) {
        await client.query(
          `INSERT INTO board_participants (board_id, participant_id, name, role, seq)
           SELECT $1, p.id, p.name, p.role, p.seq FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(id, name, role, seq)
           ON CONFLICT DO NOTHING`,
          [row.board_id, moved.participants.map(([id]) => id), moved.participants.map(([, w]) => w.name), moved.participants.map(([, w]) => w.role)],
        );
      }
      await client.query('UPDATE sessions SET json = $1 WHERE board_id = $2', [moved.json, row.board_id]);
    }
    after = rows[rows.length - 1]!.board_id;
  }
}

/**
 * The PostgreSQL schema (the same tables as SQLite's, in PostgreSQL types), one migration per change,
 * applied in order at start (see {@link migratePostgres}). Never edit a released migration: add the next one.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'boards, snapshots, updates, sessions, workshops and members',
    // IF NOT EXISTS so that the baseline of a database made before the migrations can run it too: it
    // then creates only the tables that database lacks, as the code before the migrations did.
    sql: `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  join_code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  team TEXT NOT NULL,
  template TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  key_facilitator TEXT NOT NULL,
  key_mentor TEXT NOT NULL,
  key_member TEXT NOT NULL,
  key_projector TEXT NOT NULL,
  workshop_id TEXT
);
CREATE TABLE IF NOT EXISTS snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  data BYTEA NOT NULL,
  up_to BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  id BIGSERIAL PRIMARY KEY,
  board_id TEXT NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_board ON updates(board_id, id);
CREATE TABLE IF NOT EXISTS sessions (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  json TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY,
  join_code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  key_instructor TEXT NOT NULL,
  key_mentor TEXT NOT NULL,
  key_projector TEXT NOT NULL,
  groups_json TEXT NOT NULL,
  assignment TEXT NOT NULL,
  notice_json TEXT NOT NULL,
  rotation_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS workshop_members (
  workshop_id TEXT NOT NULL REFERENCES workshops(id),
  participant TEXT NOT NULL,
  name TEXT NOT NULL,
  board_id TEXT NOT NULL,
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (workshop_id, participant)
);
`,
  },
  {
    version: 2,
    name: 'remembered participants in their own table, out of the session row',
    // As SQLite's migration 2: one row per person a board remembers, so remembering someone is one
    // small upsert, not a rewrite of the session row; seq is the order they were first remembered.
    sql: `
CREATE TABLE board_participants (
  board_id TEXT NOT NULL REFERENCES boards(id),
  participant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (board_id, participant_id)
);
`,
    data: moveParticipantsOut,
  },
];

async function inTransaction(client: pg.ClientBase, fn: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await fn();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Brings the schema on `client`'s search path up to the last of `migrations`, each in its own
 * transaction. The caller holds the store's advisory lock, so of two processes starting together one
 * migrates and the other then finds everything recorded.
 *
 * A database made before the migrations existed has the tables but no `schema_migrations`: it is
 * baselined, i.e. brought to what that code left (migration 1's tables where missing, and the
 * `boards.workshop_id` column it added by ALTER) and recorded at version 1, its rows untouched.
 * A database recorded at a version newer than `migrations` knows is refused with {@link NewerSchemaError}.
 */
export async function migratePostgres(client: pg.ClientBase, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS, now: () => number = Date.now): Promise<void> {
  latestVersion(migrations);
  const hasTable = async (name: string): Promise<boolean> =>
    (await client.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [name])).rows[0]?.r != null;
  const record = async (m: Migration): Promise<void> => {
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
  };

  if (!(await hasTable('schema_migrations'))) {
    await inTransaction(client, async () => {
      const preMigration = await hasTable('boards');
      await client.query(MIGRATIONS_TABLE);
      const first = migrations[0];
      if (!preMigration || !first) return;
      await client.query(first.sql);
      await client.query('ALTER TABLE boards ADD COLUMN IF NOT EXISTS workshop_id TEXT');
      await record(first);
    });
  }

  const applied = (await client.query<AppliedMigration>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
  const refusal = newerSchemaMessage(applied, migrations);
  if (refusal) throw new NewerSchemaError(refusal);
  const done = new Set(applied.map((a) => a.version));
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await inTransaction(client, async () => {
      try {
        await client.query(m.sql);
        await m.data?.(client);
      } catch (err) {
        throw new Error(`migration ${m.version} ("${m.name}") failed: ${(err as Error).message}`, { cause: err });
      }
      await record(m);
    });
  }
}
