import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedBoard } from '@sessionboard/shared';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('join-code limits (the defaults, from one address)', () => {
  let server: TestServer;
  let board: CreatedBoard;

  beforeAll(async () => {
    // The configuration's own join limits, not the test helper's generous ones.
    server = await startServer({ joinBurst: 10, joinPerSecond: 0.2, joinCodeBurst: 60, joinCodePerSecond: 1 });
    board = await createBoard(server.url);
  });
  afterAll(async () => server.close());

  it('lets a room of 40 behind one address join with the right code within a few seconds', async () => {
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${server.url}/api/join/${board.joinCode}`);
      expect(res.status, `join ${i + 1}`).toBe(200);
      expect(((await res.json()) as { key: string }).key).toBe(board.keys.member);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('slows wrong codes from one address with a growing Retry-After, and refuses the right code meanwhile', async () => {
    const waits: number[] = [];
    let firstRefusal = -1;
    for (let i = 0; i < 100 && waits.length < 3; i++) {
      const res = await fetch(`${server.url}/api/join/ZZZZ${String(i).padStart(2, '2').replace(/[01]/g, '2')}`);
      if (res.status === 404) continue;
      expect(res.status).toBe(429);
      if (firstRefusal < 0) {
        firstRefusal = i;
        // While waiting, even the right code is refused, so a guess then tells the guesser nothing.
        const right = await fetch(`${server.url}/api/join/${board.joinCode}`);
        expect(right.status).toBe(429);
      }
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('rate_limited');
      expect(body.error.message).toMatch(/wrong join codes/);
      const retry = Number(res.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      waits.push(retry);
      await sleep(retry * 1000 + 50);
    }
    expect(firstRefusal).toBeGreaterThan(0);
    expect(firstRefusal).toBeLessThanOrEqual(11);
    expect(waits).toEqual([1, 2, 4]);
  }, 20_000);

  it('limits one right code by itself, with Retry-After, once more than a room has used it', async () => {
    const own = await createBoard(server.url, { title: 'Crowded' });
    let refused: Response | null = null;
    for (let i = 0; i < 70 && !refused; i++) {
      const res = await fetch(`${server.url}/api/join/${own.joinCode}`);
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(200);
    }
    expect(refused).not.toBeNull();
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});
