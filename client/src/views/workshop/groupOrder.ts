import type { GroupSummary } from '@sessionboard/shared/light';
import { isQuiet } from './workshopFormat.ts';

/** The orders the console offers, with the words its picker shows. */
export const GROUP_SORTS = {
  name: 'Name',
  step: 'Step, furthest behind first',
  activity: 'Quiet longest first',
  hand: 'Hand waiting longest first',
  goals: 'Fewest goals first',
} as const;
/** One of {@link GROUP_SORTS}. */
export type GroupSort = keyof typeof GROUP_SORTS;

/** Which groups the console shows. `step`: an agenda step (from 0), or null for any. */
export interface GroupFilter {
  hands: boolean;
  quiet: boolean;
  step: number | null;
}

const byName = (a: GroupSummary, b: GroupSummary) => a.name.localeCompare(b.name, undefined, { numeric: true });

/** How long a group's hand has been up at `now` (-1 while it is down, so raised hands sort first). */
function waiting(g: GroupSummary, now: number): number {
  return g.help.requested ? now - (g.help.since ?? now) : -1;
}

const COMPARE: Record<GroupSort, (a: GroupSummary, b: GroupSummary, now: number) => number> = {
  name: () => 0,
  step: (a, b) => a.step - b.step,
  activity: (a, b) => a.lastActivity - b.lastActivity,
  hand: (a, b, now) => waiting(b, now) - waiting(a, now),
  goals: (a, b) => a.goals.complete - b.goals.complete || a.goals.total - b.goals.total,
};

/** The groups to show, filtered then sorted (ties by name, numbers in names counted: Group 2 before Group 10). */
export function orderGroups(groups: readonly GroupSummary[], sort: GroupSort, filter: GroupFilter, now: number): GroupSummary[] {
  return groups
    .filter((g) => (!filter.hands || g.help.requested) && (!filter.quiet || isQuiet(g, now)) && (filter.step === null || g.step === filter.step))
    .sort((a, b) => COMPARE[sort](a, b, now) || byName(a, b));
}

/** The raised hands, oldest first: the order they should be answered in. */
export function raisedHands(groups: readonly GroupSummary[]): GroupSummary[] {
  return groups.filter((g) => g.help.requested).sort((a, b) => (a.help.since ?? 0) - (b.help.since ?? 0) || byName(a, b));
}
