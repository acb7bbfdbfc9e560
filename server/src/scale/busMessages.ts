import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What one server process tells the others about a board or a workshop through Redis. Document
 * updates travel only after the store has written them, so whatever another process receives from
 * the bus is already durable; session messages carry the whole stored session (it is small: the
 * people a board remembers are not in it but in their own table, which a process reads when it meets
 * someone it does not know; and a receiver then needs no read of its own).
 */
export type BoardMessage =
  | { kind: 'updates'; updates: Uint8Array[] }
  | { kind: 'awareness'; update: Uint8Array }
  /** A process that just loaded the board asks the others for the presence of their clients. */
  | { kind: 'awareness-query' }
  | { kind: 'session'; json: string; voters: string[] }
  /** The participants connected to the sending process (for online counts across processes). */
  | { kind: 'people'; participants: string[] }
  /** The sender was cut off and wrote without telling anyone: read the board again from the store. */
  | { kind: 'stale' };

export type WorkshopMessage =
  /** The workshop's record changed (notice, assignment, rotation): read it from the store. */
  | { kind: 'record' }
  | { kind: 'people' }
  | { kind: 'moved'; participant: string; moved: { board: string; key: string; group: string } };

const KIND = { updates: 0, awareness: 1, 'awareness-query': 2, session: 3, people: 4, stale: 5 } as const;

/** Binary, so document updates are not base64-inflated: kind, sender, then the kind's fields. */
export function encodeBoardMessage(sender: string, msg: BoardMessage): Buffer {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, KIND[msg.kind]);
  encoding.writeVarString(e, sender);
  switch (msg.kind) {
    case 'updates':
      encoding.writeVarUint(e, msg.updates.length);
      for (const u of msg.updates) encoding.writeVarUint8Array(e, u);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(e, msg.update);
      break;
    case 'awareness-query':
    case 'stale':
      break;
    case 'session':
      encoding.writeVarString(e, msg.json);
      encoding.writeVarString(e, JSON.stringify(msg.voters));
      break;
    case 'people':
      encoding.writeVarString(e, JSON.stringify(msg.participants));
      break;
  }
  return Buffer.from(encoding.toUint8Array(e));
}

/** The sender and message of a bus frame; throws on a frame no process of this version wrote. */
export function decodeBoardMessage(frame: Uint8Array): { sender: string; msg: BoardMessage } {
  const d = decoding.createDecoder(frame);
  const kind = decoding.readUint8(d);
  const sender = decoding.readVarString(d);
  switch (kind) {
    case KIND.updates: {
      const n = decoding.readVarUint(d);
      const updates: Uint8Array[] = [];
      for (let i = 0; i < n; i++) updates.push(decoding.readVarUint8Array(d));
      return { sender, msg: { kind: 'updates', updates } };
    }
    case KIND.awareness:
      return { sender, msg: { kind: 'awareness', update: decoding.readVarUint8Array(d) } };
    case KIND['awareness-query']:
      return { sender, msg: { kind: 'awareness-query' } };
    case KIND.session: {
      const json = decoding.readVarString(d);
      return { sender, msg: { kind: 'session', json, voters: stringList(decoding.readVarString(d)) } };
    }
    case KIND.stale:
      return { sender, msg: { kind: 'stale' } };
    case KIND.people:
      return { sender, msg: { kind: 'people', participants: stringList(decoding.readVarString(d)) } };
    default:
      throw new Error(`unknown bus message kind ${kind}`);
  }
}

function stringList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error('expected a list of strings');
  return value as string[];
}

export function encodeWorkshopMessage(sender: string, msg: WorkshopMessage): string {
  return JSON.stringify({ sender, msg });
}

export function decodeWorkshopMessage(text: string): { sender: string; msg: WorkshopMessage } {
  const parsed = JSON.parse(text) as { sender?: unknown; msg?: { kind?: unknown } };
  if (typeof parsed.sender !== 'string' || typeof parsed.msg?.kind !== 'string') throw new Error('not a workshop bus message');
  return parsed as { sender: string; msg: WorkshopMessage };
}
