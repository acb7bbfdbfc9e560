import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addBacklogItem,
  addCard,
  compareOrder,
  createBoardDoc,
  deleteCard,
  initBoardDoc,
  isOrderKey,
  keyBetween,
  linkCards,
  makeGoal,
  moveCard,
  nudgeCard,
  readBoard,
  setCardText,
  unlinkCards,
  updateCardFields,
} from '@sessionboard/shared';

/** Docs that exchange updates only when the test says so. */
function peers(n: number): Y.Doc[] {
  return Array.from({ length: n }, () => createBoardDoc());
}

function syncAll(docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

/** A small seeded PRNG (mulberry32), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const by = { author: 'Ann', authorId: 'ann' };

describe('order keys', () => {
  it('O1: a key between two keys sorts between them, always with room for more', () => {
    let lo: string | null = null;
    let hi: string | null = null;
    const keys: string[] = [];
    const random = rng(7);
    for (let i = 0; i < 500; i++) {
      const k = keyBetween(lo, hi);
      expect(isOrderKey(k)).toBe(true);
      if (lo !== null) expect(k > lo).toBe(true);
      if (hi !== null) expect(k < hi).toBe(true);
      keys.push(k);
      if (random() < 0.5) lo = k;
      else hi = k;
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('O2: appending many keys keeps them short and sorted', () => {
    const keys: string[] = [];
    let last: string | null = null;
    for (let i = 0; i < 1000; i++) keys.push((last = keyBetween(last, null)));
    expect([...keys].sort()).toEqual(keys);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(20);
    const front: string[] = [];
    let first: string | null = null;
    for (let i = 0; i < 1000; i++) front.unshift((first = keyBetween(null, first)));
    expect([...front].sort()).toEqual(front);
    expect(Math.max(...front.map((k) => k.length))).toBeLessThan(20);
  });

  it('O3: bad or reversed bounds still give a usable key', () => {
    expect(isOrderKey(keyBetween('b', 'a'))).toBe(true);
    expect(isOrderKey(keyBetween('not a key!', null))).toBe(true);
  });
});

describe('board schema functions', () => {
  it('S1: cards added, edited, moved and deleted read back as plain snapshots', () => {
    const doc = createBoardDoc();
    initBoardDoc(doc, { title: 'T', team: 'X', template: 'mentoring-session', createdAt: 1 });
    const a = addCard(doc, { kind: 'weakness', text: 'slow CI', ...by });
    const b = addCard(doc, { kind: 'weakness', text: 'no reviews', ...by });
    setCardText(doc, a, 'very slow CI');
    let board = readBoard(doc);
    expect(board.meta).toMatchObject({ title: 'T', team: 'X', schemaVersion: 1 });
    const column = board.cards.filter((c) => c.kind === 'weakness').sort(compareOrder);
    expect(column.map((c) => c.text)).toEqual(['very slow CI', 'no reviews']);
    nudgeCard(doc, b, -1);
    board = readBoard(doc);
    expect(board.cards.sort(compareOrder).map((c) => c.id)).toEqual([b, a]);
    moveCard(doc, a, { kind: 'strength' });
    expect(readBoard(doc).cards.find((c) => c.id === a)?.kind).toBe('strength');
    deleteCard(doc, a);
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual([b]);
  });

  it('S2: links point questions and goals at weaknesses, and vanish with the weakness', () => {
    const doc = createBoardDoc();
    const w = addCard(doc, { kind: 'weakness', text: 'no tests', ...by });
    const q = addCard(doc, { kind: 'question', text: 'how to start testing?', ...by });
    linkCards(doc, q, w);
    linkCards(doc, q, w);
    linkCards(doc, q, q);
    expect(readBoard(doc).cards.find((c) => c.id === q)?.links).toEqual([w]);
    const goal = makeGoal(doc, q, by) as string;
    const g = readBoard(doc).cards.find((c) => c.id === goal);
    expect(g).toMatchObject({ kind: 'goal', text: 'how to start testing?', links: [w], source: q, measure: '', owner: '', due: '' });
    updateCardFields(doc, goal, { measure: '80% coverage', owner: 'Ann', due: '2026-12-15' });
    expect(readBoard(doc).cards.find((c) => c.id === goal)).toMatchObject({ measure: '80% coverage', owner: 'Ann', due: '2026-12-15' });
    unlinkCards(doc, q, w);
    expect(readBoard(doc).cards.find((c) => c.id === q)?.links).toEqual([]);
    deleteCard(doc, w);
    expect(readBoard(doc).cards.find((c) => c.id === goal)?.links).toEqual([]);
  });

  it('S3: a goal made from a weakness addresses that weakness; backlog items belong to a goal', () => {
    const doc = createBoardDoc();
    const w = addCard(doc, { kind: 'weakness', text: 'no code review', ...by });
    const goal = makeGoal(doc, w, by) as string;
    // A double click on "→ Goal" opens the same goal rather than making a second.
    expect(makeGoal(doc, w, by)).toBe(goal);
    expect(readBoard(doc).cards.filter((c) => c.kind === 'goal')).toHaveLength(1);
    const item = addBacklogItem(doc, goal, { text: 'set up review rota', ...by, owner: 'Ben' });
    updateCardFields(doc, item, { done: true });
    const board = readBoard(doc);
    expect(board.cards.find((c) => c.id === goal)?.links).toEqual([w]);
    expect(board.cards.find((c) => c.id === item)).toMatchObject({ kind: 'backlog', goal, owner: 'Ben', done: true });
  });

  it('S4: a card another tool wrote in an unknown shape is read, not crashed on', () => {
    const doc = createBoardDoc();
    const cards = doc.getMap('cards');
    const odd = new Y.Map<unknown>();
    odd.set('kind', 'sticker');
    odd.set('text', 'plain string text');
    odd.set('colour', 'red');
    odd.set('links', ['nowhere']);
    cards.set('odd-card-1', odd);
    cards.set('not-a-map', 'just a string');
    const empty = new Y.Map<unknown>();
    cards.set('empty-card', empty);
    const board = readBoard(doc);
    expect(board.cards.find((c) => c.id === 'odd-card-1')).toMatchObject({ kind: 'unknown', rawKind: 'sticker', text: 'plain string text', links: [], extra: { colour: 'red' } });
    expect(board.cards.find((c) => c.id === 'empty-card')).toMatchObject({ kind: 'unknown', text: '', order: 'V' });
    expect(board.cards.some((c) => c.id === 'not-a-map')).toBe(false);
    // Editing the plain-string text upgrades it to a mergeable Y.Text.
    setCardText(doc, 'odd-card-1', 'plain string text, edited');
    expect(readBoard(doc).cards.find((c) => c.id === 'odd-card-1')?.text).toBe('plain string text, edited');
  });

  it('S5: card text is clipped to the limit', () => {
    const doc = createBoardDoc();
    const id = addCard(doc, { kind: 'note', text: 'x'.repeat(5000), ...by });
    expect(readBoard(doc).cards.find((c) => c.id === id)?.text.length).toBe(2000);
  });
});

describe('convergence', () => {
  it('C1: three docs making seeded random edits converge after exchanging updates', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = rng(seed);
      const docs = peers(3);
      const seedCard = addCard(docs[0] as Y.Doc, { kind: 'weakness', text: 'shared', ...by, id: 'shared-card' });
      syncAll(docs);
      for (let round = 0; round < 8; round++) {
        for (const doc of docs) {
          const ids = readBoard(doc).cards.map((c) => c.id);
          const pick = () => ids[Math.floor(random() * ids.length)];
          const r = random();
          if (r < 0.3) addCard(doc, { kind: random() < 0.5 ? 'weakness' : 'question', text: `t${round}`, ...by });
          else if (r < 0.55 && ids.length) setCardText(doc, pick() as string, `edit ${seed}-${round}-${random().toFixed(3)}`);
          else if (r < 0.7 && ids.length) nudgeCard(doc, pick() as string, random() < 0.5 ? -1 : 1);
          else if (r < 0.8 && ids.length > 1) linkCards(doc, pick() as string, pick() as string);
          else if (r < 0.88 && ids.length) makeGoal(doc, pick() as string, by);
          else if (ids.length > 2) deleteCard(doc, pick() as string);
        }
        if (random() < 0.5) syncAll(docs);
      }
      syncAll(docs);
      const [a, b, c] = docs.map((d) => JSON.stringify(readBoard(d).cards.sort(compareOrder)));
      expect(a, `seed ${seed}`).toBe(b);
      expect(b, `seed ${seed}`).toBe(c);
      void seedCard;
    }
  });

  it('C2: two people typing in one card at once keep both edits', () => {
    const [a, b] = peers(2) as [Y.Doc, Y.Doc];
    const id = addCard(a, { kind: 'weakness', text: 'we skip tests', ...by });
    syncAll([a, b]);
    setCardText(a, id, 'we often skip tests');
    setCardText(b, id, 'we skip unit tests');
    syncAll([a, b]);
    const text = readBoard(a).cards[0]?.text;
    expect(text).toBe(readBoard(b).cards[0]?.text);
    expect(text).toBe('we often skip unit tests');
  });
});
