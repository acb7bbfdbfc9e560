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
  /** Highest seq seen per writer, plus the ones seen out of order, so a write is reported once. */
  private readonly seen = new Map<number, Set<number>>();

  constructor(target: RoomTarget, log: SendLog) {
    this.conn = openRaw(target, (bytes) => {
      const now = performance.now();
      findMarkers(bytes, (writer, seq) => {
        let s = this.seen.get(writer);
        if (!s) this.seen.set(writer, (s = new Set()));
        if (s.has(seq)) return;
        s.add(seq);
        log.delivered(writer, seq, now);
      });
    });
  }

  close(): void {
    this.conn.close();
  }
}
