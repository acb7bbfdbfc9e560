import type { Command, CommandAck, KnownParticipant, Role, RoomSession } from '@sessionboard/shared';
import { ERROR_CODES, onCardsRemoved } from '@sessionboard/shared';
import { FRAME, SYNC, readFrameHead, syncStep1Frame } from '@sessionboard/shared/sync';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { RateLimiter } from '../security/RateLimiter.ts';
import type { Metrics } from '../metrics.ts';
import type { BoardMessage } from '../scale/busMessages.ts';
import type { BoardRecord, BoardStore } from '../store/BoardStore.ts';
import type { Compactor } from './Compactor.ts';
import type { Connection, OutboundFrame, Transport } from './Connection.ts';
import { DocumentSync } from './DocumentSync.ts';
import { RememberedParticipants } from './RememberedParticipants.ts';
import { RoomControl } from './RoomControl.ts';
import type { RoomPeers } from './RoomPeers.ts';
import { RoomPresence } from './RoomPresence.ts';
import { RoomScaleOut } from './RoomScaleOut.ts';
import { WritePipeline } from './WritePipeline.ts';

/** What changed in a room, for those watching it. */
export type RoomChange = 'doc' | 'session' | 'people';

/** What a Room needs from the process around it. */
export interface RoomDeps {
  store: BoardStore;
  transports: readonly Transport[];
  logger: Logger;
  metrics: Metrics;
  compactEveryUpdates: number;
  /** Bytes of document updates one connection may send a minute (a burst of one largest frame). */
  updateBytesPerMinute: number;
  /** Bytes of first sync replies over one frame that one address may send, across every board (see UpdateRate). */
  largeSyncReplies: RateLimiter;
  /** Runs background compactions one per turn of the event loop, across rooms. */
  compactor: Compactor;
  /** The other server processes holding boards (scale-out); absent when this process is alone. */
  peers?: RoomPeers;
}

export type { RoomPeers } from './RoomPeers.ts';
export { FROM_PEERS } from './RoomPeers.ts';
export { SNAPSHOT_OFF_LOOP_BYTES } from './DocumentSync.ts';

/**
 * One live board: its document, presence, session state and connections. Knows nothing of the
 * transports but the Connection and Transport interfaces. Every store operation runs through one
 * queue, so there is one in flight per room, and updates are written before they are sent on: any
 * update another client has received is already on disk. Updates that arrive in one turn of the
 * event loop are written in one transaction and handed to the transports as one batch, so a busy
 * board pays for one commit and one write per recipient per turn, not per update.
 *
 * The Room wires the parts and is what the manager, the transports and the workshop use: the
 * WritePipeline, DocumentSync (the document between clients and the store), RoomPresence,
 * RoomControl (the session: commands, the timer), RoomScaleOut (the same board on other processes)
 * and RememberedParticipants.
 */
export class Room {
  readonly conns = new Set<Connection>();
  /** Connections being set up (handshake passed, not yet joined); a room with holds is not unloaded. */
  holds = 0;
  /** Every store operation of this room, in order; updates are written before they are sent on. */
  private readonly pipeline: WritePipeline;
  private readonly stopObserving: () => void;
  private destroyed = false;
  /** Told after the board's content, session or people changed (the workshop console listens). */
  private readonly watchers = new Set<(change: RoomChange) => void>();
  /** The people the board remembers, a row each in the store. */
  private readonly remembered: RememberedParticipants;
  /** The document between clients and the store: sync answers, client updates, fan-out, compaction. */
  private readonly sync: DocumentSync;
  /** Who is here and where their cursors are: awareness checks, fan-out, people counts. */
  private readonly presence: RoomPresence;
  /** With other processes holding the board: session changes under the store's lock, their messages, catch-up. */
  private readonly scaleOut: RoomScaleOut;
  /** The session: commands, the timer, the server's own changes, and their writes. */
  private readonly control: RoomControl;

