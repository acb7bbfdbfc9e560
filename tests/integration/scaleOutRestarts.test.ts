/**
 * Real restarts under several processes (issue 12, "Done means": Redis restarted mid-session,
 * PostgreSQL stopped and started). Unlike scaleOutFaults.test.ts, which cuts one process off through a
 * TCP gate while the services keep running, this file starts a Redis and a PostgreSQL cluster of its
 * own (tests/helpers/privateServices.ts) and really kills them: Redis with SIGKILL and started again on
 * the same port, PostgreSQL with `pg_ctl stop -m immediate` and started again (crash recovery). Every
 * server process loses the service at once, as in a real outage. The machine's own services are not
 * touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import type { CommandAck, ServerStatus } from '@sessionboard/shared';
import pg from 'pg';
import type * as Y from 'yjs';
import { createBoard } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { spawnServer } from '../helpers/spawnServer.ts';
import type { ServerProcess } from '../helpers/spawnServer.ts';
import { freshSchema } from '../helpers/postgres.ts';
import { PrivatePostgres, PrivateRedis, privateServicesSuiteRuns, requirePrivateServices, stopPrivateServices } from '../helpers/privateServices.ts';
import { waitFor } from '../helpers/waitFor.ts';

const suite = 'tests/integration/scaleOutRestarts.test.ts';
const runs = privateServicesSuiteRuns(suite);

const texts = (doc: Y.Doc) => new Set(readBoard(doc).cards.map((c) => c.text));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long Redis stays dead: the "Redis restarting or unreachable for 10 s". */
const REDIS_DOWN_MS = 10_000;

