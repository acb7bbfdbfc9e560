import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { FailureBackoff } from './FailureBackoff.ts';
import { RateLimiter } from './RateLimiter.ts';

/** What a limiter answers: whether the take passed, and (when it did not) what a 429's Retry-After says. */
export interface Verdict {
  ok: boolean;
  /** Whole seconds, at least 1. */
  retryAfterSeconds: number;
}

/**
 * A budget per key (an address, a join code): `take` spends `cost` (default one) or refuses. It never
 * rejects: a store that fails is handled inside (see RedisLimiter), so callers need no catch.
 */
export interface Limiter {
  take(key: string, cost?: number): Promise<Verdict>;
}

/** Wrong guesses per key with a growing backoff (FailureBackoff's contract, asynchronously). */
export interface WrongGuesses {
  /** Seconds `key` must still wait before a look-up, or 0 when it may look up now. */
  waitSeconds(key: string): Promise<number>;
  /** Records a wrong guess by `key`. */
  fail(key: string): Promise<void>;
}

/** Makes the limiters of one server: in memory (one process), or shared by every process through Redis. */
export interface Limiters {
  /** A budget of `burst`, refilled at `perSecond`; `name` keeps its keys apart from the other limiters'. */
  limiter(name: string, burst: number, perSecond: number): Limiter;
  wrongGuesses(name: string, allowance: number, perSecond: number): WrongGuesses;
  /** Resolves once the limits count where they should (Redis connected), or after `timeoutMs` regardless. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** One process's token bucket (RateLimiter), behind the asynchronous interface. */
export class MemoryLimiter implements Limiter {
  private readonly bucket: RateLimiter;

  constructor(burst: number, perSecond: number, now: () => number = Date.now) {
    this.bucket = new RateLimiter(burst, perSecond, now);
  }

  take(key: string, cost = 1): Promise<Verdict> {
    const ok = this.bucket.take(key, cost);
    return Promise.resolve({ ok, retryAfterSeconds: ok ? 1 : this.bucket.retryAfterSeconds(key, cost) });
  }
}

/** One process's FailureBackoff, behind the asynchronous interface. */
export class MemoryWrongGuesses implements WrongGuesses {
  private readonly backoff: FailureBackoff;

  constructor(allowance: number, perSecond: number, now: () => number = Date.now) {
    this.backoff = new FailureBackoff(allowance, perSecond, now);
  }

  waitSeconds(key: string): Promise<number> {
    return Promise.resolve(this.backoff.waitSeconds(key));
  }

