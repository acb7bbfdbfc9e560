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

  /** Takes one token for `conn`; false when its bucket is empty. */
  take(conn: K, now = Date.now()): boolean {
    const bucket = this.buckets.get(conn) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(conn, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
