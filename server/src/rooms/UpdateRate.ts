import type { Connection } from './Connection.ts';
import { ConnectionBudget } from './ConnectionBudget.ts';

/**
 * Bytes of document updates one connection may send: `bytesPerMinute`, with a burst of `burstBytes`
 * (one largest frame). Typing sends a few dozen bytes a keystroke and a paste of a whole card a few
 * KB, so only a flood meets it. A connection's first sync step 2 (its answer to our step 1 when it
 * joins: everything it wrote offline, up to 16 MiB) is not charged, so coming back from a long time
 * offline does not leave a person unable to type for minutes; the board cap bounds what it may add,
 * and a new connection starts with a full bucket anyway.
 */
export class UpdateRate {
  private readonly budget: ConnectionBudget;
  private readonly answered = new WeakSet<Connection>();

  constructor(
    readonly bytesPerMinute: number,
    burstBytes: number,
  ) {
    this.budget = new ConnectionBudget(burstBytes, bytesPerMinute / 60);
  }

  /** Whether `conn` may send an update of `bytes` now (charged if so); `syncReply`: it came as a sync step 2. */
  allows(conn: Connection, bytes: number, syncReply: boolean): boolean {
    if (syncReply && !this.answered.has(conn)) {
      this.answered.add(conn);
      return true;
    }
    return this.budget.take(conn, bytes);
  }
}
