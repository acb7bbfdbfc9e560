import { afterEach, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import * as Y from 'yjs';
import { SnapshotEncoder, buildSnapshot } from '../../server/src/rooms/SnapshotEncoder.ts';

function boardWithLog(cards: number): { snapshot: Uint8Array; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  addCard(doc, { kind: 'strength', text: 'first', author: 'A', authorId: 'a' });
  const snapshot = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < cards; i++) addCard(doc, { kind: 'note', text: `card ${i}`, author: 'A', authorId: 'a' });
  return { snapshot, updates };
}

const cardsOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return readBoard(doc).cards.map((c) => c.text);
};

describe('SnapshotEncoder', () => {
  let encoder: SnapshotEncoder | null = null;
  afterEach(async () => {
    await encoder?.close();
    encoder = null;
  });

  it('builds on its worker the same snapshot as the event loop would', async () => {
    encoder = new SnapshotEncoder();
    const { snapshot, updates } = boardWithLog(50);
    const built = await encoder.build(snapshot, updates);
    expect(built.missing).toBe(false);
    expect(Buffer.from(built.snapshot).equals(Buffer.from(buildSnapshot(snapshot, updates).snapshot))).toBe(true);
    expect(cardsOf(built.snapshot)).toHaveLength(51);
  });

  it('says so when a stored update lacks its predecessors (the caller then skips the compaction)', async () => {
    encoder = new SnapshotEncoder();
    const { snapshot, updates } = boardWithLog(3);
    const built = await encoder.build(snapshot, [updates[0]!, updates[2]!]);
    expect(built.missing).toBe(true);
  });

  it('keeps building, on the calling thread, once closed', async () => {
    encoder = new SnapshotEncoder();
    const { snapshot, updates } = boardWithLog(5);
    await encoder.close();
    const built = await encoder.build(snapshot, updates);
    expect(cardsOf(built.snapshot)).toHaveLength(6);
  });

  it('answers jobs in any number at once, each with its own board', async () => {
    encoder = new SnapshotEncoder();
    const boards = [1, 2, 3, 4].map((n) => boardWithLog(n));
    const built = await Promise.all(boards.map((b) => encoder!.build(b.snapshot, b.updates)));
    expect(built.map((b) => cardsOf(b.snapshot).length)).toEqual([2, 3, 4, 5]);
  });
});
