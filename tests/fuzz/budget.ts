/** How many hostile inputs a transport may still send, and until when; plus the last few sent (for reproductions). */
export class Budget {
  sent = 0;
  sessions = 0;
  /** Sessions the server ended (close codes / reasons, counted). */
  readonly closes: Record<string, number> = {};
  readonly kinds: Record<string, number> = {};
  readonly recent: { kind: string; hex: string; length: number }[] = [];

  constructor(
    readonly limit: number,
    readonly deadline: number,
    private readonly stopped: () => boolean,
  ) {}

  get open(): boolean {
    return this.sent < this.limit && Date.now() < this.deadline && !this.stopped();
  }

  record(kind: string, bytes: Uint8Array | string): void {
    this.sent++;
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
    const raw = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.recent.push({ kind, length: raw.length, hex: raw.subarray(0, 4096).toString('hex') });
    if (this.recent.length > 200) this.recent.shift();
  }

  closed(why: string): void {
    this.closes[why] = (this.closes[why] ?? 0) + 1;
  }
}