  constructor(
    readonly record: BoardRecord,
    readonly doc: Y.Doc,
    readonly awareness: awarenessProtocol.Awareness,
    readonly session: RoomSession,
    lastUpdateId: number,
    storedUpdates: number,
    private readonly deps: RoomDeps,
  ) {
    this.presence = new RoomPresence({
      board: record.id,
      awareness,
      conns: this.conns,
      peers: deps.peers,
      broadcast: (frames) => this.broadcast(frames),
      peopleChanged: () => this.changed('people'),
    });
    this.remembered = new RememberedParticipants({
      board: record.id,
      store: deps.store,
      session,
      shared: deps.peers !== undefined,
      warn: (err, message) => deps.logger.warn({ err, board: record.id }, message),
    });
    this.pipeline = new WritePipeline({
      write: (updates) => this.sync.write(updates),
      written: (batch) => this.sync.written(batch),
      retry: () => {
        if (this.control.dirty) void this.control.saveSession();
        if (this.remembered.pending) void this.pipeline.enqueue(() => this.writeParticipants());
      },
      warn: (fields, message) => deps.logger.warn({ ...fields, board: this.id }, message),
      error: (err, message) => deps.logger.error({ err, board: this.id }, message),
    });
    // What every part gets: the process's services and this board's state.
    const board = { ...deps, board: record.id, doc, session, conns: this.conns, pipeline: this.pipeline, closed: () => this.destroyed };
    this.scaleOut = new RoomScaleOut({
      ...board,
      presence: this.presence,
      announceSession: (voters) => this.control.announceSession(voters),
      scheduleTimer: () => this.control.scheduleTimer(),
    });
    this.control = new RoomControl({
      ...board,
      scaleOut: this.scaleOut,
      sessionChanged: () => this.changed('session'),
    });
    this.sync = new DocumentSync(
      {
        ...board,
        room: this,
        control: this.control,
        scaleOut: this.scaleOut,
        broadcast: (frames) => this.broadcast(frames),
        docChanged: () => this.changed('doc'),
      },
      lastUpdateId,
      storedUpdates,
    );
    awareness.setLocalState(null);
    doc.on('update', this.sync.onUpdate);
    awareness.on('update', this.presence.onAwareness);
    this.stopObserving = onCardsRemoved(doc, () => this.control.pruneVotes());
    this.control.scheduleTimer();
  }

  get id(): string {
    return this.record.id;
  }

