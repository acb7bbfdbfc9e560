import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The Redis tests use REDIS_URL, else TEST_REDIS_URL, else the Redis every machine of this project
 * runs (127.0.0.1:6379). Each test keeps its keys under a prefix of its own (freshPrefix), removed
 * afterwards (dropPrefix), so tests never see each other's counters.
 */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The Redis the tests use. */
export function redisUrl(): string {
  return TEST_REDIS_URL;
}

/** A client of the test Redis that gives up fast (a missing Redis fails in one line, not after retries). */
export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null });
}

/**
 * Whether the Redis suites run: always under CI=true (a missing Redis is then a failure), and
 * elsewhere when a Redis answers; when none does, one line says which suite did not run and how.
 */
export async function redisSuiteRuns(suite: string): Promise<boolean> {
  if (process.env.CI === 'true') return true;
  const client = testRedis();
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    console.warn(`${suite}: not run, no Redis at ${TEST_REDIS_URL}. Start one (or set TEST_REDIS_URL) to run it.`);
    return false;
  } finally {
    client.disconnect();
  }
}

/** A fresh key prefix (`t:` and random hex), so a test's keys are its own. */
export function freshPrefix(): string {
  return `t:${randomBytes(6).toString('hex')}`;
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

/** Fails at once, in one clear line, when no Redis answers at TEST_REDIS_URL. */
export async function requireRedis(): Promise<void> {
  const client = testRedis();
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`The Redis tests need a Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL to use another): ${(err as Error).message}`, { cause: err });
  } finally {
    client.disconnect();
  }
}
