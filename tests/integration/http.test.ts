import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedBoard } from '@sessionboard/shared';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

describe('HTTP API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ publicUrl: 'https://boards.example.org' });
  });
  afterAll(async () => server.close());

  it('creates a board with four unguessable keys, a join code and a link per role', async () => {
    const board: CreatedBoard = await createBoard(server.url, { title: 'Sprint 2 mentoring', team: 'Otters' });
    expect(board.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(board.joinCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    const keys = Object.values(board.keys);
    expect(Object.keys(board.keys).sort()).toEqual(['facilitator', 'member', 'mentor', 'projector']);
    expect(new Set(keys).size).toBe(4);
    // 22 base64url characters carry 128 bits.
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(board.links.member).toBe(`https://boards.example.org/b/${board.id}#key=${board.keys.member}`);
    expect(board.links.projector).toBe(`https://boards.example.org/b/${board.id}#key=${board.keys.projector}&view=projector`);
  });

  it('refuses a board without a title with a clear error', async () => {
    for (const body of [{}, { title: '' }, { title: 42 }, { title: 'x'.repeat(500) }]) {
      const res = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('invalid');
      expect(json.error.message).toMatch(/title/);
    }
    const broken = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('invalid');
  });

  it('answers board info by role: all links for the facilitator, fewer for others, 403 for a wrong key', async () => {
    const board = await createBoard(server.url);
    const fac = (await (await fetch(`${server.url}/api/boards/${board.id}/info?key=${board.keys.facilitator}`)).json()) as {
      role: string;
      links: Record<string, string>;
      joinCode: string;
    };
    expect(fac.role).toBe('facilitator');
    expect(Object.keys(fac.links).sort()).toEqual(['facilitator', 'member', 'mentor', 'projector']);
    expect(fac.joinCode).toBe(board.joinCode);
    const member = (await (await fetch(`${server.url}/api/boards/${board.id}/info?key=${board.keys.member}`)).json()) as {
      role: string;
      links: Record<string, string>;
    };
    expect(member.role).toBe('member');
    expect(Object.keys(member.links).sort()).toEqual(['member', 'projector']);
    expect((await fetch(`${server.url}/api/boards/${board.id}/info?key=nope`)).status).toBe(403);
    expect((await fetch(`${server.url}/api/boards/nosuchboard1/info?key=nope`)).status).toBe(404);
  });

  it('serves health and Prometheus metrics', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await metrics.text();
    expect(text).toContain('sessionboard_rooms_live');
    expect(text).toContain('sessionboard_updates_persisted_total');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('answers unknown API routes with JSON 404 and sets security headers', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
