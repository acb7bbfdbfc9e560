import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopInfo, WorkshopJoinInfo, WorkshopPerson } from '@sessionboard/shared';
import { startServer, tempDataDir } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { createWorkshop, errorOf, getJson, joinWorkshop } from '../helpers/workshopHttp.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(i)` for i in [0, n), at most `width` at a time. */
async function inWaves<T>(n: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

describe('workshop joins with the default limits, from one venue address', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The configuration's own limits (the test helper loosens the per-address join limits).
    server = await startServer({ joinBurst: 10, joinPerSecond: 0.2 });
  });
  afterAll(async () => server.close());

  it('lets 240 people (30 groups of 8) look up the code and join within a minute, 8 to a group', async () => {
    const ws = await createWorkshop(server.url, { title: 'Big room', groups: 30 });
    const started = Date.now();
    const joins = await inWaves(240, 16, async (i) => {
      const lookup = await getJson<WorkshopJoinInfo>(`${server.url}/api/join/${ws.joinCode}`);
      expect(lookup.status, `look-up ${i}`).toBe(200);
      // Half the room brings a participant id of its own (from an earlier visit), half lets the server make one.
      const participant = i % 2 === 0 ? `venue-person-${i}` : undefined;
      const join = await joinWorkshop(server.url, lookup.body.workshop, { code: ws.joinCode, name: `Person ${i}`, participant });
      expect(join.status, `join ${i}: ${JSON.stringify(join.body)}`).toBe(200);
      return join.body;
    });
    expect(Date.now() - started).toBeLessThan(60_000);
    const count = new Map<string, number>();
    for (const j of joins) count.set(j.group, (count.get(j.group) ?? 0) + 1);
    expect(count.size).toBe(30);
    expect([...count.values()].every((n) => n === 8)).toBe(true);
  }, 90_000);
});

describe('workshop join limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ joinBurst: 3, joinPerSecond: 0.01, workshopJoinBurst: 5, workshopJoinPerSecond: 0.01 });
  });
  afterAll(async () => server.close());

  it('limits one workshop code by itself, look-ups and joins apart, with Retry-After', async () => {
    const ws = await createWorkshop(server.url, { title: 'Small allowance', groups: 2 });
    for (let i = 0; i < 5; i++) expect((await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: `P${i}` })).status).toBe(200);
    const refused = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'P5' });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 5; i++) expect((await getJson(`${server.url}/api/join/${ws.joinCode}`)).status).toBe(200);
    const lookup = await getJson(`${server.url}/api/join/${ws.joinCode}`);
    expect(lookup.status).toBe(429);
    expect(Number(lookup.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another workshop's code has its own allowance.
    const other = await createWorkshop(server.url, { title: 'Other', groups: 2 });
    expect((await joinWorkshop(server.url, other.id, { code: other.joinCode, name: 'Q' })).status).toBe(200);
  });

  it('counts wrong workshop codes against the address, shared with GET /api/join, then refuses even the right code', async () => {
    const ws = await createWorkshop(server.url, { title: 'Guessers', groups: 2 });
    // Three wrong codes are free (two joins, one look-up); the fourth starts the backoff.
    for (const code of ['ZZZZZZ', 'ZZZZZY']) {
      const wrong = await joinWorkshop(server.url, ws.id, { code, name: 'Mallory' });
      expect(wrong.status).toBe(403);
      expect(errorOf(wrong).code).toBe('forbidden');
    }
    expect((await getJson(`${server.url}/api/join/ZZZZZX`)).status).toBe(404);
    expect((await joinWorkshop(server.url, ws.id, { code: 'ZZZZZW', name: 'Mallory' })).status).toBe(403);
    const waiting = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Mallory' });
    expect(waiting.status).toBe(429);
    expect(errorOf(waiting).message).toMatch(/wrong join codes/);
    const retry = Number(waiting.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect((await getJson(`${server.url}/api/join/${ws.joinCode}`)).status).toBe(429);
    await sleep(retry * 1000 + 50);
    expect((await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ann' })).status).toBe(200);
  }, 20_000);
});

describe('workshops survive a restart on the same DATA_DIR', () => {
  it('keeps the workshop, its groups, members and codes, and a returning participant’s group', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir, publicUrl: 'https://boards.example.org' });
    const ws = await createWorkshop(first.url, { title: 'Persistent', groups: ['Otters', 'Kestrels', 'Badgers'], assignment: 'balanced' });
    const ann = await joinWorkshop(first.url, ws.id, { code: ws.joinCode, name: 'Ann', participant: 'ann-persistent-1', group: 'Badgers' });
    const ben = await joinWorkshop(first.url, ws.id, { code: ws.joinCode, name: 'Ben' });
    expect(ben.body.group).toBe('Otters');
    const before = (await getJson<WorkshopInfo>(`${first.url}/api/workshops/${ws.id}?key=${ws.keys.instructor}`)).body;
    await first.close();

    const second = await startServer({ dataDir, publicUrl: 'https://boards.example.org' });
    try {
      const after = await getJson<WorkshopInfo>(`${second.url}/api/workshops/${ws.id}?key=${ws.keys.instructor}`);
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before);
      const lookup = await getJson<WorkshopJoinInfo>(`${second.url}/api/join/${ws.joinCode}`);
      expect(lookup.body.groups).toEqual([
        { name: 'Otters', members: 1 },
        { name: 'Kestrels', members: 0 },
        { name: 'Badgers', members: 1 },
      ]);
      for (const g of ws.groups) expect((await getJson(`${second.url}/api/join/${g.joinCode}`)).body).toEqual({ board: g.board, key: g.keys.member });
      const annAgain = await joinWorkshop(second.url, ws.id, { code: ws.joinCode, name: 'Ann', participant: 'ann-persistent-1', group: 'Otters' });
      expect(annAgain.body).toEqual(ann.body);
      const benAgain = await joinWorkshop(second.url, ws.id, { code: ws.joinCode, name: 'Ben', participant: ben.body.participant });
      expect(benAgain.body).toEqual(ben.body);
      // The stored members still count: the next newcomer goes to the one empty group.
      expect((await joinWorkshop(second.url, ws.id, { code: ws.joinCode, name: 'Cleo' })).body.group).toBe('Kestrels');
      const people = (await getJson<WorkshopPerson[]>(`${second.url}/api/workshops/${ws.id}/people?key=${ws.keys.instructor}`)).body;
      expect(people.map((p) => [p.name, p.group]).sort()).toEqual([
        ['Ann', 'Badgers'],
        ['Ben', 'Otters'],
        ['Cleo', 'Kestrels'],
      ]);
    } finally {
      await second.close();
    }
  });
});
