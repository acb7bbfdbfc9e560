import type { Connection } from './Connection.ts';

/**
 * A token bucket per connection: `burst` tokens, refilled at `perSecond`. Held in a WeakMap, so a
 * connection's bucket goes when the connection does.
 */
export class ConnectionBudget<K extends object = Connection> {
  private readonly buckets = new WeakMap<K, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  /**
   * Takes `cost` tokens for `conn`; false, taking nothing, when its bucket holds fewer. A cost above the
   * burst is allowed from a full bucket and leaves it in debt, so the rate holds for large costs too
   * (capping the cost at the burst instead would let them through at burst-sized prices).
   */
  take(conn: K, cost = 1, now = Date.now()): boolean {
    const bucket = this.buckets.get(conn) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(conn, bucket);
    if (bucket.tokens < Math.min(cost, this.burst)) return false;
    bucket.tokens -= cost;
    return true;
  }
}
