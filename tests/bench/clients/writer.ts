import type { RoomTarget } from '../servers/types.ts';
import { DocClient } from './docClient.ts';
import { marker } from './marker.ts';
import type { SendLog } from './sendLog.ts';

/** A real Yjs client that writes a marked insert at a fixed rate and logs each write's send time. */
export class Writer extends DocClient {
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    target: RoomTarget,
    yjsServer: boolean,
    readonly id: number,
    private readonly log: SendLog,
  ) {
    super(target, yjsServer);
  }

  /** One write: the update goes out synchronously, inside the transaction's update event. */
  write(): void {
    const seq = ++this.seq;
    this.log.sent(this.id, seq, performance.now());
    this.doc.getText('bench').insert(0, marker(this.id, seq));
  }

  /** Writes every `1000 / hz` ms until `stop()`; the first write is offset by `phaseMs` to spread writers. */
  start(hz: number, phaseMs: number): void {
    const period = 1000 / hz;
    this.timer = setTimeout(() => {
      this.write();
      this.timer = setInterval(() => this.write(), period);
    }, phaseMs % period);
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
  }
}
