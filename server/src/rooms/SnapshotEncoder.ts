import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';

/** A board's snapshot as built from its stored snapshot and update log. */
export interface BuiltSnapshot {
  snapshot: Uint8Array;
  /** Some stored update's predecessors are missing (the snapshot then lacks it): do not compact. */
  missing: boolean;
}

interface Job {
  id: number;
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

type Reply = { id: number; snapshot: Uint8Array; missing: boolean } | { id: number; error: string };

// Plain CommonJS evaluated in the worker, so it loads the same way under tsx, vitest and the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
parentPort.on('message', ({ id, snapshot, updates }) => {
  try {
    const doc = new Y.Doc();
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const missing = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    const out = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    parentPort.postMessage({ id, snapshot: out, missing }, [out.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message ? err.message : err) });
  }
});
`;

/** A document holding a board as a store holds it: its snapshot, then its update log. */
export function storedDocument(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot);
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/**
 * The worker's build, on the calling thread (no worker, or it died). The worker runs its own copy,
 * WORKER_SOURCE above, as text: a function's own source is not safe to send, since tsx and vitest
 * compile it with esbuild's keepNames, which wraps inner functions in a helper the worker lacks.
 */
export function buildSnapshot(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): BuiltSnapshot {
  const doc = storedDocument(snapshot, updates);
  const missing = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  const out = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { snapshot: out, missing };
}

/**
 * Builds compaction snapshots on a worker thread. Encoding a large board took 50–280 ms of the event
 * loop for 11 MB (measured here), during which no board on the process was served; the worker builds
 * the snapshot from what the store holds (its snapshot and log), so the room's own document is not
 * touched and the loop only copies bytes. One worker, started on first use; if it fails, the build
 * runs on the calling thread and a new worker is started next time.
 */
export class SnapshotEncoder {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (built: BuiltSnapshot) => void; reject: (err: Error) => void }>();
  private closed = false;

  /** Builds the snapshot of `snapshot` followed by `updates`, off the event loop when it can. */
  build(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Promise<BuiltSnapshot> {
    const worker = this.closed ? null : this.started();
    if (!worker) return Promise.resolve(buildSnapshot(snapshot, updates));
    const job: Job = { id: this.nextId++, snapshot, updates: [...updates] };
    return new Promise<BuiltSnapshot>((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      // Copied, not transferred: the stores' buffers may be slices of a shared pool.
      worker.postMessage(job);
    }).catch(() => buildSnapshot(snapshot, updates));
  }

  private started(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const yjs = createRequire(import.meta.url).resolve('yjs');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjs } });
      worker.unref();
      worker.on('message', (reply: Reply) => {
        const waiter = this.waiting.get(reply.id);
        if (!waiter) return;
        this.waiting.delete(reply.id);
        if ('error' in reply) waiter.reject(new Error(reply.error));
        else waiter.resolve({ snapshot: reply.snapshot, missing: reply.missing });
      });
      const gone = (why: string) => {
        if (this.worker === worker) this.worker = null;
        for (const waiter of this.waiting.values()) waiter.reject(new Error(why));
        this.waiting.clear();
      };
      worker.on('error', (err) => gone(err.message));
      worker.on('exit', (code) => gone(`snapshot worker exited with ${code}`));
      this.worker = worker;
      return worker;
    } catch {
      return null;
    }
  }

  /** Stops the worker; later builds run on the calling thread. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
