import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('the disk fills up under writes', () => {
  it('stays up, says not ready, refuses commands clearly, loses nothing acknowledged, and recovers', async () => {
    const server = await startServer();
    const board = await createBoard(server.url);
    const ann = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-secret-123' });
    const inner = server.app.store.inner;
    const append = inner.appendUpdates.bind(inner);
    const save = inner.saveSession.bind(inner);
    let full = false;
    const diskFull = () => new Error('SQLITE_FULL: database or disk is full (injected by the test)');
    inner.appendUpdates = async (id, u) => (full ? Promise.reject(diskFull()) : append(id, u));
    inner.saveSession = async (id, j) => (full ? Promise.reject(diskFull()) : save(id, j));
    let restarted: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      const card = addCard(ann.doc, { kind: 'weakness', text: 'written before the disk filled', author: 'Ann', authorId: 'a' });
      expect((await ann.command({ type: 'vote.add', card })).ok).toBe(true);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      full = true;
      addCard(ann.doc, { kind: 'weakness', text: 'written while the disk was full', author: 'Ann', authorId: 'a' });
      await waitFor(async () => (await fetch(`${server.url}/healthz`)).status === 503, 'healthz to say not ready');
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; store: { writing: boolean; error: string } };
      expect(health).toMatchObject({ ok: false, store: { writing: false } });
      expect(health.store.error).toMatch(/disk is full/);
      const refused = await ann.command({ type: 'vote.add', card });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('internal');

      full = false;
      await waitFor(async () => (await fetch(`${server.url}/healthz`)).status === 200, 'healthz to recover once writes succeed (the retry)');
      expect((await ann.command({ type: 'vote.add', card })).ok).toBe(true);
      ann.close();
      await server.close();

      restarted = await startServer({ dataDir: server.dataDir });
      const back = await SocketPeer.connect(restarted.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-secret-123' });
      const texts = readBoard(back.doc).cards.map((c) => c.text);
      expect(texts).toContain('written before the disk filled');
      expect(texts).toContain('written while the disk was full');
      // Two acknowledged dots, and not the refused one.
      expect(back.hello?.mine[card]).toBe(2);
      back.close();
    } finally {
      ann.close();
      await server.close();
      await restarted?.close();
    }
  });
});
