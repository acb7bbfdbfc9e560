import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { SYNC, readFrameHead, updateFrame } from '@sessionboard/shared/sync';
import { StateAnswers, encodeIntegrated } from '../../server/src/rooms/StateAnswers.ts';

/** A room's document with `answers` told of every update, as Room wires it. */
function roomDoc(): { doc: Y.Doc; answers: StateAnswers } {
  const doc = new Y.Doc();
  const answers = new StateAnswers(doc);
  doc.on('update', (u: Uint8Array) => answers.noteUpdate(u, updateFrame(u)));
  return { doc, answers };
}

/**
 * Applies answer frames (sync step 2 or update) to a fresh document, in order, stopping after the first
 * sync step 2, as a client that reads the board once told it is synced (y-websocket's provider) sees it.
 */
function applied(frames: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const f of frames) {
    const head = readFrameHead(f);
    if (head.update) Y.applyUpdate(doc, head.update);
    if (head.syncType === SYNC.step2) break;
  }
  return doc;
}

/** The sync message types of answer frames, in order. */
const syncTypes = (frames: Uint8Array[]) => frames.map((f) => readFrameHead(f).syncType);

const texts = (doc: Y.Doc) => readBoard(doc).cards.map((c) => c.text).sort();

describe('StateAnswers: sync step 1 answers without a whole-board encoding per asker', () => {
  it('the cached board followed by the updates since brings a joiner to the present, across many writes', () => {
    const { doc, answers } = roomDoc();
    for (let i = 0; i < 50; i++) addCard(doc, { kind: 'note', text: `before ${i}`, author: 'A', authorId: 'a' });
    const first = answers.forJoiner();
    expect(first).toHaveLength(1);
    // Writes after the encoding travel as the tail, merged into one update past 64 of them.
    for (let i = 0; i < 200; i++) addCard(doc, { kind: 'note', text: `after ${i}`, author: 'A', authorId: 'a' });
    const frames = answers.forJoiner();
    expect(frames.length).toBeLessThanOrEqual(1 + 65);
    // Only the last frame says "synced", so nothing after it is missing when a client is told so.
    expect(syncTypes(frames)).toEqual([...frames.slice(1).map(() => SYNC.update), SYNC.step2]);
    expect(texts(applied(frames))).toEqual(texts(doc));
    // The cached encoding is not rebuilt per joiner.
    expect(answers.forJoiner()[0]).toBe(frames[0]);
    addCard(doc, { kind: 'note', text: 'latest', author: 'A', authorId: 'a' });
    const again = answers.forJoiner();
    expect(again[0]).toBe(frames[0]);
    expect(texts(applied(again))).toEqual(texts(doc));
  });

  it('a state vector far behind or made up gets the cached board; one nearly current gets only the difference', () => {
    const { doc, answers } = roomDoc();
    for (let i = 0; i < 2000; i++) addCard(doc, { kind: 'note', text: `card ${i}`, author: 'A', authorId: 'a' });
    const cached = answers.forJoiner()[0];
    const stranger = new Y.Doc();
    addCard(stranger, { kind: 'note', text: 'made up', author: 'M', authorId: 'm' });
    const strangerSv = Y.encodeStateVector(stranger);
    expect(answers.forStateVector(strangerSv, Y.decodeStateVector(strangerSv))[0]).toBe(cached);

    const peer = applied(answers.forJoiner());
    addCard(doc, { kind: 'note', text: 'one more', author: 'A', authorId: 'a' });
    const sv = Y.encodeStateVector(peer);
    const diff = answers.forStateVector(sv, Y.decodeStateVector(sv));
    expect(diff).toHaveLength(1);
    expect((diff[0] as Uint8Array).length).toBeLessThan(1000);
    const head = readFrameHead(diff[0] as Uint8Array);
    Y.applyUpdate(peer, head.update as Uint8Array);
    expect(texts(peer)).toEqual(texts(doc));
  });

  it('leaves out updates parked for missing predecessors, and keeps them parked', () => {
    const { doc } = roomDoc();
    addCard(doc, { kind: 'note', text: 'here', author: 'A', authorId: 'a' });
    const other = new Y.Doc();
    addCard(other, { kind: 'note', text: 'first', author: 'B', authorId: 'b' });
    const sv = Y.encodeStateVector(other);
    addCard(other, { kind: 'note', text: 'second', author: 'B', authorId: 'b' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, sv)); // its predecessor never came
    expect(doc.store.pendingStructs).not.toBeNull();
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, encodeIntegrated(doc));
    expect(texts(joiner)).toEqual(['here']);
    expect(joiner.store.pendingStructs).toBeNull();
    expect(doc.store.pendingStructs).not.toBeNull();
  });
});
