import type { WorkshopJoined, WorkshopMoved } from '@sessionboard/shared/light';
import { keepBoardSecret, participantSecret, saveName } from './identity.ts';

/** What this browser remembers of having joined a workshop: who it was, and where it was sent. */
export interface WorkshopMembership {
  participant: string;
  name: string;
  group: string;
  board: string;
}

/** The group a board is, for the people who reached it through a workshop's join page. */
export interface BoardGroup {
  group: string;
  workshopTitle: string;
}

const membershipKey = (workshop: string) => `sessionboard:workshop:${workshop}`;
const boardGroupKey = (board: string) => `sessionboard:group:${board}`;
const JUST_JOINED_KEY = 'sessionboard:just-joined';

function readJson<T>(key: string, check: (value: Partial<T>) => boolean): T | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<T> | null;
    return value !== null && typeof value === 'object' && check(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

/** This browser's membership of `workshop`, if it joined before (its secret is sent on every join). */
export function workshopMembership(workshop: string): WorkshopMembership | null {
  return readJson<WorkshopMembership>(
    membershipKey(workshop),
    (m) => typeof m.participant === 'string' && typeof m.name === 'string' && typeof m.group === 'string' && typeof m.board === 'string',
  );
}

/**
 * Keeps a join's answer: the workshop's secret for this person (sent again on the next join, so they
 * get their group back), the same secret as the board's (so the board knows them as the person the
 * workshop placed), their name (so the board does not ask again) and the group's name for the board.
 */
export function rememberWorkshopJoin(workshop: string, workshopTitle: string, name: string, joined: WorkshopJoined): void {
  const membership: WorkshopMembership = { participant: joined.participant, name, group: joined.group, board: joined.board };
  localStorage.setItem(membershipKey(workshop), JSON.stringify(membership));
  keepBoardSecret(joined.board, joined.participant);
  saveName(name);
  localStorage.setItem(boardGroupKey(joined.board), JSON.stringify({ group: joined.group, workshopTitle } satisfies BoardGroup));
  // "You're in …" once, on the board this join opens (a session flag: a later visit does not repeat it).
  sessionStorage.setItem(JUST_JOINED_KEY, joined.board);
}

/**
 * Keeps an instructor's move from `from` to another group as a join would: the same secret on the new
 * board (the person stays who they are), its group name, and the workshop membership pointing at it.
 */
export function rememberMove(from: string, moved: WorkshopMoved): void {
  const secret = participantSecret(from);
  keepBoardSecret(moved.board, secret);
  const workshopTitle = boardGroup(from)?.workshopTitle ?? '';
  localStorage.setItem(boardGroupKey(moved.board), JSON.stringify({ group: moved.group, workshopTitle } satisfies BoardGroup));
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith('sessionboard:workshop:')) continue;
    const membership = workshopMembership(key.slice('sessionboard:workshop:'.length));
    if (membership?.board === from) localStorage.setItem(key, JSON.stringify({ ...membership, board: moved.board, group: moved.group }));
  }
}

/** The group `board` is, as this browser was told when it joined (null: not joined through a workshop). */
export function boardGroup(board: string): BoardGroup | null {
  return readJson<BoardGroup>(boardGroupKey(board), (g) => typeof g.group === 'string' && typeof g.workshopTitle === 'string');
}

/** Whether this browser has just been sent to `board` by a workshop join (until {@link forgetJustJoined}). */
export function justJoined(board: string): boolean {
  return sessionStorage.getItem(JUST_JOINED_KEY) === board;
}

/** The "You're in …" greeting has been shown. */
export function forgetJustJoined(): void {
  sessionStorage.removeItem(JUST_JOINED_KEY);
}
