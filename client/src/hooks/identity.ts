import { randomId } from '@sessionboard/shared';

const PARTICIPANT_KEY = 'sessionboard:participant';
const NAME_KEY = 'sessionboard:name';

/** This browser's participant id, kept across reloads so votes and drafts stay this person's. */
export function participantId(): string {
  let id = localStorage.getItem(PARTICIPANT_KEY);
  if (!id || !/^[A-Za-z0-9_-]{6,64}$/.test(id)) {
    id = randomId(16);
    localStorage.setItem(PARTICIPANT_KEY, id);
  }
  return id;
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
