import type { Command, CommandAck, KnownParticipant, Role } from '@sessionboard/shared';
import { ERROR_CODES, MAX_BOARD_BYTES, MAX_FRAME_BYTES, can, onCardsRemoved } from '@sessionboard/shared';
import {
  FRAME,
  SYNC,
  readFrameHead,
  readStep1StateVector,
  syncStep1Frame,
  updateFrame,
} from '@sessionboard/shared/sync';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { RateLimiter } from '../security/RateLimiter.ts';
import type { Metrics } from '../metrics.ts';
import type { BoardRecord, BoardStore } from '../store/BoardStore.ts';
import type { Connection, OutboundFrame, Transport } from './Connection.ts';
import type { RoomSession } from '@sessionboard/shared';
import type { BoardMessage } from '../scale/busMessages.ts';
import { ConnectionBudget } from './ConnectionBudget.ts';
import { compactionDue } from './Compactor.ts';
import type { Compactor } from './Compactor.ts';
import { UpdateRate } from './UpdateRate.ts';
import { RoomPresence } from './RoomPresence.ts';
import { RoomScaleOut } from './RoomScaleOut.ts';
import { RoomControl } from './RoomControl.ts';
import { FROM_PEERS } from './RoomPeers.ts';
import type { RoomPeers } from './RoomPeers.ts';
import { storedDocument } from './SnapshotEncoder.ts';
import { StateAnswers, encodeIntegrated } from './StateAnswers.ts';
import { WritePipeline } from './WritePipeline.ts';
import { RememberedParticipants } from './RememberedParticipants.ts';
import type { PendingUpdate } from './WritePipeline.ts';

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

/**
 * Boards at least this large (bytes, as last encoded) have their snapshots built off the event loop;
 * smaller ones encode in about a millisecond, less than the trip to the worker.
 */
export const SNAPSHOT_OFF_LOOP_BYTES = 256 * 1024;


/** An empty update (nothing to apply), as providers send in a sync step 2 when they have nothing new. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length <= 2 && update.every((b) => b === 0);
}

const RESYNC_INTERVAL_MS = 1000;
const MEASURE_INTERVAL_MS = 1000;
/** Sync step 1s one connection may send: a client sends one when it connects; a few more are forgiven. */
const STEP1_BURST = 4;
const STEP1S_PER_SECOND = 0.2;
/** Most bytes of parked updates (waiting for predecessors) a room keeps. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

/**
 * One live board: its document, presence, session state and connections. Knows nothing of the
 * transports but the Connection and Transport interfaces. Every store operation runs through one
 * queue, so there is one in flight per room, and updates are written before they are sent on: any
 * update another client has received is already on disk. Updates that arrive in one turn of the
 * event loop are written in one transaction and handed to the transports as one batch, so a busy
 * board pays for one commit and one write per recipient per turn, not per update.
 */
