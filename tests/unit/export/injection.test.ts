/** Text people type must never become a formula in a spreadsheet, or HTML or Markdown syntax in a report. */
import { describe, expect, it } from 'vitest';
import { addBacklogItem, addCard, createBoardDoc, escapeMarkdown, goalIssueTexts, initBoardDoc, readBoard, toCsv, toMarkdown } from '@sessionboard/shared';
import type { CardKind, ExportInput } from '@sessionboard/shared';
import { sampleInput } from '../../fixtures/sampleBoard.ts';
import { parseCsv } from '../../helpers/parseCsv.ts';

/** A board whose every card of each kind holds one of `texts` (and whose title, team and author are hostile too). */
function boardWith(texts: readonly string[], kinds: readonly CardKind[] = ['weakness', 'question', 'note', 'goal', 'personal', 'strength']): ExportInput {
  const doc = createBoardDoc();
  initBoardDoc(doc, { title: '<b>Board</b> # [x](javascript:x)', team: '=team|<i>', template: 'mentoring-session', createdAt: 1 });
  for (const kind of kinds) {
    texts.forEach((text, i) => addCard(doc, { id: `${kind}-${i}`, kind, text, author: '=cmd()', authorId: 'x', createdAt: 1 }));
  }
  texts.forEach((text, i) => addBacklogItem(doc, 'goal-0', { id: `item-${i}`, text, owner: '<u>owner</u>', author: 'x', authorId: 'x', createdAt: 1 }));
  const board = readBoard(doc);
  doc.destroy();
  return { ...sampleInput(), board, votes: {}, participants: ['<script>x</script>', '@ann'] };
}

describe('CSV', () => {
  const FORMULAS = ['=SUM(1)', '+1', '-1', '@x', '\tTAB', '\rCR', '=HYPERLINK("http://evil","click")'];

  it('neutralises formula injection in every text cell, author included', () => {
    const rows = parseCsv(toCsv(boardWith(FORMULAS, ['weakness', 'goal'])));
    const weaknesses = rows.filter((r) => r[1] === 'weakness');
    expect(weaknesses.map((r) => r[2])).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(weaknesses.every((r) => r[3] === "'=cmd()")).toBe(true);
    const items = rows.filter((r) => r[1] === 'backlog');
    // The goal column shows the goal card's text, which is a formula too.
    expect(items.every((r) => r[10] === "'=SUM(1)")).toBe(true);
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('quotes per RFC 4180, ends lines with CRLF, and every cell reads back as written', () => {
    const texts = ['say "hi", then go', 'two\nlines', 'a\r\nb', 'plain', 'trailing comma,'];
    const csv = toCsv(boardWith(texts, ['note']));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"say ""hi"", then go"');
    expect(csv.split('\r\n')[0]).toBe('id,kind,text,author,created_at,votes,links,measure,owner,due,goal,done');
    const rows = parseCsv(csv);
    expect(rows.every((r) => r.length === 12)).toBe(true);
    expect(rows.filter((r) => r[1] === 'note').map((r) => r[2])).toEqual(texts);
  });

  it('lists linked cards by text and the goal by its text, and leaves votes empty while hidden', () => {
    const rows = parseCsv(toCsv(sampleInput()));
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get('goal-3')?.[6]).toBe('Unclear sprint goals | No code review before merging');
    expect(byId.get('item-1')?.slice(8)).toEqual(['Ben', '', 'Review every pull request within one working day', 'true']);
    expect(byId.get('weak-2')?.[5]).toBe('5');
    expect(byId.get('sticker-1')?.[1]).toBe('sticker');
  });
});

describe('Markdown report and issue texts', () => {
  const EVIL = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '# heading',
    '**bold** and _it_',
    '[click](javascript:alert(1))',
    '![img](http://x/y.png)',
    '| a | b |',
    '`code` and ```fence```',
    'line one\nline two\n# not a heading',
    '1. not a list',
    '- not a list',
    '> not a quote',
    '&lt;b&gt; stays text',
    '~~gone~~ $x$',
  ];
  const outputs = () => {
    const input = boardWith(EVIL);
    return { md: toMarkdown(input), issues: goalIssueTexts(input).map((i) => `${i.body}\n${i.markdown}`).join('\n') };
  };

  it('never lets raw HTML through', () => {
    const { md, issues } = outputs();
    for (const out of [md, issues]) {
      expect(out).not.toMatch(/<\s*(script|img|b|i|u)\b/i);
      expect(out).not.toContain('<');
      expect(out).not.toContain('>');
    }
    expect(md).toContain('- &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // An entity someone typed stays visible text rather than turning into a tag.
    expect(md).toContain('&amp;lt;b&amp;gt; stays text');
  });

  it('escapes Markdown syntax, so headings, emphasis, links, images, tables and code stay text', () => {
    const { md, issues } = outputs();
    for (const out of [md, issues]) {
      expect(out).not.toMatch(/^#+ (heading|not a heading)/m);
      expect(out).not.toMatch(/(?<!\\)\*\*bold/);
      expect(out).not.toMatch(/(?<!\\)\]\(javascript:/);
      expect(out).not.toMatch(/(?<!\\)!?(?<!\\)\[img/);
      expect(out).not.toMatch(/(?<!\\)\|/);
      expect(out).not.toMatch(/(?<!\\)`/);
    }
    expect(md).toContain('- \\# heading');
    expect(md).toContain('- \\*\\*bold\\*\\* and \\_it\\_');
    expect(md).toContain('- \\[click\\](javascript:alert(1))');
    expect(md).toContain('- \\| a \\| b \\|');
    expect(md).toContain('- 1\\. not a list');
    expect(md).toContain('- \\- not a list');
    expect(md).toContain('- &gt; not a quote');
    expect(md).toContain('- \\~\\~gone\\~\\~ \\$x\\$');
    expect(md.startsWith('# &lt;b&gt;Board&lt;/b&gt; \\# \\[x\\](javascript:x)\n')).toBe(true);
    expect(md).toContain('**Team:** =team\\|&lt;i&gt;');
  });

  it('keeps each card on one line, so a line break cannot start a heading or leave the list', () => {
    const { md } = outputs();
    expect(md).toContain('- line one line two \\# not a heading\n');
    expect(escapeMarkdown('a\r\nb\u2028c\u0000d')).toBe('a b c d');
    expect(escapeMarkdown('2) second')).toBe('2\\) second');
  });

  it('keeps issue titles to one plain line', () => {
    const [issue] = goalIssueTexts(boardWith(['line one\nline two\t<b>' + 'x'.repeat(200)], ['goal']));
    expect(issue?.title).not.toMatch(/[\n\r\t]/);
    expect(issue?.title.length).toBeLessThanOrEqual(120);
    expect(issue?.title.startsWith('line one line two <b>x')).toBe(true);
  });

  it('links an issue back to the board by its join link, and never takes anything else as a link', () => {
    const input = boardWith(['Review every PR within a day'], ['goal']);
    const [issue] = goalIssueTexts(input, { board: 'https://boards.example.org/join/ABCDEF' });
    expect(issue?.body).toContain('Board: <https://boards.example.org/join/ABCDEF>');
    for (const bad of ['javascript:alert(1)', 'https://x.org/a b', 'https://x.org/<script>']) {
      expect(goalIssueTexts(input, { board: bad })[0]?.body).not.toContain('Board:');
    }
  });
});
