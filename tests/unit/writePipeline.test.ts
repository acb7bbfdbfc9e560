/**
 * The write-then-fan-out pipeline of a room (server/src/rooms/WritePipeline.ts), on its own: nothing is
 * handed on before the store has written it, a turn's updates are one write, a refused write keeps
 * its updates in order and retries, and answers to joiners wait for the store.
 */
import { describe, expect, it } from 'vitest';
import { WritePipeline } from '../../server/src/rooms/WritePipeline.ts';
import type { PendingUpdate } from '../../server/src/rooms/WritePipeline.ts';

const turn = () => new Promise<void>((r) => setImmediate(r));
const u = (n: number): PendingUpdate => ({ update: Uint8Array.of(n), frame: Uint8Array.of(n), except: null });

/** A store whose writes the test resolves or fails one by one. */
function scriptedStore() {
  const writes: { updates: number[]; resolve(): void; reject(err: Error): void }[] = [];
  const handedOn: number[][] = [];
  let retries = 0;
  const pipeline = new WritePipeline({
    write: (updates) => new Promise<void>((resolve, reject) => writes.push({ updates: updates.map((x) => x[0]!), resolve, reject })),
    written: async (batch) => {
      handedOn.push(batch.map((p) => p.update[0]!));
    },
    retry: () => retries++,
    warn: () => undefined,
    error: () => undefined,
  });
  return { pipeline, writes, handedOn, retries: () => retries };
}

describe('WritePipeline', () => {
  it('writes the updates of one turn as one batch and hands them on only after the write', async () => {
    const { pipeline, writes, handedOn } = scriptedStore();
    pipeline.push(u(1));
    pipeline.push(u(2));
    pipeline.push(u(3));
    expect(writes).toHaveLength(0); // not before the turn ends
    await turn();
    await turn();
    expect(writes.map((w) => w.updates)).toEqual([[1, 2, 3]]);
    expect(handedOn).toEqual([]);
    writes[0]!.resolve();
    await turn();
    expect(handedOn).toEqual([[1, 2, 3]]);
  });

  it('keeps a refused batch first in line, sends it to nobody, and retries it with the later ones in order', async () => {
    const { pipeline, writes, handedOn, retries } = scriptedStore();
    pipeline.push(u(1));
    pipeline.flushNow();
    await turn();
    writes[0]!.reject(new Error('disk full'));
    await turn();
    expect(pipeline.failing).toBe(true);
    pipeline.push(u(2));
    expect(handedOn).toEqual([]);
    // The retry comes after the first backoff (250 ms) and writes both, the refused one first.
    await new Promise((r) => setTimeout(r, 300));
    expect(retries()).toBe(1);
    expect(writes.at(-1)?.updates).toEqual([1, 2]);
    writes.at(-1)!.resolve();
    await turn();
    expect(handedOn).toEqual([[1, 2]]);
    expect(pipeline.failing).toBe(false);
  });

  it('answers a joiner after the writes queued before it, and holds the answer while the store refuses them', async () => {
    const { pipeline, writes } = scriptedStore();
    const answered: string[] = [];
    pipeline.push(u(1));
    pipeline.afterWrites(() => answered.push('first'));
    await turn();
    expect(answered).toEqual([]);
    writes[0]!.reject(new Error('I/O error'));
    await turn();
    await turn();
    pipeline.afterWrites(() => answered.push('second'));
    await turn();
    // "first" waited for the write that failed; neither answer goes out while update 1 is not on disk.
    expect(answered).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    writes.at(-1)!.resolve();
    await turn();
    await turn();
    expect(answered.sort()).toEqual(['first', 'second']);
  });

  it('runs one store operation at a time, in order, and a failing one does not stop the next', async () => {
    const { pipeline } = scriptedStore();
    const log: string[] = [];
    let inFlight = 0;
    const op = (name: string, fail = false) => async () => {
      inFlight++;
      expect(inFlight).toBe(1);
      await turn();
      log.push(name);
      inFlight--;
      if (fail) throw new Error(name);
    };
    await Promise.all([pipeline.enqueue(op('a')), pipeline.enqueue(op('b', true)), pipeline.enqueue(op('c'))]);
    expect(log).toEqual(['a', 'b', 'c']);
    await expect(pipeline.queued(async () => 42)).resolves.toBe(42);
    await expect(pipeline.queued(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });

  it('stops: says how many updates the store never took, and tries no more', async () => {
    const { pipeline, writes, retries } = scriptedStore();
    pipeline.push(u(1));
    pipeline.flushNow();
    await turn();
    writes[0]!.reject(new Error('gone'));
    await turn();
    expect(pipeline.stop()).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(retries()).toBe(0);
  });
});
