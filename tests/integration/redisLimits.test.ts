import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLimiter, redisLimiters } from '../../server/src/security/Limiter.ts';
import type { Limiters } from '../../server/src/security/Limiter.ts';
import { createLogger } from '../../server/src/logger.ts';
import { boardRoutes } from '../../server/src/http/boardRoutes.ts';
import { workshopRoutes } from '../../server/src/http/workshopRoutes.ts';
import { createBoard as storeBoard } from '../../server/src/boards/createBoard.ts';
import { upgradeStatus, yjsUrl } from '../helpers/rawSocket.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresSuiteRuns } from '../helpers/postgres.ts';
import type { TestServer } from '../helpers/server.ts';
import { dropPrefix, freshPrefix, redisSuiteRuns, redisUrl, requireRedis } from '../helpers/redis.ts';

const runs = await redisSuiteRuns('tests/integration/redisLimits.test.ts');

/** Two server processes' limiters: each with its own Redis connection, both on one deployment's prefix. */
function twoProcesses(prefix: string): [Limiters, Limiters] {
  const client = () => new Redis(redisUrl(), { maxRetriesPerRequest: 1, commandTimeout: 1000 });
  return [redisLimiters(client(), prefix), redisLimiters(client(), prefix)];
}

describe.runIf(runs)('rate limits shared through Redis by several processes', () => {
  const prefix = freshPrefix();
  let a: Limiters;
  let b: Limiters;

  beforeAll(async () => {
    await requireRedis();
    [a, b] = twoProcesses(prefix);
    // Until its connection is up, a limiter counts in its memory insurance; these tests count in Redis.
    await a.ready(5000);
    await b.ready(5000);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropPrefix(prefix);
  });

  it('a budget of N is spent once across both processes: the N+1th take is refused with a Retry-After', async () => {
    const N = 7;
    const onA = a.limiter('connect', N, N / 60);
    const onB = b.limiter('connect', N, N / 60);
    const verdicts = [];
    for (let i = 0; i < N; i++) verdicts.push(await (i % 2 ? onB : onA).take('203.0.113.9'));
    expect(verdicts.every((v) => v.ok)).toBe(true);
    const refusedOnA = await onA.take('203.0.113.9');
    const refusedOnB = await onB.take('203.0.113.9');
    for (const refused of [refusedOnA, refusedOnB]) {
      expect(refused.ok).toBe(false);
      // The window is burst / perSecond = 60 s.
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Another key, and another limiter's same key, have budgets of their own.
    expect((await onB.take('198.51.100.4')).ok).toBe(true);
    expect((await b.limiter('create', N, 1).take('203.0.113.9')).ok).toBe(true);
  });

  it('where each process counted alone, two would let 2N through (what the shared limiter prevents)', async () => {
    const N = 5;
    const alone = [new MemoryLimiter(N, 0.01), new MemoryLimiter(N, 0.01)];
    let passed = 0;
    for (let i = 0; i < 2 * N; i++) if ((await alone[i % 2]!.take('203.0.113.9')).ok) passed++;
    expect(passed).toBe(2 * N);
    const shared = [a.limiter('alone', N, 0.01), b.limiter('alone', N, 0.01)];
    passed = 0;
    for (let i = 0; i < 2 * N; i++) if ((await shared[i % 2]!.take('203.0.113.9')).ok) passed++;
    expect(passed).toBe(N);
  });

  it('costs (import bytes) add up across processes; a cost above the budget takes a whole window', async () => {
    const onA = a.limiter('import-bytes', 1000, 1000 / 60);
    const onB = b.limiter('import-bytes', 1000, 1000 / 60);
    expect((await onA.take('203.0.113.9', 600)).ok).toBe(true);
    const over = await onB.take('203.0.113.9', 600);
    expect(over.ok).toBe(false);
    expect(over.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await onB.take('198.51.100.4', 5000)).ok).toBe(true);
    expect((await onA.take('198.51.100.4', 1)).ok).toBe(false);
  });

  it('wrong join codes count across processes: past the allowance, every process makes the address wait, growing', async () => {
    const onA = a.wrongGuesses('wrong-join', 3, 3 / 60);
    const onB = b.wrongGuesses('wrong-join', 3, 3 / 60);
    const from = '203.0.113.9';
    await onA.fail(from);
    await onB.fail(from);
    await onA.fail(from);
    expect(await onA.waitSeconds(from)).toBe(0);
    expect(await onB.waitSeconds(from)).toBe(0);
    await onB.fail(from); // the 4th: past the allowance of 3, a 1 s wait
    expect(await onA.waitSeconds(from)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await onA.waitSeconds(from)).toBe(0);
    await onA.fail(from); // the 5th: 2 s
    expect(await onB.waitSeconds(from)).toBe(2);
    expect(await onB.waitSeconds('198.51.100.4')).toBe(0);
  });
});

