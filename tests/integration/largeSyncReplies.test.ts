/**
 * A connection's first sync step 2 (the offline work it brings when it joins) is not charged to its
 * update rate, and may be up to 16 MiB. Each new connection got that for free, so a member reconnecting
 * in a loop could make the server decode 16 MiB per connection. First replies over one frame now draw on
 * a budget per address (two largest replies at once, MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE after); one
 * refused is asked for again once the budget allows, and small first replies stay free.
 */
import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { FRAME, SYNC, syncStep2Frame } from '@sessionboard/shared/sync';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { openSocket, yjsUrl } from '../helpers/rawSocket.ts';
import * as Y from 'yjs';
import { useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

const MIB = 1024 * 1024;
/**
 * 0.2 MiB a second after the 32 MiB burst: the fifth 7 MiB reply is refused unless about 15 s pass after
 * the first (a slow machine's margin), and asked for again within about 15 s.
 */
const stage = useServerWithBoard({ largeSyncReplyBytesPerMinute: 12 * MIB }, { title: 'Offline work', team: 'Kestrel' });

/** A raw /yjs client that sends nothing of its own accord: what it sends first is its first sync reply. */
class RawYjs {
  readonly step1s: number[] = [];
  readonly denied: string[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data);
      if (bytes[0] === FRAME.sync && bytes[1] === SYNC.step1) this.step1s.push(Date.now());
      if (bytes[0] === FRAME.auth) {
        const d = decoding.createDecoder(bytes.subarray(2));
        this.denied.push(decoding.readVarString(d));
      }
    });
  }

  static async open(url: string, board: string, key: string): Promise<RawYjs> {
    return new RawYjs(await openSocket(yjsUrl(url, board, key)));
  }

  send(frame: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.ws.send(frame, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    this.ws.close();
  }
}

/** Offline work as one update: a card, and `mib` MiB of text (a card's text is capped, so a shared text of its own). */
function offlineWork(mib: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  addCard(doc, { kind: 'note', text, author: 'Away', authorId: 'away-1' });
  if (mib > 0) doc.getText('offline-bulk').insert(0, 'x'.repeat(mib * MIB));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const cardTexts = (doc: Y.Doc) => readBoard(doc).cards.map((c) => c.text.trim());

describe('large first sync replies: a budget per address, asked for again when refused', () => {
  it('takes four 7 MiB replies from one address, refuses the fifth with a reason and asks for it again; a small first reply passes meanwhile', async () => {
    const { url } = stage.server;
    const { id, keys } = stage.board;
    // 7 MiB, the board's content after the first: the others are what the board already holds (the cap is 16 MiB).
    const work = syncStep2Frame(offlineWork(7, 'written on the train'));
    const late = syncStep2Frame(offlineWork(7, 'written on the plane'));
    const open: RawYjs[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const c = await RawYjs.open(url, id, keys.member);
        open.push(c);
        await c.send(i < 4 ? work : late);
      }
      const refused = open[4] as RawYjs;
      const reason = await waitFor(() => refused.denied[0], 'the fifth reply to be refused');
      expect(reason).toMatch(/^rate_limited: Too much offline work arrived from this address at once; your 7(\.\d)? MiB will be asked for again in \d+ s/);
      expect(open.slice(0, 4).map((c) => c.denied)).toEqual([[], [], [], []]);

      // The same work again while it waits (as a resync would bring it) is refused without another warning.
      await refused.send(late);

      // Small offline work from the same address is not held back by the spent budget.
      const small = await RawYjs.open(url, id, keys.member);
      open.push(small);
      await small.send(syncStep2Frame(offlineWork(0, 'a short note from the bus')));
      const reader = await stage.peer('Reader');
      await waitFor(() => cardTexts(reader.doc).includes('a short note from the bus'), 'the small reply on the board');
      expect(small.denied).toEqual([]);

      // The refused client is asked again (a second sync step 1) once the budget allows, and its answer is taken.
      const asked = refused.step1s.length;
      await waitFor(() => refused.step1s.length > asked, 'the server to ask the refused client again', 30_000);
      expect(cardTexts(reader.doc)).not.toContain('written on the plane');
      await refused.send(late);
      await waitFor(() => cardTexts(reader.doc).includes('written on the plane'), 'the refused work on the board once asked again');
      expect(refused.denied).toHaveLength(1);
      expect(cardTexts(reader.doc)).toContain('written on the train');
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      for (const c of open) c.close();
    }
  }, 60_000);
});
