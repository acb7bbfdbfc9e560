import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VoteLedger } from '@sessionboard/shared';
import {
  MENTORING_SESSION,
  ORIGINS,
  cardTextHistory,
  setCardText,
  addBacklogItem,
  addCard,
  createBoardDoc,
  fromJsonExport,
  importIntoDoc,
  linkCards,
  mergeCards,
  mergedInto,
  moveCard,
  pruneVotes,
  readBoard,
  settingsFromTemplate,
  toJsonExport,
} from '@sessionboard/shared';

const ann = { author: 'Ann', authorId: 'ann-public-id' };
const ben = { author: 'Ben', authorId: 'ben-public-id' };

function card(doc: Y.Doc, id: string) {
  const found = readBoard(doc).cards.find((c) => c.id === id);
  if (!found) throw new Error(`no card ${id}`);
  return found;
}

function twoWeaknesses() {
  const doc = createBoardDoc();
  const into = addCard(doc, { kind: 'weakness', text: 'No code review', id: 'weak-into', ...ann });
  const from = addCard(doc, { kind: 'weakness', text: 'Nobody reviews PRs', id: 'weak-from', ...ben });
  return { doc, into, from };
}

describe('M1–M4: merging two cards that say the same thing', () => {
  it('M1: the survivor holds both texts (blank line between), both authors, and the merged id; the other card is gone', () => {
    const { doc, into, from } = twoWeaknesses();
    expect(mergeCards(doc, from, into)).toBe(true);
    const merged = card(doc, into);
    expect(merged.text).toBe('No code review\n\nNobody reviews PRs');
    expect(merged.author).toBe('Ann');
    expect(merged.authorId).toBe('ann-public-id');
    expect(merged.mergedAuthors).toEqual(['Ben']);
    expect(merged.mergedFrom).toEqual([from]);
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual([into]);
  });

  it('M2: links are the union, and cards pointing at the merged card point at the survivor', () => {
    const { doc, into, from } = twoWeaknesses();
    const other = addCard(doc, { kind: 'weakness', text: 'Flaky CI', id: 'weak-other', ...ann });
    const question = addCard(doc, { kind: 'question', text: 'How do others review?', id: 'question-1', ...ann });
    const goal = addCard(doc, { kind: 'goal', text: 'Review within a day', id: 'goal-1', ...ann });
    linkCards(doc, from, other);
    linkCards(doc, into, other);
    linkCards(doc, question, from);
    linkCards(doc, goal, from);
    linkCards(doc, goal, into);
    mergeCards(doc, from, into);
    expect(card(doc, into).links).toEqual([other]);
    expect(card(doc, question).links).toEqual([into]);
    expect(card(doc, goal).links).toEqual([into]);
  });

  it('M3: one transaction, so another document receives the merge whole and converges', () => {
    const { doc, into, from } = twoWeaknesses();
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    let updates = 0;
    doc.on('update', (u: Uint8Array) => {
      updates++;
      Y.applyUpdate(remote, u);
    });
    mergeCards(doc, from, into);
    expect(updates).toBe(1);
    expect(readBoard(remote)).toEqual(readBoard(doc));
    expect(mergedInto(remote, from)).toBe(into);
  });

  it('M4: cards of different kinds, a card with itself, or a missing card are not merged', () => {
    const { doc, into } = twoWeaknesses();
    const strength = addCard(doc, { kind: 'strength', text: 'We pair', ...ann });
    expect(mergeCards(doc, strength, into)).toBe(false);
    expect(mergeCards(doc, into, into)).toBe(false);
    expect(mergeCards(doc, 'no-such-card', into)).toBe(false);
    expect(readBoard(doc).cards).toHaveLength(3);
  });

  it('chains: a card merged twice lists every card merged into it, and backlog items follow their goal', () => {
    const doc = createBoardDoc();
    const a = addCard(doc, { kind: 'goal', text: 'A', id: 'goal-a', ...ann });
    const b = addCard(doc, { kind: 'goal', text: 'B', id: 'goal-b', ...ben });
    const c = addCard(doc, { kind: 'goal', text: 'C', id: 'goal-c', author: 'Cleo', authorId: 'cleo-id' });
    const item = addBacklogItem(doc, a, { text: 'task', ...ann });
    mergeCards(doc, a, b);
    mergeCards(doc, b, c);
    expect(card(doc, c).mergedFrom).toEqual([b, a]);
    expect(card(doc, c).mergedAuthors).toEqual(['Ben', 'Ann']);
    expect(card(doc, c).text).toBe('C\n\nB\n\nA');
    expect(card(doc, item).goal).toBe(c);
  });
});

