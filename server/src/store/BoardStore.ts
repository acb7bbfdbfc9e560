import type { Role } from '@sessionboard/shared';

/** What the store keeps about a board besides its document. */
export interface BoardRecord {
  id: string;
  joinCode: string;
  title: string;
  team: string;
  template: string;
  createdAt: number;
  keys: Record<Role, string>;
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
 * rooms noticing. Calls for one board are never concurrent: each Room runs one operation at a time.
 */
export interface BoardStore {
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
  close(): Promise<void>;
}
