/**
 * The BoardStore contract, run against both stores the server has: SQLite (the default) and
 * PostgreSQL (DATABASE_URL). The rooms and workshops use nothing but this interface, so a store that
 * passes here serves every board and workshop the same.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MENTORING_SESSION, newStoredSession, settingsFromTemplate } from '@sessionboard/shared';
import { prepareBoard } from '../../server/src/boards/createBoard.ts';
import type { BoardStore, WorkshopRecord } from '../../server/src/store/BoardStore.ts';
import { PostgresStore } from '../../server/src/store/PostgresStore.ts';
import { SqliteStore } from '../../server/src/store/SqliteStore.ts';
import { tempDataDir } from '../helpers/server.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresSuiteRuns, requirePostgres } from '../helpers/postgres.ts';

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});
const postgresRuns = await postgresSuiteRuns('tests/integration/storeContract.test.ts (its PostgreSQL half)');

async function openPostgres(): Promise<BoardStore> {
  await requirePostgres();
  const schema = freshSchema();
  schemas.push(schema);
  const store = new PostgresStore(TEST_DATABASE_URL, schema);
  await store.ready();
  return store;
}

const stores: [string, () => Promise<BoardStore>][] = [
  ['SQLite', async () => new SqliteStore(tempDataDir(), () => {})],
  ...(postgresRuns ? ([['PostgreSQL', openPostgres]] as [string, () => Promise<BoardStore>][]) : []),
];

const bytes = (...n: number[]) => new Uint8Array(n);

describe.each(stores)('the %s store', (_name, open) => {
  it('creates boards and finds them by id and join code', async () => {
    const store = await open();
    const b = prepareBoard({ title: 'Kestrels', team: 'K' }, 'ABCDEF', null);
    await store.createBoard(b.record, b.initialState, b.session);
    expect(await store.getBoard(b.record.id)).toEqual(b.record);
    expect(await store.boardIdByJoinCode('ABCDEF')).toBe(b.record.id);
    expect(await store.boardIdByJoinCode('ZZZZZZ')).toBeNull();
    expect(await store.getBoard('nope')).toBeNull();
    const twin = prepareBoard({ title: 'Twin' }, 'ABCDEF', null);
    await expect(store.createBoard(twin.record, twin.initialState, twin.session)).rejects.toThrow();
    await store.close();
  });

  it('appends updates in order, compacts up to an id, and loads the rest', async () => {
    const store = await open();
    const b = prepareBoard({ title: 'Log' }, 'LOG234', null);
    await store.createBoard(b.record, b.initialState, b.session);
    const first = await store.appendUpdates(b.record.id, [bytes(1), bytes(2, 2)]);
    const second = await store.appendUpdates(b.record.id, [bytes(3, 3, 3)]);
    expect(second).toBeGreaterThan(first);
    let doc = await store.loadDoc(b.record.id);
    expect(doc.snapshot).toEqual(b.initialState);
    expect(doc.updates).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)]);
    expect(doc.lastUpdateId).toBe(second);
    await store.compact(b.record.id, bytes(9, 9), first);
    doc = await store.loadDoc(b.record.id);
    expect(doc.snapshot).toEqual(bytes(9, 9));
    expect(doc.updates).toEqual([bytes(3, 3, 3)]);
    await store.compact(b.record.id, bytes(8), second);
    doc = await store.loadDoc(b.record.id);
    expect(doc.updates).toEqual([]);
    expect(doc.lastUpdateId).toBe(second);
    await store.close();
  });

  it('stores session rows', async () => {
    const store = await open();
    const b = prepareBoard({ title: 'Session' }, 'SES234', null);
    await store.createBoard(b.record, b.initialState, b.session);
    expect(await store.loadSession(b.record.id)).toBe(b.session);
    const next = JSON.stringify({ ...newStoredSession(settingsFromTemplate(MENTORING_SESSION)), lastActivity: 5 });
    await store.saveSession(b.record.id, next);
    expect(await store.loadSession(b.record.id)).toBe(next);
    expect(await store.loadSession('nope')).toBeNull();
    await store.close();
  });

  it('remembers participants apart from the session row: one upsert each, in order, capped for newcomers', async () => {
    const store = await open();
    const b = prepareBoard({ title: 'People' }, 'PPL234', null);
    await store.createBoard(b.record, b.initialState, b.session);
    const id = b.record.id;
    expect(await store.loadParticipants(id)).toEqual([]);
    expect(await store.loadParticipant(id, 'ann')).toBeNull();
    expect(await store.rememberParticipant(id, 'ann', { name: 'Ann', role: 'member' }, 3)).toBe(true);
    expect(await store.rememberParticipant(id, 'fay', { name: 'Fay', role: 'facilitator' }, 3)).toBe(true);
    expect(await store.rememberParticipant(id, 'bob', { name: 'Bob', role: 'member' }, 3)).toBe(true);
    // Full: a newcomer is refused, someone known is still renamed (and keeps their place).
    expect(await store.rememberParticipant(id, 'cy', { name: 'Cy', role: 'member' }, 3)).toBe(false);
    expect(await store.rememberParticipant(id, 'ann', { name: 'Ann L', role: 'mentor' }, 3)).toBe(true);
    expect(await store.loadParticipants(id)).toEqual([
      { participant: 'ann', name: 'Ann L', role: 'mentor' },
      { participant: 'fay', name: 'Fay', role: 'facilitator' },
      { participant: 'bob', name: 'Bob', role: 'member' },
    ]);
    expect(await store.loadParticipant(id, 'fay')).toEqual({ name: 'Fay', role: 'facilitator' });
    expect(await store.loadParticipant(id, 'cy')).toBeNull();
    // The session row is not touched, and another board's people are its own.
    expect(await store.loadSession(id)).toBe(b.session);
    const other = prepareBoard({ title: 'Other' }, 'OTH234', null);
    await store.createBoard(other.record, other.initialState, other.session);
    expect(await store.rememberParticipant(other.record.id, 'cy', { name: 'Cy', role: 'member' }, 3)).toBe(true);
    expect(await store.loadParticipant(id, 'cy')).toBeNull();
    await store.close();
  });

  it('never lets concurrent newcomers past the cap', async () => {
    const store = await open();
    const b = prepareBoard({ title: 'Crowd' }, 'CRW234', null);
    await store.createBoard(b.record, b.initialState, b.session);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.rememberParticipant(b.record.id, `p${i}`, { name: `P${i}`, role: 'member' }, 5)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await store.loadParticipants(b.record.id)).toHaveLength(5);
    await store.close();
  });

  it('creates a workshop with its group boards in one go, updates it and keeps its members', async () => {
    const store = await open();
    const groups = ['Red', 'Blue'].map((name, i) => prepareBoard({ title: name }, `GRP${i}AB`, 'workshop-1'));
    const record: WorkshopRecord = {
      id: 'workshop-1',
      joinCode: 'WSHOP2',
      title: 'Winter school',
      createdAt: 1,
      keys: { instructor: 'ki', mentor: 'km', projector: 'kp' },
      groups: groups.map((g, i) => ({ name: ['Red', 'Blue'][i]!, board: g.record.id })),
      assignment: 'balanced',
      notice: null,
      rotation: null,
    };
    await store.createWorkshop(record, groups);
    expect(await store.getWorkshop('workshop-1')).toEqual(record);
    expect(await store.workshopIdByJoinCode('WSHOP2')).toBe('workshop-1');
    expect((await store.getBoard(groups[1]!.record.id))?.workshop).toBe('workshop-1');
    await store.updateWorkshop('workshop-1', { assignment: 'choose', notice: { message: 'Lunch', at: 2 } });
    await store.updateWorkshop('workshop-1', { rotation: { mentors: ['M'], totalMs: 60_000, slots: [] } });
    expect(await store.getWorkshop('workshop-1')).toMatchObject({ assignment: 'choose', notice: { message: 'Lunch', at: 2 }, rotation: { mentors: ['M'] } });
    await store.putWorkshopMember('workshop-1', { participant: 'p1', name: 'Ada', board: groups[0]!.record.id, joinedAt: 10 });
    await store.putWorkshopMember('workshop-1', { participant: 'p2', name: 'Bo', board: groups[1]!.record.id, joinedAt: 11 });
    await store.putWorkshopMember('workshop-1', { participant: 'p1', name: 'Ada L', board: groups[1]!.record.id, joinedAt: 99 });
    expect(await store.workshopMembers('workshop-1')).toEqual([
      { participant: 'p1', name: 'Ada L', board: groups[1]!.record.id, joinedAt: 10 },
      { participant: 'p2', name: 'Bo', board: groups[1]!.record.id, joinedAt: 11 },
    ]);
    expect(await store.workshopMember('workshop-1', 'p3')).toBeNull();
    // A workshop whose boards cannot all be stored is not stored at all.
    const clash = prepareBoard({ title: 'Clash' }, 'GRP0AB', 'workshop-2');
    await expect(store.createWorkshop({ ...record, id: 'workshop-2', joinCode: 'WSHOP3', groups: [] }, [clash])).rejects.toThrow();
    expect(await store.getWorkshop('workshop-2')).toBeNull();
    await store.close();
  });
});

/** Two stores on one database (two processes, or a room loading a board another connection compacts). */
const pairs: [string, () => Promise<[BoardStore, BoardStore]>][] = [
  [
    'SQLite',
    async () => {
      const dir = tempDataDir();
      return [new SqliteStore(dir, () => {}), new SqliteStore(dir, () => {})];
    },
  ],
  ...(postgresRuns
    ? ([
        [
          'PostgreSQL',
          async () => {
            await requirePostgres();
            const schema = freshSchema();
            schemas.push(schema);
            const a = new PostgresStore(TEST_DATABASE_URL, schema);
            const b = new PostgresStore(TEST_DATABASE_URL, schema);
            await Promise.all([a.ready(), b.ready()]);
            return [a, b];
          },
        ],
      ] as [string, () => Promise<[BoardStore, BoardStore]>][])
    : []),
];

