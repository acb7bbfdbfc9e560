import { describe, expect, it } from 'vitest';
import { ConnectionBudget } from '../../server/src/rooms/ConnectionBudget.ts';

describe('ConnectionBudget: a token bucket per connection', () => {
  it('gives a burst, then the refill rate; one token a take by default', () => {
    const budget = new ConnectionBudget<object>(3, 1);
    const conn = {};
    expect([1, 2, 3, 4].map(() => budget.take(conn, 1, 0))).toEqual([true, true, true, false]);
    expect(budget.take(conn, 1, 999)).toBe(false);
    expect(budget.take(conn, 1, 1000)).toBe(true);
    expect(budget.take({}, 1, 1000)).toBe(true);
  });

  it('lets a cost above the burst through from a full bucket and keeps the rate with the debt it leaves', () => {
    // Bytes: a burst of 1,000, 100 a second; one take of 3,000 leaves it 2,000 in debt, 20 s to repay.
    const budget = new ConnectionBudget<object>(1000, 100);
    const conn = {};
    expect(budget.take(conn, 3000, 0)).toBe(true);
    expect(budget.take(conn, 1, 19_999)).toBe(false);
    expect(budget.take(conn, 1, 20_011)).toBe(true);
    // A refused take costs nothing.
    expect(budget.take(conn, 900, 20_011)).toBe(false);
    expect(budget.take(conn, 500, 25_100)).toBe(true);
  });
});
