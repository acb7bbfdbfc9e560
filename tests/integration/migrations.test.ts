/**
 * Versioned schema migrations (issue 12), on real SQLite files and real PostgreSQL schemas: a fresh
 * database records every version; a database made by the code before the migrations (its SQL kept
 * here as fixtures) is baselined at version 1 with its rows intact and the same shape as a fresh one;
 * two PostgreSQL stores opening one fresh schema at once both start and the migrations run once; a
 * database recorded at a version this code does not know is refused, naming the version; a failing
 * migration leaves nothing of itself behind. A database at version 1, whose session rows still hold the
 * people each board remembers, gets them moved to their own table by migration 2, and the real server on
 * it lets them into their locked boards.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/src/store/PostgresStore.ts';
import { SqliteStore } from '../../server/src/store/SqliteStore.ts';
import type { Migration } from '../../server/src/store/migrations/migration.ts';
import { POSTGRES_MIGRATIONS, migratePostgres } from '../../server/src/store/migrations/postgres.ts';
import { SQLITE_MIGRATIONS, migrateSqlite } from '../../server/src/store/migrations/sqlite.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresSuiteRuns, queryIn, requirePostgres } from '../helpers/postgres.ts';
import { prepareBoard } from '../../server/src/boards/createBoard.ts';
import { publicParticipantId } from '../../server/src/security/participants.ts';
import type { BoardStore } from '../../server/src/store/BoardStore.ts';
import { startServer, tempDataDir } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { spawnServer } from '../helpers/spawnServer.ts';

const noop = () => {};

/** The SQLite schema exactly as the code before the migrations created it (CREATE TABLE IF NOT EXISTS, then the ALTER). */
const SQLITE_PRE_MIGRATION = `
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
  key_projector TEXT NOT NULL
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
`;
const SQLITE_PRE_MIGRATION_ALTER = 'ALTER TABLE boards ADD COLUMN workshop_id TEXT';

/** The PostgreSQL schema exactly as the code before the migrations created it. */
const POSTGRES_PRE_MIGRATION = `
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
ALTER TABLE boards ADD COLUMN IF NOT EXISTS workshop_id TEXT;
`;

/** One board with a snapshot, two updates and a session, written as raw rows (`?` placeholders). */
const ROWS = [
  [
    'INSERT INTO boards (id, join_code, title, team, template, created_at, key_facilitator, key_mentor, key_member, key_projector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ['b1', 'CODE-1', 'Old board', 'Herons', 'mentoring', 1700000000000, 'kf', 'km', 'kb', 'kp'],
  ],
  ['INSERT INTO snapshots (board_id, data, up_to, updated_at) VALUES (?, ?, ?, ?)', ['b1', Buffer.from([1, 2, 3]), 0, 1700000000000]],
  ['INSERT INTO updates (board_id, data) VALUES (?, ?)', ['b1', Buffer.from([4])]],
  ['INSERT INTO updates (board_id, data) VALUES (?, ?)', ['b1', Buffer.from([5, 6])]],
  ['INSERT INTO sessions (board_id, json, updated_at) VALUES (?, ?, ?)', ['b1', '{"step":2}', 1700000000000]],
] as const;

/**
 * Two locked boards as the server at schema version 1 stored them, people in the session row: one with
 * public ids (Ann, Fay), one from before public ids (identity missing: Bo's secret keys his dots and
 * his place). Rows for `run` (`?` placeholders).
 */
