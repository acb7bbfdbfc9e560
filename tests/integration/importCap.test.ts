import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJsonExport } from '@sessionboard/shared';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { sampleInput } from '../fixtures/sampleBoard.ts';

/** A board export of about 300 KB: the sample board's cards, many times over, with long texts. */
function bigExport(): string {
  const data = toJsonExport(sampleInput());
  const cards = [];
  for (let i = 0; i < 150; i++) {
    for (const c of data.cards.slice(0, 1)) cards.push({ ...c, id: `${c.id}-${i}`, text: `${i} `.padEnd(1900, 'x'), links: [] });
  }
  return JSON.stringify({ ...data, cards });
}

const post = (url: string, body: string) => fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('board imports per address', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ importBytesPerMinute: 1024 * 1024 });
  });
  afterAll(async () => server.close());

  it('are capped by bytes per minute with 429 and Retry-After, while plain creations carry on', async () => {
    const body = bigExport();
    expect(body.length).toBeGreaterThan(250_000);
    expect(body.length).toBeLessThan(350_000);
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await post(server.url, body);
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
      else await res.arrayBuffer();
    }
    // 1 MB a minute holds three imports of about 300 KB.
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const json = (await refused?.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('rate_limited');
    expect(json.error.message).toMatch(/import/);
    expect((await post(server.url, JSON.stringify({ title: 'Plain one' }))).status).toBe(201);
  });
});
