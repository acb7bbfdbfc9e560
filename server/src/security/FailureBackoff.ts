/** One address's record of wrong guesses. */
interface Record {
  /** Wrong guesses not yet forgiven (they are forgiven at `perSecond`). */
  debt: number;
  at: number;
  /** Wrong guesses past the allowance while the debt stayed high; each doubles the wait. */
  strikes: number;
  /** No look-up from this key before this time (epoch ms). */
  until: number;
}

const MAX_WAIT_MS = 15 * 60_000;

/**
 * Limits wrong guesses (join codes) per address with a growing backoff, and nothing else: right
 * guesses cost nothing here, so a room of people behind one NAT is never locked out by its own joins.
 * `allowance` wrong guesses are free and forgiven at `perSecond`; each one past it makes the address
 * wait 1 s, then 2, 4, 8 s ... (at most 15 min) before its next look-up. Waiting is not a wrong guess.
 */
export class FailureBackoff {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly allowance: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds `key` must still wait before a look-up, or 0 when it may look up now. */
  waitSeconds(key: string): number {
    const record = this.records.get(key);
    const left = record ? record.until - this.now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Records a wrong guess by `key`. */
  fail(key: string): void {
    const now = this.now();
    const record = this.records.get(key) ?? { debt: 0, at: now, strikes: 0, until: 0 };
    record.debt = Math.max(0, record.debt - ((now - record.at) / 1000) * this.perSecond);
    record.at = now;
    // Once a free guess is back, the backoff starts over.
    if (record.debt <= this.allowance - 1) record.strikes = 0;
    record.debt += 1;
    if (record.debt > this.allowance) {
      record.until = now + Math.min(MAX_WAIT_MS, 1000 * 2 ** record.strikes);
      record.strikes += 1;
    }
    this.records.set(key, record);
    if (this.records.size > 10_000) this.sweep(now);
  }

  /** Forgets keys with nothing left to forgive or wait for. */
  private sweep(now: number): void {
    for (const [key, r] of this.records) {
      if (r.until <= now && r.debt - ((now - r.at) / 1000) * this.perSecond <= 0) this.records.delete(key);
    }
  }
}
