import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configFromEnv } from '../../server/src/config.ts';
import { parseTrustProxy } from '../../server/src/security/clientAddress.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Service {
  build?: string;
  image?: string;
  profiles?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}

interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

function readCompose(): Compose {
  return parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
}

/** A value as Compose passes it when no variable is set: `${NAME:-default}` becomes `default`. */
function interpolated(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
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
  const compose = readCompose();
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

  it('runs only this one SQLite process on a plain `docker compose up` (everything else is in the scale profile)', () => {
    expect(service.profiles).toBeUndefined();
    expect(service.environment?.DATABASE_URL).toBeUndefined();
    expect(service.environment?.REDIS_URL).toBeUndefined();
    for (const [name, other] of Object.entries(compose.services)) {
      if (name !== 'sessionboard') expect(other.profiles, `${name} would start on a plain docker compose up`).toEqual(['scale']);
    }
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

/** deploy/haproxy.cfg as sections of directive lines, comments left out. */
function haproxySections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (/^\S/.test(raw)) {
      current = [];
      sections.set(line, current);
    } else current.push(line.replace(/\s+/g, ' '));
  }
  return sections;
}

/** An HAProxy time ("5s", "1h", "60000" ms) in milliseconds. */
function haproxyMs(value: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m|h|d)?$/.exec(value) ?? [];
  const scale: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(n) * scale[unit ?? 'ms']!;
}

