import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** How to start the server: from source through tsx, or as `npm start` runs it, from the built bundle. */
const ENTRIES = {
  source: ['--import', 'tsx', 'server/src/index.ts'],
  bundle: ['--enable-source-maps', 'server/dist/index.mjs'],
} as const;

/** The server as a separate process, so a test can kill it. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Milliseconds from spawn to "listening". */
  startMs: number;
  output: string[];
}

/**
 * This process's environment without the store settings: `.ci/run` exports DATABASE_URL for the
 * PostgreSQL suites, and a server spawned for another test must use the store that test asks for
 * (SQLite in its DATA_DIR unless it passes DATABASE_URL itself).
 */
export function storeFreeEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, DATABASE_SCHEMA: _s, REDIS_URL: _r, ...rest } = process.env;
  return rest;
}

/**
 * Spawns the server on a free port with `env`; resolves when it logs that it listens. `nodeArgs` go to
 * node before the entry (`--cpu-prof`, which NODE_OPTIONS may not carry).
 */
export function spawnServer(env: Record<string, string>, entry: keyof typeof ENTRIES = 'source', nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...ENTRIES[entry]], {
    cwd: ROOT,
    env: { ...storeFreeEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind the failed test.
      child.kill('SIGKILL');
      reject(new Error(`server did not start (never logged "listening"):\n${output.join('')}`));
    }, 20_000);
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      output.push(d.toString());
      for (const line of d.toString().split('\n')) {
        if (!line.includes('listening')) continue;
        const { port } = JSON.parse(line) as { port: number };
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, port, startMs: performance.now() - started, output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('')}`));
    });
  });
}

/** Waits for a spawned server to exit and returns its exit code or signal. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}
