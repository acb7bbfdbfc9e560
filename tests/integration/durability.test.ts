import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCard, readBoard, setCardText } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { createBoard, onPostgresRun, storeEnv, tempDataDir } from '../helpers/server.ts';
import { exited, spawnServer } from '../helpers/spawnServer.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('durability', () => {
  it('keeps every update another client received when the server is killed with SIGKILL', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir, ...storeEnv(dataDir) });
    const board = await createBoard(first.url);
    const alice = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.member, name: 'Alice' });
    const bob = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.member, name: 'Bob' });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push(addCard(alice.doc, { kind: i % 2 ? 'strength' : 'weakness', text: `card ${i}`, author: 'Alice', authorId: 'a' }));
    }
    setCardText(alice.doc, ids[0] as string, 'card 0, edited');
    // The moment bob has everything, pull the plug: no flush, no shutdown hook.
    await waitFor(() => readBoard(bob.doc).cards.length === 40 && readBoard(bob.doc).cards.some((c) => c.text === 'card 0, edited'), 'bob to receive all 40 cards');
    first.child.kill('SIGKILL');
    expect(await exited(first.child)).toBe('SIGKILL');
    alice.close();
    bob.close();

    const second = await spawnServer({ DATA_DIR: dataDir, ...storeEnv(dataDir) });
    try {
      const carol = await SocketPeer.connect(second.url, { board: board.id, key: board.keys.member, name: 'Carol' });
      const cards = readBoard(carol.doc).cards;
      expect(cards).toHaveLength(40);
      expect(cards.map((c) => c.id).sort()).toEqual([...ids].sort());
      expect(cards.find((c) => c.id === ids[0])?.text).toBe('card 0, edited');
      carol.close();
      // On the store the run asked for: the PostgreSQL run writes no SQLite file.
      expect(fs.existsSync(path.join(dataDir, 'sessionboard.sqlite'))).toBe(!onPostgresRun);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });

  it('flushes and exits cleanly on SIGTERM, and the board reloads intact', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir, ...storeEnv(dataDir) });
    const board = await createBoard(first.url);
    const alice = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.facilitator, name: 'Alice' });
    addCard(alice.doc, { kind: 'goal', text: 'Review every PR within a day', author: 'Alice', authorId: 'a' });
    const started = await alice.command({ type: 'timer.start', durationMs: 600_000 });
    expect(started.ok).toBe(true);
    const endsAt = started.ok ? started.state.timer.endsAt : undefined;
    await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    alice.close();

    const second = await spawnServer({ DATA_DIR: dataDir, ...storeEnv(dataDir) });
    try {
      const bob = await SocketPeer.connect(second.url, { board: board.id, key: board.keys.member, name: 'Bob' });
      expect(readBoard(bob.doc).cards.map((c) => c.text)).toEqual(['Review every PR within a day']);
      // A running timer survives the restart with the same end time.
      expect(bob.hello?.state.timer.status).toBe('running');
      expect(bob.hello?.state.timer.endsAt).toBe(endsAt);
      bob.close();
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
