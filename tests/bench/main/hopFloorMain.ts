// Prints the machine's PostgreSQL-append and Redis-hop latencies as JSON (see hopFloor.ts); run pinned by measureHopFloor.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { hopLatency } from '../hopFloor.ts';

const SAMPLES = 1500;
/** Untimed round trips first: a fresh process's first ones are its JIT warming up (p99 3 ms cold, 0.6 ms warm here). */
const WARM_UP = 1000;
/** About A's pace for one board: the round trips are measured apart, not back to back. */
const GAP_MS = 2;
const pause = () => new Promise((r) => setTimeout(r, GAP_MS));

async function postgresAppends(url: string): Promise<number[]> {
  // One connection, as a room's appends use one at a time; a temporary table, gone with the connection.
  const client = new pg.Client({ connectionString: url, options: '-c synchronous_commit=off' });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE floor_updates (id bigserial PRIMARY KEY, board_id text NOT NULL, data bytea NOT NULL)');
    const update = randomBytes(40);
    const ms: number[] = [];
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      const t = performance.now();
      await client.query({ name: 'append', text: 'INSERT INTO floor_updates (board_id, data) SELECT $1, unnest($2::bytea[]) RETURNING id', values: ['b', [update]] });
      if (i >= WARM_UP) ms.push(performance.now() - t);
      await pause();
    }
    return ms;
  } finally {
    await client.end();
  }
}

async function redisHops(url: string): Promise<number[]> {
  const pub = new Redis(url, { maxRetriesPerRequest: 1 });
  const sub = new Redis(url, { maxRetriesPerRequest: 1 });
  const channel = `sb:bench:floor:${randomBytes(6).toString('hex')}`;
  try {
    await sub.subscribe(channel);
    const ms: number[] = [];
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      const arrived = new Promise<void>((resolve) => sub.once('messageBuffer', () => resolve()));
      const t = performance.now();
      await pub.publish(channel, randomBytes(60));
      await arrived;
      if (i >= WARM_UP) ms.push(performance.now() - t);
      await pause();
    }
    return ms;
  } finally {
    pub.disconnect();
    sub.disconnect();
  }
}

const databaseUrl = process.env.FLOOR_DATABASE_URL as string;
const redisUrl = process.env.FLOOR_REDIS_URL as string;
const postgresAppend = hopLatency(await postgresAppends(databaseUrl));
const redisHop = hopLatency(await redisHops(redisUrl));
process.stdout.write(JSON.stringify({ postgresAppend, redisHop }));
