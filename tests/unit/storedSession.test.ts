import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED_PARTICIPANTS, MENTORING_SESSION, RoomSession, addVote, myVotes, newStoredSession, settingsFromTemplate, totals } from '@sessionboard/shared';
import { parseStoredSession } from '../../server/src/rooms/storedSession.ts';
import { participantsOutOfSession } from '../../server/src/store/migrations/participantsOut.ts';
import { publicParticipantId } from '../../server/src/security/participants.ts';

const settings = settingsFromTemplate(MENTORING_SESSION);

describe('stored sessions', () => {
  it('re-keys a session stored before public ids by the public id of each secret (its people on migration 2, its ledger on load)', () => {
    const legacy: Record<string, unknown> = {
      ...newStoredSession(settings),
      ledger: { 'ann-secret-1': { cardAAAAAA: 2 } },
      participants: { 'ann-secret-1': { name: 'Ann', role: 'member' } },
    };
    delete legacy.identity;
    const moved = participantsOutOfSession('board-1', JSON.stringify(legacy))!;
    const ann = publicParticipantId('board-1', 'ann-secret-1');
    expect(moved.participants).toEqual([[ann, { name: 'Ann', role: 'member' }]]);
    expect(JSON.parse(moved.json)).not.toHaveProperty('participants');
    const session = new RoomSession(parseStoredSession('board-1', moved.json, settings), Object.fromEntries(moved.participants));
    expect(session.knows(ann)).toBe(true);
    expect(session.knows('ann-secret-1')).toBe(false);
    expect(session.mine(ann)).toEqual({ cardAAAAAA: 2, left: 1 });
    expect(session.toJSON().identity).toBe(2);
    // Read again: already keyed by public ids, so not hashed twice.
    const again = new RoomSession(parseStoredSession('board-1', JSON.stringify(session.toJSON()), settings));
    expect(again.mine(ann)).toEqual({ cardAAAAAA: 2, left: 1 });
  });

  it('migration 2 keeps the keys of a session with public ids, skips malformed people, and leaves rows without people untouched', () => {
    const stored = { ...newStoredSession(settings), participants: { pubAnn: { name: 'Ann', role: 'member' }, pubBad: { name: 'X', role: 'owner' }, pubFay: { name: 'Fay', role: 'facilitator' } } };
    const moved = participantsOutOfSession('b', JSON.stringify(stored))!;
    expect(moved.participants).toEqual([
      ['pubAnn', { name: 'Ann', role: 'member' }],
      ['pubFay', { name: 'Fay', role: 'facilitator' }],
    ]);
    expect(JSON.parse(moved.json)).toEqual(newStoredSession(settings));
    expect(participantsOutOfSession('b', JSON.stringify(newStoredSession(settings)))).toBeNull();
    expect(participantsOutOfSession('b', '{"step":2}')).toBeNull();
    expect(participantsOutOfSession('b', 'not json')).toBeNull();
  });

  it('remembers people apart from the stored session: at most MAX_REMEMBERED_PARTICIPANTS newcomers, known ones renamed, none in toJSON', () => {
    const session = new RoomSession(newStoredSession(settings));
    for (let i = 0; i < MAX_REMEMBERED_PARTICIPANTS; i++) expect(session.remember(`p${i}`, { name: `P${i}`, role: 'member' })).toBe(true);
    expect(session.remember('late', { name: 'Late', role: 'member' })).toBe(false);
    expect(session.knows('late')).toBe(false);
    expect(session.remember('p0', { name: 'P0', role: 'member' })).toBe(false); // nothing changed
    expect(session.remember('p0', { name: 'Pia', role: 'member' })).toBe(true); // a known one still renames
    session.learn('other', { name: 'From another process', role: 'member' });
    expect(session.knows('other')).toBe(true);
    session.forget('p1');
    expect(session.knows('p1')).toBe(false);
    expect(session.toJSON()).not.toHaveProperty('participants');
    // A command undone by restore keeps the people.
    session.restore(newStoredSession(settings));
    expect(session.knows('p0')).toBe(true);
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