describe.runIf(runs)('scale-out with Redis and PostgreSQL really restarted', () => {
  let redis: PrivateRedis;
  let postgres: PrivatePostgres;
  const children: ServerProcess[] = [];
  const peers: { close(): void }[] = [];
  const track = <P extends { close(): void }>(p: P): P => {
    peers.push(p);
    return p;
  };
  const spawnOn = async (schema: string, n: number): Promise<ServerProcess[]> => {
    const env = { DATABASE_URL: postgres.url, DATABASE_SCHEMA: schema, REDIS_URL: redis.url };
    const started = await Promise.all(Array.from({ length: n }, () => spawnServer(env)));
    children.push(...started);
    return started;
  };
  const health = async (url: string) => {
    const res = await fetch(`${url}/healthz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; bus?: { connected: boolean }; store: { error?: string } } };
  };

  beforeAll(async () => {
    requirePrivateServices(suite);
    [redis, postgres] = await Promise.all([PrivateRedis.start(), PrivatePostgres.create()]);
  }, 60_000);
  afterAll(async () => {
    for (const p of peers) p.close();
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await Promise.all([redis?.stop(), postgres?.destroy()]);
    // Whatever a start that failed half-way left running.
    stopPrivateServices();
  });

  it('Redis killed and started again while clients on both processes write: each process serves its own, clients are told, all converge, nothing lost', async () => {
    const schema = freshSchema();
    const [a, b] = await spawnOn(schema, 2);
    const board = await createBoard(a!.url);
    const ann = track(await SocketPeer.connect(a!.url, { board: board.id, key: board.keys.facilitator, name: 'Ann' }));
    const amy = track(await SocketPeer.connect(a!.url, { board: board.id, key: board.keys.member, name: 'Amy' }));
    const bob = track(await SocketPeer.connect(b!.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const ben = track(await SocketPeer.connect(b!.url, { board: board.id, key: board.keys.member, name: 'Ben' }));
    const statuses = { ann: [] as ServerStatus[], bob: [] as ServerStatus[] };
    ann.socket.on('server:status', (s: ServerStatus) => statuses.ann.push(s));
    bob.socket.on('server:status', (s: ServerStatus) => statuses.bob.push(s));
    const written: string[] = [];
    let i = 0;
    let outageStart = 0;
    const writing = setInterval(() => {
      i++;
      addCard(ann.doc, { kind: 'strength', text: `A${i}`, author: 'Ann', authorId: 'a' });
      addCard(bob.doc, { kind: 'weakness', text: `B${i}`, author: 'Bob', authorId: 'b' });
      written.push(`A${i}`, `B${i}`);
    }, 50);
    try {
      await waitFor(() => texts(ben.doc).has('A3') && texts(amy.doc).has('B3'), 'cards crossing before the outage');
      await redis.kill();
      await waitFor(() => statuses.ann.at(-1)?.others === 'unreachable' && statuses.bob.at(-1)?.others === 'unreachable', 'both processes’ clients told', 5000);
      expect(statuses.ann.at(-1)?.message).toMatch(/cannot reach the others/);
      for (const url of [a!.url, b!.url]) expect(await health(url)).toMatchObject({ status: 200, body: { ok: true, bus: { connected: false } } });
      outageStart = i;
      // Each process serves its own clients: Amy sees what Ann writes now, Ben what Bob writes, and commands work.
      await waitFor(() => texts(amy.doc).has(`A${outageStart + 3}`) && texts(ben.doc).has(`B${outageStart + 3}`), 'each process serving its own clients');
      expect((await ann.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
      await waitFor(() => amy.state?.step === 1, 'the step on Ann’s process');
      await sleep(REDIS_DOWN_MS);
    } finally {
      // The writers stop before Redis returns: no later update reveals a gap to the other process, so
      // what was written during the outage can only arrive by the resync from PostgreSQL on its return.
      clearInterval(writing);
    }
    // Nothing crossed while Redis was dead.
    expect(texts(ben.doc).has(`A${outageStart + 5}`)).toBe(false);
    expect(bob.state?.step).toBe(0);
    await redis.start();
    await waitFor(() => statuses.ann.at(-1)?.others === 'connected' && statuses.bob.at(-1)?.others === 'connected', 'both processes’ clients told it is back', 10_000);
    const lacking = () => [ann, amy, bob, ben].map((p) => written.filter((t) => !texts(p.doc).has(t)));
    await waitFor(
      () => {
        const l = lacking();
        if (l.some((x) => x.length > 0)) throw new Error(`Ann, Amy, Bob, Ben lack ${JSON.stringify(l.map((x) => x.slice(0, 10)))}`);
        return true;
      },
      'every card on every client',
      15_000,
    );
    await waitFor(() => bob.state?.step === 1 && ben.state?.step === 1, 'the step set during the outage reached the other process');
    // And the bus carries edits live again.
    addCard(ben.doc, { kind: 'question', text: 'after the return', author: 'Ben', authorId: 'n' });
    await waitFor(() => texts(amy.doc).has('after the return'), 'a new card crossing live', 2000);
    written.push('after the return');
    // A process that loads the board now reads it from PostgreSQL: everything anyone wrote is there.
    const [c] = await spawnOn(schema, 1);
    const fresh = track(await SocketPeer.connect(c!.url, { board: board.id, key: board.keys.member, name: 'Cleo' }));
    expect(written.filter((t) => !texts(fresh.doc).has(t))).toEqual([]);
    expect(fresh.state?.step).toBe(1);
  }, 90_000);

  it('PostgreSQL stopped (immediate) and started: writes are refused with internal and retried, /healthz 503 then 200, nothing acknowledged lost', async () => {
    const schema = freshSchema();
    const [a, b] = await spawnOn(schema, 2);
    const board = await createBoard(b!.url);
    const fay = track(await SocketPeer.connect(a!.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' }));
    const vi = track(await SocketPeer.connect(a!.url, { board: board.id, key: board.keys.member, name: 'Vi' }));
    const bob = track(await SocketPeer.connect(b!.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const una = track(await SocketPeer.connect(a!.url, { board: board.id, key: board.keys.member, name: 'Una' }));
    const ben = track(await SocketPeer.connect(b!.url, { board: board.id, key: board.keys.member, name: 'Ben' }));
    const card = addCard(fay.doc, { kind: 'weakness', text: 'before the outage', author: 'Fay', authorId: 'f' });
    await waitFor(() => texts(bob.doc).has('before the outage'), 'the first card on B');
    expect((await fay.command({ type: 'settings.update', settings: { votesPerPerson: 50, maxVotesPerCard: 50 } })).ok).toBe(true);
    expect((await fay.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    await waitFor(() => [vi, una, ben].every((p) => readBoard(p.doc).cards.some((x) => x.id === card)), 'the card on every voter’s page');
    // Votes keep coming from both processes while PostgreSQL goes away; every acknowledgement is counted.
    const acks: { who: string; ack: CommandAck }[] = [];
    let voting = true;
    const voter = async (who: string, peer: SocketPeer) => {
      while (voting) {
        acks.push({ who, ack: await peer.command({ type: 'vote.add', card }) });
        // Slow enough that nobody reaches the budget (50, the most settings allow) before the end.
        await sleep(400);
      }
    };
    const voters = [voter('vi', vi), voter('bob', bob), voter('una', una), voter('ben', ben)];
    // A timer that ends while PostgreSQL is down: its end is retried by the server until it is written.
    expect((await fay.command({ type: 'timer.start', durationMs: 1500 })).ok).toBe(true);
    await waitFor(() => acks.filter((x) => x.ack.ok).length >= 6, 'votes acknowledged before the outage');
    await postgres.stop('immediate');
    const stoppedAt = acks.length;
    for (const url of [a!.url, b!.url]) await waitFor(async () => (await health(url)).status === 503, `/healthz 503 at ${url}`, 5000);
    const down = await health(a!.url);
    expect(down.body).toMatchObject({ ok: false, store: { writing: false } });
    await waitFor(() => acks.slice(stoppedAt).some((x) => !x.ack.ok), 'a vote refused during the outage', 10_000);
    const refusedCodes = new Set(acks.slice(stoppedAt).flatMap((x) => (x.ack.ok ? [] : [x.ack.error.code])));
    expect([...refusedCodes]).toEqual(['internal']);
    const refusal = acks.slice(stoppedAt).find((x) => !x.ack.ok)!.ack;
    expect(refusal.ok ? '' : refusal.error.message).toMatch(/could not save/);
    // A card typed now is held by its process and sent to nobody until it is stored.
    addCard(fay.doc, { kind: 'weakness', text: 'during the outage, on A', author: 'Fay', authorId: 'f' });
    addCard(bob.doc, { kind: 'strength', text: 'during the outage, on B', author: 'Bob', authorId: 'b' });
    await sleep(2500);
    expect(texts(bob.doc).has('during the outage, on A')).toBe(false);
    expect(texts(vi.doc).has('during the outage, on A')).toBe(false);
    expect(fay.state?.timer.status).toBe('running');
    // The voters give up for now: what follows must come from the server's own retries, not from a
    // later write that happens to flush what was held.
    voting = false;
    await Promise.all(voters);
    await postgres.start();
    for (const url of [a!.url, b!.url]) await waitFor(async () => (await health(url)).status === 200, `/healthz 200 again at ${url}`, 15_000);
    // The held cards are written and sent; the timer's end is written once and reaches everyone.
    await waitFor(() => ['during the outage, on A', 'during the outage, on B'].every((t) => [fay, vi, bob].every((p) => texts(p.doc).has(t))), 'the held cards everywhere', 15_000);
    await waitFor(() => [fay, vi, bob].every((p) => p.state?.timer.status === 'finished'), 'the timer that ended during the outage finished everywhere', 10_000);
    // A client retrying its refused vote is answered ok.
    for (const [who, peer] of [['vi', vi], ['bob', bob]] as const) acks.push({ who, ack: await peer.command({ type: 'vote.add', card }) });
    expect(acks.slice(-2).map((x) => x.ack.ok)).toEqual([true, true]);
    // Nothing acknowledged is lost: every vote answered ok is in PostgreSQL, and a refused one changed
    // nothing (at most one commit whose answer the dying connection lost may be there unacknowledged).
    const okVotes = acks.filter((x) => x.ack.ok).length;
    const stored = await storedVotes(postgres.url, schema, board.id, card);
    expect(stored).toBeGreaterThanOrEqual(okVotes);
    expect(stored - okVotes).toBeLessThanOrEqual(1);
    const fresh = track(await SocketPeer.connect(b!.url, { board: board.id, key: board.keys.member, name: 'Vi', participant: vi.hello!.participant }));
    const viOk = acks.filter((x) => x.who === 'vi' && x.ack.ok).length;
    expect(fresh.hello!.mine[card]! - viOk).toBeGreaterThanOrEqual(0);
    expect(fresh.hello!.mine[card]! - viOk).toBeLessThanOrEqual(stored - okVotes);
    // Every card any client received is in the store: a process started now loads all of them.
    const [c] = await spawnOn(schema, 1);
    const late = track(await SocketPeer.connect(c!.url, { board: board.id, key: board.keys.member, name: 'Late' }));
    for (const t of ['before the outage', 'during the outage, on A', 'during the outage, on B']) expect(texts(late.doc).has(t)).toBe(true);
    expect(late.state?.timer.status).toBe('finished');
  }, 90_000);
});

/** The total of `card`'s votes in the stored session row. */
async function storedVotes(url: string, schema: string, board: string, card: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    const { rows } = await client.query<{ json: string }>('SELECT json FROM sessions WHERE board_id = $1', [board]);
    const session = JSON.parse(rows[0]!.json) as { ledger: Record<string, Record<string, number>> };
    return Object.values(session.ledger).reduce((sum, byCard) => sum + (byCard[card] ?? 0), 0);
  } finally {
    await client.end();
  }
}
