import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { percentile } from './stats.ts';

/** Timed round trips of each kind, how far apart (about A's pace for one board), and the untimed ones before them (a fresh process's first round trips are its JIT warming up: p99 3 ms cold, 0.6 ms warm here). */
export const FLOOR_SAMPLES = 1500;
export const FLOOR_GAP_MS = 2;
export const FLOOR_WARM_UP = 1000;

/** p50 and p99 of one kind of round trip, in ms. */
export interface HopLatency {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

/**
 * What a delivery through the bus waits for besides our code, measured on this machine at the time of
 * the run: one PostgreSQL append (the store's own appendUpdates, synchronous_commit off) and one Redis
 * pub/sub hop, each alone, from a process pinned to the (first) servers' core.
 */
export interface HopFloor {
  postgresAppend: HopLatency;
  redisHop: HopLatency;
}

export function hopLatency(ms: number[]): HopLatency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), samples: sorted.length };
}

/** Runs `main/hopFloorMain.ts` on `core`; null (with the reason on stderr) when it fails. */
export function measureHopFloor(databaseUrl: string, redisUrl: string, core: string): HopFloor | null {
  const main = path.join(import.meta.dirname, 'main', 'hopFloorMain.ts');
  const r = spawnSync('taskset', ['-c', core, process.execPath, '--import', 'tsx', main], {
    env: { ...process.env, FLOOR_DATABASE_URL: databaseUrl, FLOOR_REDIS_URL: redisUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) {
    console.warn(`bench: could not measure the PostgreSQL and Redis round trips: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
    return null;
  }
  return JSON.parse(r.stdout) as HopFloor;
}