  /** Calls `fn` after every change until the returned function is called. */
  watch(fn: (change: RoomChange) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private changed(change: RoomChange): void {
    for (const fn of this.watchers) {
      try {
        fn(change);
      } catch (err) {
        this.deps.logger.error({ err, board: this.id }, 'room watcher failed');
      }
    }
  }

  /** People (not connections; projectors not counted) connected now. */
  online(): number {
    return this.presence.online();
  }

  /** The manager's people timer: what the others said has expired, so the count changed. */
  expirePeers(): void {
    this.presence.expirePeers();
  }

  /** Tells the other processes who is connected here (on joins and leaves, and every 20 s so a dead process's list expires). */
  announcePeople(): void {
    this.presence.announcePeople();
  }

  /** Epoch ms of the last document change or vote (the board's creation when there was none). */
  get lastActivity(): number {
    return this.session.lastActivity ?? this.record.createdAt;
  }

  /** Adds a connection and starts its sync: our state vector, then everyone's presence. */
  join(conn: Connection): void {
    this.holds = Math.max(0, this.holds - 1);
    this.conns.add(conn);
    conn.send(syncStep1Frame(this.doc));
    this.presence.greet(conn);
    if (conn.canReturn) this.rememberParticipant(conn);
    this.changed('people');
    this.announcePeople();
  }

  /** Remembers who joined (a locked board lets them back in): one small row in the store, after the writes before it. */
  private rememberParticipant(conn: Connection): void {
    if (this.remembered.take(conn.participantId, { name: conn.name, role: conn.role })) void this.pipeline.enqueue(() => this.writeParticipants());
  }

  /** Writes the people taken in and not yet stored; inside the queue. A refusal is retried with the other writes. */
  private async writeParticipants(): Promise<void> {
    const result = await this.remembered.write();
    if (result === 'failed') this.pipeline.failed();
    else if (result === 'written') this.pipeline.succeeded();
  }

  /** Whether this board remembers `participant` (a locked board lets them in); see RememberedParticipants.knows. */
  knows(participant: string): Promise<boolean> {
    return this.remembered.knows(participant);
  }

  /** Everyone the board remembers, in the order first remembered, read after the writes queued so far. */
  rememberedParticipants(): Promise<KnownParticipant[]> {
    return this.pipeline.queued(() => this.remembered.list());
  }

  /** Removes a connection and the presence it controlled. */
  leave(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.sync.forget(conn);
    this.presence.drop(conn);
    this.changed('people');
    this.announcePeople();
  }

  /** Handles one inbound y-websocket frame; never throws. */
  handleFrame(conn: Connection, frame: Uint8Array): void {
    this.deps.metrics.framesInBy[conn.transport.name].inc();
    let head;
    try {
      head = readFrameHead(frame);
    } catch (err) {
      conn.sendError({ code: ERROR_CODES.invalid, message: `Malformed Yjs frame: ${(err as Error).message}.` });
      return;
    }
    try {
      if (head.type === FRAME.sync) {
        if (head.syncType === SYNC.step1) this.sync.answerStep1(conn, frame);
        else if (head.update) this.sync.applyClientUpdate(conn, head.update, head.syncType === SYNC.step2);
      } else if (head.type === FRAME.awareness && head.awareness) {
        this.presence.apply(conn, frame.length, head.awareness);
      } else if (head.type === FRAME.queryAwareness) {
        this.presence.answerQuery(conn);
      }
    } catch (err) {
      this.deps.logger.warn({ err, board: this.id, conn: conn.id }, 'refused a frame');
      conn.sendError({ code: ERROR_CODES.invalid, message: `That frame could not be applied: ${(err as Error).message}.` });
    }
  }

  private broadcast(frames: readonly OutboundFrame[]): void {
    for (const t of this.deps.transports) t.broadcastFrames(this.id, frames);
  }

  /** Runs a session command for `conn`, acknowledged once the session is on disk; see RoomControl.command. */
  command(conn: Connection, command: Command): Promise<CommandAck> {
    return this.control.command(conn, command);
  }

  /** Runs a command as `role` would, without a rate limit (a workshop's `all.*` commands); see RoomControl.run. */
  run(command: Command, role: Role, participant: string): Promise<CommandAck> {
    return this.control.run(command, role, participant);
  }

  /** Applies a change the workshop makes to this board's session; resolves to whether anything changed. See RoomControl.alterSession. */
  alterSession(change: (session: RoomSession) => boolean): Promise<boolean> {
    return this.control.alterSession(change);
  }

  /** Writes a snapshot that contains every update so far and drops the raw updates it covers. */
  compact(): Promise<void> {
    return this.sync.compact();
  }

  /** A message from another process holding this board. */
  fromPeers(msg: BoardMessage, sender: string): void {
    this.scaleOut.fromPeers(msg, sender);
  }

  /** Scale-out: takes the stored session if it is newer than this copy (before a `hello`); nothing to do on one process. */
  refreshSession(): Promise<void> {
    return this.scaleOut.refreshSession();
  }

  /** Reads the board and its session again from the store and applies what this copy lacks; see RoomScaleOut.catchUp. */
  catchUp(): Promise<void> {
    return this.scaleOut.catchUp();
  }

  /** After the database restarted: writes again what this copy holds and the store lacks; see DocumentSync.reconcile. */
  reconcile(): Promise<void> {
    return this.sync.reconcile();
  }

  /** Resolves when every store operation queued so far has finished (and unsaved session state is written). */
  drain(): Promise<void> {
    this.pipeline.flushNow();
    return this.pipeline.enqueue(async () => {
      if (this.control.dirty) await this.control.writeSession();
      if (this.remembered.pending) await this.writeParticipants();
    });
  }

  /** Stops timers and frees the document; the caller has drained and compacted first. */
  destroy(): void {
    this.destroyed = true;
    this.control.stopTimer();
    this.sync.stop();
    this.scaleOut.stop();
    const unwritten = this.pipeline.stop();
    if (unwritten > 0) {
      // Only when the store kept refusing them: the clients that wrote them still hold them and send them on reconnect.
      this.deps.logger.error({ board: this.id, updates: unwritten }, 'room closed with updates the store refused');
    }
    this.stopObserving();
    this.watchers.clear();
    this.doc.off('update', this.sync.onUpdate);
    this.awareness.off('update', this.presence.onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
