/**
 * y-websocket framing, shared by the server's rooms and the client's provider: a first varUint says
 * what follows (0 sync, 1 awareness, 3 query awareness), then the y-protocols message.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** First varUint of a frame. */
export const FRAME = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Sync sub-message types (the second varUint of a sync frame). */
export const SYNC = {
  step1: syncProtocol.messageYjsSyncStep1,
  step2: syncProtocol.messageYjsSyncStep2,
  update: syncProtocol.messageYjsUpdate,
} as const;

/** A sync-step-1 frame: "here is my state vector, send me what I lack". */
export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A sync-step-2 frame carrying an already encoded (diff) update. */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.sync);
  encoding.writeVarUint(encoder, SYNC.step2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update frame for a document update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame with the states of `clients`. */
export function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * An auth frame saying "permission denied" with `reason`, as y-protocols/auth writes it: y-websocket's
 * WebsocketProvider reads it and reports the reason (it logs it), where a write dropped without a word
 * would leave that client's document silently ahead of the board.
 */
export function permissionDeniedFrame(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** The reason in a permission-denied auth frame, or null when `frame` is not one; throws on bad bytes. */
export function readPermissionDenied(frame: Uint8Array): string | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== FRAME.auth) return null;
  if (decoding.readVarUint(decoder) !== authProtocol.messagePermissionDenied) return null;
  return decoding.readVarString(decoder);
}

/** A frame asking the other side for all awareness states. */
export function queryAwarenessFrame(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.queryAwareness);
  return encoding.toUint8Array(encoder);
}

/** What a frame is, read without applying it; throws on bytes that are not a frame. */
export interface FrameHead {
  type: number;
  /** For sync frames: step1, step2 or update. */
  syncType?: number;
  /** For sync step 2 and update frames: the update bytes. */
  update?: Uint8Array;
  /** For awareness frames: the awareness update bytes. */
  awareness?: Uint8Array;
}

/** Reads a frame's header and payload; throws a RangeError-like error on malformed input. */
export function readFrameHead(frame: Uint8Array): FrameHead {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === FRAME.sync) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC.step1) {
      decoding.readVarUint8Array(decoder);
      return { type, syncType };
    }
    if (syncType === SYNC.step2 || syncType === SYNC.update) {
      return { type, syncType, update: decoding.readVarUint8Array(decoder) };
    }
    throw new Error(`unknown sync message type ${syncType}`);
  }
  if (type === FRAME.awareness) return { type, awareness: decoding.readVarUint8Array(decoder) };
  if (type === FRAME.queryAwareness || type === FRAME.auth) return { type };
  throw new Error(`unknown frame type ${type}`);
}

/** The state vector inside a sync-step-1 frame. */
export function readStep1StateVector(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/** One entry of an awareness update: a client id and whether it clears that client's state. */
export interface AwarenessEntry {
  clientId: number;
  /** The entry's state is `null`: that client leaves. */
  removes: boolean;
}

/** The entries of an awareness update (as y-protocols encodes them), without applying it; throws on bad bytes. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    const state = decoding.readVarString(decoder);
    entries.push({ clientId, removes: state === 'null' });
  }
  return entries;
}

/**
 * The largest size a frame of this kind may have: a sync step 2 may carry up to `syncReplyBytes` (a
 * client's offline work), every other frame `frameBytes`. Reads only the first two bytes.
 */
export function frameSizeLimit(frame: Uint8Array, frameBytes: number, syncReplyBytes: number): number {
  // Both type fields are varUints below 128, so one byte each.
  return frame[0] === FRAME.sync && frame[1] === SYNC.step2 ? syncReplyBytes : frameBytes;
}