describe('rate limits while Redis does not answer', () => {
  let limiters: Limiters;
  afterEach(async () => limiters.close());

  it('each process counts alone in memory (the insurance): neither open nor refusing everyone, and never stuck', async () => {
    // Nothing listens on port 1: the connection never becomes ready.
    const client = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, commandTimeout: 1000, retryStrategy: () => 1000 });
    client.on('error', () => undefined);
    limiters = redisLimiters(client, freshPrefix());
    const limiter = limiters.limiter('connect', 4, 4 / 60);
    const started = Date.now();
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await limiter.take('203.0.113.9'));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, false]);
    expect(verdicts[4]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(500);

    const wrong = limiters.wrongGuesses('wrong-join', 1, 1 / 60);
    await wrong.fail('203.0.113.9');
    expect(await wrong.waitSeconds('203.0.113.9')).toBe(0);
    await wrong.fail('203.0.113.9');
    expect(await wrong.waitSeconds('203.0.113.9')).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

/** A TCP relay to the test Redis that the test can cut and restore, on one port: a Redis outage. */
class CuttableRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async open(): Promise<void> {
    const target = new URL(redisUrl());
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

describe.runIf(runs)('rate limits when Redis goes away and comes back', () => {
  it('count per process meanwhile (refusing past the same budget), then in Redis again, logging both once', async () => {
    const relay = new CuttableRelay();
    await relay.open();
    const lines: { level: number; msg: string }[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string }), done()) }));
    const client = new Redis(relay.port, '127.0.0.1', { maxRetriesPerRequest: 1, commandTimeout: 1000, retryStrategy: () => 100 });
    const prefix = freshPrefix();
    const limiters = redisLimiters(client, prefix, logger);
    try {
      await limiters.ready(5000);
      const limiter = limiters.limiter('connect', 3, 3 / 60);
      const takes = async (n: number): Promise<boolean[]> => {
        const out = [];
        for (let i = 0; i < n; i++) out.push((await limiter.take('203.0.113.9')).ok);
        return out;
      };
      expect(await takes(4)).toEqual([true, true, true, false]);

      await relay.cut();
      while (client.status === 'ready') await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      // Redis's counter is out of reach: this process's insurance has a budget of its own, the same size.
      expect(await takes(4)).toEqual([true, true, true, false]);
      expect(Date.now() - started).toBeLessThan(1000);

      await relay.open();
      await limiters.ready(5000);
      expect(client.status).toBe('ready');
      // Counted in Redis again, where the budget was spent before the outage.
      expect(await takes(1)).toEqual([false]);
      expect(lines.filter((l) => l.msg.startsWith('Redis unreachable'))).toHaveLength(1);
      expect(lines.filter((l) => l.msg.startsWith('Redis is back'))).toHaveLength(1);
    } finally {
      await limiters.close();
      await relay.cut();
      await dropPrefix(prefix);
    }
  });
});

