import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CreatedBoard, Role } from '@sessionboard/shared';
import { createApp } from '../../server/src/app.ts';
import type { App } from '../../server/src/app.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { SocketPeer } from './SocketPeer.ts';
import { YwsPeer } from './YwsPeer.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema } from './postgres.ts';
import type { Config } from '../../server/src/config.ts';

/**
 * A real server on a free loopback port, with its own SQLite file; with TEST_STORE=postgres (`npm run
 * test:integration:postgres`), with a PostgreSQL schema of its own instead.
 */
export interface TestServer {
  app: App;
  url: string;
  port: number;
  dataDir: string;
  /** The PostgreSQL schema it stores in when the run is on PostgreSQL. */
  schema: string | undefined;
  close(): Promise<void>;
}

/** Whether this run puts every in-process test server on PostgreSQL (TEST_STORE=postgres). */
export const onPostgresRun = process.env.TEST_STORE === 'postgres';

/**
 * On the PostgreSQL run, the schema of each data directory: a server started again on the same
 * `dataDir` (a restart) finds the same boards, as it would in the SQLite file there.
 */
const schemaOfDataDir = new Map<string, string>();

/** Drops the schemas of this file's servers (the PostgreSQL run's setup file calls it after each file). */
export async function dropTestSchemas(): Promise<void> {
  const schemas = [...schemaOfDataDir.values()];
  schemaOfDataDir.clear();
  for (const schema of schemas) await dropSchema(schema);
}

function schemaFor(dataDir: string): string {
  let schema = schemaOfDataDir.get(dataDir);
  if (!schema) {
    schema = freshSchema();
    schemaOfDataDir.set(dataDir, schema);
  }
  return schema;
}

/** On the PostgreSQL run, where a server without a store of its own stores; nothing otherwise. */
function testStore(dataDir: string, overrides: Partial<Config>): Partial<Config> {
  if (!onPostgresRun || overrides.databaseUrl !== undefined) return {};
  return { databaseUrl: TEST_DATABASE_URL, databaseSchema: schemaFor(dataDir) };
}

/**
 * The environment that puts a spawned server (spawnServer) on the same store as startServer() would:
 * on the PostgreSQL run, DATABASE_URL and the schema of `dataDir`; otherwise nothing (SQLite in DATA_DIR).
 */
export function storeEnv(dataDir: string): Record<string, string> {
  return onPostgresRun ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schemaFor(dataDir) } : {};
}

/** A fresh temporary data directory. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sessionboard-test-'));
}

/** Starts the real app in this process on 127.0.0.1:0. */
export async function startServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const config: Config = {
    ...configFromEnv({}),
    logLevel: 'silent',
    dataDir,
    roomIdleMs: 200,
    connectBurst: 1000,
    connectPerSecond: 1000,
    joinBurst: 1000,
    joinPerSecond: 1000,
    ...testStore(dataDir, overrides),
    ...overrides,
  };
  const app = createApp(config);
  const port = await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${port}`, port, dataDir, schema: config.databaseSchema, close: () => app.close() };
}

/** Creates a board through the real HTTP API. */
export async function createBoard(url: string, body: Record<string, unknown> = { title: 'Team Kestrel', team: 'Kestrel' }): Promise<CreatedBoard> {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`board creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedBoard;
}

/** A describe block's server and board, and clients of that board that close after each test. */
export interface Stage {
  server: TestServer;
  board: CreatedBoard;
  /** A Socket.IO client of the board, synced. */
  peer(name: string, role?: Role): Promise<SocketPeer>;
  /** A y-websocket client of the board (`WebsocketProvider`), synced. */
  ywsPeer(role?: Role): Promise<YwsPeer>;
}

/**
 * One real server and one board for the tests of a describe block: started before them, closed after.
 * Read `stage.server` and `stage.board` inside the tests (they are set once the hook has run).
 */
export function useServerWithBoard(
  overrides: Partial<Config> = {},
  body: Record<string, unknown> = { title: 'Team Kestrel', team: 'Kestrel' },
): Stage {
  const open: { close(): void }[] = [];
  const track = async <P extends { close(): void }>(connecting: Promise<P>): Promise<P> => {
    const peer = await connecting;
    open.push(peer);
    return peer;
  };
  const stage: Stage = {
    server: undefined as unknown as TestServer,
    board: undefined as unknown as CreatedBoard,
    peer: (name, role = 'member') =>
      track(SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys[role], name })),
    ywsPeer: (role = 'member') => track(YwsPeer.connect(stage.server.url, stage.board.id, stage.board.keys[role])),
  };
  beforeAll(async () => {
    stage.server = await startServer(overrides);
    stage.board = await createBoard(stage.server.url, body);
  });
  afterEach(() => {
    for (const peer of open.splice(0)) peer.close();
  });
  afterAll(async () => stage.server?.close());
  return stage;
}
