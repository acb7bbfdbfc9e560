import type { Assignment, KnownParticipant, Notice, Role, Rotation, WorkshopRole } from '@sessionboard/shared';

/** What the store keeps about a board besides its document. */
export interface BoardRecord {
  id: string;
  joinCode: string;
  title: string;
  team: string;
  template: string;
  createdAt: number;
  keys: Record<Role, string>;
  /** The workshop this board is a group of, or null for a board of its own. */
  workshop: string | null;
}

/** A person a board remembers: `participant` is their public id on that board (never the secret). */
export interface RememberedParticipant extends KnownParticipant {
  participant: string;
}

/** A board's document as stored: the latest snapshot and the raw updates written after it. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Id of the last stored update (0 when there is none); compaction deletes up to an id. */
  lastUpdateId: number;
}

/**
 * Persistence behind one small interface, so a PostgreSQL store can replace SQLite without the
 * rooms noticing. Writes for one board are never concurrent: each Room runs one operation at a time
 * (reads may run beside them: `loadParticipant` when a locked board admits someone, `loadSession` before a `hello`).
 */
export interface BoardStore extends WorkshopStore {
  createBoard(record: BoardRecord, initialState: Uint8Array, session: string): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | null>;
  boardIdByJoinCode(code: string): Promise<string | null>;
  loadDoc(id: string): Promise<StoredDoc>;
  /** Appends raw updates in one durable write; resolves to the id of the last one. */
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number>;
  /** Stores `snapshot` and, in the same transaction, deletes the updates it contains (ids ≤ upTo). */
  compact(id: string, snapshot: Uint8Array, upTo: number): Promise<void>;
  loadSession(id: string): Promise<string | null>;
  saveSession(id: string, session: string): Promise<void>;
  /**
   * Reads the session row under a lock, hands it to `change` and writes what `change` returns (null:
   * nothing changed, nothing written); resolves to whether it wrote. Several processes sharing a
   * database change a session one at a time this way (vote budgets, a timer that finishes once).
   */
  updateSession(id: string, change: (stored: string | null) => string | null): Promise<boolean>;
  /** The people `id` remembers (so a locked board lets them back in), in the order it first remembered them. */
  loadParticipants(id: string): Promise<RememberedParticipant[]>;
  /** One person `id` remembers, or null. */
  loadParticipant(id: string, participant: string): Promise<KnownParticipant | null>;
  /**
   * Remembers a person on board `id`, or changes their name or role: one small write of its own, the
   * session row untouched. A newcomer is not remembered once the board remembers `cap` people (counted
   * in the store, so across processes); resolves to whether the person is remembered now.
   */
  rememberParticipant(id: string, participant: string, who: KnownParticipant, cap: number): Promise<boolean>;
  /**
   * Compacts from what the store holds, not from one process's copy: under a lock, reads the snapshot
   * and every update, lets `build` make the new snapshot from them (null: skip), and deletes exactly
   * the updates it read. Another process's update committed meanwhile is kept.
   */
  compactStored(id: string, build: (stored: StoredDoc) => Uint8Array | null | Promise<Uint8Array | null>): Promise<boolean>;
  /** Resolves once the store can be used (a database's tables exist); rejects with a clear message. */
  ready?(): Promise<void>;
  /** Rejects when a database store cannot reach its database now (an embedded store has no such check). */
  ping?(): Promise<void>;
  /**
   * A database store calls `listener` when it finds the database restarted (it may have dropped the
   * last updates it had not flushed yet); the rooms then write what the store lacks. Returns the unsubscribe.
   */
  onRestarted?(listener: () => void): () => void;
  close(): Promise<void>;
}

/** What the store keeps about a workshop (its groups are ordinary boards with `workshop` set). */
export interface WorkshopRecord {
  id: string;
  joinCode: string;
  title: string;
  createdAt: number;
  keys: Record<WorkshopRole, string>;
  /** In the order the instructor gave them; names are unique within the workshop. */
  groups: { name: string; board: string }[];
  assignment: Assignment;
  notice: Notice;
  rotation: Rotation | null;
}

/** A person who joined a workshop: `participant` is a workshop-scoped hash of their secret, never the secret. */
export interface WorkshopMemberRecord {
  participant: string;
  name: string;
  /** The board id of their group. */
  board: string;
  joinedAt: number;
}

/** A board created together with its workshop. */
export interface NewGroupBoard {
  record: BoardRecord;
  initialState: Uint8Array;
  session: string;
}

/**
 * Workshops, beside the boards. Join codes of workshops and boards share one space: a code resolves to
 * at most one of them.
 */
export interface WorkshopStore {
  /** Stores the workshop and all its group boards in one transaction. */
  createWorkshop(record: WorkshopRecord, boards: NewGroupBoard[]): Promise<void>;
  getWorkshop(id: string): Promise<WorkshopRecord | null>;
  workshopIdByJoinCode(code: string): Promise<string | null>;
  /** Changes the workshop's assignment, notice or rotation (only the fields given). */
  updateWorkshop(id: string, patch: Partial<Pick<WorkshopRecord, 'assignment' | 'notice' | 'rotation'>>): Promise<void>;
  workshopMembers(id: string): Promise<WorkshopMemberRecord[]>;
  workshopMember(id: string, participant: string): Promise<WorkshopMemberRecord | null>;
  /** Adds a member or moves one to another group (same participant: their row is replaced). */
  putWorkshopMember(id: string, member: WorkshopMemberRecord): Promise<void>;
  /**
   * Runs `fn` while no other process on this store runs `exclusive` with the same key, and resolves to
   * its result (scale-out: a PostgreSQL advisory lock). Absent on a store that one process owns.
   */
  exclusive?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
