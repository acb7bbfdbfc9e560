import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { KnownParticipant, Notice, Rotation } from '@sessionboard/shared';
import { ROLES } from '@sessionboard/shared';
import type { BoardRecord, BoardStore, NewGroupBoard, RememberedParticipant, StoredDoc, WorkshopMemberRecord, WorkshopRecord } from './BoardStore.ts';
import { WalCheckpointer } from './WalCheckpointer.ts';
import { NewerSchemaError } from './migrations/migration.ts';
import { migrateSqlite } from './migrations/sqlite.ts';

interface BoardRow {
  id: string;
  join_code: string;
  title: string;
  team: string;
  template: string;
  created_at: number;
  key_facilitator: string;
  key_mentor: string;
  key_member: string;
  key_projector: string;
  workshop_id: string | null;
}

interface WorkshopRow {
  id: string;
  join_code: string;
  title: string;
  created_at: number;
  key_instructor: string;
  key_mentor: string;
  key_projector: string;
  groups_json: string;
  assignment: string;
  notice_json: string;
  rotation_json: string;
}

interface MemberRow {
  participant: string;
  name: string;
  board_id: string;
  joined_at: number;
}

function parseJson<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

interface ParticipantRow {
  participant_id: string;
  name: string;
  role: string;
}

/** A stored person, or null for a row whose role this code does not know. */
function rememberedParticipant(row: ParticipantRow): RememberedParticipant | null {
  if (!(ROLES as readonly string[]).includes(row.role)) return null;
  return { participant: row.participant_id, name: row.name, role: row.role as RememberedParticipant['role'] };
}

function memberRecord(row: MemberRow): WorkshopMemberRecord {
  return { participant: row.participant, name: row.name, board: row.board_id, joinedAt: row.joined_at };
}

/** The store cannot start on its file; the message names the file and what to do. */
export class StoreOpenError extends Error {}

/**
 * Opens (or creates) the database file and checks it, so a damaged, truncated, empty or unwritable
 * file stops the start with a message naming it, never a silently empty or half-read store.
 */
function openChecked(dataDir: string, file: string): Database.Database {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (err) {
    throw new StoreOpenError(`DATA_DIR ${dataDir} is not a writable directory (${(err as Error).message}); the boards cannot be stored there.`);
  }
  // SQLite takes a zero-length file for a new database; here it means one was emptied or lost.
  if (fs.existsSync(file) && fs.statSync(file).size === 0) {
    throw new StoreOpenError(
      `${file} is empty (0 bytes), so its boards are gone or it was truncated. Restore it from a backup, or move it away to start with no boards.`,
    );
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('wal_autocheckpoint = 0');
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
    migrateSqlite(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof NewerSchemaError) throw new StoreOpenError(`Cannot open the board store ${file}: ${err.message}.`);
    throw new StoreOpenError(
      `Cannot open the board store ${file}: ${(err as Error).message}. The file may be damaged or not writable; restore it from a backup, or move it away to start with no boards.`,
    );
  }
}

/**
 * The embedded store. WAL with synchronous=NORMAL: a committed write survives the process being
 * killed (only a power cut may lose the last few), and appends stay around 10 µs because the
 * checkpoints, the only writes that fsync, run on a worker thread (WalCheckpointer).
 */
export class SqliteStore implements BoardStore {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly appendBatch: (id: string, updates: Uint8Array[]) => number;
  private readonly checkpointer: WalCheckpointer;

