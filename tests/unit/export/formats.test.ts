import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  createBoardDoc,
  escapeMarkdown,
  fromJsonExport,
  goalIssueTexts,
  importIntoDoc,
  initBoardDoc,
  readBoard,
  toCsv,
  toJsonExport,
  toMarkdown,
} from '@sessionboard/shared';
import type { ExportInput } from '@sessionboard/shared';
import { sampleInput } from '../../fixtures/sampleBoard.ts';

const GOLDEN = path.resolve(import.meta.dirname, '../../fixtures/golden');

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const EVIL = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '# heading',
  '**bold** and _it_',
  '[click](javascript:alert(1))',
  'pipes | in | text',
  '`code`',
  'line one\nline two',
];

function withCards(texts: string[], kind: 'weakness' | 'goal' = 'weakness'): ExportInput {
  const doc = createBoardDoc();
  initBoardDoc(doc, { title: '<b>Board</b>', team: '=team', template: 'mentoring-session', createdAt: 0 });
  texts.forEach((text, i) => addCard(doc, { id: `evil-${i}`, kind, text, author: i === 0 ? '=cmd()' : 'x', authorId: 'x', createdAt: 1 }));
  return { ...sampleInput(), board: readBoard(doc), votes: {} };
}

describe('exports of a finished session', () => {
  it('E1: Markdown report matches the golden file', () => golden('board.md', toMarkdown(sampleInput())));
  it('E2: CSV matches the golden file', () => golden('board.csv', toCsv(sampleInput())));
  it('E3: JSON matches the golden file', () => golden('board.json', `${JSON.stringify(toJsonExport(sampleInput()), null, 2)}\n`));
  it('E4: issue texts match the golden file', () => {
    golden('issues.md', goalIssueTexts(sampleInput()).map((i) => `## ${i.title}\n\n${i.body}`).join('\n---\n\n'));
  });

  it('E5: hidden votes stay hidden in every format', () => {
    const input = sampleInput({ votes: {}, votesHidden: true });
    expect(toMarkdown(input)).toContain('Votes were hidden');
    expect(toMarkdown(input)).not.toMatch(/\d dots?\)/);
    expect(toJsonExport(input).votes).toBeNull();
    expect(toCsv(input).split('\r\n')[1]?.split(',')[5]).toBe('');
  });
});

describe('bad text in exports', () => {
  it('E6: no HTML and no Markdown syntax from card text survives in the report or issue texts', () => {
    const md = toMarkdown(withCards(EVIL));
    const issues = goalIssueTexts(withCards(EVIL, 'goal')).map((i) => i.body).join('\n');
    for (const out of [md, issues]) {
      expect(out).not.toMatch(/<script|<img|<b>/i);
      expect(out).not.toMatch(/(?<!\\)\]\(javascript:/);
      expect(out).not.toMatch(/^# heading/m);
      expect(out).not.toContain('**bold**');
    }
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('pipes \\| in \\| text');
    expect(md).toContain('line one line two');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
  });

  it('E7: CSV neutralises formulas and quotes correctly', () => {
    const csv = toCsv(withCards(['=SUM(1,2)', '+1', '-1', '@x', '\tTAB', '\rCR', 'say "hi", then go']));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,kind,text,author,created_at,votes,links,measure,owner,due,goal,done');
    expect(csv).toContain(`"'=SUM(1,2)"`);
    expect(csv).toContain(`,'+1,`);
    expect(csv).toContain(`,'-1,`);
    expect(csv).toContain(`,'@x,`);
    expect(csv).toContain(`,'\tTAB,`);
    expect(csv).toContain(`"'\rCR"`);
    expect(csv).toContain(`"say ""hi"", then go"`);
    expect(csv).toContain(`,'=cmd(),`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('JSON export and import', () => {
  it('E8: export, import into a new board, export again gives the same content', () => {
    const first = toJsonExport(sampleInput());
    const parsed = fromJsonExport(JSON.parse(JSON.stringify(first)));
    const doc = createBoardDoc();
    initBoardDoc(doc, { ...parsed.meta });
    importIntoDoc(doc, parsed);
    const again = toJsonExport({ ...sampleInput(), board: readBoard(doc), settings: parsed.settings, votes: parsed.votes ?? {}, exportedAt: sampleInput().exportedAt });
    expect(again).toEqual(first);
    expect(doc.getMap('cards').get('sticker-1')).toBeUndefined();
    expect(readBoard(doc).cards.find((c) => c.kind === 'backlog' && c.text === 'Draft the rota')?.done).toBe(true);
    expect(doc.getMap('cards').size).toBe(first.cards.length);
    void Y;
  });

  it('E9: refuses imports that are not valid exports, saying what is wrong', () => {
    const good = toJsonExport(sampleInput());
    const cases: [unknown, RegExp][] = [
      [null, /file/],
      [{ ...good, format: 'trello' }, /format/],
      [{ ...good, version: 2 }, /version/],
      [{ ...good, cards: Array.from({ length: 2001 }, () => good.cards[0]) }, /cards/],
      [{ ...good, cards: [{ ...good.cards[0], kind: 'banana' }] }, /cards\.0\.kind/],
      [{ ...good, cards: [{ ...good.cards[0], text: 42 }] }, /cards\.0\.text/],
      [{ ...good, meta: { ...good.meta, title: '' } }, /meta\.title/],
    ];
    for (const [data, message] of cases) expect(() => fromJsonExport(data)).toThrow(message);
  });
});
