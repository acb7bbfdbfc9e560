import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, addCard, readBoard } from '@sessionboard/shared';
import { FRAME, awarenessFrame, updateFrame } from '@sessionboard/shared/sync';
import { openSocket, yjsUrl } from '../helpers/rawSocket.ts';
import * as Y from 'yjs';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('bad input harms nothing', () => {
  // 'caps updates parked' floods 5 MB from one connection to reach the parking cap, past the byte rate (updateRate.test).
  const stage = useServerWithBoard({ updateBytesPerMinute: 1024 ** 4 });
  let alice: SocketPeer;
  let bob: SocketPeer;
  let mallory: SocketPeer;

  beforeAll(async () => {
    alice = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Alice' });
    bob = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Bob' });
    mallory = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Mallory' });
  });
  afterAll(async () => {
    alice.close();
    bob.close();
    mallory.close();
  });

  /** After each attack: the server answers HTTP, and alice's next card reaches bob. */
  async function stillHealthy(label: string): Promise<void> {
    const health = await fetch(`${stage.server.url}/healthz`);
    expect(health.status).toBe(200);
    const id = addCard(alice.doc, { kind: 'strength', text: `after ${label}`, author: 'Alice', authorId: 'a' });
    await waitFor(() => readBoard(bob.doc).cards.some((c) => c.id === id), `bob to receive alice's card after ${label}`);
  }

  async function expectError(code: string, send: () => void, label: string): Promise<void> {
    const before = mallory.errors.length;
    send();
    await waitFor(() => mallory.errors.slice(before).find((e) => e.code === code), `a ${code} error after ${label}`);
    expect(mallory.errors.slice(before).every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
    await stillHealthy(label);
  }

  it('answers malformed Yjs frames with invalid', async () => {
    await expectError('invalid', () => mallory.socket.emit('yjs', new Uint8Array([0, 2, 200, 200, 200])), 'a truncated update');
    await expectError('invalid', () => mallory.socket.emit('yjs', new Uint8Array([9, 9, 9])), 'an unknown frame type');
    await expectError('invalid', () => mallory.socket.emit('yjs', new Uint8Array([])), 'an empty frame');
    await expectError('invalid', () => mallory.socket.emit('yjs', new Uint8Array([0, 0, 5, 1, 2])), 'a bad state vector');
    const garbage = new Uint8Array(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    garbage[0] = FRAME.sync;
    garbage[1] = 2;
    mallory.socket.emit('yjs', garbage);
    await stillHealthy('a frame of noise');
  });

  it('answers a string or an object where bytes belong with invalid', async () => {
    await expectError('invalid', () => mallory.socket.emit('yjs', 'AAEC'), 'a string frame');
    await expectError('invalid', () => mallory.socket.emit('yjs', { 0: 0, 1: 1 }), 'an object frame');
    await expectError('invalid', () => mallory.socket.emit('yjs', 12), 'a number frame');
    await expectError('invalid', () => mallory.socket.emit('yjs'), 'a missing frame');
  });

  it('answers an oversized frame with too_large', async () => {
    const big = new Uint8Array(MAX_FRAME_BYTES + 10);
    big[0] = FRAME.sync;
    await expectError('too_large', () => mallory.socket.emit('yjs', big), 'an oversized frame');
  });

  it('answers oversized presence with too_large', async () => {
    const doc = new Y.Doc();
    const { Awareness } = await import('y-protocols/awareness');
    const aw = new Awareness(doc);
    aw.setLocalState({ user: { name: 'x'.repeat(10_000) } });
    await expectError('too_large', () => mallory.socket.emit('yjs', awarenessFrame(aw, [doc.clientID])), 'oversized awareness');
    aw.destroy();
  });

  it('answers unknown events and malformed commands without harm', async () => {
    await expectError('unknown_event', () => mallory.socket.emit('drop:tables', { all: true }), 'an unknown event');
    const ack = await mallory.socket.timeout(2000).emitWithAck('nope', 1);
    expect(ack.ok).toBe(false);
    expect(ack.error.code).toBe('unknown_event');
    for (const bad of [null, 42, 'timer.start', { type: 'timer.explode' }, { type: 'timer.extend', ms: 'lots' }, { type: 'vote.add' }, { type: 'step.goto', step: -1 }]) {
      const answer = await mallory.command(bad as Record<string, unknown>);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('invalid');
    }
    const huge = await mallory.command({ type: 'settings.update', settings: { steps: Array.from({ length: 5000 }, () => ({ title: 'x'.repeat(10), durationMs: 1000 })) } });
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.error.code).toBe('too_large');
    await stillHealthy('bad commands');
  });

  it('a command without an acknowledgement callback still does not throw', async () => {
    mallory.socket.emit('session:command', { type: 'timer.start' });
    await waitFor(() => mallory.errors.find((e) => e.code === 'forbidden'), 'a forbidden error event instead of an ack');
    await stillHealthy('a command without ack');
  });

  it('resyncs a client whose update depends on one the server never got', async () => {
    // Carol makes two edits; the server only ever sees the second one, which depends on the first.
    const carol = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Carol' });
    try {
      const offline = new Y.Doc();
      Y.applyUpdate(offline, Y.encodeStateAsUpdate(carol.doc));
      const sv = Y.encodeStateVector(offline);
      addCard(offline, { kind: 'note', text: 'first, lost on the way', author: 'Carol', authorId: 'c' });
      const sv2 = Y.encodeStateVector(offline);
      addCard(offline, { kind: 'note', text: 'second, depends on the first', author: 'Carol', authorId: 'c' });
      const second = Y.encodeStateAsUpdate(offline, sv2);
      void sv;
      // Give carol's own doc everything, so it can answer the server's resync request.
      Y.applyUpdate(carol.doc, Y.encodeStateAsUpdate(offline), carol);
      carol.socket.emit('yjs', updateFrame(second));
      await waitFor(
        () => readBoard(bob.doc).cards.filter((c) => c.text.startsWith('first') || c.text.startsWith('second')).length === 2,
        'bob to receive both notes after the resync',
      );
    } finally {
      carol.close();
    }
  });

  it('caps updates parked for predecessors that never come', async () => {
    const offline = new Y.Doc();
    offline.getText('parked').insert(0, 'the predecessor that is never sent');
    const before = mallory.errors.length;
    for (let i = 0; i < 6; i++) {
      const sv = Y.encodeStateVector(offline);
      offline.getText('parked').insert(0, 'x'.repeat(900_000));
      mallory.socket.emit('yjs', updateFrame(Y.encodeStateAsUpdate(offline, sv)));
    }
    await waitFor(() => mallory.errors.slice(before).find((e) => e.code === 'invalid' && /resync/.test(e.message)), 'the parked updates to be dropped');
    await stillHealthy('a flood of parked updates');
  });

  it('closes a y-websocket client that sends text or garbage, and others carry on', async () => {
    const carol = await YwsPeer.connect(stage.server.url, stage.board.id, stage.board.keys.member);
    carol.close();
    const raw = await openSocket(yjsUrl(stage.server.url, stage.board.id, stage.board.keys.member));
    const closed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
    raw.send('hello there');
    expect(await closed).toBe(4400);
    const raw2 = await openSocket(yjsUrl(stage.server.url, stage.board.id, stage.board.keys.member));
    const closed2 = new Promise<number>((r) => raw2.once('close', (code) => r(code)));
    raw2.send(new Uint8Array([0, 1, 255, 255, 255, 255, 255, 255, 255, 255, 255]));
    expect(await closed2).toBe(4400);
    await stillHealthy('websocket garbage');
  });
});
