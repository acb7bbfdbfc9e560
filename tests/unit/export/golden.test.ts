/**
 * Golden files: the sample session's exports, compared byte for byte with tests/fixtures/golden/.
 * After an intended change to a format, rewrite them with
 *   UPDATE_GOLDEN=1 npx vitest run tests/unit/export
 * and read the diff (and the files: they must read well) before committing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goalIssueTexts, toCsv, toJsonExport, toMarkdown } from '@sessionboard/shared';
import { sampleInput } from '../../fixtures/sampleBoard.ts';
import { parseCsv } from '../../helpers/parseCsv.ts';

const GOLDEN_DIR = path.resolve(import.meta.dirname, '../../fixtures/golden');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe('exports of a finished session match the golden files', () => {
  it('Markdown report (board.md)', () => golden('board.md', toMarkdown(sampleInput())));
  it('CSV (board.csv)', () => golden('board.csv', toCsv(sampleInput())));
  it('JSON (board.json)', () => golden('board.json', `${JSON.stringify(toJsonExport(sampleInput()), null, 2)}\n`));
  it('issue texts, one per goal (issues.md)', () => {
    const issues = goalIssueTexts(sampleInput());
    expect(issues.map((i) => i.goalId)).toEqual(['goal-1', 'goal-2', 'goal-3']);
    expect(issues.map((i) => i.title)).toEqual([
      'Review every pull request within one working day',
      'Quarantine flaky tests and fix them one by one',
      'Agree one sprint goal at every planning',
    ]);
    expect(issues.every((i) => i.markdown === `## ${i.title}\n\n${i.body}`)).toBe(true);
    golden('issues.md', issues.map((i) => i.markdown).join('\n---\n\n'));
  });
});

describe('what the report says', () => {
  const md = toMarkdown(sampleInput());

  it('has the header, then a section per step of the agenda, in order', () => {
    expect(md.startsWith('# Sprint 1 mentoring\n')).toBe(true);
    expect(md).toContain('**Team:** Kestrels');
    expect(md).toContain('**Date:** 2026-11-24');
    expect(md).toContain('**Participants:** Ann, Ben, Cleo, Fay, Mo');
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Shared ideas',
      '## Strengths',
      '## Weaknesses',
      '## Questions for the mentor',
      '## Discussion notes',
      '## Goals',
      '## Sprint backlog',
      '## Other cards',
    ]);
  });

  it('orders weaknesses by votes with their dots, and links questions to them', () => {
    const weaknesses = md.split('## Weaknesses\n\n')[1]?.split('\n\n')[0];
    expect(weaknesses).toBe('- No code review before merging (5 dots)\n- Flaky CI pipeline (3 dots)\n- Unclear sprint goals (1 dot)');
    expect(md).toContain('- How do other teams organise reviews? (about: No code review before merging)');
  });

  it('marks missing goal fields "not set" and groups the backlog by goal, with leftovers under "Other items"', () => {
    expect(md).toMatch(/### Goal 3\n\n(- .*\n){3}- \*\*Who:\*\* _not set_\n/);
    expect(md).toContain('### Goal 1: Review every pull request within one working day\n\n- [x] Draft the review rota (Ben)\n- [ ] Announce the rota at stand-up (Ann)\n');
    expect(md).toContain('### Other items\n\n- [ ] Update the team wiki (Fay)\n');
    expect(md).toContain('## Other cards\n\n- Thanks for the session! (sticker)\n');
  });

  it('says votes were hidden, and shows no dots and no vote order, when they were', () => {
    const hidden = sampleInput({ votes: {}, votesHidden: true });
    const report = toMarkdown(hidden);
    expect(report).toContain('Votes were hidden');
    expect(report).not.toMatch(/\bdots?\)/);
    expect(report.split('## Weaknesses\n\n')[1]).toMatch(/^_Votes were hidden[^\n]*\n\n- Unclear sprint goals\n- No code review before merging\n- Flaky CI pipeline\n/);
    expect(toJsonExport(hidden).votes).toBeNull();
    expect(parseCsv(toCsv(hidden)).slice(1).every((r) => r[5] === '')).toBe(true);
  });

  it('is repeatable: the same board gives the same bytes', () => {
    expect(toMarkdown(sampleInput())).toBe(md);
    expect(toCsv(sampleInput())).toBe(toCsv(sampleInput()));
  });
});
