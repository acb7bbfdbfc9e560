import { syncStep2Frame, updateFrame } from '@sessionboard/shared/sync';
import * as Y from 'yjs';

/** Updates kept after the cached encoding before they are merged into one (a joiner gets at most this many frames after it). */
const TAIL_FRAMES = 64;
/** Bytes of updates kept after the cached encoding, at least; past this and an eighth of the board, the board is encoded afresh. */
const TAIL_MIN_BYTES = 64 * 1024;
/** A state vector missing more structs than this (and than a sixteenth of the board) is answered with the whole board, from the cache. */
const DIFF_MIN_STRUCTS = 512;

/**
 * The document as a Yjs update, leaving out updates parked for missing predecessors: Yjs would merge
 * them into every answer (`mergeUpdates` over the whole board, dearer than the encoding itself), and
 * any client can park up to MAX_PENDING_BYTES of them. They reach everyone once they apply, as updates.
 */
export function encodeIntegrated(doc: Y.Doc, sv?: Uint8Array): Uint8Array {
  const store = doc.store;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, sv);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

/** How many of the document's structs a client with state vector `sv` lacks, and how many there are; no encoding. */
export function missingStructs(doc: Y.Doc, sv: Map<number, number>): { missing: number; total: number } {
  let missing = 0;
  let total = 0;
  for (const [client, structs] of doc.store.clients) {
    total += structs.length;
    const have = sv.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || have >= last.id.clock + last.length) continue;
    missing += have <= 0 ? structs.length : structs.length - Y.findIndexSS(structs, have);
  }
  return { missing, total };
}

/**
 * What a room answers a sync step 1 with, without encoding the whole board per asker. The whole board
 * is encoded once and kept, with the updates applied since (a Yjs client applies a list of updates in
 * order, so the encoding followed by them is the board now); it is encoded afresh only after an eighth
 * of its size in new updates. Before this, every honest write dropped the cached encoding and every
 * joiner, hostile or not, paid for a new one: 200–400 ms on the event loop for a 5–10 MB board, and a
 * few joins a second starved every command of every board in the process (the fuzzer's profile).
 */
export class StateAnswers {
  private full: Uint8Array | null = null;
  private fullFrame: Uint8Array | null = null;
  /** `full` as an update frame, for when the tail follows it. */
  private fullUpdateFrame: Uint8Array | null = null;
  /** The tail's last update as a sync step 2 frame: the answer's last frame. */
  private lastTailStep2: Uint8Array | null = null;
  /** Update frames since `full`, in order; merged into one when there are many. */
  private tail: Uint8Array[] = [];
  private tailUpdates: Uint8Array[] = [];
  private tailBytes = 0;

  constructor(private readonly doc: Y.Doc) {}

  /** The board's encoded size as of the cache plus the updates since (an upper bound), encoding only when nothing is cached. */
  approxBytes(): number {
    return this.encoded().length + this.tailBytes;
  }

  /** The board's encoded size now (encodes afresh unless the cache is current). */
  measure(): number {
    if (this.tail.length > 0) this.reset(null);
    return this.encoded().length;
  }

  /** An update was applied to the document (in `update` order). */
  noteUpdate(update: Uint8Array, frame: Uint8Array): void {
    if (!this.full) return;
    this.lastTailStep2 = null;
    this.tailBytes += update.length;
    if (this.tailBytes > Math.max(TAIL_MIN_BYTES, this.full.length / 8)) {
      this.reset(null);
      return;
    }
    this.tail.push(frame);
    this.tailUpdates.push(update);
    if (this.tail.length > TAIL_FRAMES) {
      // Merging costs about the tail's bytes, which honest writes bound; joiners never trigger it.
      const merged = Y.mergeUpdates(this.tailUpdates);
      this.tailUpdates = [merged];
      this.tail = [updateFrame(merged)];
    }
  }

  /** A fresh encoding of the whole board (a compaction's snapshot with nothing parked) becomes the cache. */
  replace(full: Uint8Array): void {
    this.reset(full);
  }

  /**
   * Frames that bring a client with nothing to the board's present: the cached whole board, then the
   * updates since. Only the last is a sync step 2 (the others are update frames, which a client applies
   * alike): y-websocket's provider reports itself synced at the first step 2, and a client that reads
   * the board then must find all of it, not the cached part without the updates since.
   */
  forJoiner(): Uint8Array[] {
    const full = this.encoded();
    const last = this.tailUpdates.length - 1;
    if (last < 0) {
      this.fullFrame ??= syncStep2Frame(full);
      return [this.fullFrame];
    }
    this.fullUpdateFrame ??= updateFrame(full);
    this.lastTailStep2 ??= syncStep2Frame(this.tailUpdates[last] as Uint8Array);
    return [this.fullUpdateFrame, ...this.tail.slice(0, last), this.lastTailStep2];
  }

  /**
   * Frames answering a state vector (already decoded as `sv` from `raw`): the difference when it is
   * small, else the whole board from the cache (a superset of the difference, which Yjs applies alike),
   * so no state vector, however far behind or made up, costs a whole-board encoding.
   */
  forStateVector(raw: Uint8Array, sv: Map<number, number>): Uint8Array[] {
    const { missing, total } = missingStructs(this.doc, sv);
    if (missing > Math.max(DIFF_MIN_STRUCTS, total / 16)) return this.forJoiner();
    return [syncStep2Frame(encodeIntegrated(this.doc, raw))];
  }

  private encoded(): Uint8Array {
    this.full ??= encodeIntegrated(this.doc);
    return this.full;
  }

  private reset(full: Uint8Array | null): void {
    this.full = full;
    this.fullFrame = null;
    this.fullUpdateFrame = null;
    this.lastTailStep2 = null;
    this.tail = [];
    this.tailUpdates = [];
    this.tailBytes = 0;
  }
}
