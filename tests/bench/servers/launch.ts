import { spawn } from 'node:child_process';
import { storeFreeEnv } from '../../helpers/spawnServer.ts';
import { DEFAULT_CORES, serverCore } from '../cores.ts';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitHttpOk } from './freePort.ts';

/** The repository root: servers run from here. */
export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Extra Node flags (for example `--cpu-prof`), environment and core (default: the first server core) for a server process. */
export interface LaunchOptions {
  nodeFlags?: string[];
  env?: Record<string, string>;
  core?: string;
}

/** How to tell that a server is up: a stdout line that yields its port, or a URL that answers 200 on a known port. */
export type Readiness = { portFrom: (line: string) => number | null } | { port: number; url: string };

/** A started server process and its port. */
export interface Launched {
  child: ChildProcess;
  port: number;
}

/** Spawns `node [flags] ...args` pinned to its core with `taskset`; resolves once it is ready. */
export function launch(args: string[], options: LaunchOptions, readiness: Readiness): Promise<Launched> {
  const core = options.core ?? serverCore(DEFAULT_CORES, 0);
  const child = spawn('taskset', ['-c', core, process.execPath, ...(options.nodeFlags ?? []), ...args], {
    cwd: ROOT,
    env: { ...storeFreeEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.length < 200 && output.push(d.toString()));
  // BENCH_SERVER_OUTPUT=1: the servers' own output (warnings and errors at LOG_LEVEL=warn) on this console.
  if (process.env.BENCH_SERVER_OUTPUT === '1') {
    child.stdout?.on('data', (d: Buffer) => process.stdout.write(`[server ${child.pid}] ${d.toString()}`));
    child.stderr?.on('data', (d: Buffer) => process.stdout.write(`[server ${child.pid}] ${d.toString()}`));
  }
  return new Promise<Launched>((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${why}: ${args.join(' ')}\n${output.join('').slice(-4000)}`));
    };
    const timer = setTimeout(() => fail('server did not start in 30 s'), 30_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${args.join(' ')}\n${output.join('').slice(-4000)}`));
    };
    child.once('exit', onExit);
    const ready = (port: number) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, port });
    };
    if ('url' in readiness) {
      child.stdout?.on('data', (d: Buffer) => output.length < 200 && output.push(d.toString()));
      waitHttpOk(readiness.url).then(
        () => ready(readiness.port),
        (err: Error) => fail(err.message),
      );
      return;
    }
    let found = false;
    child.stdout?.on('data', (d: Buffer) => {
      const text = d.toString();
      if (output.length < 200) output.push(text);
      if (found) return;
      for (const line of text.split('\n')) {
        const port = readiness.portFrom(line);
        if (port === null) continue;
        found = true;
        ready(port);
        return;
      }
    });
  });
}

/** The port in a JSON log line such as `{"listening":true,"port":1234}`. */
export function jsonPort(line: string): number | null {
  if (!line.startsWith('{') || !line.includes('"port"')) return null;
  try {
    const port = (JSON.parse(line) as { port?: unknown }).port;
    return typeof port === 'number' ? port : null;
  } catch {
    return null;
  }
}

/** Stops a server process: SIGTERM, then SIGKILL after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The pid of the Node process itself: `taskset -c N node …` execs node in place, so the child's pid
 * is node's; /proc/PID/comm tells.
 */
export function serverPid(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('server process has no pid');
  return child.pid;
}
