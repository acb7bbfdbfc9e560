/**
 * PostgreSQL itself crashing (issue 12's faults): updates are committed without waiting for the
 * database's disk flush (PostgresStore), so a crash of PostgreSQL can drop the last ones. The process
 * that wrote them still holds them: it notices the restart and writes them again, so nothing any
 * client received is missing from the store once the database is back. The cluster here is the
 * test's own (tests/helpers/privateServices.ts), crashed with `pg_ctl stop -m immediate` and its WAL
 * writer slowed to 10 s, so the crash really drops updates (the first assertion shows it did).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { PostgresStore } from '../../server/src/store/PostgresStore.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { PrivatePostgres, privateServicesSuiteRuns, stopPrivateServices } from '../helpers/privateServices.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { storedCards } from '../helpers/storedBoard.ts';

const suite = 'tests/integration/postgresRestart.test.ts';
const runs = privateServicesSuiteRuns(suite);
/** The WAL writer slowed to its longest, so updates committed without the flush are still in memory at the crash. */
const LAZY_WAL = { wal_writer_delay: '10s', wal_writer_flush_after: '1GB', checkpoint_timeout: '1h' };

async function storedTexts(url: string, board: string, schema = 'sb'): Promise<Set<string>> {
  const store = new PostgresStore(url, schema);
  try {
    return new Set((await storedCards(store, board)).map((c) => c.text));
  } finally {
    await store.close();
  }
}

describe.runIf(runs)('PostgreSQL crashing and coming back', () => {
  let db: PrivatePostgres | null = null;
  let server: TestServer | null = null;
  const servers: TestServer[] = [];
  const peers: SocketPeer[] = [];
  afterAll(async () => {
    for (const p of peers) p.close();
    await server?.close().catch(() => undefined);
    for (const s of servers) await s.close().catch(() => undefined);
    await db?.destroy();
    stopPrivateServices();
  });

  async function typeCards(at: TestServer, prefix: string): Promise<{ board: string; texts: string[]; ann: SocketPeer; bob: SocketPeer }> {
    const board = await createBoard(at.url);
    const ann = await SocketPeer.connect(at.url, { board: board.id, key: board.keys.member, name: 'Ann' });
    const bob = await SocketPeer.connect(at.url, { board: board.id, key: board.keys.member, name: 'Bob' });
    peers.push(ann, bob);
    const texts = Array.from({ length: 30 }, (_, i) => `${prefix} ${i}`);
    for (const text of texts) {
      addCard(ann.doc, { kind: 'strength', text, author: 'Ann', authorId: 'a' });
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(() => texts.every((t) => readBoard(bob.doc).cards.some((c) => c.text === t)), 'Bob received every card');
    return { board: board.id, texts, ann, bob };
  }

  it('writes again what the crash dropped: every card a client received is stored once the database is back', async () => {
    db = await PrivatePostgres.create(LAZY_WAL);
    server = await startServer({ databaseUrl: db.url, databaseSchema: 'sb' });
    const { board, texts, ann, bob } = await typeCards(server, 'card');

    await db.stop('immediate');
    await db.start();
    // Read at once, before the server's restart check (every 2 s) has run: the crash dropped some.
    const afterCrash = await storedTexts(db.url, board);
    expect(texts.filter((t) => !afterCrash.has(t)).length).toBeGreaterThan(0);

    await waitFor(async () => {
      const stored = await storedTexts(db!.url, board);
      return texts.every((t) => stored.has(t));
    }, 'every received card stored again', 15_000);

    // The clients never noticed, and the board goes on.
    addCard(bob.doc, { kind: 'weakness', text: 'after the crash', author: 'Bob', authorId: 'b' });
    await waitFor(() => readBoard(ann.doc).cards.some((c) => c.text === 'after the crash'), 'Ann sees the card written after the crash', 15_000);
    await waitFor(async () => (await storedTexts(db!.url, board)).has('after the crash'), 'the new card stored', 15_000);
  }, 90_000);

  it('with DATABASE_SYNC_UPDATES=on, waits for the disk: the crash drops nothing', async () => {
    db ??= await PrivatePostgres.create(LAZY_WAL);
    const synced = await startServer({ databaseUrl: db.url, databaseSchema: 'sb_sync', databaseSyncUpdates: true });
    servers.push(synced);
    const { board, texts } = await typeCards(synced, 'synced');
    await db.stop('immediate');
    await db.start();
    const afterCrash = await storedTexts(db.url, board, 'sb_sync');
    expect(texts.filter((t) => !afterCrash.has(t))).toEqual([]);
  }, 90_000);
});
