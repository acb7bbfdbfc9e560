import { describe, expect, it } from 'vitest';
import { addCard, readBoard, setCardText } from '@sessionboard/shared';
import type { SocketPeer } from '../helpers/SocketPeer.ts';
import { useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

const texts = (peer: { doc: SocketPeer['doc'] }) =>
  readBoard(peer.doc)
    .cards.map((c) => c.text)
    .sort();

describe('live sync over both transports', () => {
  const stage = useServerWithBoard();

  it('two Socket.IO clients and one y-websocket client converge on the same board', async () => {
    const alice = await stage.peer('Alice');
    const bob = await stage.peer('Bob', 'facilitator');
    const carol = await stage.ywsPeer('mentor');
    expect(readBoard(alice.doc).meta.title).toBe('Team Kestrel');
    expect(readBoard(carol.doc).meta.title).toBe('Team Kestrel');

    addCard(alice.doc, { kind: 'strength', text: 'We pair a lot', author: 'Alice', authorId: 'alice-id' });
    addCard(bob.doc, { kind: 'weakness', text: 'No code review', author: 'Bob', authorId: 'bob-id' });
    addCard(carol.doc, { kind: 'note', text: 'Try review rota', author: 'Carol', authorId: 'carol-id' });

    const all = ['No code review', 'Try review rota', 'We pair a lot'];
    await waitFor(() => texts(alice).join() === all.join(), 'alice to see all three cards');
    await waitFor(() => texts(bob).join() === all.join(), 'bob to see all three cards');
    await waitFor(() => texts(carol).join() === all.join(), 'carol (y-websocket) to see all three cards');
  });

  it('concurrent edits of one card text merge instead of overwriting', async () => {
    const alice = await stage.peer('Alice');
    const bob = await stage.peer('Bob');
    const carol = await stage.ywsPeer();
    const id = addCard(alice.doc, { kind: 'weakness', text: 'tests', author: 'Alice', authorId: 'a' });
    await waitFor(() => readBoard(bob.doc).cards.some((c) => c.id === id), 'bob to get the card');
    await waitFor(() => readBoard(carol.doc).cards.some((c) => c.id === id), 'carol to get the card');

    // Both edit before either hears from the other: the server must merge, not pick a winner.
    setCardText(alice.doc, id, 'flaky tests');
    setCardText(bob.doc, id, 'tests are slow');
    setCardText(carol.doc, id, 'tests!');

    const textOf = (doc: SocketPeer['doc']) => readBoard(doc).cards.find((c) => c.id === id)?.text;
    await waitFor(() => {
      const a = textOf(alice.doc);
      return a === textOf(bob.doc) && a === textOf(carol.doc) && a !== undefined && a.length > 'tests'.length;
    }, 'all three to hold the same merged text');
    const merged = textOf(alice.doc) ?? '';
    expect(merged).toContain('flaky');
    expect(merged).toContain('are slow');
    expect(merged).toContain('!');
  });

  it('a client that joins later receives everything that was written', async () => {
    const late = await stage.peer('Late');
    expect(texts(late)).toEqual(expect.arrayContaining(['We pair a lot', 'No code review', 'Try review rota']));
    expect(late.hello?.role).toBe('member');
    expect(late.hello?.joinCode).toBe(stage.board.joinCode);
    expect(typeof late.hello?.serverNow).toBe('number');
  });

  it('a joiner has the whole board when it is told it is synced, writes since the cached encoding included, on both transports', async () => {
    // The room caches the board's encoding for joiners and sends the updates since after it; a client
    // is synced at the first sync step 2, and must not be told so before the updates since have come.
    const writer = await stage.peer('Writer');
    await stage.peer('Cache'); // a join encodes the board and caches it
    for (let i = 0; i < 5; i++) addCard(writer.doc, { kind: 'note', text: `since ${i}`, author: 'W', authorId: 'w' });
    const expected = texts(writer);
    const probe = await stage.peer('Probe');
    await waitFor(() => texts(probe).join() === expected.join(), 'the writes to reach the server');
    const socketLate = await stage.peer('Late socket');
    const ywsLate = await stage.ywsPeer('member');
    expect(texts({ doc: socketLate.atSync as SocketPeer['doc'] })).toEqual(expected);
    expect(texts({ doc: ywsLate.atSync as SocketPeer['doc'] })).toEqual(expected);
  });
});
