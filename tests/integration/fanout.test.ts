import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import type { CreatedBoard } from '@sessionboard/shared';
import { FRAME, SYNC, readFrameHead } from '@sessionboard/shared/sync';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

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

describe('batched fan-out', () => {
  let server: TestServer;
  let board: CreatedBoard;

  beforeAll(async () => {
    server = await startServer();
    board = await createBoard(server.url);
  });
  afterAll(async () => server.close());

  it('a burst read in one turn is written in one transaction and reaches every peer once, never its sender', async () => {
    const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Alice' });
    const bob = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Bob' });
    const carol = await YwsPeer.connect(server.url, board.id, board.keys.member);
    try {
      const persisted0 = await metric(server, 'sessionboard_updates_persisted_total');
      const commits0 = await metric(server, 'sessionboard_persist_seconds_count');
      const aliceBefore = updatesReceived(alice);
      const bobBefore = updatesReceived(bob);

      // 30 separate updates, emitted before the server can read any: they arrive together.
      for (let i = 0; i < 30; i++) addCard(alice.doc, { kind: 'note', text: `burst ${i}`, author: 'Alice', authorId: 'a' });

      await waitFor(() => cardTexts(bob.doc).length === 30, 'bob to get the whole burst');
      await waitFor(() => cardTexts(carol.doc).length === 30, 'carol (y-websocket) to get the whole burst');
      expect(await metric(server, 'sessionboard_updates_persisted_total')).toBe(persisted0 + 30);
      // Written in a few commits at most (the socket may split the burst), not one per update.
      expect((await metric(server, 'sessionboard_persist_seconds_count')) - commits0).toBeLessThanOrEqual(3);
      // Each update reached bob once, in its own frame; none came back to alice.
      expect(updatesReceived(bob) - bobBefore).toBe(30);
      expect(updatesReceived(alice)).toBe(aliceBefore);
      expect(cardTexts(carol.doc).sort()).toEqual(cardTexts(alice.doc).sort());
    } finally {
      alice.close();
      bob.close();
      carol.close();
    }
  });

  it('two senders in one batch each get the other one’s update but not their own', async () => {
    const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Alice' });
    const dan = await YwsPeer.connect(server.url, board.id, board.keys.member);
    const erin = await YwsPeer.connect(server.url, board.id, board.keys.member);
    try {
      const aliceBefore = updatesReceived(alice);
      addCard(dan.doc, { kind: 'strength', text: 'from dan', author: 'Dan', authorId: 'd' });
      addCard(erin.doc, { kind: 'strength', text: 'from erin', author: 'Erin', authorId: 'e' });
      for (const peer of [alice, dan, erin]) {
        await waitFor(() => ['from dan', 'from erin'].every((t) => cardTexts(peer.doc).includes(t)), 'both cards everywhere');
      }
      expect(updatesReceived(alice) - aliceBefore).toBe(2);
    } finally {
      alice.close();
      dan.close();
      erin.close();
    }
  });

  it('messages of every WebSocket length class (7-, 16- and 64-bit) reach y-websocket clients intact', async () => {
    const writer = await YwsPeer.connect(server.url, board.id, board.keys.member);
    const reader = await YwsPeer.connect(server.url, board.id, board.keys.member);
    try {
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
    } finally {
      writer.close();
      reader.close();
    }
  });

  it('clients joining in the same moment over both transports all receive the whole board', async () => {
    const joining = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: `S${i}` })),
      ...Array.from({ length: 4 }, () => YwsPeer.connect(server.url, board.id, board.keys.member)),
    ]);
    try {
      const expected = cardTexts(joining[0]!.doc).sort();
      expect(expected.length).toBeGreaterThanOrEqual(74);
      for (const peer of joining) expect(cardTexts(peer.doc).sort()).toEqual(expected);
    } finally {
      for (const peer of joining) peer.close();
    }
  });
});
