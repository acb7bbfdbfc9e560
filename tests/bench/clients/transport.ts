import { io } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { WebSocket } from 'ws';
import type { RoomTarget } from '../servers/types.ts';
import { fromHocuspocus, hocuspocusAuth, toHocuspocus } from './hocuspocusFraming.ts';
import { rawSocketIo } from './rawSocketIo.ts';
import { rawWebSocket } from './rawWebSocket.ts';

/** A full client's connection: y-websocket frames in and out, whatever carries them. */
export interface FrameConn {
  /** Open (Socket.IO: connected; Hocuspocus: authenticated). */
  ready: Promise<void>;
  send(frame: Uint8Array): void;
  onFrame(cb: (frame: Uint8Array) => void): void;
  close(): void;
}

/** A light client's connection: raw inbound bytes, undecoded; `send` wraps a y-websocket frame as the protocol needs. */
export interface RawConn {
  ready: Promise<void>;
  send(frame: Uint8Array): void;
  close(): void;
}

function openWs(url: string): WebSocket {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  return ws;
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** Opens a full client's connection to `target`. */
export function openFrames(target: RoomTarget): FrameConn {
  const listeners: ((f: Uint8Array) => void)[] = [];
  const deliver = (f: Uint8Array) => {
    for (const l of listeners) l(f);
  };
  if (target.protocol === 'sio') {
    const socket = io(target.url, {
      parser: msgpackParser,
      auth: target.auth,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    socket.on('yjs', (payload: Buffer | ArrayBuffer) => deliver(payload instanceof ArrayBuffer ? new Uint8Array(payload) : payload));
    return {
      ready: new Promise((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
      // A Buffer of exactly the frame's bytes goes out as msgpack bin, as our clients send it.
      send: (f) => void socket.emit('yjs', Buffer.from(f.buffer, f.byteOffset, f.byteLength)),
      onFrame: (cb) => void listeners.push(cb),
      close: () => void socket.close(),
    };
  }
  const ws = openWs(target.url);
  const isOpen = opened(ws);
  ws.on('error', () => undefined);
  if (target.protocol === 'yws') {
    ws.on('message', (data: Buffer) => deliver(data));
    return {
      ready: isOpen,
      send: (f) => ws.readyState === ws.OPEN && ws.send(f),
      onFrame: (cb) => void listeners.push(cb),
      close: () => ws.terminate(),
    };
  }
  const doc = target.doc;
  let authenticated: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (authenticated = resolve));
  void isOpen.then(() => ws.send(hocuspocusAuth(doc)));
  ws.on('message', (data: Buffer) => {
    const m = fromHocuspocus(data);
    if (m.authenticated) authenticated();
    if (m.frame) deliver(m.frame);
  });
  return {
    ready: Promise.all([isOpen, ready]).then(() => undefined),
    send: (f) => ws.readyState === ws.OPEN && ws.send(toHocuspocus(doc, f)),
    onFrame: (cb) => void listeners.push(cb),
    close: () => ws.terminate(),
  };
}

/** Opens a light client's connection (a raw WebSocket, no `ws` client): `onBytes` gets every inbound message's bytes. */
export function openRaw(target: RoomTarget, onBytes: (bytes: Buffer) => void): RawConn {
  if (target.protocol === 'sio') return rawSocketIo(target.url, target.auth, onBytes);
  if (target.protocol === 'yws') {
    const ws = rawWebSocket(target.url, (payload) => onBytes(payload));
    return { ready: ws.open, send: (f) => ws.send(f), close: () => ws.close() };
  }
  // Hocuspocus sends a document's updates only to connections that authenticated for it.
  const doc = target.doc;
  let authenticated = false;
  let resolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (resolve = r));
  const ws = rawWebSocket(target.url, (payload) => {
    if (authenticated) return onBytes(payload);
    if (fromHocuspocus(payload).authenticated) {
      authenticated = true;
      resolve();
    }
  });
  void ws.open.then(
    () => ws.send(hocuspocusAuth(doc)),
    () => undefined,
  );
  return {
    ready: Promise.all([ws.open, ready]).then(() => undefined),
    send: (f) => ws.send(toHocuspocus(doc, f)),
    close: () => ws.close(),
  };
}
