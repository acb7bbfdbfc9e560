import { ERROR_CODES, MAX_BOARD_BYTES, MAX_FRAME_BYTES, can } from '@sessionboard/shared';
import type { RoomSession } from '@sessionboard/shared';
import { readStep1StateVector, syncStep1Frame, updateFrame } from '@sessionboard/shared/sync';
import * as Y from 'yjs';
import { compactionDue } from './Compactor.ts';
import type { Connection, OutboundFrame } from './Connection.ts';
import { ConnectionBudget } from './ConnectionBudget.ts';
import type { RoomDeps } from './Room.ts';
import type { RoomControl } from './RoomControl.ts';
import { FROM_PEERS } from './RoomPeers.ts';
import type { RoomScaleOut } from './RoomScaleOut.ts';
import { storedDocument } from './SnapshotEncoder.ts';
import { StateAnswers, encodeIntegrated } from './StateAnswers.ts';
import { UpdateRate } from './UpdateRate.ts';
import type { PendingUpdate, WritePipeline } from './WritePipeline.ts';

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
/** After a reconcile that failed (the restarted database failing again), the first wait before the next try; doubled each time, up to the last. */
const RECONCILE_RETRY_MS = 1000;
const RECONCILE_RETRY_MAX_MS = 30_000;
/** Sync step 1s one connection may send: a client sends one when it connects; a few more are forgiven. */
const STEP1_BURST = 4;
const STEP1S_PER_SECOND = 0.2;
/** Most bytes of parked updates (waiting for predecessors) a room keeps. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

/** What a room's document side needs from its room. */
export interface DocumentSyncDeps
  extends Pick<RoomDeps, 'store' | 'transports' | 'logger' | 'metrics' | 'compactEveryUpdates' | 'updateBytesPerMinute' | 'largeSyncReplies' | 'compactor' | 'peers'> {
  /** The room: its compactions wait in the compactor under it, where the manager queues its unload's too. */
  room: object;
  board: string;
  doc: Y.Doc;
  session: RoomSession;
  conns: ReadonlySet<Connection>;
  /** The room's store queue: updates are written before they are sent on. */
  pipeline: WritePipeline;
  /** Document changes move lastActivity; a dirty session row is written with the next batch, lastActivity after a snapshot. */
  control: Pick<RoomControl, 'touch' | 'writeIfDirty' | 'saveActivity'>;
  /** A snapshot skipped for missing rows reads the store again. */
  scaleOut: Pick<RoomScaleOut, 'scheduleCatchUp'>;
  /** The room was destroyed: nothing more is written. */
  closed(): boolean;
  broadcast(frames: readonly OutboundFrame[]): void;
  /** The board's content changed (the workshop console listens). */
  docChanged(): void;
}

/**
 * A room's document, between its clients and the store: answers sync step 1s (the whole board to
 * joiners of one turn at once), applies clients' updates within their rate and the board's size cap,
 * hands them to the pipeline, sends each written batch on, compacts the stored log into a snapshot, and
 * writes again what a restarted database lost.
 */
export class DocumentSync {
  /** Connections that asked for the whole board in this turn; answered together. */
  private joiners: Connection[] = [];
  private joinImmediate: NodeJS.Immediate | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconcileFailures = 0;
  private updatesSinceSnapshot: number;
  private bytesSinceSnapshot = 0;
  private approxBytes: number;
  private lastMeasuredAt = 0;
  /** The cached whole-board encoding and the updates since, which answer sync step 1s. */
  private readonly answers: StateAnswers;
  private readonly lastResync = new WeakMap<Connection, number>();
  private readonly step1Budget = new ConnectionBudget(STEP1_BURST, STEP1S_PER_SECOND);
  private readonly updateRate: UpdateRate;
  /** Other processes' updates applied in this turn, sent to this process's clients together. */
  private peerFrames: OutboundFrame[] = [];
  private peerImmediate: NodeJS.Immediate | null = null;

  constructor(
    private readonly deps: DocumentSyncDeps,
    private lastUpdateId: number,
    storedUpdates: number,
  ) {
    this.updatesSinceSnapshot = storedUpdates;
    this.updateRate = new UpdateRate(deps.updateBytesPerMinute, MAX_FRAME_BYTES, deps.largeSyncReplies);
    // The first joiner's full state, and a size estimate for the board cap, from one encoding.
    this.answers = new StateAnswers(deps.doc);
    this.approxBytes = this.answers.approxBytes();
  }

