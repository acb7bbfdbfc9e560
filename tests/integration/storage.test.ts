import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('storage', () => {
  it('compacts the update log into a snapshot in the background, keeping every update', async () => {
    const server = await startServer({ compactEveryUpdates: 10, roomIdleMs: 60_000 });
    try {
      const board = await createBoard(server.url);
      const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member });
      for (let i = 0; i < 25; i++) addCard(alice.doc, { kind: 'note', text: `n${i}`, author: 'A', authorId: 'a' });
      await waitFor(async () => (await server.app.store.loadDoc(board.id)).updates.length < 10, 'a compaction to drop raw updates');
      const stored = await server.app.store.loadDoc(board.id);
      expect(stored.snapshot).not.toBeNull();
      const fresh = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member });
      expect(readBoard(fresh.doc).cards).toHaveLength(25);
      alice.close();
      fresh.close();
    } finally {
      await server.close();
    }
  });

  it('unloads a room after its last client leaves, with everything in one snapshot, and loads it again', async () => {
    const server = await startServer({ roomIdleMs: 100 });
    try {
      const board = await createBoard(server.url);
      const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member });
      addCard(alice.doc, { kind: 'strength', text: 'kept across unload', author: 'A', authorId: 'a' });
      await waitFor(async () => (await server.app.store.loadDoc(board.id)).updates.length > 0, 'the update to be written');
      expect(server.app.rooms.size).toBe(1);
      alice.close();
      await waitFor(() => server.app.rooms.size === 0, 'the room to unload');
      // Out of the map first, then drained and compacted: on a store that answers later (PostgreSQL)
      // the compaction commits a little after the room has left the map.
      await waitFor(async () => (await server.app.store.loadDoc(board.id)).updates.length === 0, 'the unload to compact everything into the snapshot');
      const bob = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member });
      expect(readBoard(bob.doc).cards.map((c) => c.text)).toEqual(['kept across unload']);
      bob.close();
    } finally {
      await server.close();
    }
  });

  it('a client joining while the room unloads gets a fresh load with everything', async () => {
    const server = await startServer({ roomIdleMs: 0 });
    try {
      const board = await createBoard(server.url);
      for (let round = 0; round < 5; round++) {
        const peer = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member });
        expect(readBoard(peer.doc).cards).toHaveLength(round);
        addCard(peer.doc, { kind: 'note', text: `round ${round}`, author: 'A', authorId: 'a' });
        await waitFor(async () => (await server.app.store.loadDoc(board.id)).updates.length > 0 || server.app.rooms.size === 0, 'a write');
        await new Promise((r) => setTimeout(r, 20));
        peer.close();
      }
    } finally {
      await server.close();
    }
  });
});
