// Prints the machine's PostgreSQL-append and Redis-hop latencies as JSON (see hopFloor.ts); run pinned by measureHopFloor.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createBoard } from '../../../server/src/boards/createBoard.ts';
import { PostgresStore } from '../../../server/src/store/PostgresStore.ts';
import { dropSchema, freshSchema } from '../../helpers/postgres.ts';
import { FLOOR_GAP_MS, FLOOR_SAMPLES, FLOOR_WARM_UP, hopLatency } from '../hopFloor.ts';

const pause = () => new Promise((r) => setTimeout(r, FLOOR_GAP_MS));

/** Times `once` FLOOR_SAMPLES times, FLOOR_GAP_MS apart, after FLOOR_WARM_UP untimed calls. */
async function timed(once: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < FLOOR_WARM_UP + FLOOR_SAMPLES; i++) {
    const t = performance.now();
    await once();
    if (i >= FLOOR_WARM_UP) ms.push(performance.now() - t);
    await pause();
  }
  return ms;
}

/** The store's own appends (its pool, prepared statement and synchronous_commit), on a board of a schema of its own. */
async function postgresAppends(url: string): Promise<number[]> {
  const schema = freshSchema('f');
  const store = new PostgresStore(url, schema);
  try {
    await store.ready();
    const board = await createBoard(store, { title: 'Floor' });
    const update = [new Uint8Array(randomBytes(40))];
    return await timed(() => store.appendUpdates(board.id, update));
  } finally {
    await store.close();
    await dropSchema(schema);
  }
}

async function redisHops(url: string): Promise<number[]> {
  const pub = new Redis(url, { maxRetriesPerRequest: 1 });
  const sub = new Redis(url, { maxRetriesPerRequest: 1 });
  const channel = `sb:bench:floor:${randomBytes(6).toString('hex')}`;
  try {
    await sub.subscribe(channel);
    return await timed(async () => {
      const arrived = new Promise<void>((resolve) => sub.once('messageBuffer', () => resolve()));
      await pub.publish(channel, randomBytes(60));
      await arrived;
    });
  } finally {
    pub.disconnect();
    sub.disconnect();
  }
}

const postgresAppend = hopLatency(await postgresAppends(process.env.FLOOR_DATABASE_URL as string));
const redisHop = hopLatency(await redisHops(process.env.FLOOR_REDIS_URL as string));
process.stdout.write(JSON.stringify({ postgresAppend, redisHop }));
