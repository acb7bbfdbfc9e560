import type { BuiltSnapshot } from './SnapshotEncoder.ts';
import { SnapshotEncoder } from './SnapshotEncoder.ts';

/**
 * Runs rooms' compactions one at a time, each in its own turn of the event loop. A compaction encodes
 * the whole board on the event loop; when a class ends, every board it used unloads at the same
 * moment (their idle timers fire in one turn), and their compactions ran back to back in that turn:
 * 93 ms without an idle sample for 60 small boards in the soak's profile, during which no other board
 * was served. Queued here, I/O and every other room's writes run between two compactions.
 */
export class Compactor {
  /** Waiting compactions by room, in the order asked (a room asked twice waits once). */
  private readonly waiting = new Map<object, { run: () => Promise<void>; done: (() => void)[] }>();
  private running = false;
  private readonly encoder = new SnapshotEncoder();

  /** Queues `run` (the room's compaction); resolves once it has run (failures are the room's to log). */
  schedule(room: object, run: () => Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const job = this.waiting.get(room);
      if (job) job.done.push(resolve);
      else this.waiting.set(room, { run, done: [resolve] });
      void this.drain();
    });
  }

  /** Builds a board's snapshot from its stored snapshot and log on the worker thread. */
  build(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Promise<BuiltSnapshot> {
    return this.encoder.build(snapshot, updates);
  }

  /** Stops the worker (after the last compaction: later builds run on the event loop). */
  close(): Promise<void> {
    return this.encoder.close();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.waiting.entries().next(); !next.done; next = this.waiting.entries().next()) {
        const [room, job] = next.value;
        this.waiting.delete(room);
        await job.run().catch(() => undefined);
        for (const resolve of job.done) resolve();
        await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }
}

/**
 * Whether a room's raw updates are due to be compacted. At least `every` of them; and, because a
 * snapshot costs an encoding of the whole board (50–280 ms for an 11 MB board, measured here, against
 * about 1 ms for a class's 20 KB board; a large board's is built on the worker, but still costs a core
 * and a copy of its bytes), a large board waits until its log
 * holds a quarter of its size, or eight times `every` updates, whichever comes first. Typing on a
 * large board then costs one encoding per 4,000 keystrokes instead of one per 500.
 */
export function compactionDue(updates: number, logBytes: number, boardBytes: number, every: number): boolean {
  if (updates < every) return false;
  return logBytes * 4 >= boardBytes || updates >= every * 8;
}
