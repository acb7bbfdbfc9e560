/**
 * The people a board remembers (issue 13, item 1b) live in a table of their own, not in the session
 * row: through the real server (its own SQLite file; on the PostgreSQL run, a schema of its own), with
 * real Socket.IO clients. 2,000 people joining and a command leave the session row the size it was;
 * past 2,000 a newcomer is not remembered, as before; a locked board lets someone it remembered back
 * in after a restart, also when they joined while the store refused writes. (Across processes: scaleOut.test.ts; databases from before: migrations.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REMEMBERED_PARTICIPANTS } from '@sessionboard/shared';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { waitFor } from '../helpers/waitFor.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function server(dataDir?: string): Promise<TestServer> {
  const s = await startServer(dataDir ? { dataDir } : {});
  servers.push(s);
  return s;
}

/** Connects `count` people with secrets `${prefix}-N` (N from `from`), a few dozen at a time, and disconnects them. */
async function joinAndLeave(url: string, board: string, key: string, prefix: string, count: number, from = 0): Promise<void> {
  const AT_ONCE = 40;
  for (let start = from; start < from + count; start += AT_ONCE) {
    const batch = Array.from({ length: Math.min(AT_ONCE, from + count - start) }, (_, i) => start + i);
    const peers = await Promise.all(batch.map((n) => SocketPeer.connect(url, { board, key, name: `Person ${n}`, participant: `${prefix}-${n}` })));
    for (const p of peers) p.close();
  }
}

describe('remembered participants', () => {
  it('R1: 2,000 people joining and a command leave the session row as small as it was; the 2,001st is not remembered, as before', async () => {
    const s = await server();
    const board = await createBoard(s.url, { title: 'Big class' });
    const fay = await SocketPeer.connect(s.url, { board: board.id, key: board.keys.facilitator, name: 'Fay', participant: 'fay-secret-1' });
    try {
      expect((await fay.command({ type: 'timer.reset' })).ok).toBe(true);
      const before = (await s.app.store.loadSession(board.id))?.length ?? 0;
      // Fay is the first remembered; 1,999 more fill the board.
      await joinAndLeave(s.url, board.id, board.keys.member, 'person', MAX_REMEMBERED_PARTICIPANTS - 1);
      await waitFor(async () => (await s.app.store.loadParticipants(board.id)).length === MAX_REMEMBERED_PARTICIPANTS, 'all 2,000 remembered', 20_000);
      await joinAndLeave(s.url, board.id, board.keys.member, 'late', 1);
      expect((await fay.command({ type: 'timer.reset' })).ok).toBe(true);
      const after = (await s.app.store.loadSession(board.id)) ?? '';
      // Before, every one of them was in this row (about 60 bytes each: 120 KB), rewritten on every command.
      expect(after.length - before).toBeLessThan(100);
      expect(after).not.toContain('Person 1');
      const stored = await s.app.store.loadParticipants(board.id);
      expect(stored).toHaveLength(MAX_REMEMBERED_PARTICIPANTS);
      expect(stored[0]).toMatchObject({ name: 'Fay', role: 'facilitator' });
      expect(stored.some((p) => p.participant.startsWith('person-'))).toBe(false); // by public id, never the secret
      expect((await fay.command({ type: 'board.lock', locked: true })).ok).toBe(true);
      // The last one remembered is let back in; the one past the cap is not, as before.
      const last = await SocketPeer.connect(s.url, {
        board: board.id,
        key: board.keys.member,
        name: 'Person 1998',
        participant: `person-${MAX_REMEMBERED_PARTICIPANTS - 2}`,
      });
      last.close();
      expect(await SocketPeer.refusal(s.url, { board: board.id, key: board.keys.member, name: 'Late', participant: 'late-0' })).toBe('locked');
    } finally {
      fay.close();
    }
  }, 120_000);

  it('R2: a locked board lets someone it remembered back in after a restart, renamed; a stranger is still refused; the export lists them', async () => {
    const first = await server();
    const board = await createBoard(first.url, { title: 'Restarted' });
    const ann = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-secret-01' });
    const fay = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' });
    expect((await fay.command({ type: 'board.lock', locked: true })).ok).toBe(true);
    const annId = ann.hello?.participantId;
    ann.close();
    fay.close();
    servers.splice(servers.indexOf(first), 1);
    await first.close();

    const second = await server(first.dataDir);
    const back = await SocketPeer.connect(second.url, { board: board.id, key: board.keys.member, name: 'Ann L', participant: 'ann-secret-01' });
    try {
      expect(back.hello?.participantId).toBe(annId);
      expect(back.state?.locked).toBe(true);
      expect(await SocketPeer.refusal(second.url, { board: board.id, key: board.keys.member, name: 'Eve', participant: 'eve-secret-01' })).toBe('locked');
      await waitFor(async () => (await second.app.store.loadParticipant(board.id, annId!))?.name === 'Ann L', 'the new name stored');
      const md = await (await fetch(`${second.url}/api/boards/${board.id}/export?format=md&key=${board.keys.facilitator}`)).text();
      expect(md).toContain('**Participants:** Ann L, Fay');
      expect(await second.app.store.loadSession(board.id)).not.toContain('Ann');
    } finally {
      back.close();
    }
  });

  it('R3: someone who joins while the store refuses writes is remembered once it writes again, and let into the locked board after a restart', async () => {
    const first = await server();
    const board = await createBoard(first.url, { title: 'Outage' });
    const fay = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' });
    const inner = first.app.store.inner;
    const remember = inner.rememberParticipant.bind(inner);
    let full = true;
    inner.rememberParticipant = (...args) => (full ? Promise.reject(new Error('SQLITE_FULL: database or disk is full (injected by the test)')) : remember(...args));
    const ann = await SocketPeer.connect(first.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-outage-01' });
    const annId = ann.hello!.participantId;
    await waitFor(async () => (await fetch(`${first.url}/healthz`)).status === 503, 'healthz to say not ready');
    expect(await first.app.store.loadParticipant(board.id, annId)).toBeNull();
    full = false;
    await waitFor(async () => (await first.app.store.loadParticipant(board.id, annId)) !== null, 'Ann written by the retry', 10_000);
    await waitFor(async () => (await fetch(`${first.url}/healthz`)).status === 200, 'healthz to recover');
    expect((await fay.command({ type: 'board.lock', locked: true })).ok).toBe(true);
    ann.close();
    fay.close();
    servers.splice(servers.indexOf(first), 1);
    await first.close();
    const second = await server(first.dataDir);
    const back = await SocketPeer.connect(second.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-outage-01' });
    expect(back.hello?.participantId).toBe(annId);
    back.close();
  });
});
