import type { Settings, StoredSession } from '@sessionboard/shared';
import { dict, dictFrom, newStoredSession, settingsSchema } from '@sessionboard/shared';
import { publicParticipantId } from '../security/participants.ts';

/** Re-keys a record by the public ids of the secrets it was keyed by (sessions stored before identity 2). */
function byPublicId<T>(board: string, record: Record<string, T> | undefined): Record<string, T> {
  const out = dict<T>();
  for (const [secret, value] of Object.entries(record ?? {})) out[publicParticipantId(board, secret)] = value;
  return out;
}

/** Reads `board`'s stored session, falling back to `fallback` for a missing or damaged one. */
export function parseStoredSession(board: string, json: string | null, fallback: Settings): StoredSession {
  if (json === null) return newStoredSession(fallback);
  try {
    const raw = JSON.parse(json) as StoredSession;
    const settings = settingsSchema.safeParse(raw.state?.settings);
    if (!settings.success) return newStoredSession(fallback);
    const legacy = raw.identity !== 2;
    const rekey = <T,>(r: Record<string, T> | undefined) => (legacy ? byPublicId(board, r) : dictFrom(r));
    const ledger = rekey(raw.ledger);
    for (const p of Object.keys(ledger)) ledger[p] = dictFrom(ledger[p]);
    // Sessions stored before workshops lack the hand and the notice.
    const state = { ...raw.state, help: raw.state.help ?? { requested: false }, notice: raw.state.notice ?? null, settings: settings.data };
    // A `participants` field (sessions stored before migration 2, which moved them out) is dropped.
    const stored: StoredSession = { state, ledger, identity: 2 };
    if (typeof raw.lastActivity === 'number') stored.lastActivity = raw.lastActivity;
    return stored;
  } catch {
    return newStoredSession(fallback);
  }
}
