import { describe, expect, it } from 'vitest';
import { MENTORING_SESSION, fromJsonExport, goalIssueTexts, settingsFromTemplate, toCsv, toJsonExport, toMarkdown } from '@sessionboard/shared';
import { sampleInput } from '../../fixtures/sampleBoard.ts';
import { parseCsv } from '../../helpers/parseCsv.ts';

const anonymous = { ...settingsFromTemplate(MENTORING_SESSION), anonymousWeaknesses: true };

describe('exports of a board with anonymous weaknesses', () => {
  // The sample's weaknesses were written with their authors (before the setting was switched on).
  const input = sampleInput({ settings: anonymous });

  it('CSV leaves the author cell empty for every weakness, and only for weaknesses', () => {
    const [header, ...rows] = parseCsv(toCsv(input));
    const author = header?.indexOf('author') ?? -1;
    const kind = header?.indexOf('kind') ?? -1;
    const weaknesses = rows.filter((r) => r[kind] === 'weakness');
    expect(weaknesses).toHaveLength(3);
    expect(weaknesses.map((r) => r[author])).toEqual(['', '', '']);
    expect(rows.filter((r) => r[kind] === 'strength').every((r) => (r[author] ?? '') !== '')).toBe(true);
  });

  it('JSON carries neither author nor authorId for weaknesses, and still imports', () => {
    const json = toJsonExport(input);
    const weaknesses = json.cards.filter((c) => c.kind === 'weakness');
    expect(weaknesses.map((c) => [c.author, c.authorId])).toEqual([['', ''], ['', ''], ['', '']]);
    expect(json.settings.anonymousWeaknesses).toBe(true);
    expect(json.cards.some((c) => c.kind === 'strength' && c.author !== '')).toBe(true);
    expect(fromJsonExport(JSON.parse(JSON.stringify(json))).cards).toHaveLength(json.cards.length);
  });

  it("Markdown and the issue texts name no weakness's author", () => {
    const md = toMarkdown(input);
    const weaknessSection = md.slice(md.indexOf('## Weaknesses'), md.indexOf('## Questions'));
    for (const name of ['Ann', 'Ben', 'Cleo']) expect(weaknessSection).not.toContain(name);
    // Issues name weaknesses by their text only: the same with the setting as without.
    expect(goalIssueTexts(input)).toEqual(goalIssueTexts(sampleInput()));
  });

  it('without the setting, the exports are as before (authors present)', () => {
    const [header, ...rows] = parseCsv(toCsv(sampleInput()));
    const author = header?.indexOf('author') ?? -1;
    expect(rows.filter((r) => r[1] === 'weakness').map((r) => r[author])).toEqual(['Cleo', 'Ann', 'Ben']);
  });
});