function versionOneBoards() {
  const withIds = prepareBoard({ title: 'Locked at v1' }, 'VONE23', null);
  const legacy = prepareBoard({ title: 'Locked before public ids' }, 'VONE45', null);
  const locked = (session: string) => JSON.parse(session) as { state: Record<string, unknown>; identity?: number };
  const a = locked(withIds.session);
  const withIdsJson = JSON.stringify({
    ...a,
    state: { ...a.state, locked: true },
    participants: {
      [publicParticipantId(withIds.record.id, 'ann-secret-01')]: { name: 'Ann', role: 'member' },
      [publicParticipantId(withIds.record.id, 'fay-secret-01')]: { name: 'Fay', role: 'facilitator' },
    },
  });
  const b = locked(legacy.session);
  delete b.identity;
  const card = 'cardAAAAAAAA';
  const legacyJson = JSON.stringify({ ...b, state: { ...b.state, locked: true }, ledger: { 'bo-secret-0001': { [card]: 2 } }, participants: { 'bo-secret-0001': { name: 'Bo', role: 'member' } } });
  const rows: [string, unknown[]][] = [];
  for (const [board, json] of [
    [withIds, withIdsJson],
    [legacy, legacyJson],
  ] as const) {
    const r = board.record;
    rows.push([
      'INSERT INTO boards (id, join_code, title, team, template, created_at, key_facilitator, key_mentor, key_member, key_projector, workshop_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [r.id, r.joinCode, r.title, r.team, r.template, r.createdAt, r.keys.facilitator, r.keys.mentor, r.keys.member, r.keys.projector, null],
    ]);
    rows.push(['INSERT INTO snapshots (board_id, data, up_to, updated_at) VALUES (?, ?, ?, ?)', [r.id, Buffer.from(board.initialState), 0, r.createdAt]]);
    rows.push(['INSERT INTO sessions (board_id, json, updated_at) VALUES (?, ?, ?)', [r.id, json, r.createdAt]]);
  }
  return { withIds: withIds.record, legacy: legacy.record, card, rows };
}

/** What the real server on a migrated version-1 database must do with {@link versionOneBoards}'s boards. */
async function expectVersionOneBoardsServed(server: TestServer, store: BoardStore, fixture: ReturnType<typeof versionOneBoards>): Promise<void> {
  const { withIds, legacy, card } = fixture;
  expect(await store.loadParticipants(withIds.id)).toEqual([
    { participant: publicParticipantId(withIds.id, 'ann-secret-01'), name: 'Ann', role: 'member' },
    { participant: publicParticipantId(withIds.id, 'fay-secret-01'), name: 'Fay', role: 'facilitator' },
  ]);
  expect(await store.loadParticipants(legacy.id)).toEqual([{ participant: publicParticipantId(legacy.id, 'bo-secret-0001'), name: 'Bo', role: 'member' }]);
  for (const id of [withIds.id, legacy.id]) expect(await store.loadSession(id)).not.toContain('participants');
  const ann = await SocketPeer.connect(server.url, { board: withIds.id, key: withIds.keys.member, name: 'Ann', participant: 'ann-secret-01' });
  const bo = await SocketPeer.connect(server.url, { board: legacy.id, key: legacy.keys.member, name: 'Bo', participant: 'bo-secret-0001' });
  try {
    expect(ann.hello?.state.locked).toBe(true);
    expect(bo.hello?.state.locked).toBe(true);
    // Bo's dots came through too: his ledger is re-keyed on load as before.
    expect(bo.hello?.mine[card]).toBe(2);
    expect(await SocketPeer.refusal(server.url, { board: withIds.id, key: withIds.keys.member, name: 'Eve', participant: 'eve-secret-01' })).toBe('locked');
  } finally {
    ann.close();
    bo.close();
  }
}

const expectedVersions = (migrations: readonly Migration[]) => migrations.map((m) => ({ version: m.version, name: m.name }));

/** What the store reads back of the fixture's board. */
async function expectOldBoard(store: SqliteStore | PostgresStore): Promise<void> {
  const board = await store.getBoard('b1');
  expect(board).toMatchObject({ id: 'b1', joinCode: 'CODE-1', title: 'Old board', keys: { member: 'kb' }, workshop: null });
  const doc = await store.loadDoc('b1');
  expect(doc.snapshot && [...doc.snapshot]).toEqual([1, 2, 3]);
  expect(doc.updates.map((u) => [...u])).toEqual([[4], [5, 6]]);
  expect(await store.loadSession('b1')).toBe('{"step":2}');
  expect(await store.boardIdByJoinCode('CODE-1')).toBe('b1');
}

function sqliteFile(dir: string): string {
  return path.join(dir, 'sessionboard.sqlite');
}