describe.each(pairs)('the %s store from two connections', (_name, openPair) => {
  it('a load while another connection compacts misses nothing: the snapshot and, after it, every later update in order', async () => {
    const [writer, reader] = await openPair();
    try {
      const b = prepareBoard({ title: 'Race' }, 'RACE23', null);
      await writer.createBoard(b.record, b.initialState, b.session);
      await writer.compact(b.record.id, bytes(0), 0);
      const n = 60;
      const ids: number[] = [];
      for (let i = 1; i <= n; i++) ids.push(await writer.appendUpdates(b.record.id, [bytes(i)]));
      let done = false;
      const compacting = (async () => {
        // Snapshot k holds updates 1..k: it is stored and they are deleted in one transaction.
        for (let k = 1; k <= n; k++) await writer.compact(b.record.id, bytes(k), ids[k - 1]!);
        done = true;
      })();
      let loads = 0;
      while (!done) {
        const doc = await reader.loadDoc(b.record.id);
        const k = doc.snapshot?.[0] ?? -1;
        const expected = Array.from({ length: n - k }, (_, i) => k + 1 + i);
        // Updates the snapshot already holds may come too (applying one twice is harmless); none after it may be missing.
        expect(doc.updates.map((u) => u[0]!).filter((v) => v > k), `load ${loads}: snapshot ${k}`).toEqual(expected);
        loads++;
      }
      await compacting;
      expect(loads).toBeGreaterThan(0);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
