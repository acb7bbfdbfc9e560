// A Socket.IO client reduced to what a light receiver needs: Engine.IO v4 over a raw WebSocket, the
// msgpack parser's CONNECT packet, pong replies, and every binary packet after connecting handed on
// undecoded (a `yjs` event's frame is in its bytes as msgpack bin).
import msgpackParser from 'socket.io-msgpack-parser';
import { rawWebSocket } from './rawWebSocket.ts';

const encoder = new msgpackParser.Encoder();
/** The parser's typings say ArrayBuffer; its Node build returns `[Buffer]`, one packet in one buffer. */
const encode = (packet: unknown): Buffer => (encoder.encode(packet) as unknown as Buffer[])[0] as Buffer;
const CONNECT = 0;
const EVENT = 2;
const CONNECT_ERROR = 4;

/** Connects to the default namespace with `auth`; `onBinary` gets each packet's bytes once connected; `send` emits a `yjs` event. */
export function rawSocketIo(
  url: string,
  auth: Record<string, string>,
  onBinary: (bytes: Buffer) => void,
): { ready: Promise<void>; send: (frame: Uint8Array) => void; close: () => void; pause: () => void; resume: () => void; closed: Promise<void> } {
  let connected = false;
  let settle: { resolve: () => void; reject: (err: Error) => void } | null = null;
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => undefined);
  const ws = rawWebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, (payload, binary) => {
    if (!binary) {
      const text = payload.toString();
      if (text[0] === '0') ws.send(encode({ type: CONNECT, nsp: '/', data: auth }));
      else if (text === '2') ws.send('3'); // Engine.IO ping → pong
      return;
    }
    if (connected) return onBinary(payload);
    // Until connected, packets are decoded: the CONNECT answer tells success from refusal.
    const decoder = new msgpackParser.Decoder();
    decoder.on('decoded', (packet: { type: number; data?: { message?: string } }) => {
      if (packet.type === CONNECT) {
        connected = true;
        settle?.resolve();
      } else if (packet.type === CONNECT_ERROR) settle?.reject(new Error(packet.data?.message ?? 'connect_error'));
    });
    decoder.add(payload);
  });
  ws.open.catch((err: Error) => settle?.reject(err));
  return {
    ready,
    // A `yjs` event whose frame is msgpack bin, as socket.io-client with a Buffer sends it.
    send: (frame) =>
      ws.send(encode({ type: EVENT, nsp: '/', data: ['yjs', Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)] })),
    close: () => ws.close(),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    closed: ws.closed,
  };
}
