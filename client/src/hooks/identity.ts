import { randomId } from '@sessionboard/shared/light';

const PARTICIPANT_KEY = 'sessionboard:participant';
const NAME_KEY = 'sessionboard:name';

const boardSecretKey = (board: string) => `${PARTICIPANT_KEY}:${board}`;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;

/**
 * This browser's participant secret, kept across reloads so votes and drafts stay this person's. It
 * proves who this person is, so it never goes anywhere but the handshake: others see a public id
 * the server derives from it (see {@link knownPublicId}). A board joined through a workshop has a
 * secret of its own (the one the workshop knows this person by, see {@link keepBoardSecret}); every
 * other board uses the browser's.
 */
export function participantSecret(board?: string): string {
  const own = board === undefined ? null : localStorage.getItem(boardSecretKey(board));
  if (own && SECRET_PATTERN.test(own)) return own;
  let id = localStorage.getItem(PARTICIPANT_KEY);
  if (!id || !SECRET_PATTERN.test(id)) {
    id = randomId(24);
    localStorage.setItem(PARTICIPANT_KEY, id);
  }
  return id;
}

/**
 * Keeps the secret the server confirmed (or made) in `hello`: as `board`'s own when that board has
 * one, so a workshop's secret never replaces the one this browser uses everywhere else.
 */
export function keepParticipantSecret(secret: string, board?: string): void {
  if (board !== undefined && localStorage.getItem(boardSecretKey(board)) !== null) localStorage.setItem(boardSecretKey(board), secret);
  else localStorage.setItem(PARTICIPANT_KEY, secret);
}

/** Makes `secret` the one `board`'s handshake sends (a workshop join hands it out with the board). */
export function keepBoardSecret(board: string, secret: string): void {
  if (SECRET_PATTERN.test(secret)) localStorage.setItem(boardSecretKey(board), secret);
}

const publicIdKey = (board: string) => `sessionboard:public-id:${board}`;

/** The public id the server gave this person on `board` last time, so cards written offline carry it. */
export function knownPublicId(board: string): string | null {
  return localStorage.getItem(publicIdKey(board));
}

export function rememberPublicId(board: string, id: string): void {
  localStorage.setItem(publicIdKey(board), id);
}

/** The remembered display name, or '' when the person has not given one yet. */
export function savedName(): string {
  return localStorage.getItem(NAME_KEY) ?? '';
}

export function saveName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 40));
}

/** The key from a board link's fragment (`#key=…`). */
export function keyFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('key') ?? '';
}
