import type { Command, CommandAck, Role, RoomSession } from '@sessionboard/shared';
import { ERROR_CODES, RuleError, cardKindOf } from '@sessionboard/shared';
import * as Y from 'yjs';
import type { BoardMessage } from '../scale/busMessages.ts';
import type { Connection } from './Connection.ts';
import type { RoomDeps } from './Room.ts';
import { FROM_PEERS } from './RoomPeers.ts';
import type { RoomPresence } from './RoomPresence.ts';
import { parseStoredSession } from './storedSession.ts';
import type { WritePipeline } from './WritePipeline.ts';

/** Longest wait before a server-made session change (the timer's end, pruned votes) is tried again after the store refused it. */
const SHARED_RETRY_MS = 1000;

/** What a room's scale-out side needs from its room. */
export interface RoomScaleOutDeps extends Pick<RoomDeps, 'store' | 'logger' | 'metrics' | 'peers'> {
  board: string;
  doc: Y.Doc;
  session: RoomSession;
  conns: ReadonlySet<Connection>;
  /** The room's store queue: every change here runs in it. */
  pipeline: WritePipeline;
  presence: RoomPresence;
  /** The room was destroyed: nothing more is changed or scheduled. */
  closed(): boolean;
  /** The session changed: sets the timer, tells everyone, and tells these voters their dots. */
  announceSession(votersChanged: string[]): void;
  scheduleTimer(): void;
}

/**
 * What a room does when other processes hold the same board: changes its session under the store's
 * lock, takes what the others say (their updates, presence, sessions, who is connected to them), and
 * reads the store again when something the others wrote may not have arrived.
 */
