/**
 * Hostile y-websocket frames: random bytes, valid frames truncated or mutated (bit flips, length fields,
 * type bytes), oversized payloads, awareness for other clients, sync steps with garbage state vectors.
 * Used on both transports (as the `yjs` event on Socket.IO, as binary messages on /yjs).
 */
import { MAX_AWARENESS_BYTES, MAX_FRAME_BYTES } from '@sessionboard/shared';
import { addCard } from '@sessionboard/shared';
import { FRAME, SYNC, readFrameHead, syncStep2Frame, updateFrame } from '@sessionboard/shared/sync';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Rng } from './rng.ts';

/** One hostile frame, with the generator that made it (for the report and reproductions). */
export interface HostileFrame {
  kind: string;
  bytes: Uint8Array;
  /** Expected to end a /yjs connection (malformed or oversized): sent last in a session. */
  fatal: boolean;
}

/** Valid frames to start mutations from: real card updates, a sync step 1, awareness. */
function seedFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 6; i++) addCard(doc, { kind: i % 2 ? 'weakness' : 'strength', text: `seed card ${i} ${'é'.repeat(i)}`, author: 'Fuzz', authorId: 'fuzz' });
  doc.getMap('meta').set('title', 'overwritten by a fuzzer');
  const frames = updates.map(updateFrame);
  frames.push(syncStep2Frame(Y.encodeStateAsUpdate(doc)));
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, FRAME.sync);
  encoding.writeVarUint(step1, SYNC.step1);
  encoding.writeVarUint8Array(step1, Y.encodeStateVector(doc));
  frames.push(encoding.toUint8Array(step1));
  frames.push(awareness([[doc.clientID, 1, JSON.stringify({ user: { name: 'Fuzz', color: '#f00' } })]]));
  doc.destroy();
  return frames;
}

function frameOf(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

/** An awareness frame with hand-made entries: [clientId, clock, state JSON]. */
export function awareness(entries: [number, number, string][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [client, clock, state] of entries) {
    encoding.writeVarUint(inner, client);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, state);
  }
  return frameOf(FRAME.awareness, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(inner)));
}

/** A varUint of up to 2^53, as y-protocols writes lengths and ids. */
function bigVarUint(rng: Rng): number {
  return rng.pick([0, 1, 127, 128, 0x3fff, 0xffffffff, 2 ** 31, 2 ** 53 - 1, rng.int(2 ** 30)]);
}

function mutate(rng: Rng, frame: Uint8Array): Uint8Array {
  const out = Uint8Array.from(frame);
  const flips = 1 + rng.int(4);
  for (let i = 0; i < flips; i++) {
    const at = rng.int(out.length);
    out[at] = (out[at] as number) ^ (1 << rng.int(8));
  }
  return out;
}

/** Rewrites the length varUint after the header bytes (sync: 2 bytes, awareness: 1) with a wrong length. */
function relength(rng: Rng, frame: Uint8Array): Uint8Array {
  const header = frame[0] === FRAME.sync ? 2 : 1;
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, frame.subarray(0, header));
  encoding.writeVarUint(e, bigVarUint(rng));
  // Skip the original length varUint.
  let i = header;
  while (i < frame.length && ((frame[i] as number) & 0x80) !== 0) i++;
  encoding.writeUint8Array(e, frame.subarray(i + 1));
  return encoding.toUint8Array(e);
}

/**
 * Whether the server will probably find it malformed or oversized, which ends a /yjs connection: its
 * header does not read, or its update or presence does not apply to a scratch document.
 */
function looksFatal(bytes: Uint8Array): boolean {
  if (bytes.length > MAX_FRAME_BYTES) return true;
  try {
    const head = readFrameHead(bytes);
    if (head.update) {
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, head.update);
      } finally {
        doc.destroy();
      }
    }
    if (head.awareness) {
      if (bytes.length > MAX_AWARENESS_BYTES) return true;
      const doc = new Y.Doc();
      const aw = new awarenessProtocol.Awareness(doc);
      try {
        awarenessProtocol.applyAwarenessUpdate(aw, head.awareness, null);
      } finally {
        aw.destroy();
        doc.destroy();
      }
    }
    return false;
  } catch {
    return true;
  }
}

/** Makes hostile frames; `others` are client ids of honest peers (awareness for other clients). */
export class HostileFrames {
  private readonly seeds = seedFrames();

