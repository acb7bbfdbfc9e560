import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCard } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { WalCheckpointer } from '../../server/src/store/WalCheckpointer.ts';
import { createBoard, startServer, tempDataDir } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('the WAL checkpoint worker', () => {
  it('says it is gone when it cannot open the database, and then stops at once instead of hanging', async () => {
    const gone: string[] = [];
    const errors: string[] = [];
    const missing = path.join(tempDataDir(), 'no-such-folder', 'sessionboard.sqlite');
    const checkpointer = new WalCheckpointer(missing, { onError: (m) => errors.push(m), onGone: (m) => gone.push(m) });
    await waitFor(() => gone.length > 0, 'the worker to report that it is gone');
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(/directory does not exist|unable to open|SQLITE_CANTOPEN/i);
    const started = performance.now();
    await checkpointer.stop();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('runs a last checkpoint on stop and reports nothing gone', async () => {
    const dir = tempDataDir();
    const file = path.join(dir, 'x.sqlite');
    // A WAL database with a page waiting in the WAL, written by a connection that stays open.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`CREATE TABLE t (x BLOB); INSERT INTO t VALUES (zeroblob(200000));`);
    const gone: string[] = [];
    const checkpointer = new WalCheckpointer(file, { onError: () => {}, onGone: (m) => gone.push(m) }, 60_000);
    const before = fs.statSync(file).size;
    await checkpointer.stop();
    expect(fs.statSync(file).size).toBeGreaterThan(before + 150_000);
    expect(gone).toEqual([]);
    db.close();
  });

  it('checkpoints the WAL into the database file off the event loop while running, and leaves no WAL after closing', async () => {
    const server = await startServer({ roomIdleMs: 60_000 });
    const file = path.join(server.dataDir, 'sessionboard.sqlite');
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    try {
      const board = await createBoard(server.url);
      const startSize = size(file);
      const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member });
      for (let i = 0; i < 60; i++) addCard(alice.doc, { kind: 'note', text: `${i} ${'w'.repeat(1990)}`, author: 'A', authorId: 'a' });
      // Automatic checkpoints are off on the server's connection, so only the worker moves pages over.
      await waitFor(() => size(file) >= startSize + 100_000, 'the database file to receive the checkpointed pages', 5000);
      alice.close();
    } finally {
      await server.close();
    }
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
