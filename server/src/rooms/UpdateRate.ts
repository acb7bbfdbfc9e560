import { MAX_FRAME_BYTES } from '@sessionboard/shared';
import type { Connection } from './Connection.ts';
import { ConnectionBudget } from './ConnectionBudget.ts';
import type { RateLimiter } from '../security/RateLimiter.ts';

/** Why an update was refused: the connection's own rate, or its address's budget for large first sync replies. */
export type UpdateRefusal = { kind: 'rate' } | { kind: 'largeReply'; retryAfterSeconds: number };

/**
 * Bytes of document updates one connection may send: `bytesPerMinute`, with a burst of `burstBytes`
 * (one largest frame). Typing sends a few dozen bytes a keystroke and a paste of a whole card a few
 * KB, so only a flood meets it. A connection's first sync step 2 (its answer to our step 1 when it
 * joins: everything it wrote offline, up to 16 MiB) is not charged, so coming back from a long time
 * offline does not leave a person unable to type for minutes.
 *
 * A first reply larger than one frame draws instead on a budget per address shared by every board
 * of the process (`largeReplies`): a new connection starts with a full bucket, so without it a member
 * who reconnects in a loop, answering each time with 16 MiB the board already holds, made the server
 * decode 16 MiB per connection (about a second of event loop each) for every board in the process.
 * Honest replies that large are rare (hours of offline work); one refused is asked for again later.
 */
export class UpdateRate {
  private readonly budget: ConnectionBudget;
  private readonly answered = new WeakSet<Connection>();
  private readonly askAgain = new Map<Connection, NodeJS.Timeout>();

  constructor(
    readonly bytesPerMinute: number,
    burstBytes: number,
    private readonly largeReplies: RateLimiter,
  ) {
    this.budget = new ConnectionBudget(burstBytes, bytesPerMinute / 60);
  }

  /** Null when `conn` may send an update of `bytes` now (charged if so); `syncReply`: it came as a sync step 2. */
  check(conn: Connection, bytes: number, syncReply: boolean): UpdateRefusal | null {
    if (syncReply && !this.answered.has(conn)) {
      if (bytes > MAX_FRAME_BYTES && !this.largeReplies.take(conn.address, bytes)) {
        return { kind: 'largeReply', retryAfterSeconds: this.largeReplies.retryAfterSeconds(conn.address, bytes) };
      }
      this.answered.add(conn);
      return null;
    }
    return this.budget.take(conn, bytes) ? null : { kind: 'rate' };
  }

  /**
   * After a large first reply was refused: in `seconds`, `ask` (send the client a sync step 1) and take
   * its answer as a first reply again. One pending ask per connection: false when one already was.
   */
  askLater(conn: Connection, seconds: number, ask: () => void): boolean {
    if (this.askAgain.has(conn)) return false;
    const timer = setTimeout(() => {
      this.askAgain.delete(conn);
      ask();
    }, seconds * 1000);
    timer.unref();
    this.askAgain.set(conn, timer);
    return true;
  }

  /** `conn` left: nothing more is asked of it. */
  forget(conn: Connection): void {
    clearTimeout(this.askAgain.get(conn));
    this.askAgain.delete(conn);
  }

  close(): void {
    for (const timer of this.askAgain.values()) clearTimeout(timer);
    this.askAgain.clear();
  }
}
