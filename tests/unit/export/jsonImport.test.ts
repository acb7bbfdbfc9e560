/** The JSON export reads back: export → fromJsonExport → importIntoDoc into a new board → export gives the same content. */
import { describe, expect, it } from 'vitest';
import { createBoardDoc, fromJsonExport, importIntoDoc, initBoardDoc, jsonExportSchema, readBoard, toJsonExport } from '@sessionboard/shared';
import type { JsonExport } from '@sessionboard/shared';
import { sampleInput } from '../../fixtures/sampleBoard.ts';

/** What a server does with an upload: validate, make a new board from its meta, add its cards, export it again. */
function reimport(data: unknown): JsonExport {
  const parsed = fromJsonExport(data);
  const doc = createBoardDoc();
  initBoardDoc(doc, parsed.meta);
  importIntoDoc(doc, parsed);
  const board = readBoard(doc);
  doc.destroy();
  return toJsonExport({
    board,
    votes: parsed.votes ?? {},
    votesHidden: parsed.votes === null,
    settings: parsed.settings,
    step: parsed.step,
    participants: [],
    exportedAt: Date.UTC(2030, 0, 1),
  });
}

const withoutTime = ({ exportedAt: _ignored, ...rest }: JsonExport) => rest;

describe('JSON export and import', () => {
  it('round-trips the whole board: ids, order, links, goal and backlog fields, done, unknown kinds and fields', () => {
    const first = toJsonExport(sampleInput());
    expect(jsonExportSchema.safeParse(first).success).toBe(true);
    const again = reimport(JSON.parse(JSON.stringify(first)));
    expect(withoutTime(again)).toEqual(withoutTime(first));
    expect(again.exportedAt).toBe('2030-01-01T00:00:00.000Z');
    // Spot checks, so a bug in both directions at once cannot hide behind the equality.
    const byId = new Map(again.cards.map((c) => [c.id, c]));
    expect(byId.get('item-1')).toMatchObject({ kind: 'backlog', goal: 'goal-1', owner: 'Ben', done: true });
    expect(byId.get('goal-3')).toMatchObject({ links: ['weak-1', 'weak-2'], owner: '', source: 'weak-1' });
    expect(byId.get('sticker-1')).toMatchObject({ kind: 'sticker', extra: { colour: 'yellow' } });
    expect(again.cards).toHaveLength(21);
  });

  it('round-trips hidden votes as null', () => {
    const first = toJsonExport(sampleInput({ votes: {}, votesHidden: true }));
    expect(first.votes).toBeNull();
    expect(withoutTime(reimport(first))).toEqual(withoutTime(first));
  });

  it('puts kind fields only where they mean something', () => {
    const cards = new Map(toJsonExport(sampleInput()).cards.map((c) => [c.id, c]));
    expect(Object.keys(cards.get('weak-1') ?? {})).toEqual(['id', 'kind', 'text', 'author', 'authorId', 'createdAt', 'order', 'links']);
    expect(cards.get('goal-1')).toHaveProperty('measure');
    expect(cards.get('goal-1')).not.toHaveProperty('done');
    expect(cards.get('item-1')).not.toHaveProperty('measure');
  });

  it('drops links to cards that are not in the import', () => {
    const good = toJsonExport(sampleInput());
    const cards = good.cards.map((c) => (c.id === 'question-1' ? { ...c, links: ['weak-2', 'gone-1'] } : c));
    const again = reimport({ ...good, cards });
    expect(again.cards.find((c) => c.id === 'question-1')?.links).toEqual(['weak-2']);
  });
});

describe('bad imports are refused with a message that says what is wrong', () => {
  const good = toJsonExport(sampleInput());
  const card = good.cards[0] as JsonExport['cards'][number];
  const cases: [string, unknown, RegExp][] = [
    ['not an object', null, /not a JSON object/],
    ['an array', [good], /not a JSON object/],
    ['another format', { ...good, format: 'trello' }, /^Cannot import this board: format: format must be "sessionboard\.board"/],
    ['a newer version', { ...good, version: 2 }, /version: version 2 is not supported \(this server reads version 1\)/],
    ['too many cards', { ...good, cards: Array.from({ length: 2001 }, (_, i) => ({ ...card, id: `c${i}` })) }, /cards: at most 2000 cards/],
    ['a card text of the wrong type', { ...good, cards: [{ ...card, text: 42 }] }, /cards\.0\.text: .*string/],
    ['a card text that is too long', { ...good, cards: [{ ...card, text: 'x'.repeat(2001) }] }, /cards\.0\.text: card text of at most 2000 characters/],
    ['a kind of the wrong type', { ...good, cards: [{ ...card, kind: 7 }] }, /cards\.0\.kind/],
    ['a missing id', { ...good, cards: [{ ...card, id: undefined }] }, /cards\.0\.id/],
    ['an id with odd characters', { ...good, cards: [{ ...card, id: '../etc' }] }, /cards\.0\.id: an id of 6 to 64/],
    ['the same id twice', { ...good, cards: [card, card] }, /cards\.1\.id: card id \S+ appears twice/],
    ['a bad order key', { ...good, cards: [{ ...card, order: 'a b' }] }, /cards\.0\.order: an order key/],
    ['links that are not a list', { ...good, cards: [{ ...card, links: 'weak-1' }] }, /cards\.0\.links/],
    ['done that is not a boolean', { ...good, cards: [{ ...card, done: 'yes' }] }, /cards\.0\.done/],
    ['an extra field that shadows a card field', { ...good, cards: [{ ...card, extra: { text: 'x' } }] }, /cards\.0\.extra: an extra field may not reuse/],
    ['an empty title', { ...good, meta: { ...good.meta, title: '  ' } }, /meta\.title: a board needs a title/],
    ['settings without steps', { ...good, settings: { ...good.settings, steps: [] } }, /settings\.steps/],
    ['votes that are not numbers', { ...good, votes: { 'weak-1': 'lots' } }, /votes\.weak-1/],
  ];
  it.each(cases)('refuses %s', (_name, data, message) => {
    expect(() => fromJsonExport(data)).toThrow(message);
  });
});
