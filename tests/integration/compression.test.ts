/**
 * The built client is sent compressed: the build writes .br and .gz copies (scripts/compress-client.mjs)
 * and the server picks the best one the browser accepts, byte for byte the same file once decoded.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, rawPath: string, acceptEncoding?: string, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const req = http.request(url, { path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressed client files', () => {
  let server: TestServer;
  const script = `console.log(${JSON.stringify('Sessionboard — '.repeat(400))});\n`;
  const page = `<!doctype html><title>Sessionboard</title><main>${'<p>room</p>'.repeat(200)}</main>`;

  beforeAll(async () => {
    const clientDir = tempDataDir();
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), page);
    fs.writeFileSync(path.join(clientDir, 'assets', 'app-1234.js'), script);
    fs.writeFileSync(path.join(clientDir, 'assets', 'tiny.js'), 'x()');
    execFileSync(process.execPath, [path.resolve('scripts/compress-client.mjs'), clientDir]);
    server = await startServer({ clientDir });
  });
  afterAll(async () => server.close());

  it('sends Brotli when accepted, else gzip, else the file itself; every one decodes to the same bytes', async () => {
    const br = await get(server.url, '/assets/app-1234.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toMatch(/immutable/);
    expect(br.body.length).toBeLessThan(script.length / 5);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(script);

    const gz = await get(server.url, '/assets/app-1234.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);

    for (const refused of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get(server.url, '/assets/app-1234.js', refused);
      expect(plain.headers['content-encoding'], String(refused)).toBeUndefined();
      expect(plain.body.toString()).toBe(script);
    }
    const head = await get(server.url, '/assets/app-1234.js', 'br', 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });

  it('compresses the pages too, and leaves tiny files and unknown paths alone', async () => {
    for (const p of ['/', '/join/ABCDEF', '/b/someBoard123', '/w/someWorkshop1']) {
      const res = await get(server.url, p, 'br');
      expect(res.status, p).toBe(200);
      expect(res.headers['content-encoding'], p).toBe('br');
      expect(res.headers['cache-control'], p).toBe('no-cache');
      expect(zlib.brotliDecompressSync(res.body).toString()).toBe(page);
    }
    const tiny = await get(server.url, '/assets/tiny.js', 'br');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('x()');
    expect((await get(server.url, '/assets/nope.js', 'br')).status).toBe(404);
    expect((await get(server.url, '/assets/..%2f..%2fpackage.json', 'br')).status).not.toBe(200);
  });
});
