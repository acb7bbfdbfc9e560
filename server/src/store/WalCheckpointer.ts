import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 1000;

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
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
`;

/**
 * Runs SQLite's WAL checkpoints on a worker thread with its own connection. A checkpoint fsyncs the
 * WAL and the database file; on the event loop that stalled every room for 3–6 ms every few hundred
 * commits (measured here), so the main connection turns automatic checkpoints off and this does them.
 * PASSIVE never blocks the writer: it copies what it can and leaves the rest for the next round.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | null = null;

  constructor(file: string, onError: (message: string) => void, intervalMs = CHECKPOINT_INTERVAL_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
    this.worker.on('message', (message: { error?: string }) => {
      if (message.error) onError(message.error);
    });
    this.worker.on('error', (err) => onError(err.message));
    // A checkpointer alone must never keep the process alive.
    this.worker.unref();
  }

  /** Runs a last checkpoint and closes the worker's connection. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      this.worker.once('exit', done);
      this.worker.on('message', (message: { stopped?: boolean }) => {
        if (message.stopped) void this.worker.terminate().then(done, done);
      });
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}
