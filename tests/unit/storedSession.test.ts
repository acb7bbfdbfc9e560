import { describe, expect, it } from 'vitest';
import { MENTORING_SESSION, RoomSession, addVote, myVotes, newStoredSession, settingsFromTemplate, totals } from '@sessionboard/shared';
import { parseStoredSession } from '../../server/src/rooms/storedSession.ts';
import { publicParticipantId } from '../../server/src/security/participants.ts';

const settings = settingsFromTemplate(MENTORING_SESSION);

describe('stored sessions', () => {
  it('re-keys a session stored before public ids by the public id of each secret', () => {
    const legacy = newStoredSession(settings);
    delete legacy.identity;
    legacy.ledger = { 'ann-secret-1': { cardAAAAAA: 2 } };
    legacy.participants = { 'ann-secret-1': { name: 'Ann', role: 'member' } };
    const session = new RoomSession(parseStoredSession('board-1', JSON.stringify(legacy), settings));
    const ann = publicParticipantId('board-1', 'ann-secret-1');
    expect(session.knows(ann)).toBe(true);
    expect(session.knows('ann-secret-1')).toBe(false);
    expect(session.mine(ann)).toEqual({ cardAAAAAA: 2, left: 1 });
    expect(session.toJSON().identity).toBe(2);
    // Read again: already keyed by public ids, so not hashed twice.
    const again = new RoomSession(parseStoredSession('board-1', JSON.stringify(session.toJSON()), settings));
    expect(again.knows(ann)).toBe(true);
  });

  it('public ids differ per board and never contain the secret', () => {
    const a = publicParticipantId('board-1', 'same-secret');
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(publicParticipantId('board-2', 'same-secret'));
    expect(a).not.toContain('same-secret');
  });

  it('V1-V2 hold for ids named like Object members, and totals stay numbers', () => {
    let ledger = newStoredSession(settings).ledger;
    for (const card of ['constructor', 'toString', '__proto__']) ledger = addVote(ledger, settings, 'valueOf', card, 'weakness');
    expect(totals(ledger)).toEqual(Object.assign(Object.create(null), { constructor: 1, toString: 1, ['__proto__']: 1 }));
    expect(myVotes(ledger, settings, 'valueOf').left).toBe(0);
    expect(myVotes(ledger, settings, 'hasOwnProperty')).toEqual(Object.assign(Object.create(null), { left: 3 }));
    const shown = { ...settings, hideVotes: false };
    const fromJson = new RoomSession(parseStoredSession('b', JSON.stringify({ ...newStoredSession(shown), ledger }), shown));
    expect(fromJson.knows('constructor')).toBe(false);
    expect(fromJson.visible().votes?.['__proto__']).toBe(1);
  });
});
