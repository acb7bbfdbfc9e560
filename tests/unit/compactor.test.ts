import { describe, expect, it } from 'vitest';
import { Compactor, compactionDue } from '../../server/src/rooms/Compactor.ts';

describe('Compactor: compactions one per turn of the event loop', () => {
  it('runs queued compactions in order, one at a time, a waiting room asked twice once, each in its own turn', async () => {
    const compactor = new Compactor();
    const a = {};
    const b = {};
    const ran: string[] = [];
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const turns: number[] = [];
    const job = (name: string) => async () => {
      ran.push(name);
      turns.push(turn);
    };
    // b starts at once; a waits, and asking for it again while it waits adds nothing.
    await Promise.all([compactor.schedule(b, job('b')), compactor.schedule(a, job('a')), compactor.schedule(a, job('a again'))]);
    ticking = false;
    expect(ran).toEqual(['b', 'a']);
    expect(new Set(turns).size).toBe(2);
  });

  it('goes on after a compaction that fails', async () => {
    const compactor = new Compactor();
    const ran: string[] = [];
    await Promise.all([
      compactor.schedule({}, async () => {
        throw new Error('disk full');
      }),
      compactor.schedule({}, async () => void ran.push('next')),
    ]);
    expect(ran).toEqual(['next']);
  });
});

describe('compactionDue: by count, and by bytes for large boards', () => {
  it('a small board compacts every `every` updates; a large one once its log is a quarter of it, or at eight times `every`', () => {
    expect(compactionDue(499, 20_000, 20_000, 500)).toBe(false);
    expect(compactionDue(500, 15_000, 20_000, 500)).toBe(true);
    expect(compactionDue(500, 15_000, 11_000_000, 500)).toBe(false);
    expect(compactionDue(3999, 120_000, 11_000_000, 500)).toBe(false);
    expect(compactionDue(4000, 120_000, 11_000_000, 500)).toBe(true);
    expect(compactionDue(600, 2_750_000, 11_000_000, 500)).toBe(true);
  });
});
