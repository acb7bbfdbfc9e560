import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { upgradeStatus, yjsUrl } from '../helpers/rawSocket.ts';
import { createBoard, startServer, useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('roles and access', () => {
  const stage = useServerWithBoard();

  it('refuses a wrong key with forbidden and an unknown board with board_not_found', async () => {
    expect(await SocketPeer.refusal(stage.server.url, { board: stage.board.id, key: 'not-the-key', name: 'Mallory' })).toBe('forbidden');
    expect(await SocketPeer.refusal(stage.server.url, { board: 'no-such-board-123', key: stage.board.keys.member })).toBe('board_not_found');
    expect(await SocketPeer.refusal(stage.server.url, { board: '../etc', key: stage.board.keys.member })).toBe('board_not_found');
    expect(await SocketPeer.refusal(stage.server.url, {})).toBe('board_not_found');
    expect(await SocketPeer.refusal(stage.server.url, { board: stage.board.id })).toBe('forbidden');
  });

  it('refuses y-websocket upgrades with a wrong key or unknown board', async () => {
    expect(await upgradeStatus(yjsUrl(stage.server.url, stage.board.id, 'wrong'))).toBe(403);
    expect(await upgradeStatus(yjsUrl(stage.server.url, 'nosuchboard99', stage.board.keys.member))).toBe(404);
    expect(await upgradeStatus(yjsUrl(stage.server.url, stage.board.id, stage.board.keys.member))).toBe(101);
  });

  it("drops a projector's writes on Socket.IO, answers with an error, and nobody sees them", async () => {
    const alice = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Alice' });
    const projector = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.projector });
    try {
      expect(projector.hello?.role).toBe('projector');
      addCard(projector.doc, { kind: 'strength', text: 'written by the projector', author: 'P', authorId: 'p' });
      await waitFor(() => projector.errors.find((e) => e.code === 'forbidden'), 'a forbidden error to the projector');
      // A later write from a member arrives, and the projector's never does.
      addCard(alice.doc, { kind: 'strength', text: 'written by alice', author: 'Alice', authorId: 'a' });
      await waitFor(() => readBoard(projector.doc).cards.some((c) => c.text === 'written by alice'), 'the projector to still receive');
      expect(readBoard(alice.doc).cards.some((c) => c.text === 'written by the projector')).toBe(false);
      const fresh = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member });
      expect(readBoard(fresh.doc).cards.some((c) => c.text === 'written by the projector')).toBe(false);
      fresh.close();
    } finally {
      alice.close();
      projector.close();
    }
  });

  it("drops a projector's writes on the y-websocket endpoint too", async () => {
    const projector = await YwsPeer.connect(stage.server.url, stage.board.id, stage.board.keys.projector);
    const alice = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Alice' });
    try {
      addCard(projector.doc, { kind: 'weakness', text: 'yws projector write', author: 'P', authorId: 'p' });
      addCard(alice.doc, { kind: 'weakness', text: 'after the projector', author: 'Alice', authorId: 'a' });
      await waitFor(() => readBoard(projector.doc).cards.some((c) => c.text === 'after the projector'), 'projector to receive');
      const fresh = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member });
      expect(readBoard(fresh.doc).cards.some((c) => c.text === 'yws projector write')).toBe(false);
      fresh.close();
    } finally {
      alice.close();
      projector.close();
    }
  });

  it('a locked board refuses new members but lets known people and the facilitator back in', async () => {
    const own = await createBoard(stage.server.url, { title: 'Locked one' });
    const dana = await SocketPeer.connect(stage.server.url, { board: own.id, key: own.keys.member, name: 'Dana', participant: 'dana-participant' });
    const danaPublic = dana.hello?.participantId;
    const fac = await SocketPeer.connect(stage.server.url, { board: own.id, key: own.keys.facilitator, name: 'Fay' });
    try {
      const ack = await fac.command({ type: 'board.lock', locked: true });
      expect(ack.ok).toBe(true);
      expect(await SocketPeer.refusal(stage.server.url, { board: own.id, key: own.keys.member, name: 'Eve', participant: 'eve-participant' })).toBe('locked');
      dana.close();
      const back = await SocketPeer.connect(stage.server.url, { board: own.id, key: own.keys.member, name: 'Dana', participant: 'dana-participant' });
      expect(back.hello?.participantId).toBe(danaPublic);
      back.close();
      const fac2 = await SocketPeer.connect(stage.server.url, { board: own.id, key: own.keys.facilitator, name: 'Fay again' });
      fac2.close();
    } finally {
      fac.close();
    }
  });

  it('keeps the participant secret a client sends, shows others only a public id, and makes a secret when it is missing', async () => {
    const withId = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, participant: 'my-stable-id-1' });
    const again = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, participant: 'my-stable-id-1' });
    const without = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member });
    expect(withId.hello?.participant).toBe('my-stable-id-1');
    expect(withId.hello?.participantId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(withId.hello?.participantId).not.toBe('my-stable-id-1');
    expect(again.hello?.participantId).toBe(withId.hello?.participantId);
    expect(without.hello?.participant).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(without.hello?.participantId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const back = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, participant: without.hello?.participant ?? '' });
    expect(back.hello?.participantId).toBe(without.hello?.participantId);
    for (const p of [withId, again, without, back]) p.close();
  });
});

describe('rate limits', () => {
  it('refuses connection attempts past the per-address limit with rate_limited', async () => {
    const server = await startServer({ connectBurst: 3, connectPerSecond: 0.01 });
    try {
      const board = await createBoard(server.url);
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) codes.push(await SocketPeer.refusal(server.url, { board: board.id, key: 'wrong' }));
      expect(codes.slice(0, 3)).toEqual(['forbidden', 'forbidden', 'forbidden']);
      expect(codes.slice(3)).toEqual(['rate_limited', 'rate_limited']);
    } finally {
      await server.close();
    }
  });

  it('resolves a join code to the member key, says so for a wrong code, and limits attempts', async () => {
    const server = await startServer({ joinBurst: 4, joinPerSecond: 0.01 });
    try {
      const board = await createBoard(server.url);
      const code = board.joinCode;
      const ok = await fetch(`${server.url}/api/join/${code.toLowerCase().slice(0, 3)}-${code.slice(3)}`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ board: board.id, key: board.keys.member });
      const wrong = await fetch(`${server.url}/api/join/ZZZZZZ`);
      expect(wrong.status).toBe(404);
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('board_not_found');
      // Only wrong codes count: past the allowance of 4, the address waits, and even the right code is refused.
      for (let i = 0; i < 4; i++) await fetch(`${server.url}/api/join/ZZZZZZ`);
      const limited = await fetch(`${server.url}/api/join/${code}`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    } finally {
      await server.close();
    }
  });

  it('limits board creation per address with rate_limited, as RATE_CREATE_BURST sets', async () => {
    const server = await startServer({ createBurst: 2, createPerSecond: 0.01 });
    try {
      await createBoard(server.url);
      await createBoard(server.url);
      const limited = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'one too many' }),
      });
      expect(limited.status).toBe(429);
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    } finally {
      await server.close();
    }
  });
});