/** Every table's columns (name, type, not null, primary key) and every index, to compare two files' shapes. */
function sqliteShape(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((t) => t.name);
    const indexes = db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    return { tables: Object.fromEntries(tables.map((t) => [t, db.pragma(`table_info(${t})`)])), indexes };
  } finally {
    db.close();
  }
}

function sqliteVersions(file: string): { version: number; name: string; applied_at: number }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { version: number; name: string; applied_at: number }>('SELECT * FROM schema_migrations ORDER BY version').all();
  } finally {
    db.close();
  }
}

describe('SQLite migrations', () => {
  it('a fresh file records every migration, once: opening it again applies nothing', async () => {
    const dir = tempDataDir();
    await new SqliteStore(dir, noop).close();
    const first = sqliteVersions(sqliteFile(dir));
    expect(first.map(({ version, name }) => ({ version, name }))).toEqual(expectedVersions(SQLITE_MIGRATIONS));
    for (const row of first) expect(row.applied_at).toBeGreaterThan(1_700_000_000_000);
    await new SqliteStore(dir, noop).close();
    expect(sqliteVersions(sqliteFile(dir))).toEqual(first);
  });

  it.each([
    ['as the code before the migrations left it (tables, then the ALTER)', SQLITE_PRE_MIGRATION + ';' + SQLITE_PRE_MIGRATION_ALTER],
    ['from before workshops (no workshop tables, no boards.workshop_id)', SQLITE_PRE_MIGRATION.replace(/CREATE TABLE IF NOT EXISTS workshop[\s\S]*?\n\);/g, '')],
  ])('a file %s is baselined at version 1, keeps its rows and ends up the shape of a fresh one', async (_name, sql) => {
    const dir = tempDataDir();
    const db = new Database(sqliteFile(dir));
    db.exec(sql);
    for (const [statement, params] of ROWS) db.prepare(statement).run(...params);
    db.close();

    const store = new SqliteStore(dir, noop);
    try {
      await expectOldBoard(store);
    } finally {
      await store.close();
    }
    expect(sqliteVersions(sqliteFile(dir)).map(({ version, name }) => ({ version, name }))).toEqual(expectedVersions(SQLITE_MIGRATIONS));

    const fresh = tempDataDir();
    await new SqliteStore(fresh, noop).close();
    expect(sqliteShape(sqliteFile(dir))).toEqual(sqliteShape(sqliteFile(fresh)));
  });

  it('a file at version 1 keeps the people its boards remember: migration 2 moves them out of the session rows, and the real server lets them into their locked boards', async () => {
    const dir = tempDataDir();
    const db = new Database(sqliteFile(dir));
    migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 1));
    const fixture = versionOneBoards();
    for (const [statement, params] of fixture.rows) db.prepare(statement).run(...params);
    db.close();
    const server = await startServer({ dataDir: dir });
    try {
      await expectVersionOneBoardsServed(server, server.app.store, fixture);
    } finally {
      await server.close();
    }
    expect(sqliteVersions(sqliteFile(dir)).map((r) => r.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
  });

  it('a file at a version this code does not know is refused at start, naming the version', async () => {
    const dir = tempDataDir();
    await new SqliteStore(dir, noop).close();
    const db = new Database(sqliteFile(dir));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(99, 'from the future', Date.now());
    db.close();
    const refusal = /Cannot open the board store .*sessionboard\.sqlite: the database is at schema version 99 \("from the future"\), newer than this server knows \(up to \d+\): a newer version of Sessionboard migrated it/;
    expect(() => new SqliteStore(dir, noop)).toThrow(refusal);
    const output: string[] = [];
    await spawnServer({ DATA_DIR: dir }).catch((err: Error) => output.push(err.message));
    expect(output.join('')).toMatch(/exited with 1[\s\S]*Sessionboard cannot start: .*schema version 99/);
    // Refused without writing: the newer server's record is still there, nothing added.
    expect(sqliteVersions(sqliteFile(dir)).map((r) => r.version)).toEqual([...SQLITE_MIGRATIONS.map((m) => m.version), 99]);
  });

  it('applies later migrations in order, each in its own transaction: a failing one leaves nothing behind', () => {
    const file = sqliteFile(tempDataDir());
    const db = new Database(file);
    try {
      const next = SQLITE_MIGRATIONS.length + 1;
      const broken: Migration = { version: next, name: 'broken', sql: 'CREATE TABLE extra (x TEXT); CREATE TABLE boards (x TEXT);' };
      expect(() => migrateSqlite(db, [...SQLITE_MIGRATIONS, broken])).toThrow(new RegExp(`migration ${next} \\("broken"\\) failed: table boards already exists`));
      const tables = () => db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
      expect(tables()).not.toContain('extra');
      expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
      const second: Migration = { version: next, name: 'extra table', sql: 'CREATE TABLE extra (x TEXT);' };
      const third: Migration = { version: next + 1, name: 'extra column', sql: 'ALTER TABLE extra ADD COLUMN y TEXT;' };
      migrateSqlite(db, [...SQLITE_MIGRATIONS, second, third]);
      expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(expectedVersions([...SQLITE_MIGRATIONS, second, third]));
      expect((db.pragma('table_info(extra)') as { name: string }[]).map((c) => c.name)).toEqual(['x', 'y']);
    } finally {
      db.close();
    }
  });

  it('refuses a list of migrations with a gap in its numbers', () => {
    const db = new Database(':memory:');
    expect(() => migrateSqlite(db, [{ version: 2, name: 'no first', sql: '' }])).toThrow(/numbered 2, expected 1/);
    db.close();
  });
});