  constructor(dataDir: string, onCheckpointError: (message: string) => void) {
    const file = path.join(dataDir, 'sessionboard.sqlite');
    this.db = openChecked(dataDir, file);
    this.checkpointer = new WalCheckpointer(file, {
      onError: onCheckpointError,
      onGone: (message) => {
        // Without the worker nothing would checkpoint and the WAL would grow without end: SQLite's own
        // automatic checkpoints (on the event loop, with their stalls) are the lesser evil.
        onCheckpointError(`${message}; automatic checkpoints are back on`);
        if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
      },
    });
    this.stmts = {
      insertBoard: this.db.prepare(
        `INSERT INTO boards (id, join_code, title, team, template, created_at, key_facilitator, key_mentor, key_member, key_projector, workshop_id)
         VALUES (@id, @join_code, @title, @team, @template, @created_at, @key_facilitator, @key_mentor, @key_member, @key_projector, @workshop_id)`,
      ),
      getBoard: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      byCode: this.db.prepare<[string], { id: string }>('SELECT id FROM boards WHERE join_code = ?'),
      getSnapshot: this.db.prepare<[string], { data: Buffer; up_to: number }>(
        'SELECT data, up_to FROM snapshots WHERE board_id = ?',
      ),
      getUpdates: this.db.prepare<[string], { id: number; data: Buffer }>(
        'SELECT id, data FROM updates WHERE board_id = ? ORDER BY id',
      ),
      insertUpdate: this.db.prepare<[string, Uint8Array]>('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      putSnapshot: this.db.prepare<[string, Uint8Array, number, number]>(
        `INSERT INTO snapshots (board_id, data, up_to, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(board_id) DO UPDATE SET data = excluded.data, up_to = excluded.up_to, updated_at = excluded.updated_at`,
      ),
      deleteUpdates: this.db.prepare<[string, number]>('DELETE FROM updates WHERE board_id = ? AND id <= ?'),
      getSession: this.db.prepare<[string], { json: string }>('SELECT json FROM sessions WHERE board_id = ?'),
      putSession: this.db.prepare<[string, string, number]>(
        `INSERT INTO sessions (board_id, json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(board_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
      ),
      participants: this.db.prepare<[string], ParticipantRow>('SELECT participant_id, name, role FROM board_participants WHERE board_id = ? ORDER BY seq, participant_id'),
      participant: this.db.prepare<[string, string], ParticipantRow>(
        'SELECT participant_id, name, role FROM board_participants WHERE board_id = ? AND participant_id = ?',
      ),
      // One statement: a newcomer only while the board remembers fewer than the cap; someone known is updated.
      rememberParticipant: this.db.prepare<{ board: string; participant: string; name: string; role: string; cap: number }>(
        `INSERT INTO board_participants (board_id, participant_id, name, role, seq)
         SELECT @board, @participant, @name, @role, coalesce((SELECT max(seq) FROM board_participants WHERE board_id = @board), 0) + 1
         WHERE EXISTS (SELECT 1 FROM board_participants WHERE board_id = @board AND participant_id = @participant)
            OR (SELECT count(*) FROM board_participants WHERE board_id = @board) < @cap
         ON CONFLICT (board_id, participant_id) DO UPDATE SET name = excluded.name, role = excluded.role`,
      ),
      insertWorkshop: this.db.prepare(
        `INSERT INTO workshops (id, join_code, title, created_at, key_instructor, key_mentor, key_projector, groups_json, assignment, notice_json, rotation_json)
         VALUES (@id, @join_code, @title, @created_at, @key_instructor, @key_mentor, @key_projector, @groups_json, @assignment, @notice_json, @rotation_json)`,
      ),
      getWorkshop: this.db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE id = ?'),
      workshopByCode: this.db.prepare<[string], { id: string }>('SELECT id FROM workshops WHERE join_code = ?'),
      setAssignment: this.db.prepare<[string, string]>('UPDATE workshops SET assignment = ? WHERE id = ?'),
      setNotice: this.db.prepare<[string, string]>('UPDATE workshops SET notice_json = ? WHERE id = ?'),
      setRotation: this.db.prepare<[string, string]>('UPDATE workshops SET rotation_json = ? WHERE id = ?'),
      members: this.db.prepare<[string], MemberRow>(
        'SELECT participant, name, board_id, joined_at FROM workshop_members WHERE workshop_id = ? ORDER BY joined_at, participant',
      ),
      member: this.db.prepare<[string, string], MemberRow>(
        'SELECT participant, name, board_id, joined_at FROM workshop_members WHERE workshop_id = ? AND participant = ?',
      ),
      putMember: this.db.prepare<[string, string, string, string, number]>(
        `INSERT INTO workshop_members (workshop_id, participant, name, board_id, joined_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(workshop_id, participant) DO UPDATE SET name = excluded.name, board_id = excluded.board_id`,
      ),
    };
    this.appendBatch = this.db.transaction((id: string, updates: Uint8Array[]) => {
      let last = 0;
      for (const u of updates) last = Number(this.stmts.insertUpdate.run(id, u).lastInsertRowid);
      return last;
    });
  }

  async createBoard(record: BoardRecord, initialState: Uint8Array, session: string): Promise<void> {
    this.db.transaction(() => this.insertBoard(record, initialState, session))();
  }

  private insertBoard(record: BoardRecord, initialState: Uint8Array, session: string): void {
    const now = Date.now();
    {
      this.stmts.insertBoard.run({
        id: record.id,
        join_code: record.joinCode,
        title: record.title,
        team: record.team,
        template: record.template,
        created_at: record.createdAt,
        key_facilitator: record.keys.facilitator,
        key_mentor: record.keys.mentor,
        key_member: record.keys.member,
        key_projector: record.keys.projector,
        workshop_id: record.workshop,
      });
      this.stmts.putSnapshot.run(record.id, initialState, 0, now);
      this.stmts.putSession.run(record.id, session, now);
    }
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const row = this.stmts.getBoard.get(id);
    if (!row) return null;
    return {
      id: row.id,
      joinCode: row.join_code,
      title: row.title,
      team: row.team,
      template: row.template,
      createdAt: row.created_at,
      keys: {
        facilitator: row.key_facilitator,
        mentor: row.key_mentor,
        member: row.key_member,
        projector: row.key_projector,
      },
      workshop: row.workshop_id ?? null,
    };
  }

  async boardIdByJoinCode(code: string): Promise<string | null> {
    return this.stmts.byCode.get(code)?.id ?? null;
  }

  async loadDoc(id: string): Promise<StoredDoc> {
    const snap = this.stmts.getSnapshot.get(id);
    const rows = this.stmts.getUpdates.all(id);
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      updates: rows.map((r) => new Uint8Array(r.data)),
      lastUpdateId: rows.length > 0 ? (rows[rows.length - 1]?.id ?? 0) : (snap?.up_to ?? 0),
    };
  }

  async appendUpdates(id: string, updates: Uint8Array[]): Promise<number> {
    // A single insert commits on its own; a batch goes through the transaction built once above.
    if (updates.length === 1) return Number(this.stmts.insertUpdate.run(id, updates[0] as Uint8Array).lastInsertRowid);
    return this.appendBatch(id, updates);
  }

  async compact(id: string, snapshot: Uint8Array, upTo: number): Promise<void> {
    this.db.transaction(() => {
      this.stmts.putSnapshot.run(id, snapshot, upTo, Date.now());
      this.stmts.deleteUpdates.run(id, upTo);
    })();
  }

  async loadSession(id: string): Promise<string | null> {
    return this.stmts.getSession.get(id)?.json ?? null;
  }

  async saveSession(id: string, session: string): Promise<void> {
    this.stmts.putSession.run(id, session, Date.now());
  }

  async updateSession(id: string, change: (stored: string | null) => string | null): Promise<boolean> {
    // One process holds a SQLite file, and this runs without yielding: read, change and write are one step.
    const next = change(this.stmts.getSession.get(id)?.json ?? null);
    if (next === null) return false;
    this.stmts.putSession.run(id, next, Date.now());
    return true;
  }

  async loadParticipants(id: string): Promise<RememberedParticipant[]> {
    return this.stmts.participants.all(id).flatMap((row) => rememberedParticipant(row) ?? []);
  }

  async loadParticipant(id: string, participant: string): Promise<KnownParticipant | null> {
    const row = this.stmts.participant.get(id, participant);
    const found = row ? rememberedParticipant(row) : null;
    return found ? { name: found.name, role: found.role } : null;
  }

  async rememberParticipant(id: string, participant: string, who: KnownParticipant, cap: number): Promise<boolean> {
    // One process holds a SQLite file and this runs without yielding: the count and the insert are one step.
    return this.stmts.rememberParticipant.run({ board: id, participant, name: who.name, role: who.role, cap }).changes > 0;
  }

  async compactStored(id: string, build: (stored: StoredDoc) => Uint8Array | null | Promise<Uint8Array | null>): Promise<boolean> {
    const stored = await this.loadDoc(id);
    const snapshot = await build(stored);
    if (snapshot === null) return false;
    await this.compact(id, snapshot, stored.lastUpdateId);
    return true;
  }

  async createWorkshop(record: WorkshopRecord, boards: NewGroupBoard[]): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertWorkshop.run({
        id: record.id,
        join_code: record.joinCode,
        title: record.title,
        created_at: record.createdAt,
        key_instructor: record.keys.instructor,
        key_mentor: record.keys.mentor,
        key_projector: record.keys.projector,
        groups_json: JSON.stringify(record.groups),
        assignment: record.assignment,
        notice_json: JSON.stringify(record.notice),
        rotation_json: JSON.stringify(record.rotation),
      });
      for (const b of boards) this.insertBoard(b.record, b.initialState, b.session);
    })();
  }

  async getWorkshop(id: string): Promise<WorkshopRecord | null> {
    const row = this.stmts.getWorkshop.get(id);
    if (!row) return null;
    return {
      id: row.id,
      joinCode: row.join_code,
      title: row.title,
      createdAt: row.created_at,
      keys: { instructor: row.key_instructor, mentor: row.key_mentor, projector: row.key_projector },
      groups: parseJson<WorkshopRecord['groups']>(row.groups_json, []),
      assignment: row.assignment === 'choose' ? 'choose' : 'balanced',
      notice: parseJson<Notice>(row.notice_json, null),
      rotation: parseJson<Rotation | null>(row.rotation_json, null),
    };
  }

  async workshopIdByJoinCode(code: string): Promise<string | null> {
    return this.stmts.workshopByCode.get(code)?.id ?? null;
  }

  async updateWorkshop(id: string, patch: Partial<Pick<WorkshopRecord, 'assignment' | 'notice' | 'rotation'>>): Promise<void> {
    this.db.transaction(() => {
      if (patch.assignment !== undefined) this.stmts.setAssignment.run(patch.assignment, id);
      if (patch.notice !== undefined) this.stmts.setNotice.run(JSON.stringify(patch.notice), id);
      if (patch.rotation !== undefined) this.stmts.setRotation.run(JSON.stringify(patch.rotation), id);
    })();
  }

  async workshopMembers(id: string): Promise<WorkshopMemberRecord[]> {
    return this.stmts.members.all(id).map(memberRecord);
  }

  async workshopMember(id: string, participant: string): Promise<WorkshopMemberRecord | null> {
    const row = this.stmts.member.get(id, participant);
    return row ? memberRecord(row) : null;
  }

  async putWorkshopMember(id: string, member: WorkshopMemberRecord): Promise<void> {
    this.stmts.putMember.run(id, member.participant, member.name, member.board, member.joinedAt);
  }

  async close(): Promise<void> {
    await this.checkpointer.stop();
    // The last connection to close checkpoints what is left and removes the WAL.
    if (this.db.open) this.db.close();
  }
}
