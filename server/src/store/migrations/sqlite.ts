import type Database from 'better-sqlite3';
import { MIGRATIONS_TABLE, NewerSchemaError, latestVersion, newerSchemaMessage } from './migration.ts';
import type { AppliedMigration, Migration } from './migration.ts';

/**
 * The SQLite schema, one migration per change, applied in order at start (see {@link migrateSqlite}).
 * Never edit a released migration: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
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
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS, now: () => number = Date.now): void {
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
      } catch (err) {
        throw new Error(`migration ${m.version} ("${m.name}") failed: ${(err as Error).message}`, { cause: err });
      }
      record(m);
    }).immediate();
  }
}
