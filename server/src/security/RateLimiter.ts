/** A token bucket per key (an address, a join code): `burst` tokens, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `cost` tokens (default one) for `key`; false, taking nothing, when the bucket holds fewer.
   * A cost above `burst` takes a full bucket, so it is slow but never impossible.
   */
  take(key: string, cost = 1): boolean {
    cost = Math.min(cost, this.burst);
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens < cost) {
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= cost;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    return true;
  }

  /** Whole seconds (at least 1) until `key` could take `cost` tokens; what a 429's Retry-After says. */
  retryAfterSeconds(key: string, cost = 1): number {
    const bucket = this.refilled(key, this.now());
    const missing = Math.min(cost, this.burst) - bucket.tokens;
    if (missing <= 0 || this.perSecond <= 0) return missing <= 0 ? 1 : 3600;
    return Math.max(1, Math.ceil(missing / this.perSecond));
  }

  private refilled(key: string, now: number): { tokens: number; at: number } {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Forgets full buckets so the map cannot grow without bound. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
