import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';

/** The Redis the scale-out tests use: REDIS_URL (`.ci/run` sets it), else TEST_REDIS_URL, else the one every machine of this project runs. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisUrl(): string {
  return TEST_REDIS_URL;
}

/** A key prefix of its own for one test (its keys are then its own; dropPrefix removes them). */
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

/** A client of the test Redis that gives up fast (a missing Redis fails in one line, not after retries). */
export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null });
}

/** Fails at once, in one clear line, when no Redis answers at TEST_REDIS_URL (under CI=true, say). */
export async function requireRedis(): Promise<void> {
  const client = testRedis();
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`The Redis tests need a Redis at ${TEST_REDIS_URL} (set REDIS_URL to use another): ${(err as Error).message}`, { cause: err });
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const client = testRedis();
  await client.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
