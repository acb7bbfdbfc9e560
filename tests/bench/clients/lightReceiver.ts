import type { RoomTarget } from '../servers/types.ts';
import { findMarkers } from './marker.ts';
import type { SendLog } from './sendLog.ts';
import type { RawConn } from './transport.ts';
import { openRaw } from './transport.ts';

/**
 * Most receivers: a raw-protocol connection that holds no document and decodes nothing; it searches
 * each inbound message's bytes for write markers and reports each write once.
 */
export class LightReceiver {
  readonly conn: RawConn;
  /**
   * The last seq reported per writer. A writer's updates reach a receiver in order (one connection,
   * one room; a sync step 2 lists a client's structs in clock order too), so a repeat is never newer.
   */
  private readonly last: number[] = [];

  constructor(target: RoomTarget, log: SendLog) {
    this.conn = openRaw(target, (bytes) => {
      const now = performance.now();
      findMarkers(bytes, (writer, seq) => {
        if (seq <= (this.last[writer] ?? 0)) return;
        this.last[writer] = seq;
        log.delivered(writer, seq, now);
      });
    });
  }

  close(): void {
    this.conn.close();
  }
}
