import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { addCard, readBoard, spliceCardText } from '@sessionboard/shared';
import { createBoard, useServerWithBoard } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { waitFor } from '../helpers/waitFor.ts';

// The default limit (MAX_UPDATE_BYTES_PER_MINUTE unset: 8 MiB a minute, a burst of one 1 MiB frame).
const stage = useServerWithBoard({}, { title: 'Byte rate', team: 'Kestrel' });

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

/** Reasons WebsocketProvider logged for permission-denied messages. */
const deniedReasons = () =>
  warn.mock.calls.map((args) => String(args[0])).filter((l) => l.startsWith('Permission denied')).map((l) => l.split('\n').slice(1).join('\n'));

describe('R1: bytes of document updates per connection per minute', () => {
  it('a Socket.IO connection flooding 700 KB updates is refused with rate_limited after its burst; a neighbour typing is untouched', async () => {
    const board = await createBoard(stage.server.url, { title: 'Flooded' });
    const auth = (name: string) => ({ board: board.id, key: board.keys.member, name });
    const [mallory, ann, bob] = await Promise.all([SocketPeer.connect(stage.server.url, auth('Mallory')), SocketPeer.connect(stage.server.url, auth('Ann')), SocketPeer.connect(stage.server.url, auth('Bob'))]);
    try {
      const card = addCard(ann.doc, { kind: 'strength', text: '', author: 'Ann', authorId: 'a' });
      for (let i = 0; i < 4; i++) mallory.doc.getText(`flood-${i}`).insert(0, 'm'.repeat(700_000));
      // Ann types while the flood arrives.
      for (let i = 0; i < 40; i++) spliceCardText(ann.doc, card, { index: i, deleteCount: 0, insert: 'a' });
      await waitFor(() => mallory.errors.find((e) => e.code === 'rate_limited'), 'rate_limited for the flood');
      expect(mallory.errors.find((e) => e.code === 'rate_limited')?.message).toMatch(/MiB of changes a minute/);
      await waitFor(() => readBoard(bob.doc).cards.find((c) => c.id === card)?.text === 'a'.repeat(40), "Ann's typing to reach Bob");
      // The burst (one largest frame) let the first through, and only the first.
      await waitFor(() => bob.doc.getText('flood-0').length === 700_000, 'the first flood update to reach Bob');
      expect([1, 2, 3].map((i) => bob.doc.getText(`flood-${i}`).length)).toEqual([0, 0, 0]);
      expect(ann.errors).toEqual([]);
      expect(bob.errors).toEqual([]);
      expect(mallory.socket.connected).toBe(true);
    } finally {
      for (const p of [mallory, ann, bob]) p.close();
    }
  });

  it('on /yjs the refusal is the permission-denied message with rate_limited as its reason', async () => {
    const board = await createBoard(stage.server.url, { title: 'Flooded over /yjs' });
    const mallory = await YwsPeer.connect(stage.server.url, board.id, board.keys.member);
    try {
      for (let i = 0; i < 3; i++) mallory.doc.getText(`flood-${i}`).insert(0, 'm'.repeat(700_000));
      const reason = await waitFor(() => deniedReasons()[0], 'a permission-denied message');
      expect(reason).toMatch(/^rate_limited: /);
      expect(mallory.provider.wsconnected).toBe(true);
    } finally {
      mallory.close();
    }
  });

  it('ordinary work stays far below it: 600 keystrokes, then a paste of 2,000 characters, on both transports', async () => {
    const board = await createBoard(stage.server.url, { title: 'Typing' });
    const fay = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.member, name: 'Fay' });
    const ben = await YwsPeer.connect(stage.server.url, board.id, board.keys.member);
    const reader = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.member, name: 'Reader' });
    try {
      for (const [who, doc] of [['fay', fay.doc], ['ben', ben.doc]] as const) {
        const typed = addCard(doc, { kind: 'note', text: '', author: who, authorId: who });
        // Faster than anyone types (600 keystrokes in about a second), each its own update.
        for (let i = 0; i < 600; i++) {
          spliceCardText(doc, typed, { index: i % 50, deleteCount: i % 7 === 0 ? 1 : 0, insert: 'k' });
          if (i % 20 === 0) await new Promise((r) => setTimeout(r, 30));
        }
        const pasted = addCard(doc, { kind: 'note', text: '', author: who, authorId: who });
        spliceCardText(doc, pasted, { index: 0, deleteCount: 0, insert: 'p'.repeat(2000) });
        await waitFor(() => readBoard(reader.doc).cards.find((c) => c.id === pasted)?.text.length === 2000, `${who}'s paste to arrive`);
        await waitFor(() => readBoard(reader.doc).cards.find((c) => c.id === typed)?.text === readBoard(doc).cards.find((c) => c.id === typed)?.text, `${who}'s typing to arrive`);
      }
      expect(fay.errors).toEqual([]);
      expect(deniedReasons()).toEqual([]);
    } finally {
      for (const p of [fay, ben, reader]) p.close();
    }
  }, 30_000);
});
