import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../server/src/store/WalCheckpointer.ts';
import { tempDataDir } from '../helpers/server.ts';
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
});
