import { randomId } from '@sessionboard/shared';

const PARTICIPANT_KEY = 'sessionboard:participant';
const NAME_KEY = 'sessionboard:name';

/**
 * This browser's participant secret, kept across reloads so votes and drafts stay this person's. It
 * proves who this person is, so it never goes anywhere but the handshake: others see a public id
 * the server derives from it (see {@link knownPublicId}).
 */
export function participantSecret(): string {
  let id = localStorage.getItem(PARTICIPANT_KEY);
  if (!id || !/^[A-Za-z0-9_-]{6,64}$/.test(id)) {
    id = randomId(24);
    localStorage.setItem(PARTICIPANT_KEY, id);
  }
  return id;
}

/** Keeps the secret the server confirmed (or made) in `hello`. */
export function keepParticipantSecret(secret: string): void {
  localStorage.setItem(PARTICIPANT_KEY, secret);
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
