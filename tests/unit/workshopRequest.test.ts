import { describe, expect, it } from 'vitest';
import { createWorkshopSchema } from '@sessionboard/shared';
import { draftFor, groupNameLines, workshopRequest } from '../../client/src/views/start/workshopRequest.ts';
import { formatAgo } from '../../client/src/components/formatAgo.ts';

describe('the start page’s workshop form', () => {
  it('starts from the template’s own timeboxes and dots, and a template change refills them', () => {
    const draft = draftFor('mentoring-session');
    expect(draft.minutes).toEqual(['3', '5', '5', '25', '15']);
    expect(draft.votesPerPerson).toBe('3');
    const retro = draftFor('retrospective', { ...draft, title: 'Kept' });
    expect(retro).toMatchObject({ title: 'Kept', minutes: ['7', '10'], template: 'retrospective' });
  });

  it('makes a body the server’s own schema accepts, with the timeboxes and dots typed', () => {
    const checked = workshopRequest({ ...draftFor('mentoring-session'), title: ' Day 3 ', groupCount: '12', minutes: ['3', '6', '5', '25', '15'], votesPerPerson: '4' });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.request).toMatchObject({ title: 'Day 3', groups: 12, assignment: 'balanced' });
    expect(checked.request.settings.steps.map((s) => s.durationMs)).toEqual([3, 6, 5, 25, 15].map((m) => m * 60_000));
    expect(checked.request.settings.votesPerPerson).toBe(4);
    expect(createWorkshopSchema.safeParse(checked.request).success).toBe(true);
  });

  it('takes group names one per line, tidied, and refuses what the server would refuse, naming the field', () => {
    expect(groupNameLines('  Otters \n\n Red   Kites\n')).toEqual(['Otters', 'Red Kites']);
    const names = (groupNames: string) => workshopRequest({ ...draftFor('mentoring-session'), title: 'T', groupsBy: 'names', groupNames });
    const ok = names('Otters\nFalcons');
    expect(ok.ok && ok.request.groups).toEqual(['Otters', 'Falcons']);
    expect(ok.ok && createWorkshopSchema.safeParse(ok.request).success).toBe(true);
    expect(names('Otters\notters')).toMatchObject({ ok: false, field: 'groups', message: expect.stringContaining('twice') });
    expect(names('\n \n')).toMatchObject({ ok: false, field: 'groups' });
    expect(names(Array.from({ length: 51 }, (_, i) => `G${i}`).join('\n'))).toMatchObject({ ok: false, field: 'groups' });
    const base = { ...draftFor('mentoring-session'), title: 'T' };
    expect(workshopRequest({ ...base, title: '  ' })).toMatchObject({ ok: false, field: 'title' });
    expect(workshopRequest({ ...base, groupCount: '51' })).toMatchObject({ ok: false, field: 'groups' });
    expect(workshopRequest({ ...base, groupCount: '2.5' })).toMatchObject({ ok: false, field: 'groups' });
    expect(workshopRequest({ ...base, minutes: ['3', '0', '5', '25', '15'] })).toMatchObject({ ok: false, field: 'minutes-1' });
    expect(workshopRequest({ ...base, votesPerPerson: '-1' })).toMatchObject({ ok: false, field: 'votes' });
  });
});

describe('how long ago a hand went up', () => {
  it('reads in whole minutes', () => {
    expect(formatAgo(0, 59_000)).toBe('just now');
    expect(formatAgo(0, 60_000)).toBe('1 min ago');
    expect(formatAgo(0, 12 * 60_000 + 5)).toBe('12 min ago');
    expect(formatAgo(0, 60 * 60_000)).toBe('1 h ago');
    expect(formatAgo(0, 65 * 60_000)).toBe('1 h 5 min ago');
    // A clock a little ahead of the server's never shows a negative time.
    expect(formatAgo(1000, 0)).toBe('just now');
  });
});
