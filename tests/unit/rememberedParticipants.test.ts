import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED_PARTICIPANTS, MENTORING_SESSION, RoomSession, newStoredSession, settingsFromTemplate } from '@sessionboard/shared';
import type { KnownParticipant } from '@sessionboard/shared';
import { RememberedParticipants } from '../../server/src/rooms/RememberedParticipants.ts';
import type { RememberedParticipantsDeps } from '../../server/src/rooms/RememberedParticipants.ts';

/** The three store calls, in memory, with the cap counted as the stores count it; `fail` makes writes throw. */
function memoryStore() {
  const rows = new Map<string, KnownParticipant>();
  const store = {
    fail: false,
    reads: 0,
    writes: 0,
    rows,
    async loadParticipants() {
      return [...rows].map(([participant, who]) => ({ participant, ...who }));
    },
    async loadParticipant(_board: string, participant: string) {
      store.reads++;
      return rows.get(participant) ?? null;
    },
    async rememberParticipant(_board: string, participant: string, who: KnownParticipant, cap: number) {
      if (store.fail) throw new Error('disk full');
      store.writes++;
      if (!rows.has(participant) && rows.size >= cap) return false;
      rows.set(participant, who);
      return true;
    },
  };
  return store;
}

function setup(shared: boolean) {
  const store = memoryStore();
  const session = new RoomSession(newStoredSession(settingsFromTemplate(MENTORING_SESSION)));
  const warnings: string[] = [];
  const deps: RememberedParticipantsDeps = { board: 'b', store, session, shared, warn: (_err, message) => warnings.push(message) };
  return { store, session, warnings, remembered: new RememberedParticipants(deps) };
}

describe('remembered participants (a row each, apart from the session)', () => {
  it('writes someone new once, and again only when their name or role changes', async () => {
    const { store, remembered } = setup(false);
    expect(remembered.take('ann', { name: 'Ann', role: 'member' })).toBe(true);
    expect(await remembered.write()).toBe('written');
    expect(await remembered.write()).toBe('idle');
    expect(remembered.take('ann', { name: 'Ann', role: 'member' })).toBe(false);
    expect(remembered.take('ann', { name: 'Ann L', role: 'member' })).toBe(true);
    expect(await remembered.write()).toBe('written');
    expect(store.writes).toBe(2);
    expect(store.rows.get('ann')).toEqual({ name: 'Ann L', role: 'member' });
  });

  it('keeps someone the store refused to write and writes them on the retry; lists them meanwhile', async () => {
    const { store, remembered, warnings } = setup(false);
    store.fail = true;
    remembered.take('ann', { name: 'Ann', role: 'member' });
    expect(await remembered.write()).toBe('failed');
    expect(remembered.pending).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(await remembered.knows('ann')).toBe(true);
    expect(await remembered.list()).toEqual([{ name: 'Ann', role: 'member' }]);
    store.fail = false;
    expect(await remembered.write()).toBe('written');
    expect(remembered.pending).toBe(false);
    expect(store.rows.has('ann')).toBe(true);
  });

  it('forgets a newcomer the store refused as past the cap (other processes filled the board)', async () => {
    const { store, remembered } = setup(true);
    for (let i = 0; i < MAX_REMEMBERED_PARTICIPANTS; i++) store.rows.set(`other-${i}`, { name: `O${i}`, role: 'member' });
    expect(remembered.take('late', { name: 'Late', role: 'member' })).toBe(true); // this process knows nobody yet
    expect(await remembered.write()).toBe('written');
    expect(store.rows.has('late')).toBe(false);
    expect(await remembered.knows('late')).toBe(false);
  });

  it('asks the store on a miss only when other processes share it, and keeps what it learnt', async () => {
    const alone = setup(false);
    alone.store.rows.set('bob', { name: 'Bob', role: 'member' });
    expect(await alone.remembered.knows('bob')).toBe(false);
    expect(alone.store.reads).toBe(0);

    const shared = setup(true);
    shared.store.rows.set('bob', { name: 'Bob', role: 'member' });
    expect(await shared.remembered.knows('bob')).toBe(true);
    expect(await shared.remembered.knows('bob')).toBe(true);
    expect(await shared.remembered.knows('eve')).toBe(false);
    expect(shared.store.reads).toBe(2); // Bob once (then known), Eve once
    expect(shared.session.knows('bob')).toBe(true);
  });
});
