import { describe, expect, it } from 'vitest';
import type { WorkshopExportInput } from '@sessionboard/shared';
import {
  CSV_COLUMNS,
  WORKSHOP_CSV_COLUMNS,
  WORKSHOP_TOP_WEAKNESSES,
  addCard,
  createBoardDoc,
  fromJsonExport,
  initBoardDoc,
  readBoard,
  toCsv,
  toJsonExport,
  workshopToCsv,
  workshopToJson,
  workshopToMarkdown,
} from '@sessionboard/shared';
import { SAMPLE_EXPORTED_AT, sampleInput } from '../../fixtures/sampleBoard.ts';
import { parseCsv } from '../../helpers/parseCsv.ts';

/** A board of `n` weaknesses, the k-th with k votes (so the last is the most voted). */
function manyWeaknesses(n: number) {
  const doc = createBoardDoc();
  initBoardDoc(doc, { title: 'Many', team: 'W', template: 'mentoring-session', createdAt: 1 });
  const votes: Record<string, number> = {};
  for (let k = 1; k <= n; k++) votes[addCard(doc, { id: `weak-${k}0`, kind: 'weakness', text: `Weakness ${k}`, author: 'A', authorId: 'a' })] = k;
  const board = sampleInput({ board: readBoard(doc), votes });
  doc.destroy();
  return board;
}

/** Three groups: a finished session, the same with its votes hidden, and one with a hostile name. */
function workshop(): WorkshopExportInput {
  return {
    title: 'RSE <Winter> School',
    exportedAt: SAMPLE_EXPORTED_AT,
    groups: [
      { name: 'Kestrels', board: sampleInput() },
      { name: 'Hidden', board: sampleInput({ votes: {}, votesHidden: true }) },
      { name: '=cmd|"/C calc"!A0', board: manyWeaknesses(7) },
    ],
  };
}

const section = (md: string, from: string, to?: string) => md.slice(md.indexOf(from), to ? md.indexOf(to) : undefined);

describe('workshop Markdown', () => {
  const md = workshopToMarkdown(workshop());

  it('has the workshop as title (escaped), the date, and a section per group in order', () => {
    expect(md.startsWith('# RSE &lt;Winter&gt; School\n\n**Date:** 2026-11-24  \n**Groups:** 3\n')).toBe(true);
    const at = ['## Kestrels', '## Hidden', '## =cmd\\|"/C calc"!A0'].map((h) => md.indexOf(`\n${h}\n`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('lists a group’s top weaknesses by votes with their dots, and in board order without dots when hidden', () => {
    const kestrels = section(md, '## Kestrels', '## Hidden');
    expect(kestrels).toContain(
      '### Top weaknesses\n\n- No code review before merging (5 dots)\n- Flaky CI pipeline (3 dots)\n- Unclear sprint goals (1 dot)\n',
    );
    const hidden = section(md, '## Hidden', '## =cmd');
    expect(hidden).toContain('_Votes were hidden when this was exported, so weaknesses are in board order._\n\n- Unclear sprint goals\n- No code review before merging\n- Flaky CI pipeline\n');
    expect(hidden).not.toMatch(/\d dots?\)/);
  });

  it(`keeps to the top ${WORKSHOP_TOP_WEAKNESSES} weaknesses`, () => {
    const many = section(md, '## =cmd');
    const listed = many.split('\n').filter((l) => l.startsWith('- Weakness'));
    expect(listed).toEqual(['- Weakness 7 (7 dots)', '- Weakness 6 (6 dots)', '- Weakness 5 (5 dots)', '- Weakness 4 (4 dots)', '- Weakness 3 (3 dots)']);
    expect(many).toContain('### Goals\n\n_None._');
    expect(many).toContain('### Sprint backlog\n\n_None._');
  });

  it('gives every goal with what, why, measure, owner and due, and the backlog as a checklist', () => {
    const kestrels = section(md, '## Kestrels', '## Hidden');
    expect(kestrels).toContain(
      [
        '#### Goal 1',
        '',
        '- **What:** Review every pull request within one working day',
        '- **Why:** No code review before merging',
        '- **How we will know:** No PR waits more than a day for review',
        '- **Who:** Ben',
        '- **By when:** 2026-12-15',
      ].join('\n'),
    );
    expect(kestrels).toContain('#### Goal 3');
    expect(kestrels).toContain('- **Who:** _not set_');
    expect(kestrels).toContain('- [x] Draft the review rota (Ben), for goal 1\n- [ ] Announce the rota at stand-up (Ann), for goal 1\n- [x] Tag flaky tests in CI (Cleo), for goal 2');
    // An item under no goal says none.
    expect(kestrels).toContain('- [ ] Update the team wiki (Fay)\n');
  });
});

describe('workshop CSV', () => {
  const input = workshop();
  const rows = parseCsv(workshopToCsv(input));

  it('is the board CSV of every group, row for row, behind a group column', () => {
    expect(rows[0]).toEqual(['group', ...CSV_COLUMNS]);
    expect(WORKSHOP_CSV_COLUMNS).toEqual(rows[0]);
    const expected = input.groups.flatMap((g) => parseCsv(toCsv(g.board)).slice(1).map((r) => [g.name, ...r]));
    // The hostile group name is neutralised like any other cell; every other cell is the board's own.
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual(expected.map((r) => r.slice(1)));
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((r) => (r[0]?.startsWith('=') ? `'${r[0]}` : r[0])));
    expect(rows.filter((r) => r[0] === 'Hidden').every((r) => r[CSV_COLUMNS.indexOf('votes') + 1] === '')).toBe(true);
  });
});

describe('workshop JSON', () => {
  it('wraps each group’s board export unchanged, and each reads back as a board import', () => {
    const input = workshop();
    const json = workshopToJson(input);
    expect(json).toMatchObject({ format: 'sessionboard.workshop', version: 1, title: 'RSE <Winter> School', exportedAt: '2026-11-24T10:30:00.000Z' });
    expect(json.groups.map((g) => g.name)).toEqual(input.groups.map((g) => g.name));
    json.groups.forEach((g, i) => {
      expect(g.board).toEqual(toJsonExport(input.groups[i]?.board ?? sampleInput()));
      expect(fromJsonExport(JSON.parse(JSON.stringify(g.board)))).toEqual(g.board);
    });
    expect(json.groups[1]?.board.votes).toBeNull();
  });
});
