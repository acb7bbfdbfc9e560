/**
 * Send times of every write, and how many light receivers got each one. Writers and receivers live in
 * the generator process, so both ends read the same clock (performance.now()).
 */
export class SendLog {
  /** sendTimes[writer][seq] in ms; NaN for a write that has not been sent. */
  private readonly times: number[][] = [];
  private readonly deliveries: number[][] = [];
  /** The writer's board, for the number of receivers each write should reach. */
  readonly boardOf: number[] = [];
  /** Measurement windows [start, end) in ms, back to back, and the latencies (ms) of deliveries of writes sent in each. */
  readonly windows: [number, number][] = [];
  readonly latencies: number[][] = [];

  addWriter(id: number, board: number): void {
    this.times[id] = [];
    this.deliveries[id] = [];
    this.boardOf[id] = board;
  }

  sent(writer: number, seq: number, at: number): void {
    (this.times[writer] as number[])[seq] = at;
  }

  /** A light receiver got write `seq` of `writer` at `at` (each receiver reports a write once). */
  delivered(writer: number, seq: number, at: number): void {
    const sentAt = this.times[writer]?.[seq];
    if (sentAt === undefined) return;
    const d = this.deliveries[writer] as number[];
    d[seq] = (d[seq] ?? 0) + 1;
    const w = this.windowOf(sentAt);
    if (w >= 0) (this.latencies[w] as number[]).push(at - sentAt);
  }

  /** Opens window `windows.length` at `at`; `closeWindow` ends it. */
  openWindow(at: number): void {
    this.windows.push([at, Infinity]);
    this.latencies.push([]);
  }

  closeWindow(at: number): void {
    (this.windows.at(-1) as [number, number])[1] = at;
  }

  private windowOf(t: number): number {
    for (let i = 0; i < this.windows.length; i++) {
      const [a, b] = this.windows[i] as [number, number];
      if (t >= a && t < b) return i;
    }
    return -1;
  }

  /** Writes sent inside window `w`, the deliveries expected given `receiversOnBoard`, and those counted. */
  windowTotals(w: number, receiversOnBoard: readonly number[]): { writes: number; expected: number; delivered: number } {
    const [start, end] = this.windows[w] as [number, number];
    let writes = 0;
    let expected = 0;
    let delivered = 0;
    this.times.forEach((times, writer) => {
      times.forEach((at, seq) => {
        if (at < start || at >= end) return;
        writes++;
        expected += receiversOnBoard[this.boardOf[writer] as number] ?? 0;
        delivered += this.deliveries[writer]?.[seq] ?? 0;
      });
    });
    return { writes, expected, delivered };
  }
}
