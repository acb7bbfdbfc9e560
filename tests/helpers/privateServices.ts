import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A Redis and a PostgreSQL of a test's own, on free loopback ports, that the test may kill and start
 * again: the machine's own services are shared with everyone else's tests and are never touched.
 * Redis is `redis-server` from PATH (REDIS_SERVER to name another); PostgreSQL's `initdb`, `pg_ctl`
 * and `postgres` come from PG_BIN (default /usr/lib/postgresql/15/bin). initdb refuses to run as root,
 * so as root the cluster is made and run as the `postgres` OS user (`runuser -u postgres --`).
 */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PG_OS_USER = 'postgres';
const asRoot = process.getuid?.() === 0;

/**
 * Everything started here and not yet stopped. A suite's afterAll calls stopPrivateServices(), which
 * also catches what a half-failed start never handed to the test; the exit hook is the last resort.
 */
const alive = new Set<{ stopNow(): void }>();
process.once('exit', () => stopPrivateServices());

/** Kills every private Redis and removes every private PostgreSQL this process started and has not stopped. */
export function stopPrivateServices(): void {
  for (const s of [...alive]) s.stopNow();
  alive.clear();
}

function onPath(bin: string): boolean {
  if (bin.includes('/')) return fs.existsSync(bin);
  return (process.env.PATH ?? '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, bin)));
}

/** What is missing to start private services (one phrase), or null when nothing is. */
export function privateServicesMissing(): string | null {
  const missing: string[] = [];
  if (!onPath(REDIS_SERVER)) missing.push(`${REDIS_SERVER} (on PATH, or set REDIS_SERVER)`);
  const pgMissing = ['initdb', 'pg_ctl', 'postgres'].filter((bin) => !fs.existsSync(path.join(PG_BIN, bin)));
  if (pgMissing.length > 0) missing.push(`${pgMissing.join(', ')} in ${PG_BIN} (set PG_BIN to PostgreSQL's bin folder)`);
  if (asRoot && !onPath('runuser')) missing.push('runuser (to run initdb as the postgres user, since it refuses root)');
  if (asRoot && spawnSync('id', ['-u', PG_OS_USER]).status !== 0) missing.push(`an OS user "${PG_OS_USER}" (initdb refuses root)`);
  return missing.length > 0 ? missing.join(', ') : null;
}

/**
 * Whether a suite that restarts its own Redis and PostgreSQL runs: always under CI=true (a missing
 * binary then fails it, when it starts them), elsewhere when the binaries are here; when they are not,
 * one line says which suite did not run, what is missing and how to run it.
 */
export function privateServicesSuiteRuns(suite: string): boolean {
  if (process.env.CI === 'true') return true;
  const missing = privateServicesMissing();
  if (missing === null) return true;
  console.warn(`${suite}: not run, it starts and kills a Redis and a PostgreSQL of its own and needs ${missing}. Install redis-server and PostgreSQL's server binaries to run it.`);
  return false;
}

/** Fails in one clear line when something private services need is missing (under CI=true, say). */
export function requirePrivateServices(suite: string): void {
  const missing = privateServicesMissing();
  if (missing !== null) throw new Error(`${suite} starts and kills a Redis and a PostgreSQL of its own and needs ${missing}.`);
}

/** A TCP port nobody listens on now (the OS's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`; throws after `ms`. */
async function untilListening(port: number, what: string, ms: number, died?: () => string | null): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    const why = died?.();
    if (why) throw new Error(`${what} did not start: ${why}`);
    if (Date.now() > deadline) throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A `redis-server` child process on a port of its own, nothing persisted; kill() it and start() it again on the same port. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private output = '';
  private readonly handle = {
    stopNow: () => {
      this.child?.kill('SIGKILL');
      this.child = null;
    },
  };

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again) on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.child) throw new Error('this Redis is already running');
    this.output = '';
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    alive.add(this.handle);
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => (this.output += d.toString()));
    let spawnError: Error | null = null;
    child.once('error', (err) => (spawnError = err));
    await untilListening(this.port, `redis-server on port ${this.port}`, 10_000, () =>
      spawnError ? spawnError.message : child.exitCode !== null ? `exited with ${child.exitCode}: ${this.output.trim()}` : null,
    );
  }

  /** SIGKILL, as a crash would; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    alive.delete(this.handle);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  stop(): Promise<void> {
    return this.kill();
  }
}

/** A PostgreSQL cluster of its own in a temporary folder (initdb), on a port of its own; stop() and start() it as often as a test likes. */
export class PrivatePostgres {
  private running = false;
  private readonly handle = { stopNow: () => this.stopNowSync() };

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly settings: Record<string, string>,
  ) {}

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  /** Makes the cluster (initdb, trust auth on loopback) and starts it; `settings` go to the server as `-c name=value`. */
  static async create(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionboard-pg-'));
    const pg = new PrivatePostgres(dir, await freePort(), settings);
    alive.add(pg.handle);
    try {
      if (asRoot) fs.chownSync(dir, Number(spawnSync('id', ['-u', PG_OS_USER]).stdout), Number(spawnSync('id', ['-g', PG_OS_USER]).stdout));
      // --no-sync: nobody needs this cluster to survive a power cut.
      await pg.run('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
      await pg.start();
    } catch (err) {
      await pg.destroy();
      throw err;
    }
    return pg;
  }

  /** The URL of its `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the server (again) on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    // fsync off: an immediate stop is a crash of PostgreSQL, not of the machine; the WAL it wrote is in
    // the OS's cache and replayed at the next start, so what was committed survives as it would with fsync.
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=50${Object.entries(this.settings)
      .map(([k, v]) => ` -c ${k}=${v}`)
      .join('')}`;
    await this.run('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'log'), '-o', options, '-w', '-t', '30', 'start']);
    this.running = true;
    await untilListening(this.port, `PostgreSQL on port ${this.port}`, 10_000);
  }

  /** `pg_ctl stop -m immediate`: every backend ends at once, without a checkpoint (crash recovery at the next start). */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    if (!this.running) return;
    await this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
    this.running = false;
  }

  /** Stops it and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => this.stopNowSync());
    fs.rmSync(this.dir, { recursive: true, force: true });
    alive.delete(this.handle);
  }

  /** What it logged (for a failing test's message). */
  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  private command(bin: string, args: string[]): [string, string[]] {
    const file = path.join(PG_BIN, bin);
    return asRoot ? ['runuser', ['-u', PG_OS_USER, '--', file, ...args]] : [file, args];
  }

  private run(bin: string, args: string[]): Promise<void> {
    const [file, argv] = this.command(bin, args);
    return new Promise((resolve, reject) => {
      // pg_ctl's server inherits these pipes: ignore them rather than hold the test's output open.
      const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: this.dir });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} failed (${code}): ${output.trim()}\n${this.log()}`))));
    });
  }

  private stopNowSync(): void {
    if (fs.existsSync(this.data)) {
      const [file, argv] = this.command('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
      spawnSync(file, argv, { stdio: 'ignore' });
    }
    this.running = false;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
