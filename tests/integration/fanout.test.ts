import { openSocket, yjsUrl } from '../helpers/rawSocket.ts';
import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { FRAME, SYNC, readFrameHead } from '@sessionboard/shared/sync';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { createBoard, startServer, useServerWithBoard } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { storedCards } from '../helpers/storedBoard.ts';

/** A counter or histogram count of the app's /metrics, summed over its labels. */
async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name) && /^[a-z_]+(\{[^}]*\})? /.test(line) && line.split(/[{ ]/)[0] === name)
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** How many document updates (sync update or step 2 frames) a Socket.IO peer has received so far. */
const updatesReceived = (peer: SocketPeer) =>
  peer.frames.filter((f) => {
    const head = readFrameHead(f);
    return head.type === FRAME.sync && head.syncType === SYNC.update;
  }).length;

const cardTexts = (doc: SocketPeer['doc']) => readBoard(doc).cards.map((c) => c.text);

/** The card texts the store holds for a board. */
async function storedTexts(server: TestServer, id: string): Promise<string[]> {
  return (await storedCards(server.app.store, id)).map((c) => c.text);
}

describe('batched fan-out', () => {
  const stage = useServerWithBoard();

  it('a burst read in one turn is written in one transaction and reaches every peer once, never its sender', async () => {
    const alice = await stage.peer('Alice');
    const bob = await stage.peer('Bob');
    const carol = await stage.ywsPeer();
    const persisted0 = await metric(stage.server, 'sessionboard_updates_persisted_total');
    const commits0 = await metric(stage.server, 'sessionboard_persist_seconds_count');
    const aliceBefore = updatesReceived(alice);
    const bobBefore = updatesReceived(bob);

    // 30 separate updates, emitted before the server can read any: they arrive together.
    for (let i = 0; i < 30; i++) addCard(alice.doc, { kind: 'note', text: `burst ${i}`, author: 'Alice', authorId: 'a' });

    await waitFor(() => cardTexts(bob.doc).length === 30, 'bob to get the whole burst');
    await waitFor(() => cardTexts(carol.doc).length === 30, 'carol (y-websocket) to get the whole burst');
    expect(await metric(stage.server, 'sessionboard_updates_persisted_total')).toBe(persisted0 + 30);
    // Written in a few commits at most (the socket may split the burst), not one per update.
    expect((await metric(stage.server, 'sessionboard_persist_seconds_count')) - commits0).toBeLessThanOrEqual(3);
    // Each update reached bob once, in its own frame; none came back to alice.
    expect(updatesReceived(bob) - bobBefore).toBe(30);
    expect(updatesReceived(alice)).toBe(aliceBefore);
    expect(cardTexts(carol.doc).sort()).toEqual(cardTexts(alice.doc).sort());
  });

  it('two senders in one batch each get the other one’s update but not their own', async () => {
    const alice = await stage.peer('Alice');
    const dan = await stage.ywsPeer();
    const erin = await stage.ywsPeer();
    const aliceBefore = updatesReceived(alice);
    addCard(dan.doc, { kind: 'strength', text: 'from dan', author: 'Dan', authorId: 'd' });
    addCard(erin.doc, { kind: 'strength', text: 'from erin', author: 'Erin', authorId: 'e' });
    for (const peer of [alice, dan, erin]) {
      await waitFor(() => ['from dan', 'from erin'].every((t) => cardTexts(peer.doc).includes(t)), 'both cards everywhere');
    }
    expect(updatesReceived(alice) - aliceBefore).toBe(2);
  });

  it('messages of every WebSocket length class (7-, 16- and 64-bit) reach y-websocket clients intact', async () => {
    const writer = await stage.ywsPeer();
    const reader = await stage.ywsPeer();
    const long = 'x'.repeat(2000);
    addCard(writer.doc, { kind: 'note', text: 'tiny', author: 'W', authorId: 'w' });
    addCard(writer.doc, { kind: 'note', text: `medium ${long}`.slice(0, 2000), author: 'W', authorId: 'w' });
    // One transaction of 40 long cards: a single update of about 80 KB, past the 16-bit length.
    writer.doc.transact(() => {
      for (let i = 0; i < 40; i++) addCard(writer.doc, { kind: 'note', text: `big ${i} ${long}`.slice(0, 2000), author: 'W', authorId: 'w' });
    });
    await waitFor(() => cardTexts(reader.doc).filter((t) => t.startsWith('big ')).length === 40, 'the 80 KB update to arrive');
    expect(cardTexts(reader.doc)).toEqual(expect.arrayContaining(['tiny', `medium ${long}`.slice(0, 2000)]));
    expect(cardTexts(reader.doc).sort()).toEqual(cardTexts(writer.doc).sort());
  });

  it('clients joining in the same moment over both transports all receive the whole board', async () => {
    const joining = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => stage.peer(`S${i}`)),
      ...Array.from({ length: 4 }, () => stage.ywsPeer()),
    ]);
    const expected = cardTexts(joining[0]!.doc).sort();
    expect(expected.length).toBeGreaterThanOrEqual(74);
    for (const peer of joining) expect(cardTexts(peer.doc).sort()).toEqual(expected);
  });

  it('keeps answering fresh joiners while writes and compactions share their turns', async () => {
    // A compaction after every flush puts store work in the same turns as joins.
    const busy = await startServer({ compactEveryUpdates: 1 });
    const busyBoard = await createBoard(busy.url);
    const alice = await SocketPeer.connect(busy.url, { board: busyBoard.id, key: busyBoard.keys.member, name: 'Alice' });
    let n = 0;
    const writing = setInterval(() => addCard(alice.doc, { kind: 'note', text: `tick ${n++}`, author: 'Alice', authorId: 'a' }), 2);
    try {
      for (let i = 0; i < 12; i++) {
        const peer =
          i % 2 === 0
            ? await SocketPeer.connect(busy.url, { board: busyBoard.id, key: busyBoard.keys.member, name: `J${i}` })
            : await YwsPeer.connect(busy.url, busyBoard.id, busyBoard.keys.member);
        expect(readBoard(peer.doc).cards.length).toBeGreaterThan(0);
        peer.close();
      }
    } finally {
      clearInterval(writing);
      alice.close();
      await busy.close();
    }
  });

  it('answers a joiner promptly under steady typing even when every write takes the store 20 ms', async () => {
    const slow = await startServer();
    const board = await createBoard(slow.url);
    const store = slow.app.store;
    const append = store.appendUpdates.bind(store);
    let writes = 0;
    store.appendUpdates = async (id, updates) => {
      writes++;
      await new Promise((r) => setTimeout(r, 20));
      return append(id, updates);
    };
    const alice = await SocketPeer.connect(slow.url, { board: board.id, key: board.keys.member, name: 'Alice' });
    let n = 0;
    const typing = setInterval(() => addCard(alice.doc, { kind: 'note', text: `key ${n++}`, author: 'Alice', authorId: 'a' }), 2);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const started = performance.now();
      const joiner = await SocketPeer.connect(slow.url, { board: board.id, key: board.keys.member, name: 'Late' });
      const waited = performance.now() - started;
      expect(readBoard(joiner.doc).cards.length).toBeGreaterThan(0);
      joiner.close();
      // One write per turn of input queued hundreds of 20 ms writes ahead of the answer (seconds, and
      // growing); one waiting write that takes everything pending keeps it to a write or two.
      expect(waited).toBeLessThan(1000);
      expect(writes).toBeLessThan(n / 3);
    } finally {
      clearInterval(typing);
      alice.close();
      await slow.close();
    }
  });

  it('holds updates the store refused: nobody sees them until they are written, then everyone does', async () => {
    const store = stage.server.app.store;
    const append = store.appendUpdates.bind(store);
    let diskFull = true;
    store.appendUpdates = async (id, updates) => {
      if (diskFull) throw new Error('disk full (injected by the test)');
      return append(id, updates);
    };
    const alice = await stage.peer('Alice');
    const bob = await stage.ywsPeer();
    const text = 'written while the disk was full';
    try {
      addCard(alice.doc, { kind: 'weakness', text, author: 'Alice', authorId: 'a' });
      const joining = stage.peer('Carol');
      let carolSynced = false;
      void joining.then(() => (carolSynced = true));
      await new Promise((r) => setTimeout(r, 600));
      // A fresh joiner would get the whole document, which holds the unwritten card: its answer waits.
      expect(carolSynced).toBe(false);
      expect(cardTexts(bob.doc)).not.toContain(text);
      expect(await storedTexts(stage.server, stage.board.id)).not.toContain(text);

      diskFull = false;
      // Carol's answer waited for the write; the retry (every 250 ms, then less often) brings both.
      const carol = await joining;
      expect(cardTexts(carol.doc)).toContain(text);
      await waitFor(() => cardTexts(bob.doc).includes(text), 'bob to get the card once it is written');
      expect(await storedTexts(stage.server, stage.board.id)).toContain(text);
    } finally {
      store.appendUpdates = append;
    }
  });

  it('never negotiates permessage-deflate on /yjs (broadcasts are written pre-framed)', async () => {
    const ws = await openSocket(yjsUrl(stage.server.url, stage.board.id, stage.board.keys.member), { perMessageDeflate: true });
    try {
      expect(ws.extensions).toBe('');
    } finally {
      ws.close();
    }
  });
});
