/**
 * Malformed upgrade requests on /yjs over raw TCP: bad percent-encoding, absolute targets, huge headers,
 * wrong keys, and peers that hang up mid-request. Each resolves to the status line (or '' on a reset).
 */
import net from 'node:net';
import type { Rng } from './rng.ts';

function upgradeTo(target: string, extraHeaders = ''): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extraHeaders}\r\n`
  );
}

/** One raw request and how to send it. */
export interface HostileUpgrade {
  kind: string;
  request: string;
  /** Hang up after this many bytes instead of reading the answer. */
  cutAt?: number;
}

export function hostileUpgrade(rng: Rng, board: string, key: string): HostileUpgrade {
  const r = rng.int(10);
  const ok = `/yjs/${board}?key=${key}`;
  switch (r) {
    case 0:
      return { kind: 'bad-percent', request: upgradeTo(rng.pick(['/yjs/%', '/yjs/%E0%A4%A', '/yjs/%ZZ?key=x', `/yjs/${board}?key=%`, `/yjs/${board}%FF?key=${key}`, '/yjs/%00'])) };
    case 1:
      return { kind: 'absolute-target', request: upgradeTo(rng.pick(['http://[::1/yjs/abc', `http://evil.example/yjs/${board}?key=${key}`, '//yjs/abc', '*', `ws://127.0.0.1/yjs/${board}`])) };
    case 2:
      return { kind: 'huge-header', request: upgradeTo(ok, `X-Fill: ${'h'.repeat(8000 + rng.int(20_000))}\r\n`) };
    case 3:
      return { kind: 'many-headers', request: upgradeTo(ok, Array.from({ length: 200 + rng.int(400) }, (_, i) => `X-H${i}: v\r\n`).join('')) };
    case 4:
      return { kind: 'bad-participant', request: upgradeTo(`${ok}&participant=${rng.pick(['p'.repeat(9000), '%2e%2e', 'a b', '__proto__x', ''])}`) };
    case 5:
      return { kind: 'wrong-key-or-board', request: upgradeTo(rng.pick([`/yjs/${board}?key=wrong`, `/yjs/nope?key=${key}`, `/yjs/${board}`, '/yjs/', `/yjs/${board}/extra?key=${key}`])) };
    case 6:
      return { kind: 'bad-ws-headers', request: upgradeTo(ok, rng.pick(['Sec-WebSocket-Version: banana\r\n', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99\r\n'])) };
    case 7: {
      const request = upgradeTo(ok);
      return { kind: 'cut-mid-request', request, cutAt: rng.int(request.length) };
    }
    case 8:
      return { kind: 'garbage-request-line', request: rng.pick([`GET ${ok}\r\nUpgrade: websocket\r\n\r\n`, 'GARBAGE\r\n\r\n', `GET ${ok} HTTP/9.9\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`, '\u0000\u0001\u0002\r\n\r\n']) };
    default:
      return { kind: 'socket.io-path', request: upgradeTo(rng.pick(['/socket.io/?EIO=4&transport=websocket', '/socket.io/?EIO=99&transport=websocket', '/socket.io/'])) };
  }
}

/** Sends one hostile upgrade; resolves to the status line, or '' (reset, cut, timeout). */
export function sendUpgrade(port: number, u: HostileUpgrade): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      if (u.cutAt !== undefined) {
        socket.write(u.request.slice(0, u.cutAt));
        socket.resetAndDestroy();
        return;
      }
      socket.write(u.request);
    });
    let data = '';
    const done = () => resolve(data.split('\r\n')[0] ?? '');
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      // An accepted upgrade (101) stays open: hang up once the status line is in.
      if (data.includes('\r\n')) socket.destroy();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.setTimeout(3000, () => socket.destroy());
  });
}
