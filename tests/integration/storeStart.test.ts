import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/src/store/SqliteStore.ts';
import { createBoard, startServer, tempDataDir } from '../helpers/server.ts';
import { spawnServer } from '../helpers/spawnServer.ts';

const noop = () => {};

describe('the store refuses a file it cannot trust, naming it', () => {
  it('a zero-length database file stops the start instead of opening as an empty store', async () => {
    const dir = tempDataDir();
    const file = path.join(dir, 'sessionboard.sqlite');
    fs.writeFileSync(file, '');
    expect(() => new SqliteStore(dir, noop)).toThrow(new RegExp(`${file.replace(/[.]/g, '\\.')} is empty`));
    const output: string[] = [];
    const start = spawnServer({ DATA_DIR: dir }).catch((err: Error) => output.push(err.message));
    await start;
    expect(output.join('')).toMatch(/exited with 1[\s\S]*Sessionboard cannot start: .*sessionboard\.sqlite is empty/);
  });

  it('a truncated or corrupted file is refused with a message naming it', async () => {
    const server = await startServer();
    for (let i = 0; i < 30; i++) await createBoard(server.url, { title: `Board ${i} ${'x'.repeat(100)}` });
    await server.close();
    const file = path.join(server.dataDir, 'sessionboard.sqlite');
    const bytes = fs.readFileSync(file);
    const truncated = tempDataDir();
    fs.writeFileSync(path.join(truncated, 'sessionboard.sqlite'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(() => new SqliteStore(truncated, noop)).toThrow(/Cannot open the board store .*sessionboard\.sqlite/);
    const garbage = tempDataDir();
    fs.writeFileSync(path.join(garbage, 'sessionboard.sqlite'), Buffer.alloc(8192, 7));
    expect(() => new SqliteStore(garbage, noop)).toThrow(/Cannot open the board store .*sessionboard\.sqlite: file is not a database/);
  });

  it('a DATA_DIR that is not a writable directory is refused', () => {
    const parent = tempDataDir();
    const notADir = path.join(parent, 'plain-file');
    fs.writeFileSync(notADir, 'x');
    expect(() => new SqliteStore(notADir, noop)).toThrow(/DATA_DIR .*plain-file is not a writable directory/);
  });

  it('a good file still opens with its boards', async () => {
    const server = await startServer();
    const board = await createBoard(server.url);
    await server.close();
    const again = await startServer({ dataDir: server.dataDir });
    try {
      expect((await fetch(`${again.url}/api/boards/${board.id}/info?key=${board.keys.member}`)).status).toBe(200);
    } finally {
      await again.close();
    }
  });
});

