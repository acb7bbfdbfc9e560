/**
 * Faults with several processes on one PostgreSQL and one Redis (issue 12): a process killed with -9
 * while clients on two processes write loses nothing any client had received, and its clients carry on
 * through another process; Redis unreachable for 10 s: each process keeps serving its own clients,
 * says so, and all converge when it returns; PostgreSQL unreachable: writes wait or are refused
 * clearly, `/healthz` says not ready, nothing acknowledged is lost. Redis and PostgreSQL are cut for
 * one process only, through a TCP gate (tests/helpers/TcpGate.ts), so the services keep running for
 * everyone else on this machine, and the other process still reaches them (a partition, not an
 * outage). Real restarts of Redis and PostgreSQL under every process are in scaleOutRestarts.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import type { ServerStatus } from '@sessionboard/shared';
import * as Y from 'yjs';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { exited, spawnServer } from '../helpers/spawnServer.ts';
import type { ServerProcess } from '../helpers/spawnServer.ts';
import { TcpGate } from '../helpers/TcpGate.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresSuiteRuns } from '../helpers/postgres.ts';
import { TEST_REDIS_URL, redisSuiteRuns } from '../helpers/redis.ts';
import { waitFor } from '../helpers/waitFor.ts';

const suite = 'tests/integration/scaleOutFaults.test.ts';
const runs = (await postgresSuiteRuns(suite)) && (await redisSuiteRuns(suite));

const texts = (doc: Y.Doc) => new Set(readBoard(doc).cards.map((c) => c.text));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(runs)('scale-out faults', () => {
  const schemas: string[] = [];
  const children: ServerProcess[] = [];
  const servers: TestServer[] = [];
  const gates: TcpGate[] = [];
  const peers: { close(): void }[] = [];
  const track = <P extends { close(): void }>(p: P): P => {
    peers.push(p);
    return p;
  };
  const schema = () => {
    const s = freshSchema();
    schemas.push(s);
    return s;
  };
  afterAll(async () => {
    for (const p of peers) p.close();
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(gates.map((g) => g.shutdown()));
    for (const s of schemas) await dropSchema(s);
  });

  it('loses nothing any client had received when a process is killed with -9 mid-write, and its clients carry on elsewhere', async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema(), REDIS_URL: TEST_REDIS_URL };
    const [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
    children.push(a, b);
    const board = await createBoard(a.url);
    const onA = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Ann' }));
    const onB = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const watcher = track(await YwsPeer.connect(b.url, board.id, board.keys.member));
    let i = 0;
    const writing = setInterval(() => {
      i++;
      addCard(onA.doc, { kind: 'strength', text: `A${i}`, author: 'Ann', authorId: 'a' });
      addCard(onB.doc, { kind: 'weakness', text: `B${i}`, author: 'Bob', authorId: 'b' });
    }, 15);
    await sleep(700);
    a.child.kill('SIGKILL');
    await exited(a.child);
    await sleep(300);
    clearInterval(writing);
    // Everything the watcher on B had received by now: whatever came from A reached B through the bus
    // only after A's store write, so all of it must be in PostgreSQL.
    await sleep(300);
    const received = texts(watcher.doc);
    expect([...received].filter((t) => t.startsWith('A')).length).toBeGreaterThan(10);
    const c = await spawnServer(env);
    children.push(c);
    // A board loaded fresh on C: its first sync is what the store holds (B's later edits arrive anyway).
    const fresh = track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.member, name: 'Cleo' }));
    const stored = texts(fresh.doc);
    const missing = [...received].filter((t) => !stored.has(t));
    expect(missing).toEqual([]);
    // Ann's page reconnects to another process with everything she typed, sent or not, and carries on.
    const back = track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: onA.hello!.participant }));
    Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(onA.doc));
    addCard(back.doc, { kind: 'strength', text: 'after the crash', author: 'Ann', authorId: 'a' });
    const annWrote = [...texts(onA.doc)].filter((t) => t.startsWith('A'));
    await waitFor(() => annWrote.every((t) => texts(watcher.doc).has(t)) && texts(watcher.doc).has('after the crash'), 'all of Ann’s cards on B', 10_000);
    await waitFor(() => texts(onB.doc).size === texts(watcher.doc).size, 'B’s clients converged');
  }, 60_000);

  it('keeps serving its own clients while Redis is unreachable for 10 s, says so, and converges when it returns', async () => {
    const gate = await TcpGate.to(TEST_REDIS_URL);
    gates.push(gate);
    const db = { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema() };
    const a = await startServer({ ...db, redisUrl: gate.url(TEST_REDIS_URL) });
    const b = await startServer({ ...db, redisUrl: TEST_REDIS_URL });
    servers.push(a, b);
    const board = await createBoard(a.url);
    const ann = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.facilitator, name: 'Ann' }));
    const amy = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Amy' }));
    const bob = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const statuses: ServerStatus[] = [];
    ann.socket.on('server:status', (s: ServerStatus) => statuses.push(s));
    gate.close();
    await waitFor(() => statuses.at(-1)?.others === 'unreachable', 'the clients of A told', 5000);
    const health = (await (await fetch(`${a.url}/healthz`)).json()) as { ok: boolean; bus: { connected: boolean } };
    expect(health).toMatchObject({ ok: true, bus: { connected: false } });
    addCard(ann.doc, { kind: 'strength', text: 'written on A during the outage', author: 'Ann', authorId: 'a' });
    addCard(bob.doc, { kind: 'weakness', text: 'written on B during the outage', author: 'Bob', authorId: 'b' });
    await waitFor(() => texts(amy.doc).has('written on A during the outage'), 'A serves its own clients');
    expect((await ann.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    await waitFor(() => amy.state?.step === 1, 'the step on A');
    await sleep(10_000);
    expect(texts(bob.doc).has('written on A during the outage')).toBe(false);
    gate.open();
    await waitFor(() => statuses.at(-1)?.others === 'connected', 'the clients of A told it is back', 10_000);
    const both = ['written on A during the outage', 'written on B during the outage'];
    await waitFor(
      () => {
        const lacking = [ann, amy, bob].map((p) => both.filter((t) => !texts(p.doc).has(t)));
        if (lacking.some((l) => l.length > 0)) throw new Error(`Ann, Amy, Bob lack ${JSON.stringify(lacking)}`);
        return true;
      },
      'all converged',
      10_000,
    );
    await waitFor(() => bob.state?.step === 1, 'the step reached B');
  }, 60_000);

  it('refuses writes clearly while PostgreSQL is unreachable, says not ready, and loses nothing acknowledged', async () => {
    const gate = await TcpGate.to(TEST_DATABASE_URL);
    gates.push(gate);
    const s = schema();
    const a = await startServer({ databaseUrl: gate.url(TEST_DATABASE_URL), databaseSchema: s, redisUrl: TEST_REDIS_URL });
    const b = await startServer({ databaseUrl: TEST_DATABASE_URL, databaseSchema: s, redisUrl: TEST_REDIS_URL });
    servers.push(a, b);
    const board = await createBoard(b.url);
    const fay = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' }));
    const bob = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const card = addCard(fay.doc, { kind: 'weakness', text: 'before the outage', author: 'Fay', authorId: 'f' });
    await waitFor(() => texts(bob.doc).has('before the outage'), 'the first card on B');
    expect((await fay.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    expect((await fay.command({ type: 'vote.add', card })).ok).toBe(true);
    gate.close();
    const health = await fetch(`${a.url}/healthz`);
    expect(health.status).toBe(503);
    const refused = await fay.command({ type: 'vote.add', card });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('internal');
    // A card written now is kept by the page and the room, and sent to nobody until it is stored.
    addCard(fay.doc, { kind: 'weakness', text: 'during the outage', author: 'Fay', authorId: 'f' });
    await sleep(1500);
    expect(texts(bob.doc).has('during the outage')).toBe(false);
    gate.open();
    await waitFor(() => texts(bob.doc).has('during the outage'), 'the held card written and sent once PostgreSQL is back', 15_000);
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    expect((await fay.command({ type: 'vote.add', card })).ok).toBe(true);
    const later = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Fay', participant: fay.hello!.participant }));
    expect(later.hello?.mine[card]).toBe(2);
  }, 60_000);
});
