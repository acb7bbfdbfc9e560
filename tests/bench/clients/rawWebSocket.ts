// A WebSocket client reduced to what a light receiver needs, on a plain TCP socket: the HTTP upgrade,
// a frame parser without streams or events (payloads are views into the buffer read into), masked sends,
// and pongs. It costs the generator about half of what the `ws` client does per message. Reads go into
// one buffer per socket (net's `onread`), skipping the stream machinery and a new Buffer per read:
// in C (200 receivers, 40,000 messages a second on one core) that machinery was a fifth of the
// generator's time.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
const READ_BUFFER_BYTES = 64 * 1024;

/** An open raw WebSocket. */
export interface RawWebSocket {
  /** Resolves once the server accepted the upgrade. */
  open: Promise<void>;
  send(payload: Uint8Array | string): void;
  close(): void;
  /** Stops reading (the TCP window fills and the server's buffers grow), or starts again. */
  pause(): void;
  resume(): void;
  /** Resolves when the TCP connection has closed (a paused socket notices only once it reads again). */
  closed: Promise<void>;
}

/**
 * Connects to `url` (ws://host:port/path); `onFrame` gets every text or binary frame's payload, a view
 * valid only until `onFrame` returns (the next read reuses the buffer): copy what is kept.
 */
export function rawWebSocket(url: string, onFrame: (payload: Buffer, binary: boolean) => void): RawWebSocket {
  const u = new URL(url);
  /** Every chunk read, a view into the socket's one read buffer, valid until the next read. */
  let onRead: (chunk: Buffer) => void = () => undefined;
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const socket = net.connect({
    host: u.hostname,
    port: Number(u.port),
    onread: {
      buffer: readBuffer,
      callback: (bytes) => {
        onRead(readBuffer.subarray(0, bytes));
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  let upgraded = false;

  const send = (opcode: number, payload: Buffer) => {
    if (socket.destroyed) return;
    const len = payload.length;
    const head = Buffer.alloc(len < 126 ? 6 : len < 65536 ? 8 : 14);
    head[0] = 0x80 | opcode;
    let at = 2;
    if (len < 126) head[1] = 0x80 | len;
    else if (len < 65536) {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
      at = 4;
    } else {
      head[1] = 0x80 | 127;
      head.writeBigUInt64BE(BigInt(len), 2);
      at = 10;
    }
    const mask = randomBytes(4);
    mask.copy(head, at);
    const body = Buffer.allocUnsafe(len);
    for (let i = 0; i < len; i++) body[i] = (payload[i] as number) ^ (mask[i & 3] as number);
    socket.write(Buffer.concat([head, body]));
  };

  // A frame larger than one read waits in `held` until all of it is there, then is joined once
  // (joining on every read would copy a multi-megabyte frame once per 64 KB read).
  const held: Buffer[] = [];
  let heldBytes = 0;
  let needed = 0;

  const frameSize = (buf: Buffer, at: number): number => {
    if (buf.length - at < 2) return Infinity;
    const len = (buf[at + 1] as number) & 0x7f;
    if (len < 126) return 2 + len;
    if (len === 126) return buf.length - at < 4 ? Infinity : 4 + buf.readUInt16BE(at + 2);
    return buf.length - at < 10 ? Infinity : 10 + Number(buf.readBigUInt64BE(at + 2));
  };

  const parse = (chunk: Buffer) => {
    let buf = chunk;
    if (heldBytes > 0) {
      // The read buffer is reused by the next read: what is held is copied out of it.
      held.push(Buffer.from(chunk));
      heldBytes += chunk.length;
      if (heldBytes < needed) return;
      buf = Buffer.concat(held, heldBytes);
      held.length = 0;
      heldBytes = 0;
    }
    let at = 0;
    for (;;) {
      const size = frameSize(buf, at);
      if (buf.length - at < size) break;
      const b0 = buf[at] as number;
      const len = (buf[at + 1] as number) & 0x7f;
      const headBytes = len < 126 ? 2 : len === 126 ? 4 : 10;
      const payload = buf.subarray(at + headBytes, at + size);
      at += size;
      const opcode = b0 & 0x0f;
      if (opcode === OP_BINARY || opcode === OP_TEXT) onFrame(payload, opcode === OP_BINARY);
      else if (opcode === OP_PING) send(OP_PONG, payload);
      else if (opcode === OP_CLOSE) socket.end();
      // Servers here never fragment messages (continuation frames would need reassembly).
    }
    if (at < buf.length) {
      const rest = Buffer.from(buf.subarray(at));
      held.push(rest);
      heldBytes = rest.length;
      const size = frameSize(rest, 0);
      needed = Number.isFinite(size) ? size : rest.length + 1;
    }
  };

  const open = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before the upgrade')));
    socket.on('connect', () => {
      const key = randomBytes(16).toString('base64');
      socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let response = Buffer.alloc(0);
    onRead = (chunk: Buffer) => {
      if (upgraded) return parse(chunk);
      response = Buffer.concat([response, chunk]);
      const end = response.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = /^HTTP\/1\.1 (\d+)/.exec(response.subarray(0, end).toString('latin1'))?.[1];
      if (status !== '101') {
        reject(new Error(`upgrade refused: ${status ?? 'no status'}`));
        socket.destroy();
        return;
      }
      upgraded = true;
      const rest = response.subarray(end + 4);
      resolve();
      if (rest.length) parse(rest);
    };
  });
  open.catch(() => undefined);
  socket.on('error', () => undefined);
  return {
    open,
    send: (payload) =>
      typeof payload === 'string'
        ? send(OP_TEXT, Buffer.from(payload, 'utf8'))
        : send(OP_BINARY, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)),
    close: () => socket.destroy(),
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    closed: new Promise<void>((resolve) => socket.once('close', () => resolve())),
  };
}