  constructor(
    private readonly rng: Rng,
    private readonly others: () => number[],
  ) {}

  next(): HostileFrame {
    const { rng } = this;
    const seed = rng.pick(this.seeds);
    // Oversized frames are rare: each costs a megabyte on the wire.
    const oversized = rng.chance(0.004);
    const r = oversized ? 92 : rng.int(100);
    let kind: string;
    let bytes: Uint8Array;
    if (r < 12) {
      kind = 'random-bytes';
      bytes = rng.bytes(rng.int(64));
    } else if (r < 17) {
      kind = 'random-typed';
      bytes = Uint8Array.from([rng.pick([0, 1, 2, 3, 4, 127, 255]), ...rng.bytes(rng.int(48))]);
    } else if (r < 32) {
      kind = 'bit-flip';
      bytes = mutate(rng, seed);
    } else if (r < 42) {
      kind = 'truncated';
      bytes = seed.subarray(0, rng.int(seed.length));
    } else if (r < 50) {
      kind = 'length-field';
      bytes = relength(rng, seed);
    } else if (r < 56) {
      kind = 'type-byte';
      bytes = Uint8Array.from(seed);
      bytes[rng.chance(0.5) ? 0 : 1] = rng.pick([2, 3, 4, 5, 9, 127, 128, 255]);
    } else if (r < 64) {
      kind = 'step1-garbage-sv';
      bytes = frameOf(FRAME.sync, (e) => {
        encoding.writeVarUint(e, SYNC.step1);
        const sv = encoding.createEncoder();
        const n = rng.int(6);
        encoding.writeVarUint(sv, rng.chance(0.2) ? bigVarUint(rng) : n);
        for (let i = 0; i < n; i++) {
          encoding.writeVarUint(sv, bigVarUint(rng));
          encoding.writeVarUint(sv, bigVarUint(rng));
        }
        if (rng.chance(0.3)) encoding.writeUint8Array(sv, rng.bytes(rng.int(16)));
        encoding.writeVarUint8Array(e, encoding.toUint8Array(sv));
      });
    } else if (r < 72) {
      kind = 'step2-or-update-garbage';
      bytes = frameOf(FRAME.sync, (e) => {
        encoding.writeVarUint(e, rng.chance(0.5) ? SYNC.step2 : SYNC.update);
        encoding.writeVarUint8Array(e, rng.chance(0.5) ? rng.bytes(rng.int(200)) : mutate(rng, seed.subarray(3)));
      });
    } else if (r < 84) {
      kind = 'awareness-of-others';
      const ids = this.others();
      const entries: [number, number, string][] = [];
      const n = 1 + rng.int(rng.chance(0.1) ? 40 : 3);
      for (let i = 0; i < n; i++) {
        const client = ids.length > 0 && rng.chance(0.7) ? rng.pick(ids) : bigVarUint(rng);
        const state = rng.pick(['null', '{"user":{"name":"impostor"}}', '{}', '[]', '"x"', '{"user":', '{"__proto__":{"x":1}}', JSON.stringify({ user: { name: 'x'.repeat(5000) } })]);
        entries.push([client, bigVarUint(rng), state]);
      }
      bytes = awareness(entries);
    } else if (r < 88) {
      kind = 'query-awareness';
      bytes = Uint8Array.from([FRAME.queryAwareness, ...rng.bytes(rng.int(3))]);
    } else if (r < 94 && !oversized) {
      kind = 'empty-or-tiny';
      bytes = rng.pick([new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0, 0), Uint8Array.of(1), Uint8Array.of(0, 1), Uint8Array.of(0, 2)]);
    } else if (oversized) {
      kind = 'oversized';
      // Just over the 1 MiB frame limit, or a sync step 2 of garbage under its 16 MiB limit.
      const size = rng.chance(0.5) ? MAX_FRAME_BYTES + 1 + rng.int(1024) : 512 * 1024 + rng.int(512 * 1024);
      const body = new Uint8Array(size);
      body.fill(rng.int(256));
      bytes = frameOf(FRAME.sync, (e) => {
        encoding.writeVarUint(e, rng.chance(0.5) ? SYNC.update : SYNC.step2);
        encoding.writeVarUint8Array(e, body);
      });
    } else {
      kind = 'trailing-garbage';
      bytes = Uint8Array.from([...seed, ...rng.bytes(1 + rng.int(32))]);
    }
    return { kind, bytes, fatal: looksFatal(bytes) };
  }
}
