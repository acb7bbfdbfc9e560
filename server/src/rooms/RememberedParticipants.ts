import type { KnownParticipant, RoomSession } from '@sessionboard/shared';
import { MAX_REMEMBERED_PARTICIPANTS, own } from '@sessionboard/shared';
import type { BoardStore } from '../store/BoardStore.ts';

/** What the people a board remembers need from their room. */
export interface RememberedParticipantsDeps {
  board: string;
  store: Pick<BoardStore, 'loadParticipant' | 'loadParticipants' | 'rememberParticipant'>;
  /** Holds who this process knows (loaded with the room, plus everyone taken in or learnt since). */
  session: RoomSession;
  /** Other processes share the store (scale-out): someone unknown here may be known there. */
  shared: boolean;
  warn(err: unknown, message: string): void;
}

/** How a {@link RememberedParticipants.write} went: rows written, nothing to write, or the store refused. */
export type RememberWrite = 'written' | 'idle' | 'failed';

/**
 * The people a board remembers (a locked board lets them back in), one row each in the store, apart
 * from the session row: remembering someone is one small upsert, never a rewrite of the session or a
 * message to the other processes. Someone is taken in at once and written in the room's queue; a
 * write the store refuses keeps them unsaved until the room retries.
 */
export class RememberedParticipants {
  private readonly unsaved = new Set<string>();

  constructor(private readonly deps: RememberedParticipantsDeps) {}

  /** Whether some are taken in but not written. */
  get pending(): boolean {
    return this.unsaved.size > 0;
  }

  /** Takes someone in (or their new name or role); true when a {@link write} is due. */
  take(participant: string, who: KnownParticipant): boolean {
    if (!this.deps.session.remember(participant, who)) return false;
    this.unsaved.add(participant);
    return true;
  }

  /** Writes everyone taken in and not yet written; in the room's queue. */
  async write(): Promise<RememberWrite> {
    if (this.unsaved.size === 0) return 'idle'; // an earlier call in the queue wrote them
    const { board, store, session } = this.deps;
    for (const participant of [...this.unsaved]) {
      const who = own(session.participants(), participant);
      this.unsaved.delete(participant);
      if (!who) continue;
      let kept: boolean;
      try {
        kept = await store.rememberParticipant(board, participant, who, MAX_REMEMBERED_PARTICIPANTS);
      } catch (err) {
        this.unsaved.add(participant);
        this.deps.warn(err, 'participant not remembered yet (store refused); retrying');
        return 'failed';
      }
      // Other processes filled the board meanwhile: past the cap, as on one process, not remembered.
      if (!kept) session.forget(participant);
    }
    return 'written';
  }

  /**
   * Whether the board remembers `participant`. On a miss, with other processes, the store is asked:
   * someone remembered on another process is known there at once, whatever the bus lost (pub/sub
   * delivers at most once, and Redis may be away) and without a message per join on it; a miss costs
   * one indexed read, and only a locked board meeting someone this process does not know asks.
   */
  async knows(participant: string): Promise<boolean> {
    const { board, store, session, shared } = this.deps;
    if (session.knows(participant)) return true;
    if (!shared) return false; // alone, this process loaded everyone the store has and took in everyone since
    const who = await store.loadParticipant(board, participant);
    if (who) session.learn(participant, who);
    return who !== null;
  }

  /** Everyone remembered, in the order first remembered (exports list them); run it after the queued writes. */
  async list(): Promise<KnownParticipant[]> {
    const { board, store, session } = this.deps;
    const stored = await store.loadParticipants(board);
    const seen = new Set(stored.map((p) => p.participant));
    // Taken in but not written yet (the store is refusing writes): still someone who took part.
    const unsaved = [...this.unsaved].filter((p) => !seen.has(p)).flatMap((p) => own(session.participants(), p) ?? []);
    return [...stored.map(({ name, role }) => ({ name, role })), ...unsaved];
  }
}
