import { afterEach, describe, expect, it } from 'vitest';
import { addCard, readBoard, spliceCardText } from '@sessionboard/shared';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { storedCards } from '../helpers/storedBoard.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Counts turns of this process's event loop (the server runs in it): one per check phase. */
function turnCounter(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let stopped = false;
  const tick = () => {
    turn++;
    if (!stopped) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop: () => void (stopped = true),
  };
}

/** Records the loop turn of every snapshot the store writes, and for which board. */
function watchCompactions(s: TestServer, turns: { readonly turn: number }): { board: string; turn: number }[] {
  const seen: { board: string; turn: number }[] = [];
  const store = s.app.store;
  const compact = store.compact.bind(store);
  store.compact = (id, snapshot, upTo) => {
    seen.push({ board: id, turn: turns.turn });
    return compact(id, snapshot, upTo);
  };
  // A large board's snapshot is built on a worker from the stored rows, through compactStored.
  const compactStored = store.compactStored.bind(store);
  store.compactStored = async (id, build) => {
    const wrote = await compactStored(id, build);
    if (wrote) seen.push({ board: id, turn: turns.turn });
    return wrote;
  };
  return seen;
}

describe('P1: compactions do not pile into one turn of the event loop', () => {
  it('twenty boards emptied at once (a class ends) compact in twenty different turns, each with I/O between', async () => {
    server = await startServer({ roomIdleMs: 100 });
    const boards = await Promise.all(Array.from({ length: 20 }, (_, i) => createBoard(server!.url, { title: `Group ${i}` })));
    const peers = await Promise.all(boards.map((b, i) => SocketPeer.connect(server!.url, { board: b.id, key: b.keys.member, name: `P${i}` })));
    for (const p of peers) addCard(p.doc, { kind: 'note', text: 'x'.repeat(1500), author: 'p', authorId: 'p' });
    await waitFor(async () => (await Promise.all(boards.map((b) => server!.app.store.loadDoc(b.id)))).every((d) => d.updates.length > 0), 'every card on disk');
    const turns = turnCounter();
    const seen = watchCompactions(server, turns);
    try {
      for (const p of peers) p.close();
      await waitFor(() => seen.length >= 20, 'twenty compactions', 10_000);
      expect(new Set(seen.map((c) => c.board)).size).toBe(20);
      expect(new Set(seen.map((c) => c.turn)).size).toBe(20);
    } finally {
      turns.stop();
    }
  });

  it('a large board is not re-encoded every COMPACT_EVERY_UPDATES keystrokes; a small one still is', async () => {
    server = await startServer({ compactEveryUpdates: 100, roomIdleMs: 60_000 });
    const turns = turnCounter();
    const seen = watchCompactions(server, turns);
    const count = (board: string) => seen.filter((c) => c.board === board).length;
    try {
      const small = await createBoard(server.url, { title: 'Small' });
      const large = await createBoard(server.url, { title: 'Large' });
      const ann = await SocketPeer.connect(server.url, { board: small.id, key: small.keys.member, name: 'Ann' });
      const ben = await SocketPeer.connect(server.url, { board: large.id, key: large.keys.member, name: 'Ben' });
      // About 600 KB of cards on the large board (under the byte rate's burst), compacted as they come.
      for (let i = 0; i < 300; i++) addCard(ben.doc, { kind: 'note', text: `${i} ${'n'.repeat(1990)}`, author: 'Ben', authorId: 'b' });
      const cleo = await SocketPeer.connect(server.url, { board: large.id, key: large.keys.member, name: 'Cleo' });
      await waitFor(() => readBoard(cleo.doc).cards.length === 300, 'all 300 cards on disk and out');
      await waitFor(() => count(large.id) > 0, 'the large board compacted after its cards');
      await new Promise((r) => setTimeout(r, 200)); // let a compaction already asked for run
      const afterCards = count(large.id);
      const a = addCard(ann.doc, { kind: 'note', text: '', author: 'Ann', authorId: 'a' });
      const b = addCard(ben.doc, { kind: 'note', text: '', author: 'Ben', authorId: 'b' });
      // 150 keystrokes each, one update each: past the threshold of 100 raw updates.
      for (let i = 0; i < 150; i++) {
        spliceCardText(ann.doc, a, { index: i, deleteCount: 0, insert: 'k' });
        spliceCardText(ben.doc, b, { index: i, deleteCount: 0, insert: 'k' });
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      await waitFor(() => readBoard(cleo.doc).cards.find((c) => c.id === b)?.text.length === 150, "Ben's keystrokes on disk and out");
      await waitFor(() => count(small.id) >= 1, 'the small board compacting as before');
      await new Promise((r) => setTimeout(r, 200));
      expect(count(large.id)).toBe(afterCards);
      for (const p of [ann, ben, cleo]) p.close();
    } finally {
      turns.stop();
    }
  });
});

describe("a large board's snapshot is built off the event loop", () => {
  it('builds it on the worker from the stored rows: every card kept, the log folded away, the board the same after a restart', async () => {
    server = await startServer({ compactEveryUpdates: 100, roomIdleMs: 60_000 });
    const dataDir = server.dataDir;
    const board = await createBoard(server.url, { title: 'Large' });
    const ben = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Ben' });
    // About 600 KB of cards, past the 256 KB above which snapshots leave the loop.
    for (let i = 0; i < 300; i++) addCard(ben.doc, { kind: 'note', text: `${i} ${'n'.repeat(1990)}`, author: 'Ben', authorId: 'b' });
    await waitFor(async () => (await storedCards(server!.app.store, board.id)).length === 300, 'all 300 cards on disk');
    // The first compaction may encode on the loop (the board was small when it was last measured); later ones leave it.
    const a = addCard(ben.doc, { kind: 'note', text: '', author: 'Ben', authorId: 'b' });
    for (let i = 0; i < 900; i++) {
      spliceCardText(ben.doc, a, { index: i, deleteCount: 0, insert: 'k' });
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const offLoop = async () => Number(/sessionboard_snapshots_off_loop_total (\d+)/.exec(await (await fetch(`${server!.url}/metrics`)).text())?.[1] ?? 0);
    await waitFor(async () => (await offLoop()) > 0, 'a snapshot built on the worker', 10_000);
    // The cards are in the snapshot now, not only in the log (the board's first snapshot was a few hundred bytes).
    await waitFor(async () => ((await server!.app.store.loadDoc(board.id)).snapshot?.length ?? 0) > 500_000, 'the log folded into the snapshot');
    await waitFor(async () => (await storedCards(server!.app.store, board.id)).find((c) => c.id === a)?.text.length === 900, 'every keystroke stored');
    expect(await storedCards(server!.app.store, board.id)).toHaveLength(301);
    ben.close();
    await server.close();
    server = await startServer({ dataDir });
    const back = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Ben' });
    expect(readBoard(back.doc).cards).toHaveLength(301);
    expect(readBoard(back.doc).cards.find((c) => c.id === a)?.text).toBe('k'.repeat(900));
    back.close();
  }, 60_000);
});
