import type { OutboundFrame } from './Connection.ts';

/** An update on its way out: applied to the document, not yet on disk, so not yet sent to anyone. */
export interface PendingUpdate extends OutboundFrame {
  update: Uint8Array;
}

/** What the pipeline needs from its room. */
export interface WritePipelineDeps {
  /** Writes a batch durably (one transaction); resolves once it is on disk. */
  write(updates: Uint8Array[]): Promise<void>;
  /** A batch is on disk: send it on (to clients, to other processes), in order. */
  written(batch: PendingUpdate[]): Promise<void>;
  /** After a failed write, when it is time to try again (the room flushes and writes what else is unsaved). */
  retry(): void;
  /** Log lines about the store failing and recovering. */
  warn(fields: Record<string, unknown>, message: string): void;
  error(err: unknown, message: string): void;
}

/** First and longest wait before writing again after the store refused a write. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * A room's write-then-fan-out path: every store operation runs through one queue (one in flight per
 * room), and an update is handed on only after the store has written it, so any update another client
 * received is on disk. Updates pushed in one turn of the event loop are written in one batch and handed
 * on together. A write the store refuses puts its batch back at the head of the line, sends it to
 * nobody, and is retried with backoff; answers to joiners wait meanwhile (so nobody sees an update the
 * store lacks).
 */
export class WritePipeline {
  private queue: Promise<void> = Promise.resolve();
  private pending: PendingUpdate[] = [];
  private flushImmediate: NodeJS.Immediate | null = null;
  /** A flush is in the queue and has not started: the pending updates will go with it. */
  private flushQueued = false;
  private heldAnswers: (() => void)[] = [];
  /** Failed writes since the last good one. */
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: WritePipelineDeps) {}

  /** Whether the store is refusing writes now. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Updates waiting for the store. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Adds an update; the batch goes to the store after the rest of this turn's input. */
  push(update: PendingUpdate): void {
    this.pending.push(update);
    this.flushImmediate ??= setImmediate(() => this.flushNow());
  }

  /**
   * Queues the pending updates for writing now (before a joiner's answer, a command or a snapshot).
   * One flush waits in the queue at a time and takes every update pending when its turn comes: on a
   * store that answers later (PostgreSQL) one flush per turn of input piled up behind each other under
   * steady typing, and a joiner's answer, queued behind them all, came later and later.
   */
  flushNow(): void {
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    this.flushImmediate = null;
    if (this.pending.length === 0 || this.flushQueued) return;
    this.flushQueued = true;
    void this.enqueue(async () => {
      this.flushQueued = false;
      const batch = this.pending.splice(0);
      if (batch.length > 0) await this.flush(batch);
    });
  }

  private async flush(batch: PendingUpdate[]): Promise<void> {
    try {
      await this.deps.write(batch.map((p) => p.update));
    } catch (err) {
      // Not on disk, so nobody may see it yet: first in line again, written after a pause.
      this.pending.unshift(...batch);
      this.failed();
      throw err;
    }
    if (this.failures > 0) this.deps.warn({ failures: this.failures }, 'store writes again');
    this.failures = 0;
    await this.deps.written(batch);
    for (const send of this.heldAnswers.splice(0)) send();
  }

  /**
   * Runs `send` after the writes queued so far, so a joiner never sees an update the store does not
   * have yet; while the store refuses writes, it waits until they succeed.
   */
  afterWrites(send: () => void): void {
    this.flushNow();
    void this.enqueue(async () => {
      if (this.failures > 0 && this.pending.length > 0) this.heldAnswers.push(send);
      else send();
    });
  }

  /** A write failed (an update batch or anything else the room writes): try again after a backoff. */
  failed(): void {
    this.failures++;
    if (this.retryTimer || this.stopped) return;
    const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flushNow();
      this.deps.retry();
    }, wait);
    this.retryTimer.unref();
  }

  /** Another write succeeded: with no update waiting, the store is healthy again. */
  succeeded(): void {
    if (this.pending.length === 0) this.failures = 0;
  }

  /** Runs `op` after every store operation queued before it; a failure is logged, never thrown on. */
  enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op).catch((err: unknown) => this.deps.error(err, 'store operation failed'));
    this.queue = next;
    return next;
  }

  /** Runs `op` in the queue and hands back its result (or its error). */
  queued<T>(op: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.enqueue(async () => {
        try {
          resolve(await op());
        } catch (err) {
          reject(err as Error);
        }
      });
    });
  }

  /** Stops its timers; returns how many updates the store never took. */
  stop(): number {
    this.stopped = true;
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    return this.pending.length;
  }
}