const runs = await postgresSuiteRuns('tests/integration/migrations.test.ts (its PostgreSQL half)');

describe.runIf(runs)('PostgreSQL migrations', () => {
  const schemas: string[] = [];
  const schema = (): string => {
    const s = freshSchema();
    schemas.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  /** Runs `fn` on a client whose search path is the new schema `s`. */
  async function inNewSchema(s: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
    await requirePostgres();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${s}`);
      await client.query(`SET search_path TO ${s}`);
      await fn(client);
    } finally {
      await client.end();
    }
  }
  const dollar = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const versions = async (s: string) => (await queryIn<{ version: number; name: string }>(s, 'SELECT version, name FROM schema_migrations ORDER BY version')).map((r) => ({ ...r }));
  const shape = (s: string) =>
    queryIn(
      s,
      `SELECT table_name, column_name, data_type, is_nullable, column_default IS NOT NULL AS has_default
         FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
      [s],
    );
  const indexes = async (s: string) =>
    (await queryIn<{ indexname: string; indexdef: string }>(s, 'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [s])).map((r) => ({
      name: r.indexname,
      def: r.indexdef.replace(`${s}.`, ''),
    }));

  it('a fresh schema records every migration, once: opening it again applies nothing', async () => {
    await requirePostgres();
    const s = schema();
    const store = new PostgresStore(TEST_DATABASE_URL, s);
    await store.ready();
    await store.close();
    const first = await queryIn(s, 'SELECT * FROM schema_migrations ORDER BY version');
    expect(first.map((r) => ({ version: r.version, name: r.name }))).toEqual(expectedVersions(POSTGRES_MIGRATIONS));
    const again = new PostgresStore(TEST_DATABASE_URL, s);
    await again.ready();
    await again.close();
    expect(await queryIn(s, 'SELECT * FROM schema_migrations ORDER BY version')).toEqual(first);
  });

  it.each([
    ['as the code before the migrations left it', POSTGRES_PRE_MIGRATION],
    [
      'from before workshops (no workshop tables, no boards.workshop_id)',
      POSTGRES_PRE_MIGRATION.replace(/CREATE TABLE IF NOT EXISTS workshop[\s\S]*?\n\);/g, '').replace(',\n  workshop_id TEXT', '').replace(/ALTER TABLE.*\n/, ''),
    ],
  ])('a schema %s is baselined at version 1, keeps its rows and ends up the shape of a fresh one', async (_name, sql) => {
    const s = schema();
    await inNewSchema(s, async (client) => {
      await client.query(sql);
      for (const [statement, params] of ROWS) await client.query(dollar(statement), [...params]);
    });
    const store = new PostgresStore(TEST_DATABASE_URL, s);
    try {
      await store.ready();
      await expectOldBoard(store);
      // The sequence behind updates.id carried on: a new update comes after the old ones.
      expect(await store.appendUpdates('b1', [new Uint8Array([7])])).toBe(3);
    } finally {
      await store.close();
    }
    expect(await versions(s)).toEqual(expectedVersions(POSTGRES_MIGRATIONS));

    const fresh = schema();
    const other = new PostgresStore(TEST_DATABASE_URL, fresh);
    await other.ready();
    await other.close();
    expect(await shape(s)).toEqual(await shape(fresh));
    expect(await indexes(s)).toEqual(await indexes(fresh));
  });

  it('two stores opening one fresh schema at once both start, and the migrations are applied once', async () => {
    await requirePostgres();
    const s = schema();
    const stores = [0, 1, 2].map(() => new PostgresStore(TEST_DATABASE_URL, s));
    try {
      const results = await Promise.allSettled(stores.map((st) => st.ready()));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      // One row per version: a second run of a migration would have failed on the primary key.
      expect(await versions(s)).toEqual(expectedVersions(POSTGRES_MIGRATIONS));
      // And they work on the same tables: what one writes, another reads.
      const id = await stores[0]!.appendUpdates('shared', [new Uint8Array([9])]);
      expect((await stores[2]!.loadDoc('shared')).lastUpdateId).toBe(id);
    } finally {
      await Promise.all(stores.map((st) => st.close()));
    }
  });

  it('a schema at version 1 keeps the people its boards remember: migration 2 moves them out of the session rows, and the real server lets them into their locked boards', async () => {
    const s = schema();
    const fixture = versionOneBoards();
    await inNewSchema(s, async (client) => {
      await migratePostgres(client, POSTGRES_MIGRATIONS.slice(0, 1));
      for (const [statement, params] of fixture.rows) await client.query(dollar(statement), params);
    });
    const server = await startServer({ databaseUrl: TEST_DATABASE_URL, databaseSchema: s });
    try {
      await expectVersionOneBoardsServed(server, server.app.store, fixture);
    } finally {
      await server.close();
    }
    expect((await versions(s)).map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
  });

  it('a schema at a version this code does not know is refused at start, naming the version', async () => {
    await requirePostgres();
    const s = schema();
    const first = new PostgresStore(TEST_DATABASE_URL, s);
    await first.ready();
    await first.close();
    await queryIn(s, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0)");
    const store = new PostgresStore(TEST_DATABASE_URL, s);
    try {
      await expect(store.ready()).rejects.toThrow(
        /Cannot open the board store on PostgreSQL at .*: the database is at schema version 99 \("from the future"\), newer than this server knows \(up to \d+\)/,
      );
    } finally {
      await store.close();
    }
    expect((await versions(s)).map((r) => r.version)).toEqual([...POSTGRES_MIGRATIONS.map((m) => m.version), 99]);
  });

  it('applies later migrations in order, each in its own transaction: a failing one leaves nothing behind', async () => {
    const s = schema();
    await inNewSchema(s, async (client) => {
      const next = POSTGRES_MIGRATIONS.length + 1;
      const broken: Migration = { version: next, name: 'broken', sql: 'CREATE TABLE extra (x TEXT); CREATE TABLE boards (x TEXT);' };
      await expect(migratePostgres(client, [...POSTGRES_MIGRATIONS, broken])).rejects.toThrow(new RegExp(`migration ${next} \\("broken"\\) failed: relation "boards" already exists`));
      expect((await client.query("SELECT to_regclass('extra') AS r")).rows[0].r).toBeNull();
      expect((await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
      const second: Migration = { version: next, name: 'extra table', sql: 'CREATE TABLE extra (x TEXT);' };
      const third: Migration = { version: next + 1, name: 'extra column', sql: 'ALTER TABLE extra ADD COLUMN y TEXT;' };
      await migratePostgres(client, [...POSTGRES_MIGRATIONS, second, third]);
      expect((await client.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows).toEqual(
        expectedVersions([...POSTGRES_MIGRATIONS, second, third]),
      );
    });
  });
});
