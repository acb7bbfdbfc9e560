import { describe, expect, it } from 'vitest';
import { SerialByKey } from '../../server/src/workshops/SerialByKey.ts';

/** A task that records when it starts and ends, and yields to real I/O in between (a timer). */
function task(log: string[], name: string, fail = false) {
  return async () => {
    log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, 5));
    log.push(`end ${name}`);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
}

describe('SerialByKey (workshop joins one at a time)', () => {
  it('runs the tasks of one key one after another, in arrival order, even across real waits', async () => {
    const serial = new SerialByKey();
    const log: string[] = [];
    const results = await Promise.all(['a', 'b', 'c'].map((n) => serial.run('w1', task(log, n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets tasks of different keys overlap', async () => {
    const serial = new SerialByKey();
    const log: string[] = [];
    await Promise.all([serial.run('w1', task(log, 'a')), serial.run('w2', task(log, 'b'))]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('carries on after a failed task, and the failure reaches only its own caller', async () => {
    const serial = new SerialByKey();
    const log: string[] = [];
    const first = serial.run('w1', task(log, 'a', true));
    const second = serial.run('w1', task(log, 'b'));
    await expect(first).rejects.toThrow('a failed');
    await expect(second).resolves.toBe('b');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