describe('docker-compose.yml, profile scale: several processes behind a balancer', () => {
  const compose = readCompose();
  const services = compose.services;
  const apps = Object.entries(services).filter(([, s]) => s.environment?.REDIS_URL !== undefined);
  const appNames = apps.map(([name]) => name);
  const balancer = services.balancer as Service;
  const cfgPath = path.join(ROOT, 'deploy/haproxy.cfg');
  const cfg = haproxySections(fs.existsSync(cfgPath) ? fs.readFileSync(cfgPath, 'utf8') : '');
  const defaults = cfg.get('defaults') ?? [];
  const backendName = [...cfg.keys()].find((k) => k.startsWith('backend ')) ?? '';
  const backend = cfg.get(backendName) ?? [];
  const frontend = [...cfg.entries()].find(([k]) => k.startsWith('frontend '))?.[1] ?? [];

  it('runs PostgreSQL and Redis with health checks, PostgreSQL on a volume', () => {
    const postgres = services.postgres as Service;
    expect(postgres.image).toBe('postgres:16');
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(postgres.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data') && v.split(':')[0]! in compose.volumes)).toBe(true);
    const redis = services.redis as Service;
    expect(redis.image).toBe('redis:7');
    expect(redis.healthcheck?.test.join(' ')).toContain('redis-cli ping');
  });

  it('runs two or more app processes of this image on the compose PostgreSQL and Redis', () => {
    expect(appNames.length).toBeGreaterThanOrEqual(2);
    const postgresEnv = (services.postgres as Service).environment ?? {};
    const reads = variablesTheServerReads();
    for (const [name, app] of apps) {
      expect(app.build, name).toBe('.');
      expect(app.image, name).toMatch(/^sessionboard:/);
      const env = app.environment ?? {};
      for (const key of Object.keys(env)) expect(reads, `${name}: ${key} is not read by the server`).toContain(key);
      const db = new URL(interpolated(env.DATABASE_URL ?? ''));
      expect(db.protocol).toBe('postgres:');
      expect(db.hostname).toBe('postgres');
      expect(db.port).toBe('5432');
      expect(db.username).toBe(postgresEnv.POSTGRES_USER);
      expect(db.password).toBe(interpolated(postgresEnv.POSTGRES_PASSWORD ?? ''));
      expect(db.pathname).toBe(`/${postgresEnv.POSTGRES_DB}`);
      const redis = new URL(env.REDIS_URL ?? '');
      expect(redis.protocol).toBe('redis:');
      expect(redis.hostname).toBe('redis');
      expect(redis.port).toBe('6379');
      // Exactly one proxy in front: the balancer's X-Forwarded-For entry is the client, a client's own is not.
      expect(parseTrustProxy(env.TRUST_PROXY)).toBe(1);
      // The links handed out name the balancer.
      expect(new URL(interpolated(env.PUBLIC_URL ?? '')).port).toBe(balancer.ports?.[0]?.split(':')[0]);
      expect(app.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(app.depends_on?.redis?.condition).toBe('service_healthy');
      expect(app.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${env.PORT}/healthz`);
      // Reached only through the balancer.
      expect(app.ports, name).toBeUndefined();
    }
  });

  it('puts HAProxy in front with the repository\'s config, once every app process is healthy', () => {
    expect(balancer.image).toBe('haproxy:2.9');
    expect(balancer.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    expect(fs.existsSync(cfgPath)).toBe(true);
    for (const name of appNames) expect(balancer.depends_on?.[name]?.condition, name).toBe('service_healthy');
    const [published, inside] = (balancer.ports?.[0] ?? '').split(':');
    expect(published).toBeTruthy();
    expect(frontend).toContain(`bind :${inside}`);
  });

  it('balances to every app process and only to them, each checked on /healthz (a 503 takes it out)', () => {
    const servers = backend.filter((l) => l.startsWith('server '));
    expect(servers.map((l) => l.split(' ')[1]).sort()).toEqual([...appNames].sort());
    for (const [name, app] of apps) {
      const line = servers.find((l) => l.split(' ')[1] === name) ?? '';
      expect(line.split(' ')[2]).toBe(`${name}:${app.environment?.PORT}`);
      expect(line, name).toMatch(/ cookie \S+/);
    }
    const checked = backend.some((l) => l.startsWith('default-server ') && / check( |$)/.test(l)) || servers.every((l) => / check( |$)/.test(l));
    expect(checked).toBe(true);
    expect(backend).toContain('option httpchk');
    expect(backend).toContain('http-check send meth GET uri /healthz');
    expect(backend).toContain('http-check expect status 200');
  });

  it('keeps a browser on one process by a cookie (Socket.IO long-polling needs it) and passes X-Forwarded-For', () => {
    expect(backend.some((l) => /^cookie \S+ insert( |$)/.test(l))).toBe(true);
    const cookies = backend.filter((l) => l.startsWith('server ')).map((l) => / cookie (\S+)/.exec(l)?.[1]);
    expect(new Set(cookies).size).toBe(cookies.length);
    expect([...defaults, ...backend, ...frontend]).toContain('option forwardfor');
  });

  it('lets WebSockets stay open for long, and a long-poll outlast the server\'s ping interval', () => {
    const timeout = (name: string): number => haproxyMs(defaults.find((l) => l.startsWith(`timeout ${name} `))?.split(' ')[2] ?? '0');
    expect(timeout('tunnel')).toBeGreaterThanOrEqual(3_600_000);
    // A polling GET is held up to pingInterval (20 s); with pingTimeout (20 s) on top, still inside (realtime/gateway.ts).
    expect(timeout('client')).toBeGreaterThan(40_000);
    expect(timeout('server')).toBeGreaterThan(40_000);
  });
});

describe('the image', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage with npm ci and runs in another as a user that is not root', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/^RUN npm ci$/m);
    const runtime = stages.at(-1)!;
    // The runtime stage takes only what the build stage made, never the build context.
    for (const copy of runtime.match(/^COPY .*/gm) ?? []) expect(copy).toContain('--from=build');
    const user = [...runtime.matchAll(/^USER (\S+)/gm)].at(-1)?.[1];
    expect(user).toBeTruthy();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
  });

  it('never sends the host\'s installs or data to the build (.dockerignore)', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', '**/node_modules', 'data']) expect(ignored).toContain(entry);
  });
});
