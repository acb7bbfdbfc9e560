import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

/** GET `rawPath` exactly as written (fetch would normalise dots and escapes first). */
function get(url: string, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { path: rawPath, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static client paths', () => {
  let server: TestServer;

  beforeAll(async () => {
    const clientDir = tempDataDir();
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startServer({ clientDir });
  });
  afterAll(async () => server.close());

  it('serves the client, and answers malformed or encoded paths with 400/403/404, never 500', async () => {
    expect(await get(server.url, '/assets/app.js')).toBe(200);
    expect(await get(server.url, '/')).toBe(200);
    for (const p of ['/assets/..%2f', '/assets/..%2findex.html', '/assets/%2e%2e/index.html', '/assets/%', '/assets/%E0%A4%A', '/assets/nope.js', '/assets/..%5c..%5cetc', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%00']) {
      const status = await get(server.url, p);
      expect([400, 403, 404], `${p} answered ${status}`).toContain(status);
    }
  });
});
