import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** Longest wait for the worker's last checkpoint when stopping. */
const STOP_TIMEOUT_MS = 5000;

// Plain CommonJS evaluated in the worker, so it loads the same way under tsx, vitest and plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  // With the timer cleared and the port closed, the worker has nothing left and exits.
  parentPort.close();
});
`;

/** What the owner hears from the checkpointer. */
export interface CheckpointerEvents {
  /** A checkpoint failed; the worker goes on and tries again next round. */
  onError(message: string): void;
  /** The worker is gone (it failed to start or died) and checkpoints nothing from now on. */
  onGone(message: string): void;
}

/**
 * Runs SQLite's WAL checkpoints on a worker thread with its own connection. A checkpoint fsyncs the
 * WAL and the database file; on the event loop that stalled every room for 3–6 ms every few hundred
 * commits (measured here), so the main connection turns automatic checkpoints off and this does them.
 * PASSIVE never blocks the writer: it copies what it can and leaves the rest for the next round.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private exited = false;
  private stopping: Promise<void> | null = null;

  constructor(file: string, events: CheckpointerEvents, intervalMs = CHECKPOINT_INTERVAL_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
    let gone: string | null = null;
    this.worker.on('message', (message: { error?: string }) => {
      if (message.error) events.onError(message.error);
    });
    this.worker.on('error', (err) => (gone = err.message));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.stopping) events.onGone(gone ?? `the checkpoint worker exited with code ${code}`);
    });
    // Alone it must never keep the process alive (stop() holds it while the last checkpoint runs).
    this.worker.unref();
  }

  /** Runs a last checkpoint and closes the worker's connection; resolves at once if the worker is gone. */
  stop(): Promise<void> {
    this.stopping ??= this.exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.ref();
          const timer = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
          this.worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          this.worker.postMessage('stop');
        });
    return this.stopping;
  }
}