describe('a merge and undo', () => {
  it("the board's merge (origin structure) is not in the survivor's undo history: undo takes back only typing", () => {
    const { doc, into, from } = twoWeaknesses();
    const history = cardTextHistory(doc, into);
    setCardText(doc, into, 'No code review!');
    mergeCards(doc, from, into, ORIGINS.structure);
    expect(history.undo()).toBe(true);
    expect(card(doc, into).text).toBe('No code review\n\nNobody reviews PRs');
    expect(history.undo()).toBe(false);
    history.destroy();
  });
});

describe('merged cards in the JSON export', () => {
  it('mergedFrom and mergedAuthors survive an export and an import', () => {
    const { doc, into, from } = twoWeaknesses();
    mergeCards(doc, from, into);
    const json = toJsonExport({
      board: readBoard(doc),
      votes: {},
      votesHidden: true,
      settings: settingsFromTemplate(MENTORING_SESSION),
      step: 1,
      participants: [],
      exportedAt: 0,
    });
    expect(json.cards[0]).toMatchObject({ id: into, mergedFrom: [from], mergedAuthors: ['Ben'] });
    const copy = createBoardDoc();
    importIntoDoc(copy, fromJsonExport(JSON.parse(JSON.stringify(json))));
    expect(card(copy, into)).toMatchObject({ mergedFrom: [from], mergedAuthors: ['Ben'], extra: {} });
  });
});

describe('anonymous weaknesses in the document', () => {
  it('an anonymous merge leaves the survivor without any author', () => {
    const { doc, into, from } = twoWeaknesses();
    mergeCards(doc, from, into, undefined, { anonymous: true });
    const merged = card(doc, into);
    expect([merged.author, merged.authorId, merged.mergedAuthors]).toEqual(['', '', []]);
    expect(merged.mergedFrom).toEqual([from]);
  });

  it('a card moved into the weakness column while anonymous loses its author; moved without, keeps it', () => {
    const doc = createBoardDoc();
    const note = addCard(doc, { kind: 'note', text: 'Reviews are slow', ...ann });
    const other = addCard(doc, { kind: 'note', text: 'CI is slow', ...ben });
    moveCard(doc, note, { kind: 'weakness', anonymous: true });
    moveCard(doc, other, { kind: 'weakness' });
    expect([card(doc, note).author, card(doc, note).authorId]).toEqual(['', '']);
    expect(card(doc, other).author).toBe('Ben');
  });
});

describe('V7: dots follow a merged card', () => {
  const survivor = (card: string) => (card === 'from' ? 'into' : undefined);
  const exists = (card: string) => card !== 'from';

  it('moves each person\'s dots to the survivor, capped at maxVotesPerCard; the rest go back', () => {
    const ledger: VoteLedger = { ann: { from: 2, into: 1 }, ben: { from: 1 }, cleo: { into: 2, other: 1 } };
    const next = pruneVotes(ledger, exists, { into: survivor, maxVotesPerCard: 2 });
    expect(next).toEqual({ ann: { into: 2 }, ben: { into: 1 }, cleo: { into: 2, other: 1 } });
  });

  it('without a survivor (a plain delete) the dots go back, as before', () => {
    const ledger: VoteLedger = { ann: { from: 2, into: 1 } };
    expect(pruneVotes(ledger, exists)).toEqual({ ann: { into: 1 } });
    const alive = (c: string) => c === 'into';
    expect(pruneVotes(ledger, alive, { into: () => 'gone-too', maxVotesPerCard: 2 })).toEqual({ ann: { into: 1 } });
  });

  it('leaves the ledger itself when no card is gone', () => {
    const ledger: VoteLedger = { ann: { into: 1 } };
    expect(pruneVotes(ledger, () => true, { into: survivor, maxVotesPerCard: 2 })).toBe(ledger);
  });
});
