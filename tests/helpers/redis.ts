import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** The Redis the scale-out tests use: REDIS_URL (`.ci/run` sets it), else the one every machine of this project runs. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisUrl(): string {
  return TEST_REDIS_URL;
}

/** A key prefix of its own for one test. */
export function freshPrefix(): string {
  return `t${randomBytes(6).toString('hex')}:`;
}

/** Whether something accepts a TCP connection at the Redis URL's host and port within `ms`. */
export function redisReachable(url: string, ms = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a Redis suite runs: always under CI=true (a missing Redis is then a failure), and elsewhere
 * when a Redis answers; when none does, one line says which suite did not run and how.
 */
export async function redisSuiteRuns(suite: string): Promise<boolean> {
  if (process.env.CI === 'true') return true;
  if (await redisReachable(TEST_REDIS_URL)) return true;
  console.warn(`${suite}: not run, no Redis at ${TEST_REDIS_URL}. Start one (or set REDIS_URL) to run it.`);
  return false;
}
