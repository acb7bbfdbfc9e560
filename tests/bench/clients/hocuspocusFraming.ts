// Hocuspocus frames: a varString document name, then a message type (0 sync, 1 awareness, 2 auth,
// 4 sync reply, 8 sync status, …), then the y-protocols message, as in y-websocket.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const AUTH = 2;
const AUTH_TOKEN = 0;
const AUTH_AUTHENTICATED = 2;
const SYNC_REPLY = 4;

/** The auth message a Hocuspocus provider sends first (an empty token: the server has no auth hook). */
export function hocuspocusAuth(doc: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  encoding.writeVarUint(e, AUTH);
  encoding.writeVarUint(e, AUTH_TOKEN);
  encoding.writeVarString(e, '');
  return encoding.toUint8Array(e);
}

/** A y-websocket frame addressed to `doc`. */
export function toHocuspocus(doc: string, frame: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  encoding.writeUint8Array(e, frame);
  return encoding.toUint8Array(e);
}

/** What an inbound Hocuspocus message is, for a client: a y-websocket frame, the auth answer, or other. */
export function fromHocuspocus(message: Uint8Array): {
  frame?: Uint8Array;
  authenticated?: boolean;
} {
  const d = decoding.createDecoder(message);
  decoding.readVarString(d);
  const start = d.pos;
  const type = decoding.readVarUint(d);
  if (type === AUTH) return { authenticated: decoding.readVarUint(d) === AUTH_AUTHENTICATED };
  if (type === SYNC_REPLY) {
    // A sync reply is a sync message; y-websocket has only one type for both.
    const frame = message.slice(start);
    frame[0] = 0;
    return { frame };
  }
  if (type > 3) return {}; // sync status, stateless, ping: nothing a Yjs client needs here
  return { frame: message.subarray(start) };
}
