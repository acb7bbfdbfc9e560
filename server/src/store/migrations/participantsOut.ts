import type { KnownParticipant, Role } from '@sessionboard/shared';
import { ROLES } from '@sessionboard/shared';
import { publicParticipantId } from '../../security/participants.ts';

/** A session row's JSON without its remembered people, and those people by public id, in their order. */
export interface MovedParticipants {
  json: string;
  participants: [string, KnownParticipant][];
}

/**
 * Takes the people a stored session remembers out of its JSON (migration 2, both stores): the session
 * without them, and them keyed by public id. A session stored before identity 2 kept them by the
 * secret the client sent; they are hashed here as parseStoredSession hashes that session's ledger on
 * load (its ledger stays as it is, so it is still re-keyed then). Null when the JSON has no
 * `participants` or is not a session: that row is left untouched.
 */
export function participantsOutOfSession(board: string, json: string): MovedParticipants | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, 'participants')) return null;
  const { participants, ...rest } = raw as Record<string, unknown>;
  const legacy = rest.identity !== 2;
  const moved = new Map<string, KnownParticipant>();
  if (typeof participants === 'object' && participants !== null) {
    for (const [key, value] of Object.entries(participants as Record<string, unknown>)) {
      const who = value as { name?: unknown; role?: unknown } | null;
      if (typeof who?.name !== 'string' || !(ROLES as readonly unknown[]).includes(who.role)) continue;
      moved.set(legacy ? publicParticipantId(board, key) : key, { name: who.name, role: who.role as Role });
    }
  }
  return { json: JSON.stringify(rest), participants: [...moved] };
}

/** How many session rows a migration reads at a time (a row may hold 2,000 people: about 150 KB). */
export const SESSION_PAGE_ROWS = 100;