  fail(key: string): Promise<void> {
    this.backoff.fail(key);
    return Promise.resolve();
  }
}

export function memoryLimiters(): Limiters {
  return {
    limiter: (_name, burst, perSecond) => new MemoryLimiter(burst, perSecond),
    wrongGuesses: (_name, allowance, perSecond) => new MemoryWrongGuesses(allowance, perSecond),
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Seconds a budget of `burst` takes to refill at `perSecond`: the window of its Redis counter (0: never resets). */
function windowSeconds(burst: number, perSecond: number): number {
  return perSecond > 0 ? Math.max(1, Math.ceil(burst / perSecond)) : 0;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * A budget shared by every process through Redis (rate-limiter-flexible's RateLimiterRedis): `burst`
 * takes per window of burst/perSecond seconds, one atomic counter per key. The token bucket of one
 * process refills gradually; this window refills at once when it ends: the same burst and long-run rate.
 *
 * While Redis does not answer, each process counts alone in memory (the insurance limiter, the same
 * budget), so an outage neither opens the limits nor refuses everyone; it multiplies them by the number
 * of processes until Redis is back. Anything else that fails is logged and refused (Retry-After 1 s).
 */
export class RedisLimiter implements Limiter {
  private readonly counter: RateLimiterRedis;

  constructor(
    client: Redis,
    keyPrefix: string,
    private readonly burst: number,
    perSecond: number,
    private readonly logger?: Logger,
  ) {
    const options = { points: Math.max(1, burst), duration: windowSeconds(burst, perSecond) };
    this.counter = new RateLimiterRedis({
      ...options,
      storeClient: client,
      keyPrefix,
      // Refuse at once (to the insurance limiter) instead of queueing behind a reconnect.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix }),
    });
  }

  async take(key: string, cost = 1): Promise<Verdict> {
    try {
      await this.counter.consume(key, Math.max(1, Math.min(cost, this.burst)));
      return { ok: true, retryAfterSeconds: 1 };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: err.msBeforeNext > 0 ? seconds(err.msBeforeNext) : 3600 };
      this.logger?.error({ err }, 'rate limit not checked; refused');
      return { ok: false, retryAfterSeconds: 1 };
    }
  }
}

const MAX_WAIT_SECONDS = 15 * 60;

/**
 * FailureBackoff shared through Redis: `allowance` wrong guesses per window of allowance/perSecond
 * seconds are free; each one past it blocks the key for 1 s, then 2, 4, 8 s ... (at most 15 min). The
 * strikes start over with the next window. Waiting is not a wrong guess. While Redis does not answer,
 * this process's own FailureBackoff counts (as RedisLimiter's insurance does).
 */
export class RedisWrongGuesses implements WrongGuesses {
  private readonly debt: RateLimiterRedis;
  private readonly strikes: RateLimiterRedis;
  private readonly blocks: RateLimiterRedis;
  private readonly local: MemoryWrongGuesses;

  constructor(client: Redis, keyPrefix: string, allowance: number, perSecond: number, private readonly logger?: Logger) {
    const store = (name: string, points: number, duration: number): RateLimiterRedis =>
      new RateLimiterRedis({ storeClient: client, keyPrefix: `${keyPrefix}:${name}`, points, duration, rejectIfRedisNotReady: true });
    const window = windowSeconds(Math.max(1, allowance), perSecond);
    this.debt = store('debt', Math.max(1, allowance), window);
    this.strikes = store('strikes', 1_000_000, window === 0 ? 0 : window + MAX_WAIT_SECONDS);
    this.blocks = store('block', 1, MAX_WAIT_SECONDS);
    this.local = new MemoryWrongGuesses(allowance, perSecond);
  }

  async waitSeconds(key: string): Promise<number> {
    try {
      // A block is stored as one point more than the budget of one.
      const blocked = await this.blocks.get(key);
      return blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0 ? seconds(blocked.msBeforeNext) : 0;
    } catch (err) {
      this.logger?.debug({ err }, 'wrong-guess backoff checked in this process only');
      return this.local.waitSeconds(key);
    }
  }

  async fail(key: string): Promise<void> {
    try {
      const within = await this.debt.consume(key).catch((res: unknown) => {
        if (res instanceof RateLimiterRes) return null;
        throw res;
      });
      if (within) {
        // A new window: the backoff starts over.
        if (within.isFirstInDuration) await this.strikes.delete(key);
        return;
      }
      const { consumedPoints } = await this.strikes.consume(key);
      await this.blocks.block(key, Math.min(MAX_WAIT_SECONDS, 2 ** (consumedPoints - 1)));
    } catch (err) {
      this.logger?.debug({ err }, 'wrong guess counted in this process only');
      await this.local.fail(key);
    }
  }
}

/**
 * Limiters every process shares through the Redis at `client` (its own connection, not the bus's).
 * `prefix` keeps one deployment's (or one test's) keys apart.
 */
export function redisLimiters(client: Redis, prefix: string, logger?: Logger): Limiters {
  let down = false;
  let closing = false;
  const lost = (err?: Error): void => {
    if (down || closing) return;
    down = true;
    logger?.warn({ err }, 'Redis unreachable: rate limits count per process until it is back');
  };
  // A connection refused at start or on a reconnect is an error; a connection that drops, a close.
  client.on('error', lost);
  client.on('close', () => lost());
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info('Redis is back: rate limits are shared again');
  });
  return {
    limiter: (name, burst, perSecond) => new RedisLimiter(client, `${prefix}:${name}`, burst, perSecond, logger),
    wrongGuesses: (name, allowance, perSecond) => new RedisWrongGuesses(client, `${prefix}:${name}`, allowance, perSecond, logger),
    ready: (timeoutMs = 3000) =>
      new Promise<void>((resolve) => {
        if (client.status === 'ready') return resolve();
        const done = (): void => {
          clearTimeout(timer);
          client.off('ready', done);
          resolve();
        };
        const timer = setTimeout(() => {
          logger?.warn({ timeoutMs }, 'Redis not ready: starting with rate limits counted per process');
          done();
        }, timeoutMs);
        client.once('ready', done);
      }),
    close: async () => {
      closing = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
