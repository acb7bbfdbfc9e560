import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '@sessionboard/shared';
import { MENTORING_SESSION, idleTimer, proposeRotation } from '@sessionboard/shared';
import { orderGroups, raisedHands } from '../../client/src/views/workshop/groupOrder.ts';
import { tileGrid } from '../../client/src/views/workshop/tileGrid.ts';
import { QUIET_MS, formatAgo, formatMinutes, isQuiet, shortNames, slotSpan, stepTitles } from '../../client/src/views/workshop/workshopFormat.ts';

const NOW = 1_700_000_000_000;

/** A group summary with sensible defaults, as workshop:state sends it. */
function group(name: string, over: Partial<GroupSummary> = {}): GroupSummary {
  return {
    name,
    board: `board-${name.replace(/\W/g, '')}`,
    step: 0,
    timer: idleTimer(0, 180_000),
    online: 0,
    counts: { strength: 0, weakness: 0, question: 0, note: 0, goal: 0, backlog: 0, personal: 0 },
    votesCast: 0,
    goals: { total: 0, complete: 0 },
    help: { requested: false },
    lastActivity: NOW,
    steps: 5,
    stepTitle: MENTORING_SESSION.steps[0]!.title,
    locked: false,
    votesRevealed: false,
    backlog: { total: 0, done: 0 },
    ...over,
  };
}

describe('the console orders and filters groups', () => {
  const groups = [
    group('Group 10', { step: 2, goals: { total: 3, complete: 2 }, lastActivity: NOW - 10_000 }),
    group('Group 2', { step: 1, help: { requested: true, since: NOW - 60_000 }, lastActivity: NOW - 5 * 60_000 }),
    group('Group 1', { step: 1, help: { requested: true, since: NOW - 120_000 }, goals: { total: 1, complete: 1 } }),
  ];
  const all = { hands: false, quiet: false, step: null };

  it('by name counts the numbers in names (Group 2 before Group 10)', () => {
    expect(orderGroups(groups, 'name', all, NOW).map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 10']);
  });

  it('by hand puts the longest-waiting hand first, then the rest by name', () => {
    expect(orderGroups(groups, 'hand', all, NOW).map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 10']);
    expect(raisedHands(groups).map((g) => g.name)).toEqual(['Group 1', 'Group 2']);
  });

  it('by step, activity and goals put the group needing attention first', () => {
    expect(orderGroups(groups, 'step', all, NOW).map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 10']);
    expect(orderGroups(groups, 'activity', all, NOW)[0]!.name).toBe('Group 2');
    expect(orderGroups(groups, 'goals', all, NOW)[0]!.name).toBe('Group 2');
  });

  it('filters hands up, quiet groups and a step', () => {
    expect(orderGroups(groups, 'name', { ...all, hands: true }, NOW).map((g) => g.name)).toEqual(['Group 1', 'Group 2']);
    expect(orderGroups(groups, 'name', { ...all, quiet: true }, NOW).map((g) => g.name)).toEqual(['Group 2']);
    expect(orderGroups(groups, 'name', { ...all, step: 2 }, NOW).map((g) => g.name)).toEqual(['Group 10']);
  });

  it('calls a group quiet after three minutes without a change', () => {
    expect(isQuiet(group('a', { lastActivity: NOW - QUIET_MS + 1 }), NOW)).toBe(false);
    expect(isQuiet(group('a', { lastActivity: NOW - QUIET_MS }), NOW)).toBe(true);
    expect(isQuiet(group('a', { lastActivity: 0 }), NOW)).toBe(false);
    expect(formatAgo(4 * 60_000 + 5000)).toBe('4 min');
    expect(formatAgo(12_400)).toBe('12 s');
  });
});

describe('what the views derive', () => {
  it('step titles: a group on a step names it, the template names the rest', () => {
    const titles = stepTitles([group('a', { step: 1, stepTitle: 'Our own step 2' })]);
    expect(titles).toHaveLength(5);
    expect(titles[0]).toBe(MENTORING_SESSION.steps[0]!.title);
    expect(titles[1]).toBe('Our own step 2');
  });

  it('rotation slots read as minutes into the mentoring step', () => {
    const rotation = proposeRotation(['Group 1', 'Group 2', 'Group 3', 'Group 4', 'Group 5'], ['Ada', 'Grace']);
    const grace = rotation.slots.filter((s) => s.mentor === 'Grace');
    expect(grace.map((s) => `${s.group} ${slotSpan(s)}`)).toEqual(['Group 2 0–8:20 min', 'Group 4 8:20–16:40 min']);
    expect(formatMinutes(600_000)).toBe('10');
  });

  it('short names drop the words every name starts with, and only then', () => {
    expect(['Group 1', 'Group 12'].map(shortNames(['Group 1', 'Group 12']))).toEqual(['1', '12']);
    expect(['Herons', 'Kestrels'].map(shortNames(['Herons', 'Kestrels']))).toEqual(['Herons', 'Kestrels']);
    expect(['Team Red A', 'Team Blue B'].map(shortNames(['Team Red A', 'Team Blue B']))).toEqual(['Red A', 'Blue B']);
    expect(shortNames(['Group 1'])('Group 1')).toBe('Group 1');
  });

  it('projector tiles: 30 groups beside the join card make 6 × 5; three make 2 × 2 (larger tiles than 3 × 1)', () => {
    const aspect = (1920 * 0.82) / (1080 * 0.84);
    expect(tileGrid(30, aspect)).toEqual({ cols: 6, rows: 5 });
    expect(tileGrid(3, aspect)).toEqual({ cols: 2, rows: 2 });
    for (let n = 1; n <= 50; n++) {
      const { cols, rows } = tileGrid(n, aspect);
      expect(cols * rows).toBeGreaterThanOrEqual(n);
      expect(cols * (rows - 1)).toBeLessThan(n);
    }
  });
});
