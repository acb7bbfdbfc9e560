import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresUnreachable } from '../../helpers/postgres.ts';
import { TEST_REDIS_URL, redisReachable } from '../../helpers/redis.ts';
import type { CoreLayout } from '../cores.ts';
import { serverCore } from '../cores.ts';
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

/** Our server's environment on `port`: LOG_LEVEL=warn and the rate limits out of the way. */
function oursEnv(port: number, dataDir: string, options: LaunchOptions): Record<string, string> {
  return {
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
}

/** One of our processes from the bundle, ready once /healthz answers. */
async function launchOurs(dataDir: string, options: LaunchOptions) {
  // LOG_LEVEL=warn hides pino's "listening" line, so the port is chosen here and /healthz tells when it is up.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child } = await launch(['--enable-source-maps', 'server/dist/index.mjs'], { ...options, env: oursEnv(port, dataDir, options) }, { port, url: `${base}/healthz` });
  return { child, port, base };
}

/** A board's room on our server at `port`, on /yjs or Socket.IO. */
function ourRoom(transport: 'yjs' | 'socketio', port: number, board: { id: string; keys: { member: string } }): { url: string; auth?: Record<string, string> } {
  return transport === 'yjs'
    ? { url: `ws://127.0.0.1:${port}/yjs/${board.id}?key=${board.keys.member}` }
    : { url: `http://127.0.0.1:${port}`, auth: { board: board.id, key: board.keys.member, name: 'bench' } };
}

function roomTarget(transport: 'yjs' | 'socketio', ports: number[], board: { id: string; keys: { member: string } }): RoomTarget {
  const rooms = ports.map((p) => ourRoom(transport, p, board));
  const urls = rooms.map((r) => r.url);
  const first = urls[0] as string;
  const many = urls.length > 1 ? { urls } : {};
  return transport === 'yjs'
    ? { protocol: 'yws', url: first, ...many }
    : { protocol: 'sio', url: first, ...many, auth: rooms[0]?.auth ?? {} };
}

/**
 * Our server exactly as `npm start` serves it (the bundle `server/dist/index.mjs`, which run.ts builds
 * first), with its real SQLite store in a
 * temporary DATA_DIR, LOG_LEVEL=warn and the rate limits out of the way. Boards come from
 * POST /api/boards; clients use the member key on /yjs or on Socket.IO.
 */
export async function startOurs(transport: 'yjs' | 'socketio', options: LaunchOptions = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionboard-bench-'));
  const { child, port } = await launchOurs(dataDir, options);
  return {
    name: transport === 'yjs' ? 'ours-yjs' : 'ours-socketio',
    pid: serverPid(child),
    yjs: true,
    baseUrl: `http://127.0.0.1:${port}`,
    async newRoom(): Promise<RoomTarget> {
      return roomTarget(transport, [port], await createBoard(port));
    },
    async stop() {
      await stopProcess(child, 15_000);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL and Redis the two-process servers share: DATABASE_URL and REDIS_URL, else the machine's own. */
export const SCALE_DATABASE_URL = TEST_DATABASE_URL;
export const SCALE_REDIS_URL = TEST_REDIS_URL;

/** Why the two-process servers cannot run here (one line), or null when PostgreSQL and Redis both answer. */
export async function twoProcessesUnavailable(): Promise<string | null> {
  const pg = await postgresUnreachable(SCALE_DATABASE_URL);
  if (pg) return pg;
  return (await redisReachable(SCALE_REDIS_URL)) ? null : `no Redis at ${SCALE_REDIS_URL}`;
}

/**
 * Two of our processes (the same bundle and environment as `startOurs`) on one fresh PostgreSQL schema
 * (DATABASE_SCHEMA=b_<random>, dropped on stop) and one Redis, process n on `cores`' n-th server core. A board
 * is created on the first; its clients alternate between the two (`urls`), so every delivery from a
 * writer on one process to half of the readers crosses the bus. CPU and RSS are the two summed (`pids`).
 */
export async function startOursTwoProcesses(
  transport: 'yjs' | 'socketio',
  options: LaunchOptions = {},
  processes: 1 | 2,
  cores: CoreLayout,
): Promise<BenchServer> {
  const schema = freshSchema('b');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionboard-bench-'));
  // One process gets no REDIS_URL: one process on PostgreSQL, the baseline that shows what the bus adds.
  const bus: Record<string, string> = processes === 2 ? { REDIS_URL: SCALE_REDIS_URL } : {};
  const shared: LaunchOptions = {
    ...options,
    env: { DATABASE_URL: SCALE_DATABASE_URL, DATABASE_SCHEMA: schema, ...bus, ...options.env },
  };
  const started: Awaited<ReturnType<typeof launchOurs>>[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => stopProcess(p.child, 15_000)));
    await dropSchema(schema).catch((err: Error) => console.warn(`bench: could not drop schema ${schema}: ${err.message}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // One after the other: the first creates the schema and its tables.
    for (let i = 0; i < processes; i++) started.push(await launchOurs(dataDir, { ...shared, core: serverCore(cores, i) }));
  } catch (err) {
    await stop();
    throw err;
  }
  const ports = started.map((p) => p.port);
  const pids = started.map((p) => serverPid(p.child));
  return {
    name: `ours-${transport}-${processes === 2 ? '2proc' : 'pg'}`,
    pid: pids[0] as number,
    pids,
    yjs: true,
    baseUrl: `http://127.0.0.1:${ports[0]}`,
    async newRoom(): Promise<RoomTarget> {
      return roomTarget(transport, ports, await createBoard(ports[0] as number));
    },
    stop,
  };
}
