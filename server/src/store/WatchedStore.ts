import type { KnownParticipant } from '@sessionboard/shared';
import type { BoardRecord, BoardStore, NewGroupBoard, RememberedParticipant, StoredDoc, WorkshopMemberRecord, WorkshopRecord } from './BoardStore.ts';

/** The store's writes are failing (disk full, I/O error, database gone): since when, and the last error. */
export interface WriteFailure {
  since: number;
  message: string;
}

/**
 * A store that remembers whether its last write failed, so `/healthz` can say "not ready" during an
 * outage instead of staying green while every write is refused. Works over any store.
 */
export class WatchedStore implements BoardStore {
  private failure: WriteFailure | null = null;

  constructor(readonly inner: BoardStore) {}

  /** The ongoing write failure, or null when the last write succeeded. */
  writeFailure(): WriteFailure | null {
    return this.failure;
  }

  private async write<T>(op: () => Promise<T>): Promise<T> {
    try {
      const result = await op();
      this.failure = null;
      return result;
    } catch (err) {
      this.failure = { since: this.failure?.since ?? Date.now(), message: (err as Error).message };
      throw err;
    }
  }

  createBoard(record: BoardRecord, initialState: Uint8Array, session: string): Promise<void> {
    return this.write(() => this.inner.createBoard(record, initialState, session));
  }
  getBoard(id: string): Promise<BoardRecord | null> {
    return this.inner.getBoard(id);
  }
  boardIdByJoinCode(code: string): Promise<string | null> {
    return this.inner.boardIdByJoinCode(code);
  }
  loadDoc(id: string): Promise<StoredDoc> {
    return this.inner.loadDoc(id);
  }
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number> {
    return this.write(() => this.inner.appendUpdates(id, updates));
  }
  compact(id: string, snapshot: Uint8Array, upTo: number): Promise<void> {
    return this.write(() => this.inner.compact(id, snapshot, upTo));
  }
  loadSession(id: string): Promise<string | null> {
    return this.inner.loadSession(id);
  }
  saveSession(id: string, session: string): Promise<void> {
    return this.write(() => this.inner.saveSession(id, session));
  }
  updateSession(id: string, change: (stored: string | null) => string | null): Promise<boolean> {
    return this.write(() => this.inner.updateSession(id, change));
  }
  loadParticipants(id: string): Promise<RememberedParticipant[]> {
    return this.inner.loadParticipants(id);
  }
  loadParticipant(id: string, participant: string): Promise<KnownParticipant | null> {
    return this.inner.loadParticipant(id, participant);
  }
  rememberParticipant(id: string, participant: string, who: KnownParticipant, cap: number): Promise<boolean> {
    return this.write(() => this.inner.rememberParticipant(id, participant, who, cap));
  }
  compactStored(id: string, build: (stored: StoredDoc) => Uint8Array | null | Promise<Uint8Array | null>): Promise<boolean> {
    return this.write(() => this.inner.compactStored(id, build));
  }
  createWorkshop(record: WorkshopRecord, boards: NewGroupBoard[]): Promise<void> {
    return this.write(() => this.inner.createWorkshop(record, boards));
  }
  getWorkshop(id: string): Promise<WorkshopRecord | null> {
    return this.inner.getWorkshop(id);
  }
  workshopIdByJoinCode(code: string): Promise<string | null> {
    return this.inner.workshopIdByJoinCode(code);
  }
  updateWorkshop(id: string, patch: Partial<Pick<WorkshopRecord, 'assignment' | 'notice' | 'rotation'>>): Promise<void> {
    return this.write(() => this.inner.updateWorkshop(id, patch));
  }
  workshopMembers(id: string): Promise<WorkshopMemberRecord[]> {
    return this.inner.workshopMembers(id);
  }
  workshopMember(id: string, participant: string): Promise<WorkshopMemberRecord | null> {
    return this.inner.workshopMember(id, participant);
  }
  putWorkshopMember(id: string, member: WorkshopMemberRecord): Promise<void> {
    return this.write(() => this.inner.putWorkshopMember(id, member));
  }
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.inner.exclusive ? this.inner.exclusive(key, fn) : fn();
  }
  ready(): Promise<void> {
    return this.inner.ready?.() ?? Promise.resolve();
  }
  /** Rejects when the database does not answer within `ms`. */
  async ping(ms = 1000): Promise<void> {
    if (!this.inner.ping) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.inner.ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms)))]);
    } finally {
      clearTimeout(timer);
    }
  }
  onRestarted(listener: () => void): () => void {
    return this.inner.onRestarted?.(listener) ?? (() => undefined);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