export class RoomScaleOut {
  private catchUpTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RoomScaleOutDeps) {}

  /**
   * Scale-out: changes the session as stored, under the store's lock, so that two processes never
   * both spend the last vote or both end a timer. The stored session replaces this copy first (it may
   * be newer than what the bus has brought); `change` returns whether it changed anything, and only
   * then is the session written and sent to the other processes. Inside the queue. A refusal
   * (RuleError) or a store failure leaves this copy as it was and is thrown.
   */
  async sharedChange(change: (session: RoomSession) => boolean, voters: () => string[] = () => []): Promise<boolean> {
    const { board, session } = this.deps;
    const before = session.toJSON();
    let refusal: unknown = null;
    let wrote: boolean;
    try {
      wrote = await this.deps.store.updateSession(board, (json) => {
        if (json !== null) session.restore(parseStoredSession(board, json, before.state.settings));
        try {
          return change(session) ? JSON.stringify(session.toJSON()) : null;
        } catch (err) {
          // Not the store's failure: nothing is written, and the store is not marked as failing.
          refusal = err;
          return null;
        }
      });
    } catch (err) {
      session.restore(before);
      throw err;
    }
    if (refusal !== null) {
      session.restore(before);
      throw refusal;
    }
    if (wrote) this.deps.peers?.publish(board, { kind: 'session', json: JSON.stringify(session.toJSON()), voters: voters() });
    else if (session.state.version !== before.state.version) this.deps.announceSession([]); // the store was ahead of us
    return wrote;
  }

  /**
   * A change the server makes itself (a timer's end, votes on removed cards), scale-out: `change`
   * returns the voters whose dots changed, or null for no change. Retried a second later when the
   * store refuses it.
   */
  changeShared(change: (session: RoomSession) => string[] | null, retry: () => void): Promise<void> {
    return this.deps.pipeline.enqueue(async () => {
      if (this.deps.closed()) return;
      let voters: string[] = [];
      try {
        const wrote = await this.sharedChange(
          (s) => {
            const result = change(s);
            voters = result ?? [];
            return result !== null;
          },
          () => voters,
        );
        if (wrote) this.deps.announceSession(voters);
        else this.deps.scheduleTimer();
      } catch (err) {
        this.deps.logger.error({ err, board: this.deps.board }, 'session change not saved; retrying');
        setTimeout(() => {
          if (!this.deps.closed()) retry();
        }, SHARED_RETRY_MS).unref();
      }
    });
  }

  async runShared(command: Command, role: Role, participant: string): Promise<CommandAck> {
    let votesChanged = false;
    try {
      const wrote = await this.deps.pipeline.queued(() =>
        this.sharedChange(
          (s) => {
            const version = s.state.version;
            votesChanged = s.apply(command, role, participant, Date.now(), (id) => cardKindOf(this.deps.doc, id));
            if (votesChanged) s.touch(Date.now());
            return votesChanged || s.state.version !== version;
          },
          () => (votesChanged ? [participant] : []),
        ),
      );
      if (wrote) this.deps.announceSession(votesChanged ? [participant] : []);
      return { ok: true, state: this.deps.session.visible() };
    } catch (err) {
      if (err instanceof RuleError) return { ok: false, error: err.toProtocol() };
      this.deps.logger.error({ err, board: this.deps.board }, 'session not saved; command refused');
      return { ok: false, error: { code: ERROR_CODES.internal, message: 'The server could not save that just now; nothing changed. Try again.' } };
    }
  }

  /** A message from another process holding this board. */
  fromPeers(msg: BoardMessage, sender: string): void {
    if (this.deps.closed()) return;
    const { doc, presence } = this.deps;
    switch (msg.kind) {
      case 'updates':
        for (const update of msg.updates) Y.applyUpdate(doc, update, FROM_PEERS);
        // A message lost on the way (pub/sub delivers at most once) leaves later ones waiting: read the store.
        if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) this.scheduleCatchUp();
        break;
      case 'awareness':
        presence.fromPeers(msg.update);
        break;
      case 'awareness-query':
        presence.answerPeers();
        break;
      case 'session':
        this.takeSession(msg.json, msg.voters);
        break;
      case 'people':
        presence.heard(sender, msg.participants);
        break;
      case 'stale':
        void this.catchUp();
        break;
    }
  }

  /** Takes a session another process wrote, unless this copy is already newer. */
  private takeSession(json: string, voters: string[]): void {
    const { board, session } = this.deps;
    const stored = parseStoredSession(board, json, session.state.settings);
    if (stored.state.version < session.state.version) return;
    session.restore(stored);
    this.deps.announceSession(voters);
  }

  /** Scale-out: takes the stored session if it is newer than this copy (before a `hello`); nothing to do on one process. */
  async refreshSession(): Promise<void> {
    if (!this.deps.peers) return;
    const { board, session } = this.deps;
    const json = await this.deps.store.loadSession(board);
    if (json === null) return;
    const stored = parseStoredSession(board, json, session.state.settings);
    if (stored.state.version > session.state.version) this.takeSession(json, []);
  }

  scheduleCatchUp(): void {
    if (this.catchUpTimer || this.deps.closed()) return;
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = null;
      void this.catchUp();
    }, 250);
    this.catchUpTimer.unref();
  }

  /**
   * Reads the board and its session again from the store and applies what this copy lacks (after the
   * bus was away, or when a message was lost): what the other processes wrote meanwhile reaches this
   * process's clients.
   */
  catchUp(): Promise<void> {
    return this.deps.pipeline.enqueue(async () => {
      if (this.deps.closed()) return;
      const { board, doc, store } = this.deps;
      const stored = await store.loadDoc(board);
      doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, FROM_PEERS);
        for (const update of stored.updates) Y.applyUpdate(doc, update, FROM_PEERS);
      }, FROM_PEERS);
      const json = await store.loadSession(board);
      if (json !== null) this.takeSession(json, [...new Set([...this.deps.conns].map((c) => c.participantId))]);
      this.deps.metrics.resyncs.inc();
    });
  }

  /** Stops the catch-up timer (the room is destroyed). */
  stop(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
  }
}
