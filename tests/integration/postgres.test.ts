/**
 * One process on PostgreSQL (DATABASE_URL, DESIGN.md "Storage and scale"): boards and workshops work
 * end to end through the real server exactly as on SQLite, and survive a restart; a bad URL stops the
 * start with a message naming the database; REDIS_URL without DATABASE_URL is refused with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { createApp } from '../../server/src/app.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { WorkshopPeer } from '../helpers/WorkshopPeer.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresSuiteRuns, requirePostgres, queryIn } from '../helpers/postgres.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { createWorkshop, joinWorkshop } from '../helpers/workshopHttp.ts';

const schema = freshSchema();
const onPostgres = { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema };
const runs = await postgresSuiteRuns('tests/integration/postgres.test.ts');

describe.runIf(runs)('one server process on PostgreSQL', () => {
  beforeAll(requirePostgres);
  afterAll(async () => dropSchema(schema));

  it('syncs a board between clients, keeps votes and cards across a restart, and writes nothing to SQLite', async () => {
    let server = await startServer(onPostgres);
    const board = await createBoard(server.url, { title: 'On Postgres', team: 'Herons' });
    const ann = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Ann' });
    const fay = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' });
    const weak = addCard(ann.doc, { kind: 'weakness', text: 'Stored in PostgreSQL', author: 'Ann', authorId: 'a' });
    await waitFor(() => readBoard(fay.doc).cards.some((c) => c.id === weak), 'the card at the facilitator');
    expect((await fay.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    expect((await ann.command({ type: 'vote.add', card: weak })).ok).toBe(true);
    const secret = ann.hello!.participant;
    ann.close();
    fay.close();
    const rows = await queryIn<{ n: string }>(schema, 'SELECT count(*) AS n FROM updates');
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    await server.close();

    server = await startServer({ ...onPostgres, dataDir: server.dataDir });
    try {
      const again = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: secret });
      expect(readBoard(again.doc).cards.map((c) => c.text)).toContain('Stored in PostgreSQL');
      expect(again.hello?.mine[weak]).toBe(1);
      expect(again.hello?.state.step).toBe(1);
      again.close();
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
      const fs = await import('node:fs');
      expect(fs.existsSync(`${server.dataDir}/sessionboard.sqlite`)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('runs a workshop on PostgreSQL: create, join, a notice for everyone, and all of it after a restart', async () => {
    let server = await startServer(onPostgres);
    const ws = await createWorkshop(server.url, { title: 'Winter school', groups: ['Red', 'Blue'] });
    const joined = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ada', participant: 'ada-secret-0001' });
    expect(joined.status).toBe(200);
    const console_ = await WorkshopPeer.connect(server.url, ws.id, ws.keys.instructor);
    expect((await console_.command({ type: 'notice', message: 'Back at 11' })).ok).toBe(true);
    console_.close();
    await server.close();

    server = await startServer(onPostgres);
    try {
      const again = await WorkshopPeer.connect(server.url, ws.id, ws.keys.instructor);
      expect(again.state.notice?.message).toBe('Back at 11');
      await waitFor(() => again.people.at(-1)?.some((p) => p.name === 'Ada'), 'Ada in the people list');
      const back = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ada', participant: 'ada-secret-0001' });
      expect(back.body.board).toBe(joined.body.board);
      const peer = await SocketPeer.connect(server.url, { board: back.body.board, key: back.body.key, name: 'Ada', participant: 'ada-secret-0001' });
      expect(peer.hello?.state.notice?.message).toBe('Back at 11');
      peer.close();
      again.close();
    } finally {
      await server.close();
    }
  });

  it('balances 24 people joining at the same moment 8/8/8 (on an asynchronous store a join must not race another)', async () => {
    const server = await startServer(onPostgres);
    try {
      const ws = await createWorkshop(server.url, { title: 'Rush hour', groups: 3 });
      const joins = await Promise.all(
        Array.from({ length: 24 }, (_, i) => joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: `P${i}`, participant: `rush-person-${i}` })),
      );
      expect(joins.every((j) => j.status === 200)).toBe(true);
      const sizes = new Map<string, number>();
      for (const j of joins) sizes.set(j.body.group, (sizes.get(j.body.group) ?? 0) + 1);
      expect([...sizes.values()]).toEqual([8, 8, 8]);
    } finally {
      await server.close();
    }
  });

  it('stops the start with a message naming the database when it cannot be reached', async () => {
    const app = createApp({ ...configFromEnv({}), logLevel: 'silent', databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere', databaseSchema: freshSchema() });
    await expect(app.listen(0, '127.0.0.1')).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
    await app.close();
  });

  it('refuses REDIS_URL without DATABASE_URL, saying why', () => {
    const base = { ...configFromEnv({}), logLevel: 'silent' };
    expect(() => createApp({ ...base, redisUrl: 'redis://127.0.0.1:6379' })).toThrow(/without DATABASE_URL/);
  });
});
