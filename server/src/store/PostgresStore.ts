import type { KnownParticipant, Notice, Rotation } from '@sessionboard/shared';
import { ROLES } from '@sessionboard/shared';
import pg from 'pg';
import type { BoardRecord, BoardStore, NewGroupBoard, RememberedParticipant, StoredDoc, WorkshopMemberRecord, WorkshopRecord } from './BoardStore.ts';
import { migratePostgres } from './migrations/postgres.ts';

/** The store cannot start on its database; the message says which and why. */
export class PostgresOpenError extends Error {}

function parseJson<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

/** How often a process looks whether the database restarted (a restart may drop the last unflushed updates). */
const RESTART_CHECK_MS = 2000;

/** A schema name safe to put in SQL unquoted (tests use one schema each). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Where a PostgreSQL URL points, without its password, for messages. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

type Row = Record<string, unknown>;

function boardRecord(row: Row): BoardRecord {
  return {
    id: String(row.id),
    joinCode: String(row.join_code),
    title: String(row.title),
    team: String(row.team),
    template: String(row.template),
    createdAt: Number(row.created_at),
    keys: {
      facilitator: String(row.key_facilitator),
      mentor: String(row.key_mentor),
      member: String(row.key_member),
      projector: String(row.key_projector),
    },
    workshop: row.workshop_id === null || row.workshop_id === undefined ? null : String(row.workshop_id),
  };
}

/** A stored person, or null for a row whose role this code does not know. */
function rememberedParticipant(row: Row): RememberedParticipant | null {
  const role = String(row.role);
  if (!(ROLES as readonly string[]).includes(role)) return null;
  return { participant: String(row.participant_id), name: String(row.name), role: role as RememberedParticipant['role'] };
}

function memberRecord(row: Row): WorkshopMemberRecord {
  return { participant: String(row.participant), name: String(row.name), board: String(row.board_id), joinedAt: Number(row.joined_at) };
}

/**
 * The store on PostgreSQL (DATABASE_URL): the same tables as SQLite's, every write one statement or
 * one transaction, committed before the promise resolves.
 *
 * Document updates are committed with synchronous_commit off (unless `syncUpdates`): the commit is
 * visible at once and survives any crash of our processes, but PostgreSQL flushes it to its disk a
 * moment later (within three wal_writer_delay, 600 ms by default), the same promise the SQLite store
 * makes with WAL and synchronous=NORMAL. Waiting for that flush doubled an append's time here (0.45–0.55
 * ms at p50 against 0.19–0.26), on every update's way from one person to another. What a crash of PostgreSQL itself could drop is still held by
 * the processes that wrote it and by the clients that received it: a restart of the database is
 * noticed (`onRestarted`) and the rooms write what the store lacks again; a client that reconnects
 * sends what the server lacks. Votes, commands, session state and workshops always wait for the disk.
 */