  /** Writes a batch of updates (the pipeline's write); resolves once it is on disk. */
  async write(updates: Uint8Array[]): Promise<void> {
    this.lastUpdateId = await this.deps.store.appendUpdates(this.deps.board, updates);
  }

  answerStep1(conn: Connection, frame: Uint8Array): void {
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
    this.deps.pipeline.afterWrites(() => {
      for (const f of reply) conn.send(f);
    });
  }

  private answerJoiners(): void {
    this.joinImmediate = null;
    const joiners = this.joiners.splice(0).filter((c) => this.deps.conns.has(c));
    if (joiners.length === 0) return;
    const frames = this.answers.forJoiner();
    this.deps.pipeline.afterWrites(() => {
      for (const t of this.deps.transports) {
        const mine = joiners.filter((c) => c.transport === t && this.deps.conns.has(c));
        if (mine.length > 0) for (const f of frames) t.sendFrameTo(mine, f);
      }
    });
  }

  applyClientUpdate(conn: Connection, update: Uint8Array, syncReply: boolean): void {
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
      const asked = this.updateRate.askLater(conn, refusal.retryAfterSeconds, () => {
        if (this.deps.conns.has(conn)) conn.send(syncStep1Frame(this.deps.doc));
      });
      // Told once per wait: the same work sent again meanwhile (a resync's answer) is refused without a word.
      if (asked) {
        const mib = Math.round((update.length / 1024 / 1024) * 10) / 10;
        conn.sendError(
          { code: ERROR_CODES.rateLimited, message: `Too much offline work arrived from this address at once; your ${mib} MiB will be asked for again in ${refusal.retryAfterSeconds} s. Keep this page open.` },
          true,
        );
      }
      return;
    }
    if (this.approxBytes + update.length > MAX_BOARD_BYTES && this.measuredBytes() + update.length > MAX_BOARD_BYTES) {
      conn.sendError({ code: ERROR_CODES.boardFull, message: 'This board has reached its size limit; delete some cards or start a new board.' }, true);
      return;
    }
    Y.applyUpdate(this.deps.doc, update, conn);
    const store = this.deps.doc.store;
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
    conn.send(syncStep1Frame(this.deps.doc));
  }

  readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const frame = updateFrame(update);
    this.answers.noteUpdate(update, frame);
    this.approxBytes += update.length;
    if (origin === FROM_PEERS) {
      // Written by the process that received it; never written again. Sent at the end of this turn
      // with the others that arrived in it: one socket write per client for all of them, where one
      // write per update (each bus message applied and sent alone) was 45 % of a process's CPU in C.
      this.deps.session.touch(Date.now());
      this.peerFrames.push({ frame, except: null });
      this.peerImmediate ??= setImmediate(() => this.sendPeerFrames());
      return;
    }
    this.deps.control.touch();
    // Written after the rest of this turn's input, so updates read in the same turn share one write.
    this.deps.pipeline.push({ update, frame, except: this.deps.conns.has(origin as Connection) ? (origin as Connection) : null });
  };

  /** Sends the other processes' updates applied since the last send (before anything that may build on them). */
  private sendPeerFrames(): void {
    if (this.peerImmediate) clearImmediate(this.peerImmediate);
    this.peerImmediate = null;
    if (this.peerFrames.length === 0) return;
    this.deps.broadcast(this.peerFrames.splice(0));
    this.deps.docChanged();
  }

  /** A batch is on disk: now, and only now, its updates go to clients and to the other processes. */
  async written(batch: PendingUpdate[]): Promise<void> {
    const started = performance.now();
    await this.deps.control.writeIfDirty();
    this.deps.metrics.persistSeconds.observe((performance.now() - started) / 1000);
    this.deps.metrics.updatesPersisted.inc(batch.length);
    // The other processes first: their clients' way is the longer one (Redis, then their fan-out).
    this.deps.peers?.publish(this.deps.board, { kind: 'updates', updates: batch.map((p) => p.update) });
    // What came from the others first, in the order this document applied it.
    this.sendPeerFrames();
    this.deps.broadcast(batch);
    this.deps.docChanged();
    this.updatesSinceSnapshot += batch.length;
    for (const p of batch) this.bytesSinceSnapshot += p.update.length;
    if (compactionDue(this.updatesSinceSnapshot, this.bytesSinceSnapshot, this.approxBytes, this.deps.compactEveryUpdates)) {
      // In the background: later, in its own turn, and still through the queue.
      void this.deps.compactor.schedule(this.deps.room, () => this.compact());
    }
  }

  /** Writes a snapshot that contains every update so far and drops the raw updates it covers. */
  compact(): Promise<void> {
    this.deps.pipeline.flushNow();
    return this.deps.pipeline.enqueue(async () => {
      if (this.deps.closed()) return;
      const started = performance.now();
      const activity = this.deps.session.lastActivity;
      const size = await this.writeSnapshot();
      if (size === null) {
        if (this.deps.peers) this.deps.scaleOut.scheduleCatchUp();
        return;
      }
      this.deps.metrics.compactSeconds.observe((performance.now() - started) / 1000);
      await this.deps.control.saveActivity(activity);
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
    const { doc } = this.deps;
    const shared = this.deps.peers !== undefined;
    const offLoop = this.approxBytes >= SNAPSHOT_OFF_LOOP_BYTES;
    if (!shared && !offLoop) {
      // Without parked updates: the pipeline never wrote them (Yjs emits only what applies), so the store
      // loses nothing, and merging up to MAX_PENDING_BYTES of a client's leftovers into the snapshot cost
      // more than the encoding (a 2 s stall in the fuzzer's profile). The snapshot then answers the next joiner too.
      const snapshot = encodeIntegrated(doc);
      this.answers.replace(snapshot);
      await this.deps.store.compact(this.deps.board, snapshot, this.lastUpdateId);
      return snapshot.length;
    }
    let size: number | null = null;
    await this.deps.store.compactStored(this.deps.board, async (stored) => {
      if (shared) {
        for (const update of stored.updates) Y.applyUpdate(doc, update, FROM_PEERS);
        if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return null;
      }
      let snapshot: Uint8Array;
      if (offLoop) {
        const built = await this.deps.compactor.build(stored.snapshot, stored.updates);
        if (built.missing) return null;
        snapshot = built.snapshot;
        this.deps.metrics.snapshotsOffLoop.inc();
      } else {
        snapshot = Y.encodeStateAsUpdate(doc);
      }
      size = snapshot.length;
      return snapshot;
    });
    return size;
  }

  /**
   * After the database restarted: it may have dropped the last updates it had not flushed (see
   * PostgresStore). Reads the board as stored, takes what others wrote, and writes again what this
   * copy holds and the store lacks. A database that fails again meanwhile is tried again (from a second,
   * doubling to 30 s): until then what it dropped is only in this process's memory.
   */
  reconcile(): Promise<void> {
    this.deps.pipeline.flushNow();
    return this.deps.pipeline.enqueue(async () => {
      if (this.deps.closed()) return;
      try {
        await this.writeLacking();
        this.reconcileFailures = 0;
      } catch (err) {
        const waitMs = Math.min(RECONCILE_RETRY_MAX_MS, RECONCILE_RETRY_MS * 2 ** this.reconcileFailures++);
        this.deps.logger.warn({ err, board: this.deps.board, waitMs }, 'could not compare the board with the restarted database; trying again');
        this.reconcileTimer ??= setTimeout(() => {
          this.reconcileTimer = null;
          void this.reconcile();
        }, waitMs);
        this.reconcileTimer.unref();
      }
    });
  }

  private async writeLacking(): Promise<void> {
    const { doc } = this.deps;
    const stored = await this.deps.store.loadDoc(this.deps.board);
    const asStored = storedDocument(stored.snapshot, stored.updates);
    try {
      const before = Y.encodeStateAsUpdate(asStored);
      const lacking = encodeIntegrated(doc, Y.encodeStateVector(asStored));
      Y.applyUpdate(doc, before, FROM_PEERS);
      Y.applyUpdate(asStored, lacking);
      // The state vector misses lost deletions: compare what the store would hold with and without.
      if (!sameBytes(before, Y.encodeStateAsUpdate(asStored))) {
        this.lastUpdateId = Math.max(this.lastUpdateId, await this.deps.store.appendUpdates(this.deps.board, [lacking]));
        this.deps.logger.warn({ board: this.deps.board, bytes: lacking.length }, 'the database restarted without updates this process held: written again');
      }
    } finally {
      asStored.destroy();
    }
  }

  /** `conn` left: a refused large reply is not asked for again. */
  forget(conn: Connection): void {
    this.updateRate.forget(conn);
  }

  /** Stops answering joiners and asking for refused replies again (the room is destroyed). */
  stop(): void {
    if (this.joinImmediate) clearImmediate(this.joinImmediate);
    if (this.peerImmediate) clearImmediate(this.peerImmediate);
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.updateRate.close();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
