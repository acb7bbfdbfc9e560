import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

interface Answer {
  status: number;
  body: string;
}

/** One request over a fresh connection, any method with any body (fetch sends no body with GET). */
function request(url: string, method: string, path: string, body: string | Buffer, type = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method, headers: { 'content-type': type, 'content-length': Buffer.byteLength(body), connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer and close before it has read a large body; the answer is what counts.
    req.on('error', (err) => (req.writableEnded ? undefined : reject(err)));
    req.end(body);
  });
}

const errorCode = (a: Answer) => (JSON.parse(a.body) as { error: { code: string; message: string } }).error;

/** 3 MB that is not JSON: a route that parsed it would answer 400 invalid. */
const junk = '{' + 'x'.repeat(3 * 1024 * 1024);

describe('request bodies', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ createBurst: 3, createPerSecond: 0.001 });
  });
  afterAll(async () => server.close());

  it('are never parsed by /healthz, GET routes or unknown routes', async () => {
    expect((await request(server.url, 'GET', '/healthz', junk)).status).toBe(200);
    const info = await request(server.url, 'GET', '/api/boards/nosuchboard1/info?key=k', junk);
    expect(info.status).toBe(404);
    expect(errorCode(info).code).toBe('board_not_found');
    const join = await request(server.url, 'GET', '/api/join/ABCDEF', junk);
    expect(join.status).toBe(404);
    const unknown = await request(server.url, 'POST', '/api/nothing-here', junk);
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown).message).toBe('No such API route.');
  });

  it('refuses an over-limit body with 413 too_large and a message saying the limit', async () => {
    const huge = await request(server.url, 'POST', '/api/boards', JSON.stringify({ format: 'sessionboard.board', pad: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(errorCode(huge).code).toBe('too_large');
    expect(errorCode(huge).message).toMatch(/4 MB/);
    // A plain creation is small: only a board export may be large.
    const padded = await request(server.url, 'POST', '/api/boards', JSON.stringify({ title: 'Padded', team: 'x', pad: 'y'.repeat(100_000) }));
    expect(padded.status).toBe(413);
    expect(errorCode(padded).code).toBe('too_large');
    expect(errorCode(padded).message).toMatch(/16 KB/);
  });

  it('are parsed only after the rate limit', async () => {
    // The burst of 3 is spent by the two requests above and this one; the next is refused unread.
    expect((await request(server.url, 'POST', '/api/boards', JSON.stringify({ title: 'Third' }))).status).toBe(201);
    const refused = await request(server.url, 'POST', '/api/boards', junk);
    expect(refused.status).toBe(429);
    expect(errorCode(refused).code).toBe('rate_limited');
  });
});