export class PostgresStore implements BoardStore {
  private readonly pool: pg.Pool;
  /** Document updates' appends (synchronous_commit off); the main pool when every write waits for the disk. */
  private readonly appendPool: pg.Pool;
  /**
   * Connections that only hold advisory locks (exclusive), apart from the pool the work runs on: work
   * done under a lock needs connections of its own, and locks holding all of one pool would wait for
   * ever on the work they hold the pool for.
   */
  private readonly lockPool: pg.Pool;
  private readonly opened: Promise<void>;
  /** When the database server started, as first seen: a different one means it restarted. */
  private startedAt: string | null = null;
  private readonly restartListeners = new Set<() => void>();
  private readonly restartTimer: NodeJS.Timeout;
  /** A restart check is in flight (one at a time). */
  private checking = false;
  /** Prepared statements' names by their SQL: each connection parses and plans a statement once. */
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly url: string,
    /** A schema of its own (tests); the default is the connection's search path. */
    private readonly schema?: string,
    /** Every document update waits for the database's disk flush too (DATABASE_SYNC_UPDATES=on). */
    syncUpdates = false,
  ) {
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new PostgresOpenError(`Invalid schema name "${schema}".`);
    // The schema as a connection option, so it is set before any query (a query run from the pool's
    // 'connect' event races the first real one on the same client).
    const searchPath = schema ? `-c search_path=${schema}` : '';
    // Idle connections are kept (idleTimeoutMillis 0; pg-pool closes them after 10 s by default): the
    // first keystroke after ten quiet seconds otherwise waited for a new connection (5.9 ms here for the
    // first query after 11 s idle, 0.7 ms on a kept one). At most 16 per process, as under steady typing.
    const common = { connectionString: url, connectionTimeoutMillis: 5000, idleTimeoutMillis: 0 };
    this.pool = new pg.Pool({ ...common, max: 8, ...(searchPath ? { options: searchPath } : {}) });
    this.appendPool = syncUpdates ? this.pool : new pg.Pool({ ...common, max: 4, options: `${searchPath} -c synchronous_commit=off`.trim() });
    this.lockPool = new pg.Pool({ ...common, max: 4 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.lockPool.on('error', () => undefined);
    // On the others it may also mean the database went down: look whether it restarted.
    for (const pool of new Set([this.pool, this.appendPool])) pool.on('error', () => void this.checkRestart());
    this.restartTimer = setInterval(() => void this.checkRestart(), RESTART_CHECK_MS);
    this.restartTimer.unref();
    this.opened = this.open();
    this.opened.catch(() => undefined);
  }

  private async open(): Promise<void> {
    try {
      const client = await this.pool.connect();
      try {
        // Two processes starting at once must not both create the schema or migrate: one waits for the
        // other, then finds the migrations recorded (CREATE ... IF NOT EXISTS is not safe against a
        // concurrent CREATE).
        await client.query('SELECT pg_advisory_lock(7172737)');
        try {
          if (this.schema) {
            await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
            await client.query(`SET search_path TO ${this.schema}`);
          }
          await migratePostgres(client);
        } finally {
          await client.query('SELECT pg_advisory_unlock(7172737)');
        }
      } finally {
        client.release();
      }
      await this.checkRestart();
    } catch (err) {
      throw new PostgresOpenError(`Cannot open the board store on PostgreSQL at ${describeUrl(this.url)}: ${(err as Error).message}.`);
    }
  }

  /** Resolves once the tables exist; rejects with a clear message when the database cannot be used. */
  ready(): Promise<void> {
    return this.opened;
  }

  /** Whether the database answers now (for `/healthz`: a database that is down is not ready even before a write fails). */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  private async query(sql: string, params: unknown[] = [], pool = this.pool): Promise<Row[]> {
    await this.opened;
    let name = this.statements.get(sql);
    if (name === undefined) {
      name = `sb${this.statements.size}`;
      this.statements.set(sql, name);
    }
    try {
      return (await pool.query({ name, text: sql, values: params })).rows as Row[];
    } catch (err) {
      void this.checkRestart();
      throw err;
    }
  }

  /** Calls `listener` whenever the database is found to have restarted since it was last seen. */
  onRestarted(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Looks whether the database restarted since it was last seen, and tells the listeners if so. */
  private async checkRestart(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const { rows } = await this.pool.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started');
      const started = rows[0]?.started ?? null;
      const before = this.startedAt;
      this.startedAt = started;
      if (before !== null && started !== before) for (const listener of this.restartListeners) listener();
    } catch {
      // Still away: the next check or query looks again.
    } finally {
      this.checking = false;
    }
  }

  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.opened;
    const client = await this.lockPool.connect();
    try {
      await client.query('BEGIN');
      // Advisory locks are per database: the schema is part of the key, so other deployments (or test
      // schemas) on the same database do not wait for each other. A hash collision only serialises more.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema ?? 'public'}:${key}`]);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    try {
      return await fn();
    } finally {
      // Ending the transaction releases the lock; a connection that cannot is dropped (which releases it too).
      await client.query('COMMIT').then(
        () => client.release(),
        (err: Error) => client.release(err),
      );
    }
  }

  private async transaction(fn: (client: pg.PoolClient) => Promise<void>, begin = 'BEGIN'): Promise<void> {
    await this.opened;
    const client = await this.pool.connect();
    try {
      await client.query(begin);
      await fn(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private static async insertBoard(client: pg.PoolClient, record: BoardRecord, initialState: Uint8Array, session: string): Promise<void> {
    const now = Date.now();
    const k = record.keys;
    await client.query(
      `INSERT INTO boards (id, join_code, title, team, template, created_at, key_facilitator, key_mentor, key_member, key_projector, workshop_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [record.id, record.joinCode, record.title, record.team, record.template, record.createdAt, k.facilitator, k.mentor, k.member, k.projector, record.workshop],
    );
    await client.query('INSERT INTO snapshots (board_id, data, up_to, updated_at) VALUES ($1, $2, 0, $3)', [record.id, Buffer.from(initialState), now]);
    await client.query('INSERT INTO sessions (board_id, json, updated_at) VALUES ($1, $2, $3)', [record.id, session, now]);
  }

  createBoard(record: BoardRecord, initialState: Uint8Array, session: string): Promise<void> {
    return this.transaction((client) => PostgresStore.insertBoard(client, record, initialState, session));
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const [row] = await this.query('SELECT * FROM boards WHERE id = $1', [id]);
    return row ? boardRecord(row) : null;
  }

  async boardIdByJoinCode(code: string): Promise<string | null> {
    const [row] = await this.query('SELECT id FROM boards WHERE join_code = $1', [code]);
    return row ? String(row.id) : null;
  }

  async loadDoc(id: string): Promise<StoredDoc> {
    // Updates before the snapshot: another process may compact in between, and then the newer
    // snapshot holds what it deleted; the other order could miss updates folded away meanwhile.
    const rows = await this.query('SELECT id, data FROM updates WHERE board_id = $1 ORDER BY id', [id]);
    const [snap] = await this.query('SELECT data, up_to FROM snapshots WHERE board_id = $1', [id]);
    const last = rows[rows.length - 1];
    return {
      snapshot: snap ? new Uint8Array(snap.data as Buffer) : null,
      updates: rows.map((r) => new Uint8Array(r.data as Buffer)),
      lastUpdateId: Math.max(last ? Number(last.id) : 0, snap ? Number(snap.up_to) : 0),
    };
  }

  async appendUpdates(id: string, updates: Uint8Array[]): Promise<number> {
    // One statement, so one commit, for the whole batch; ids come back in insertion order.
    const rows = await this.query(
      'INSERT INTO updates (board_id, data) SELECT $1, unnest($2::bytea[]) RETURNING id',
      [id, updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength))],
      this.appendPool,
    );
    return Math.max(...rows.map((r) => Number(r.id)));
  }

  compact(id: string, snapshot: Uint8Array, upTo: number): Promise<void> {
    return this.transaction(async (client) => {
      await client.query(
        `INSERT INTO snapshots (board_id, data, up_to, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, up_to = excluded.up_to, updated_at = excluded.updated_at`,
        [id, Buffer.from(snapshot), upTo, Date.now()],
      );
      await client.query('DELETE FROM updates WHERE board_id = $1 AND id <= $2', [id, upTo]);
    });
  }

  async loadSession(id: string): Promise<string | null> {
    const [row] = await this.query('SELECT json FROM sessions WHERE board_id = $1', [id]);
    return row ? String(row.json) : null;
  }

  async saveSession(id: string, session: string): Promise<void> {
    await this.query(
      `INSERT INTO sessions (board_id, json, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (board_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
      [id, session, Date.now()],
    );
  }

  async updateSession(id: string, change: (stored: string | null) => string | null): Promise<boolean> {
    let wrote = false;
    await this.transaction(async (client) => {
      // FOR UPDATE: a second process changing the same session waits here until this one commits.
      const { rows } = await client.query<{ json: string }>('SELECT json FROM sessions WHERE board_id = $1 FOR UPDATE', [id]);
      const next = change(rows[0] ? String(rows[0].json) : null);
      if (next === null) return;
      await client.query(
        `INSERT INTO sessions (board_id, json, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (board_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
        [id, next, Date.now()],
      );
      wrote = true;
    });
    return wrote;
  }

  async loadParticipants(id: string): Promise<RememberedParticipant[]> {
    const rows = await this.query('SELECT participant_id, name, role FROM board_participants WHERE board_id = $1 ORDER BY seq, participant_id', [id]);
    return rows.flatMap((row) => rememberedParticipant(row) ?? []);
  }

  async loadParticipant(id: string, participant: string): Promise<KnownParticipant | null> {
    const [row] = await this.query('SELECT participant_id, name, role FROM board_participants WHERE board_id = $1 AND participant_id = $2', [id, participant]);
    const found = row ? rememberedParticipant(row) : null;
    return found ? { name: found.name, role: found.role } : null;
  }

  async rememberParticipant(id: string, participant: string, who: KnownParticipant, cap: number): Promise<boolean> {
    let remembered = false;
    await this.transaction(async (client) => {
      // Processes remembering people on one board take turns on its boards row (NO KEY UPDATE: the
      // foreign keys' KEY SHARE locks of other writes do not wait), so two newcomers never both take
      // the last place under the cap. The next statement sees what the previous holder committed.
      await client.query('SELECT 1 FROM boards WHERE id = $1 FOR NO KEY UPDATE', [id]);
      const result = await client.query(
        `INSERT INTO board_participants (board_id, participant_id, name, role, seq)
         SELECT $1, $2, $3, $4, coalesce((SELECT max(seq) FROM board_participants WHERE board_id = $1), 0) + 1
         WHERE EXISTS (SELECT 1 FROM board_participants WHERE board_id = $1 AND participant_id = $2)
            OR (SELECT count(*) FROM board_participants WHERE board_id = $1) < $5
         ON CONFLICT (board_id, participant_id) DO UPDATE SET name = excluded.name, role = excluded.role`,
        [id, participant, who.name, who.role, cap],
      );
      remembered = (result.rowCount ?? 0) > 0;
    });
    return remembered;
  }

  async compactStored(id: string, build: (stored: StoredDoc) => Uint8Array | null | Promise<Uint8Array | null>): Promise<boolean> {
    let wrote = false;
    await this.transaction(async (client) => {
      const { rows: snaps } = await client.query<{ data: Buffer; up_to: string }>('SELECT data, up_to FROM snapshots WHERE board_id = $1 FOR UPDATE', [id]);
      const { rows } = await client.query<{ id: string; data: Buffer }>('SELECT id, data FROM updates WHERE board_id = $1 ORDER BY id', [id]);
      const snap = snaps[0];
      const ids = rows.map((r) => Number(r.id));
      const upTo = Math.max(snap ? Number(snap.up_to) : 0, ...ids);
      const snapshot = await build({ snapshot: snap ? new Uint8Array(snap.data) : null, updates: rows.map((r) => new Uint8Array(r.data)), lastUpdateId: upTo });
      if (snapshot === null) return;
      await client.query(
        `INSERT INTO snapshots (board_id, data, up_to, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, up_to = excluded.up_to, updated_at = excluded.updated_at`,
        [id, Buffer.from(snapshot), upTo, Date.now()],
      );
      // Exactly the rows read: an update another process commits while this runs has a lower id than
      // some read here (ids are handed out before commit), and must survive.
      if (ids.length > 0) await client.query('DELETE FROM updates WHERE board_id = $1 AND id = ANY($2::bigint[])', [id, ids]);
      wrote = true;
    });
    return wrote;
  }

  createWorkshop(record: WorkshopRecord, boards: NewGroupBoard[]): Promise<void> {
    return this.transaction(async (client) => {
      const k = record.keys;
      await client.query(
        `INSERT INTO workshops (id, join_code, title, created_at, key_instructor, key_mentor, key_projector, groups_json, assignment, notice_json, rotation_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          record.id,
          record.joinCode,
          record.title,
          record.createdAt,
          k.instructor,
          k.mentor,
          k.projector,
          JSON.stringify(record.groups),
          record.assignment,
          JSON.stringify(record.notice),
          JSON.stringify(record.rotation),
        ],
      );
      for (const b of boards) await PostgresStore.insertBoard(client, b.record, b.initialState, b.session);
    });
  }

  async getWorkshop(id: string): Promise<WorkshopRecord | null> {
    const [row] = await this.query('SELECT * FROM workshops WHERE id = $1', [id]);
    if (!row) return null;
    return {
      id: String(row.id),
      joinCode: String(row.join_code),
      title: String(row.title),
      createdAt: Number(row.created_at),
      keys: { instructor: String(row.key_instructor), mentor: String(row.key_mentor), projector: String(row.key_projector) },
      groups: parseJson<WorkshopRecord['groups']>(String(row.groups_json), []),
      assignment: row.assignment === 'choose' ? 'choose' : 'balanced',
      notice: parseJson<Notice>(String(row.notice_json), null),
      rotation: parseJson<Rotation | null>(String(row.rotation_json), null),
    };
  }

  async workshopIdByJoinCode(code: string): Promise<string | null> {
    const [row] = await this.query('SELECT id FROM workshops WHERE join_code = $1', [code]);
    return row ? String(row.id) : null;
  }

  updateWorkshop(id: string, patch: Partial<Pick<WorkshopRecord, 'assignment' | 'notice' | 'rotation'>>): Promise<void> {
    return this.transaction(async (client) => {
      if (patch.assignment !== undefined) await client.query('UPDATE workshops SET assignment = $1 WHERE id = $2', [patch.assignment, id]);
      if (patch.notice !== undefined) await client.query('UPDATE workshops SET notice_json = $1 WHERE id = $2', [JSON.stringify(patch.notice), id]);
      if (patch.rotation !== undefined) await client.query('UPDATE workshops SET rotation_json = $1 WHERE id = $2', [JSON.stringify(patch.rotation), id]);
    });
  }

  async workshopMembers(id: string): Promise<WorkshopMemberRecord[]> {
    const rows = await this.query(
      'SELECT participant, name, board_id, joined_at FROM workshop_members WHERE workshop_id = $1 ORDER BY joined_at, participant',
      [id],
    );
    return rows.map(memberRecord);
  }

  async workshopMember(id: string, participant: string): Promise<WorkshopMemberRecord | null> {
    const [row] = await this.query('SELECT participant, name, board_id, joined_at FROM workshop_members WHERE workshop_id = $1 AND participant = $2', [
      id,
      participant,
    ]);
    return row ? memberRecord(row) : null;
  }

  async putWorkshopMember(id: string, member: WorkshopMemberRecord): Promise<void> {
    await this.query(
      `INSERT INTO workshop_members (workshop_id, participant, name, board_id, joined_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workshop_id, participant) DO UPDATE SET name = excluded.name, board_id = excluded.board_id`,
      [id, member.participant, member.name, member.board, member.joinedAt],
    );
  }

  async close(): Promise<void> {
    clearInterval(this.restartTimer);
    await this.opened.catch(() => undefined);
    await Promise.all([this.pool.end(), this.lockPool.end(), ...(this.appendPool !== this.pool ? [this.appendPool.end()] : [])]);
  }
}
