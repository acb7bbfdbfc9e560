// Figures for the board core: server start time, card latency between two clients on loopback, built client size.
// Run: npm run build && node --import tsx scripts/measure-core.ts  (the server as `npm start` runs it: the bundle)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { addCard, readBoard } from '@sessionboard/shared';
import { SocketPeer } from '../tests/helpers/SocketPeer.ts';
import { YwsPeer } from '../tests/helpers/YwsPeer.ts';
import { createBoard, tempDataDir } from '../tests/helpers/server.ts';
import { exited, spawnServer } from '../tests/helpers/spawnServer.ts';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function latency(send: (i: number) => void, arrived: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const got = arrived();
    const t0 = performance.now();
    send(i);
    await got;
    out.push(performance.now() - t0);
    // Settle between samples so one card's fan-out does not queue behind the last.
    await new Promise((r) => setTimeout(r, 2));
  }
  return out.sort((a, b) => a - b);
}

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const s = await spawnServer({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'info' }, 'bundle');
  starts.push(s.startMs);
  s.child.kill('SIGTERM');
  await exited(s.child);
}
console.log(`server start (spawn to listening, the bundle): ${starts.map((s) => s.toFixed(0)).join(', ')} ms`);

const server = await spawnServer({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'info' }, 'bundle');
const board = await createBoard(server.url);
const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Alice' });
const bob = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Bob' });
const carol = await YwsPeer.connect(server.url, board.id, board.keys.member);
// Arrival is the receiver's document applying the update (event-driven: polling would time the poll).
const nextUpdate = (doc: SocketPeer['doc']) => () => new Promise((resolve) => doc.once('update', resolve));
// Warm up.
const send = (prefix: string) => (i: number) => {
  addCard(alice.doc, { kind: 'note', text: `${prefix}${i}`, author: 'A', authorId: 'a' });
};
await latency(send('w'), nextUpdate(bob.doc), 50);
const sio = await latency(send('s'), nextUpdate(bob.doc), 300);
const yws = await latency(send('y'), nextUpdate(carol.doc), 300);
if (!readBoard(bob.doc).cards.some((c) => c.text === 's299') || !readBoard(carol.doc).cards.some((c) => c.text === 'y299')) {
  throw new Error('a card did not arrive');
}
console.log(`card Socket.IO -> Socket.IO: p50 ${pct(sio, 50).toFixed(2)} ms, p99 ${pct(sio, 99).toFixed(2)} ms (n=${sio.length}, persisted to SQLite before fan-out)`);
console.log(`card Socket.IO -> y-websocket: p50 ${pct(yws, 50).toFixed(2)} ms, p99 ${pct(yws, 99).toFixed(2)} ms (n=${yws.length})`);
alice.close();
bob.close();
carol.close();
server.child.kill('SIGTERM');
await exited(server.child);

const dist = path.resolve(import.meta.dirname, '../client/dist/assets');
if (fs.existsSync(dist)) {
  let raw = 0;
  let gz = 0;
  for (const f of fs.readdirSync(dist)) {
    if (!/\.(js|css)$/.test(f)) continue;
    const buf = fs.readFileSync(path.join(dist, f));
    raw += buf.length;
    gz += zlib.gzipSync(buf, { level: 9 }).length;
  }
  console.log(`built client (js+css): ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`);
} else {
  console.log('built client: not built (npm run build)');
}
