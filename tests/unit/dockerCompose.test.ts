import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configFromEnv } from '../../server/src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Service {
  build?: string;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
}

/** The environment variables the server really reads, found by watching configFromEnv read them. */
function variablesTheServerReads(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get(_target, key) {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  configFromEnv(env);
  return read;
}

describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const service = compose.services.sessionboard as Service;
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('builds this repository into a named image', () => {
    expect(service.build).toBe('.');
    expect(service.image).toMatch(/^sessionboard:/);
    // The image runs what `npm start` runs: the bundle `npm run build` writes.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toBe('node --enable-source-maps server/dist/index.mjs');
    expect(dockerfile).toContain('CMD ["node", "--enable-source-maps", "server/dist/index.mjs"]');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(pkg.scripts.build).toContain('node scripts/build-server.mjs');
    expect(fs.readFileSync(path.join(ROOT, 'scripts/build-server.mjs'), 'utf8')).toContain("'server/dist/index.mjs'");
  });

  it('only sets environment variables the server reads, including the documented ones', () => {
    const reads = variablesTheServerReads();
    for (const name of ['PORT', 'HOST', 'DATA_DIR', 'PUBLIC_URL', 'DATABASE_URL', 'REDIS_URL']) expect(reads).toContain(name);
    for (const name of Object.keys(service.environment ?? {})) expect(reads, `${name} is not read by the server`).toContain(name);
  });

  it('publishes the port the server listens on', () => {
    const port = service.environment?.PORT ?? String(configFromEnv({}).port);
    expect(service.ports).toContain(`${port}:${port}`);
    expect(dockerfile).toContain(`EXPOSE ${port}`);
    expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/healthz`);
  });

  it('keeps the data directory on a named volume', () => {
    const dataDir = service.environment?.DATA_DIR;
    expect(dataDir).toBe('/data');
    expect(service.volumes).toContain(`sessionboard-data:${dataDir}`);
    expect(Object.keys(compose.volumes)).toContain('sessionboard-data');
    expect(configFromEnv({ DATA_DIR: dataDir }).dataDir).toBe('/data');
  });
});
