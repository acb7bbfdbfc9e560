/**
 * Honest clients on both transports that keep writing cards while the fuzzer runs, and what disturbed
 * them: disconnects they did not ask for, `error` events, refused commands, and divergence at the end.
 */
import { addCard } from '@sessionboard/shared';
import * as Y from 'yjs';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';

/** A document's content in a form two replicas agree on exactly when they converged. */
export function fingerprint(doc: Y.Doc): string {
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]);
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify({ sv, cards: canon(doc.getMap('cards').toJSON()), meta: canon(doc.getMap('meta').toJSON()) });
}

/**
 * An order key that grows with `n`. Without one, addCard scans the column for its last card: on a board of
 * 40,000 cards that scan, four clients in this one process, took 14.5 of 80 s of the fuzzer's thread (its
 * profile), and the fuzzer, not the server, set the pace.
 */
function orderKey(n: number): string {
  return `H${n.toString(36).padStart(7, '0')}`;
}

/** One honest client and what happened to it. */
export interface Honest {
  label: string;
  doc: Y.Doc;
  clientId(): number;
  /** Human-readable disturbances, in order. */
  disturbances: string[];
  written: number;
  /** The slowest answer it waited for, in ms: a command's acknowledgement (Socket.IO), or its card reaching the others (y-websocket). */
  slowestMs: number;
  /** What `slowestMs` measures, for the report. */
  slowestOf: string;
  write(n: number): string;
  close(): void;
}

export async function honestSocket(url: string, board: string, key: string, label: string): Promise<Honest & { peer: SocketPeer }> {
  const peer = await SocketPeer.connect(url, { board, key, name: label });
  let closing = false;
  const h = {
    peer,
    label,
    doc: peer.doc,
    clientId: () => peer.doc.clientID,
    disturbances: [] as string[],
    written: 0,
    slowestMs: 0,
    slowestOf: 'command answer',
    write(n: number) {
      h.written++;
      return addCard(peer.doc, { kind: n % 2 ? 'strength' : 'weakness', text: `${label} card ${n}`, author: label, authorId: peer.hello?.participantId ?? '', order: orderKey(n) });
    },
    close() {
      closing = true;
      peer.close();
    },
  };
  peer.socket.on('disconnect', (reason: string) => {
    if (!closing) h.disturbances.push(`disconnected: ${reason}`);
  });
  peer.socket.on('error', (e: unknown) => h.disturbances.push(`error event: ${JSON.stringify(e)}`));
  return h;
}

export async function honestYws(url: string, board: string, key: string, label: string): Promise<Honest & { peer: YwsPeer }> {
  const peer = await YwsPeer.connect(url, board, key);
  let closing = false;
  const h = {
    peer,
    label,
    doc: peer.doc,
    clientId: () => peer.doc.clientID,
    disturbances: [] as string[],
    written: 0,
    slowestMs: 0,
    slowestOf: 'card delivery',
    write(n: number) {
      h.written++;
      return addCard(peer.doc, { kind: 'note', text: `${label} card ${n}`, author: label, authorId: 'yws', order: orderKey(n) });
    },
    close() {
      closing = true;
      peer.close();
    },
  };
  peer.provider.on('connection-close', (event: { code?: number; reason?: string } | null) => {
    if (!closing) h.disturbances.push(`connection closed: ${event?.code ?? '?'} ${event?.reason ?? ''}`);
  });
  peer.provider.on('connection-error', () => {
    if (!closing) h.disturbances.push('connection error');
  });
  return h;
}
