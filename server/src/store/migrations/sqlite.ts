import type Database from 'better-sqlite3';
import { MIGRATIONS_TABLE, NewerSchemaError, latestVersion, newerSchemaMessage } from './migration.ts';
import type { AppliedMigration, Migration } from './migration.ts';
import { SESSION_PAGE_ROWS, participantsOutOfSession } from './participantsOut.ts';

/** A SQLite migration: its DDL, then optionally a step that moves data (same transaction). */
export interface SqliteMigration extends Migration {
  data?: (db: Database.Database) => void;
}

/** Migration 2's data step: every session row's remembered people move to board_participants. */
function moveParticipantsOut(db: Database.Database): void {
  const page = db.prepare<[string, number], { board_id: string; json: string }>(
    `SELECT board_id, json FROM sessions WHERE board_id > ? AND json LIKE '%"participants"%' ORDER BY board_id LIMIT ?`,
  );
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT OR IGNORE INTO board_participants (board_id, participant_id, name, role, seq) VALUES (?, ?, ?, ?, ?)',
  );
  const rewrite = db.prepare<[string, string]>('UPDATE sessions SET json = ? WHERE board_id = ?');
  let after = '';
  for (;;) {
    const rows = page.all(after, SESSION_PAGE_ROWS);
    if (rows.length === 0) return;
    for (const row of rows) {
      const moved = participantsOutOfSession(row.board_id, row.json);
      if (!moved) continue;
      moved.participants.forEach(([id, who], i) => insert.run(row.board_id, id, who.name, who.role, i + 1));
      rewrite.run(moved.json, row.board_id);
    }
    after = rows[rows.length - 1]!.board_id;
  }
}

/**
 * The SQLite schema, one migration per change, applied in order at start (see {@link migrateSqlite}).
 * Never edit a released migration: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
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
  created_at INTEGER NOT NULL,
  key_facilitator TEXT NOT NULL,
  key_mentor TEXT NOT NULL,
  key_member TEXT NOT NULL,
  key_projector TEXT NOT NULL,
  workshop_id TEXT
);
CREATE TABLE IF NOT EXISTS snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  data BLOB NOT NULL,
  up_to INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_board ON updates(board_id, id);
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY,
  join_code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
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
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (workshop_id, participant)
);
CREATE TABLE IF NOT EXISTS sessions (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  json TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'remembered participants in their own table, out of the session row',
    // One row per person a board remembers (a locked board lets them back in), so remembering someone
    // is one small upsert instead of a rewrite of the session row (up to 2,000 people in its JSON).
    // seq: the order the board first remembered them (exports list them so).
    sql: `
CREATE TABLE board_participants (
  board_id TEXT NOT NULL REFERENCES boards(id),
  participant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (board_id, participant_id)
);
`,
    data: moveParticipantsOut,
  },
];

/**
 * Brings `db` up to the last of `migrations`, each in its own IMMEDIATE transaction (so a second
 * process opening the same file waits, then finds the migration recorded and skips it).
 *
 * A database made before the migrations existed has the tables but no `schema_migrations`: it is
 * baselined, i.e. brought to what that code left (migration 1's tables where missing, and the
 * `boards.workshop_id` column it added by ALTER) and recorded at version 1, its rows untouched.
 * A database recorded at a version newer than `migrations` knows is refused with {@link NewerSchemaError}.
 * A database already up to date is only read, never written.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS, now: () => number = Date.now): void {
  const latest = latestVersion(migrations);
  const hasTable = (name: string): boolean =>
    db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const applied = (): AppliedMigration[] =>
    hasTable('schema_migrations') ? db.prepare<[], AppliedMigration>('SELECT version, name FROM schema_migrations ORDER BY version').all() : [];
  const record = (m: Migration): void => {
    db.prepare<[number, string, number]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
  };

  const before = applied();
  const refusal = newerSchemaMessage(before, migrations);
  if (refusal) throw new NewerSchemaError(refusal);
  if (before.filter((a) => a.version <= latest).length === latest) return;

  if (!hasTable('schema_migrations')) {
    db.transaction(() => {
      if (hasTable('schema_migrations')) return; // another process got here first
      const preMigration = hasTable('boards');
      db.exec(MIGRATIONS_TABLE);
      const first = migrations[0];
      if (!preMigration || !first) return;
      db.exec(first.sql);
      const columns = db.prepare<[], { name: string }>('PRAGMA table_info(boards)').all().map((c) => c.name);
      if (!columns.includes('workshop_id')) db.exec('ALTER TABLE boards ADD COLUMN workshop_id TEXT');
      record(first);
    }).immediate();
  }

  for (const m of migrations) {
    db.transaction(() => {
      if (db.prepare<[number], { version: number }>('SELECT version FROM schema_migrations WHERE version = ?').get(m.version)) return;
      try {
        db.exec(m.sql);
        m.data?.(db);
      } catch (err) {
        throw new Error(`migration ${m.version} ("${m.name}") failed: ${(err as Error).message}`, { cause: err });
      }
      record(m);
    }).immediate();
  }
}
