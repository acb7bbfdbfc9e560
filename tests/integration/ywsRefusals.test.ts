import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { MAX_BOARD_BYTES, addCard, readBoard } from '@sessionboard/shared';
import { FRAME, SYNC, syncStep1Frame } from '@sessionboard/shared/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createBoard, useServerWithBoard } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { waitFor } from '../helpers/waitFor.ts';

const stage = useServerWithBoard({}, { title: 'Refusals on /yjs', team: 'Kestrel' });

// WebsocketProvider reports a y-protocols auth "permission denied" message by logging its reason with
// console.warn; watching that call is watching the provider understand the message.
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

/** The reasons WebsocketProvider reported for permission-denied messages. */
function deniedReasons(): string[] {
  return warn.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith('Permission denied')).map((line) => line.split('\n').slice(1).join('\n'));
}

describe('Y1: a refused write on /yjs is answered with a y-protocols permission-denied message', () => {
  it("a projector's write: WebsocketProvider reports forbidden with the read-only reason; the board does not change", async () => {
    const projector = await stage.ywsPeer('projector');
    addCard(projector.doc, { kind: 'note', text: 'from the room screen', author: 'Projector', authorId: 'p' });
    const reason = await waitFor(() => deniedReasons()[0], 'a permission-denied message to the projector');
    expect(reason).toMatch(/^forbidden: /);
    expect(reason).toMatch(/read-only/);
    const fresh = await stage.peer('Fresh');
    expect(readBoard(fresh.doc).cards.some((c) => c.text === 'from the room screen')).toBe(false);
    // Still connected: a refusal that is not malformed input does not end the connection.
    expect(projector.provider.wsconnected).toBe(true);
  });

  it('a write past the board cap: WebsocketProvider reports board_full; others carry on', async () => {
    const board = await createBoard(stage.server.url, { title: 'Nearly full' });
    // Ann and Bob are there before the bulk arrives: syncing 16 MB on joining can take longer than a join should wait.
    const ann = await YwsPeer.connect(stage.server.url, board.id, board.keys.member);
    const bob = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.member, name: 'Bob' });
    // Fill the board to just under its cap with one client's offline work (its sync step 2 may be 16 MiB).
    const filler = new Y.Doc();
    filler.getText('bulk').insert(0, 'x'.repeat(MAX_BOARD_BYTES - 40_000));
    const fill = new WebsocketProvider(`${stage.server.url.replace(/^http/, 'ws')}/yjs`, board.id, filler, {
      params: { key: board.keys.member },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await waitFor(() => fill.synced, 'the filler to sync', 20_000);
      await waitFor(() => ann.doc.getText('bulk').length === MAX_BOARD_BYTES - 40_000, 'the bulk to reach Ann', 20_000);
      await waitFor(() => bob.doc.getText('bulk').length === MAX_BOARD_BYTES - 40_000, 'the bulk to reach Bob', 20_000);
      fill.destroy();
      ann.doc.getText('junk').insert(0, 'y'.repeat(60_000));
      const reason = await waitFor(() => deniedReasons()[0], 'a permission-denied message for the full board', 10_000);
      expect(reason).toMatch(/^board_full: /);
      expect(reason).toMatch(/size limit/);
      expect(ann.provider.wsconnected).toBe(true);
      // Socket.IO keeps its `error` event for the same refusal.
      bob.doc.getText('junk').insert(0, 'z'.repeat(60_000));
      await waitFor(() => bob.errors.find((e) => e.code === 'board_full'), 'board_full as an error event on Socket.IO');
    } finally {
      bob.close();
      fill.destroy();
      filler.destroy();
      ann.close();
    }
  }, 60_000);
});

describe('Y2: a refused presence change on /yjs stays silent', () => {
  it("WebsocketProvider relays another's presence timing out in its view; the refusal sends it no permission-denied message", async () => {
    const ann = await stage.ywsPeer('member');
    const ben = await stage.ywsPeer('member');
    ben.provider.awareness.setLocalStateField('user', { name: 'Ben' });
    await waitFor(() => ann.provider.awareness.getStates().has(ben.doc.clientID), "Ben's presence to reach Ann");
    // What Ann's awareness does when Ben's state goes quiet for 30 s: it drops it, and the provider sends that on.
    awarenessProtocol.removeAwarenessStates(ann.provider.awareness, [ben.doc.clientID], 'timeout');
    // A sync step 1 after it: the server answers it after handling the removal, on the same socket.
    const ws = ann.provider.ws as unknown as WebSocket;
    let answered = false;
    ws.addEventListener('message', (event) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer);
      if (bytes[0] === FRAME.sync && bytes[1] === SYNC.step2) answered = true;
    });
    ws.send(syncStep1Frame(new Y.Doc()));
    await waitFor(() => answered, 'the answer to the sync step 1');
    expect(deniedReasons()).toEqual([]);
  });
});
