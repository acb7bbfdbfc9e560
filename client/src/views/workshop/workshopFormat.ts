import type { GroupSummary, RotationSlot, WorkshopInfo } from '@sessionboard/shared/light';
import { BOARD_ROLE_FOR, MENTORING_SESSION, boardPath } from '@sessionboard/shared/light';

/** A group with no document change or vote for this long is "quiet": the console makes it stand out. */
export const QUIET_MS = 3 * 60_000;
/** The goals the lesson asks every group for ("at least three clear and specific goals"). */
export const GOAL_TARGET = MENTORING_SESSION.goalTarget;

/** "12 s", "4 min", "1 h 5 min": how long ago, in the fewest words that stay true. */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `m:ss` of a waiting time (a raised hand). */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Minutes into the mentoring step: whole minutes as "10", others as "8:20". */
export function formatMinutes(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? String(m) : `${m}:${String(rest).padStart(2, '0')}`;
}

/** "10–15 min" for a rotation slot. */
export function slotSpan(slot: RotationSlot): string {
  return `${formatMinutes(slot.startMs)}–${formatMinutes(slot.startMs + slot.durationMs)} min`;
}

/** Whether a group is quiet at `now`. */
export function isQuiet(group: GroupSummary, now: number): boolean {
  // No known activity (0) is not "quiet for 56 years": the console shows a dash instead.
  return group.lastActivity > 0 && now - group.lastActivity >= QUIET_MS;
}

/**
 * The agenda's step titles as far as the console can know them: a group on a step names it (its
 * `stepTitle`), the built-in template fills the rest, and "Step N" any step beyond both.
 */
export function stepTitles(groups: readonly GroupSummary[]): string[] {
  const count = Math.max(0, ...groups.map((g) => g.steps));
  const titles = Array.from({ length: count }, (_, i) => MENTORING_SESSION.steps[i]?.title ?? `Step ${i + 1}`);
  for (const g of groups) if (g.step < count && g.stepTitle) titles[g.step] = g.stepTitle;
  return titles;
}

/** The page that opens `board` in the board role this workshop role holds (new tab), or null without a key. */
export function groupBoardLink(info: WorkshopInfo | null, board: string): string | null {
  const group = info?.groups.find((g) => g.board === board);
  return info && group ? boardPath(board, group.key, BOARD_ROLE_FOR[info.role]) : null;
}

/**
 * Names without the words they all start with ("Group 12" → "12" when every name is "Group …"), for
 * lines too short for whole names; whole names when they share nothing or there is only one.
 */
export function shortNames(names: readonly string[]): (name: string) => string {
  const first = names[0] ?? '';
  let cut = names.length < 2 ? 0 : first.lastIndexOf(' ') + 1;
  while (cut > 0 && !names.every((n) => n.startsWith(first.slice(0, cut)) && n.length > cut)) cut = first.lastIndexOf(' ', cut - 2) + 1;
  return (name) => name.slice(cut);
}
