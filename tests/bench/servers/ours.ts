import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePort.ts';
import type { LaunchOptions } from './launch.ts';
import { launch, serverPid, stopProcess } from './launch.ts';
import type { BenchServer, RoomTarget } from './types.ts';

/** POST /api/boards; the new board's id and keys. */
function createBoard(port: number): Promise<{ id: string; keys: { member: string } }> {
  const body = JSON.stringify({ title: 'bench' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/boards',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 201) reject(new Error(`POST /api/boards answered ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString()) as { id: string; keys: { member: string } });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Our server exactly as `npm start` serves it (the bundle `server/dist/index.mjs`, which run.ts builds
 * first), with its real SQLite store in a
 * temporary DATA_DIR, LOG_LEVEL=warn and the rate limits out of the way. Boards come from
 * POST /api/boards; clients use the member key on /yjs or on Socket.IO.
 */
export async function startOurs(transport: 'yjs' | 'socketio', options: LaunchOptions = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionboard-bench-'));
  // LOG_LEVEL=warn hides pino's "listening" line, so the port is chosen here and /healthz tells when it is up.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_CONNECT_BURST: '100000',
    RATE_CONNECT_PER_SECOND: '100000',
    RATE_CREATE_BURST: '100000',
    RATE_CREATE_PER_SECOND: '100000',
    // Every bench client comes from one loopback address.
    MAX_CONNECTIONS_PER_ADDRESS: '100000',
    // Writers and large-board scenarios send far more per connection than a person does (1 TiB a minute: off).
    MAX_UPDATE_BYTES_PER_MINUTE: String(1024 ** 4),
    ...options.env,
  };
  const { child } = await launch(['--enable-source-maps', 'server/dist/index.mjs'], { ...options, env }, { port, url: `${base}/healthz` });
  return {
    name: transport === 'yjs' ? 'ours-yjs' : 'ours-socketio',
    pid: serverPid(child),
    yjs: true,
    baseUrl: base,
    async newRoom(): Promise<RoomTarget> {
      const board = await createBoard(port);
      return transport === 'yjs'
        ? {
            protocol: 'yws',
            url: `ws://127.0.0.1:${port}/yjs/${board.id}?key=${board.keys.member}`,
          }
        : {
            protocol: 'sio',
            url: base,
            auth: { board: board.id, key: board.keys.member, name: 'bench' },
          };
    },
    async stop() {
      await stopProcess(child, 15_000);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