export class Room {
  readonly conns = new Set<Connection>();
  /** Connections being set up (handshake passed, not yet joined); a room with holds is not unloaded. */
  holds = 0;
  /** Every store operation of this room, in order; updates are written before they are sent on. */
  private readonly pipeline: WritePipeline;
  /** Connections that asked for the whole board in this turn; answered together. */
  private joiners: Connection[] = [];
  private joinImmediate: NodeJS.Immediate | null = null;
  private updatesSinceSnapshot: number;
  private bytesSinceSnapshot = 0;
  private approxBytes: number;
  private lastMeasuredAt = 0;
  /** The cached whole-board encoding and the updates since, which answer sync step 1s. */
  private readonly answers: StateAnswers;
  private readonly lastResync = new WeakMap<Connection, number>();
  private readonly step1Budget = new ConnectionBudget(STEP1_BURST, STEP1S_PER_SECOND);
  private readonly updateRate: UpdateRate;
  private readonly stopObserving: () => void;
  private destroyed = false;
  /** Told after the board's content, session or people changed (the workshop console listens). */
  private readonly watchers = new Set<(change: RoomChange) => void>();
  /** The people the board remembers, a row each in the store. */
  private readonly remembered: RememberedParticipants;
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
    private lastUpdateId: number,
    storedUpdates: number,
    private readonly deps: RoomDeps,
  ) {
    this.updatesSinceSnapshot = storedUpdates;
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
      write: async (updates) => {
        this.lastUpdateId = await deps.store.appendUpdates(this.id, updates);
      },
      written: (batch) => this.written(batch),
      retry: () => {
        if (this.control.dirty) void this.control.saveSession();
        if (this.remembered.pending) void this.pipeline.enqueue(() => this.writeParticipants());
      },
      warn: (fields, message) => deps.logger.warn({ ...fields, board: this.id }, message),
      error: (err, message) => deps.logger.error({ err, board: this.id }, message),
    });
    this.scaleOut = new RoomScaleOut({
      ...deps,
      board: record.id,
      doc,
      session,
      conns: this.conns,
      pipeline: this.pipeline,
      presence: this.presence,
      closed: () => this.destroyed,
      announceSession: (voters) => this.control.announceSession(voters),
      scheduleTimer: () => this.control.scheduleTimer(),
    });
    this.control = new RoomControl({
      ...deps,
      board: record.id,
      doc,
      session,
      conns: this.conns,
      pipeline: this.pipeline,
      scaleOut: this.scaleOut,
      closed: () => this.destroyed,
      sessionChanged: () => this.changed('session'),
    });
    this.updateRate = new UpdateRate(deps.updateBytesPerMinute, MAX_FRAME_BYTES, deps.largeSyncReplies);
    // The first joiner's full state, and a size estimate for the board cap, from one encoding.
    this.answers = new StateAnswers(doc);
    this.approxBytes = this.answers.approxBytes();
    awareness.setLocalState(null);
    doc.on('update', this.onUpdate);
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
    this.updateRate.forget(conn);
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
        if (head.syncType === SYNC.step1) this.answerStep1(conn, frame);
        else if (head.update) this.applyClientUpdate(conn, head.update, head.syncType === SYNC.step2);
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

  private answerStep1(conn: Connection, frame: Uint8Array): void {
    // A client asks once per connection; a flood of asks, each answered with up to the whole board, is refused.
    if (!this.step1Budget.take(conn)) {
      conn.sendError({ code: ERROR_CODES.rateLimited, message: 'The board was sent to this connection a moment ago; not again so soon.' });
      return;
    }
    const sv = readStep1StateVector(frame);
    if (sv.length <= 1) {
      // A joiner with nothing gets the cached whole-board frame (it can be megabytes), sent once to
      // everyone who asked in this turn, so a transport that encodes per send encodes it once.
      this.joiners.push(conn);
      this.joinImmediate ??= setImmediate(() => this.answerJoiners());
      return;
    }
    // Decoded and answered now, so a bad state vector is refused here rather than inside the queue.
    const reply = this.answers.forStateVector(sv, Y.decodeStateVector(sv));
    this.pipeline.afterWrites(() => {
      for (const f of reply) conn.send(f);
    });
  }

  private answerJoiners(): void {
    this.joinImmediate = null;
    const joiners = this.joiners.splice(0).filter((c) => this.conns.has(c));
    if (joiners.length === 0) return;
    const frames = this.answers.forJoiner();
    this.pipeline.afterWrites(() => {
      for (const t of this.deps.transports) {
        const mine = joiners.filter((c) => c.transport === t && this.conns.has(c));
        if (mine.length > 0) for (const f of frames) t.sendFrameTo(mine, f);
      }
    });
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array, syncReply: boolean): void {
    if (!can(conn.role, 'edit')) {
      if (!isEmptyUpdate(update)) {
        conn.sendError({ code: ERROR_CODES.forbidden, message: `The ${conn.role} link is read-only; the change was not applied.` }, true);
      }
      return;
    }
    // Before the cap's check, which may encode the whole board: a flood is refused at the cost of a comparison.
    const refusal = this.updateRate.check(conn, update.length, syncReply);
    if (refusal?.kind === 'rate') {
      const mib = Math.round((this.updateRate.bytesPerMinute / 1024 / 1024) * 10) / 10;
      conn.sendError({ code: ERROR_CODES.rateLimited, message: `At most ${mib} MiB of changes a minute per connection; that change was not applied. Wait a moment.` }, true);
      return;
    }
    if (refusal?.kind === 'largeReply') {
      const mib = Math.round((update.length / 1024 / 1024) * 10) / 10;
      conn.sendError(
        { code: ERROR_CODES.rateLimited, message: `Too much offline work arrived from this address at once; your ${mib} MiB will be asked for again in ${refusal.retryAfterSeconds} s. Keep this page open.` },
        true,
      );
      this.updateRate.askLater(conn, refusal.retryAfterSeconds, () => {
        if (this.conns.has(conn)) conn.send(syncStep1Frame(this.doc));
      });
      return;
    }
    if (this.approxBytes + update.length > MAX_BOARD_BYTES && this.measuredBytes() + update.length > MAX_BOARD_BYTES) {
      conn.sendError({ code: ERROR_CODES.boardFull, message: 'This board has reached its size limit; delete some cards or start a new board.' }, true);
      return;
    }
    Y.applyUpdate(this.doc, update, conn);
    const store = this.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // Parked structs wait for predecessors that may never come; cap what they may hold.
      const parked = (store.pendingStructs?.update.length ?? 0) + (store.pendingDs?.length ?? 0);
      if (parked > MAX_PENDING_BYTES) {
        store.pendingStructs = null;
        store.pendingDs = null;
        conn.sendError({ code: ERROR_CODES.invalid, message: 'Too many updates arrived without the ones they build on; resyncing.' });
      }
      this.resync(conn);
    }
  }

  /**
   * The document's real encoded size. The running estimate adds every update's bytes, so inserting and
   * deleting the same text grows it while the document stays small; before refusing a write for the
   * cap, measure (at most once a second: an encoding of a large board costs milliseconds).
   */
  private measuredBytes(): number {
    const now = Date.now();
    if (now - this.lastMeasuredAt >= MEASURE_INTERVAL_MS) {
      this.lastMeasuredAt = now;
      this.approxBytes = this.answers.measure();
    }
    return this.approxBytes;
  }

  /** Asks a client for what we lack when its update depended on something we never received. */
  private resync(conn: Connection): void {
    const now = Date.now();
    if (now - (this.lastResync.get(conn) ?? 0) < RESYNC_INTERVAL_MS) return;
    this.lastResync.set(conn, now);
    this.deps.metrics.resyncs.inc();
    conn.send(syncStep1Frame(this.doc));
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const frame = updateFrame(update);
    this.answers.noteUpdate(update, frame);
    this.approxBytes += update.length;
    if (origin === FROM_PEERS) {
      // Written by the process that received it; shown here at once, never written again.
      this.session.touch(Date.now());
      this.broadcast([{ frame, except: null }]);
      this.changed('doc');
      return;
    }
    this.control.touch();
    // Written after the rest of this turn's input, so updates read in the same turn share one write.
    this.pipeline.push({ update, frame, except: this.conns.has(origin as Connection) ? (origin as Connection) : null });
  };

  /** A batch is on disk: now, and only now, its updates go to clients and to the other processes. */
  private async written(batch: PendingUpdate[]): Promise<void> {
    const started = performance.now();
    if (this.control.dirty) await this.control.writeSession().catch(() => this.pipeline.failed());
    this.deps.metrics.persistSeconds.observe((performance.now() - started) / 1000);
    this.deps.metrics.updatesPersisted.inc(batch.length);
    // The other processes first: their clients' way is the longer one (Redis, then their fan-out).
    this.deps.peers?.publish(this.id, { kind: 'updates', updates: batch.map((p) => p.update) });
    this.broadcast(batch);
    this.changed('doc');
    this.updatesSinceSnapshot += batch.length;
    for (const p of batch) this.bytesSinceSnapshot += p.update.length;
    if (compactionDue(this.updatesSinceSnapshot, this.bytesSinceSnapshot, this.approxBytes, this.deps.compactEveryUpdates)) {
      // In the background: later, in its own turn, and still through the queue.
      void this.deps.compactor.schedule(this, () => this.compact());
    }
  }

  private broadcast(frames: readonly OutboundFrame[]): void {
    for (const t of this.deps.transports) t.broadcastFrames(this.id, frames);
  }

  /**
   * Runs a session command for `conn` and answers as the acknowledgement should. Commands run in the
   * store queue and are acknowledged only once the session is on disk; a write the store refuses
   * undoes the command and answers `internal`, so nothing acknowledged can be lost.
   */
  command(conn: Connection, command: Command): Promise<CommandAck> {
    return this.control.command(conn, command);
  }

  /**
   * Runs a command as `role` would (a workshop's `all.*` commands run here as the facilitator's);
   * the caller has applied any rate limit.
   */
  run(command: Command, role: Role, participant: string): Promise<CommandAck> {
    return this.control.run(command, role, participant);
  }

  /**
   * Applies a change the workshop makes to this board's session (its notice, a lowered hand): in the
   * queue, saved, then announced; resolves to whether anything changed. A refused write undoes it and rejects.
   */
  alterSession(change: (session: RoomSession) => boolean): Promise<boolean> {
    return this.control.alterSession(change);
  }

  /** Writes a snapshot that contains every update so far and drops the raw updates it covers. */
  compact(): Promise<void> {
    this.pipeline.flushNow();
    return this.pipeline.enqueue(async () => {
      if (this.destroyed) return;
      const started = performance.now();
      const activity = this.session.lastActivity;
      const size = await this.writeSnapshot();
      if (size === null) {
        if (this.deps.peers) this.scaleOut.scheduleCatchUp();
        return;
      }
      this.deps.metrics.compactSeconds.observe((performance.now() - started) / 1000);
      if (this.control.activityUnsaved) await this.control.saveActivity(activity);
      this.updatesSinceSnapshot = 0;
      this.bytesSinceSnapshot = 0;
      this.approxBytes = size;
    });
  }

  /**
   * Writes the snapshot; returns its size, or null when it was skipped (a stored row whose
   * predecessors are missing). With other processes, from the store's rows rather than this copy (the
   * others' updates may still be on their way here): those rows are applied to the document first
   * (shown to clients here if new). A large board's snapshot is built on the compactor's worker
   * thread from what the store holds, so its encoding does not stall every other board.
   */
  private async writeSnapshot(): Promise<number | null> {
    const shared = this.deps.peers !== undefined;
    const offLoop = this.approxBytes >= SNAPSHOT_OFF_LOOP_BYTES;
    if (!shared && !offLoop) {
      // Without parked updates: the pipeline never wrote them (Yjs emits only what applies), so the store
      // loses nothing, and merging up to MAX_PENDING_BYTES of a client's leftovers into the snapshot cost
      // more than the encoding (a 2 s stall in the fuzzer's profile). The snapshot then answers the next joiner too.
      const snapshot = encodeIntegrated(this.doc);
      this.answers.replace(snapshot);
      await this.deps.store.compact(this.id, snapshot, this.lastUpdateId);
      return snapshot.length;
    }
    let size: number | null = null;
    await this.deps.store.compactStored(this.id, async (stored) => {
      if (shared) {
        for (const update of stored.updates) Y.applyUpdate(this.doc, update, FROM_PEERS);
        if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) return null;
      }
      let snapshot: Uint8Array;
      if (offLoop) {
        const built = await this.deps.compactor.build(stored.snapshot, stored.updates);
        if (built.missing) return null;
        snapshot = built.snapshot;
        this.deps.metrics.snapshotsOffLoop.inc();
      } else {
        snapshot = Y.encodeStateAsUpdate(this.doc);
      }
      size = snapshot.length;
      return snapshot;
    });
    return size;
  }

  /** A message from another process holding this board. */
  fromPeers(msg: BoardMessage, sender: string): void {
    this.scaleOut.fromPeers(msg, sender);
  }

  /** Scale-out: takes the stored session if it is newer than this copy (before a `hello`); nothing to do on one process. */
  refreshSession(): Promise<void> {
    return this.scaleOut.refreshSession();
  }

  /**
   * Reads the board and its session again from the store and applies what this copy lacks (after the
   * bus was away, or when a message was lost): what the other processes wrote meanwhile reaches this
   * process's clients.
   */
  catchUp(): Promise<void> {
    return this.scaleOut.catchUp();
  }

  /**
   * After the database restarted: it may have dropped the last updates it had not flushed (see
   * PostgresStore). Reads the board as stored, takes what others wrote, and writes again what this
   * copy holds and the store lacks.
   */
  reconcile(): Promise<void> {
    this.pipeline.flushNow();
    return this.pipeline.enqueue(async () => {
      if (this.destroyed) return;
      const stored = await this.deps.store.loadDoc(this.id);
      const asStored = storedDocument(stored.snapshot, stored.updates);
      const before = Y.encodeStateAsUpdate(asStored);
      const lacking = encodeIntegrated(this.doc, Y.encodeStateVector(asStored));
      Y.applyUpdate(this.doc, before, FROM_PEERS);
      Y.applyUpdate(asStored, lacking);
      // The state vector misses lost deletions: compare what the store would hold with and without.
      if (!sameBytes(before, Y.encodeStateAsUpdate(asStored))) {
        this.lastUpdateId = Math.max(this.lastUpdateId, await this.deps.store.appendUpdates(this.id, [lacking]));
        this.deps.logger.warn({ board: this.id, bytes: lacking.length }, 'the database restarted without updates this process held: written again');
      }
      asStored.destroy();
    });
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
    if (this.joinImmediate) clearImmediate(this.joinImmediate);
    this.scaleOut.stop();
    this.updateRate.close();
    const unwritten = this.pipeline.stop();
    if (unwritten > 0) {
      // Only when the store kept refusing them: the clients that wrote them still hold them and send them on reconnect.
      this.deps.logger.error({ board: this.id, updates: unwritten }, 'room closed with updates the store refused');
    }
    this.stopObserving();
    this.watchers.clear();
    this.doc.off('update', this.onUpdate);
    this.awareness.off('update', this.presence.onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