describe.runIf(runs)('the HTTP contract with limits in Redis: two processes\' routes over one store', () => {
  let server: TestServer;
  const prefix = freshPrefix();
  const processes: { url: string; http: http.Server; limiters: Limiters }[] = [];

  beforeAll(async () => {
    await requireRedis();
    server = await startServer();
    // Each "process": the real board and workshop routes, its own Redis connection, the same deployment prefix.
    for (let i = 0; i < 2; i++) {
      const limiters = redisLimiters(new Redis(redisUrl(), { maxRetriesPerRequest: 1, commandTimeout: 1000 }), prefix);
      await limiters.ready(5000);
      const shared = {
        store: server.app.store,
        rooms: server.app.rooms,
        wrongJoins: limiters.wrongGuesses('wrong-join', 2, 2 / 60),
        createLimiter: limiters.limiter('create', 3, 3 / 60),
        workshopJoinLimiter: limiters.limiter('workshop-join', 100, 1),
        publicUrl: undefined,
        // Behind the balancer: its X-Forwarded-For entry is the client.
        trustProxy: 1,
      };
      const app = express();
      app.use(boardRoutes({ ...shared, joinCodeLimiter: limiters.limiter('join-code', 100, 1), importLimiter: limiters.limiter('import-bytes', 1 << 20, (1 << 20) / 60) }));
      app.use(workshopRoutes({ ...shared, participantJoinLimiter: limiters.limiter('workshop-person', 100, 1) }));
      const httpServer = http.createServer(app);
      await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
      processes.push({ url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, http: httpServer, limiters });
    }
  });
  afterAll(async () => {
    for (const p of processes) {
      await new Promise((resolve) => p.http.close(resolve));
      await p.limiters.close();
    }
    await server.close();
    await dropPrefix(prefix);
  });

  const post = (i: number, path: string, from: string, body: unknown): Promise<Response> =>
    fetch(processes[i]!.url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify(body) });
  const get = (i: number, path: string, from: string): Promise<Response> => fetch(processes[i]!.url + path, { headers: { 'x-forwarded-for': from } });

  it('creations per address: three across both processes, then 429 rate_limited with a Retry-After on either, boards and workshops alike', async () => {
    const from = '203.0.113.20';
    for (let i = 0; i < 3; i++) expect((await post(i % 2, '/api/boards', from, { title: `Board ${i}` })).status).toBe(201);
    for (const [i, path, body] of [
      [0, '/api/boards', { title: 'One too many' }],
      [1, '/api/workshops', { title: 'One too many', groups: 2 }],
    ] as const) {
      const refused = await post(i, path, from, body);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    }
    // Another client behind the same balancer has its own budget.
    expect((await post(1, '/api/boards', '198.51.100.20', { title: 'Elsewhere' })).status).toBe(201);
  });

  it('wrong join codes per address: past the allowance on one process, the other makes it wait too, even for the right code', async () => {
    const from = '203.0.113.21';
    const board = await createBoard(server.url);
    expect((await get(0, '/api/join/ZZZZZZ', from)).status).toBe(404);
    expect((await get(1, '/api/join/ZZZZZZ', from)).status).toBe(404);
    expect((await get(0, '/api/join/ZZZZZZ', from)).status).toBe(404); // the third: past the allowance of 2
    const waiting = await get(1, `/api/join/${board.joinCode}`, from);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(((await waiting.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await get(1, `/api/join/${board.joinCode}`, '198.51.100.21')).status).toBe(200);
  });
});

const appRuns = runs && (await postgresSuiteRuns('tests/integration/redisLimits.test.ts (two app processes)'));

describe.runIf(appRuns)('two app processes with DATABASE_URL and REDIS_URL count the limits together', () => {
  const schema = freshSchema();
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    const shared = {
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schema,
      redisUrl: redisUrl(),
      createBurst: 3,
      createPerSecond: 3 / 60,
      connectBurst: 4,
      connectPerSecond: 4 / 60,
    };
    a = await startServer(shared);
    b = await startServer(shared);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropSchema(schema);
    // createApp keeps one deployment's limits under sessionboard:<DATABASE_SCHEMA>:limits.
    await dropPrefix(`sessionboard:${schema}:limits:`);
  });

  it('board creations: three across both, then 429 rate_limited with a Retry-After', async () => {
    const answers = [];
    for (const server of [a, a, b, b, a]) {
      const res = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"t"}' });
      answers.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      }
    }
    expect(answers).toEqual([201, 201, 201, 429, 429]);
  });

  it('connection attempts: one budget for Socket.IO and /yjs on both processes', async () => {
    // The creation budget is spent (above): this board is made straight in the store.
    const record = await storeBoard(a.app.store, { title: 'Limits' });
    const [id, key] = [record.id, record.keys.member];
    expect(await SocketPeer.refusal(a.url, { board: id, key: 'wrong' })).toBe('forbidden');
    expect(await SocketPeer.refusal(b.url, { board: id, key: 'wrong' })).toBe('forbidden');
    expect(await upgradeStatus(yjsUrl(a.url, id, key))).toBe(101);
    expect(await upgradeStatus(yjsUrl(b.url, id, key))).toBe(101);
    // Four attempts spent, two on each process: the fifth is refused on either, on either transport.
    expect(await SocketPeer.refusal(a.url, { board: id, key: 'wrong' })).toBe('rate_limited');
    expect(await upgradeStatus(yjsUrl(b.url, id, key))).toBe(429);
  });
});
