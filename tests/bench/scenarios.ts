/** A steady load: boards × clients, some of them writing at a fixed rate. */
export interface LoadSpec {
  key: 'A' | 'B' | 'C' | 'M' | 'W';
  title: string;
  boards: number;
  clientsPerBoard: number;
  writersPerBoard: number;
  /** Full Yjs clients per board that only check convergence; the rest are light receivers. */
  verifiersPerBoard: number;
  hz: number;
}

/**
 * Not measured: run once on every fresh server process before its first measured scenario. At A's
 * 200 updates a second a server's hot path is still being optimised by the JIT for several seconds
 * (ours fell from 92 to 44 µs per delivery over its first six 2 s windows; the reference, with less
 * code on the path, showed no trend), so without this the first scenario measures warm-up.
 */
export const WARM: LoadSpec = {
  key: 'W',
  title: 'warm-up: 2 boards × 10 clients, 1 writer per board at 500 Hz (not measured)',
  boards: 2,
  clientsPerBoard: 10,
  writersPerBoard: 1,
  verifiersPerBoard: 1,
  hz: 500,
};

/** Many clients joining one large board at once. */
export interface JoinSpec {
  key: 'J';
  title: string;
  /** Approximate encoded size of the board to build, in MB. */
  docMb: number;
  joiners: number;
}

/** How long each phase of a load run lasts. */
export interface Timing {
  warmupMs: number;
  windowMs: number;
  /** After the window: time for the last deliveries to arrive. */
  drainMs: number;
  /** Longest wait for every full client to converge (3 s when not given). */
  convergeMs?: number;
}

export const A: LoadSpec = {
  key: 'A',
  title: 'A workshop: 20 boards × 10 clients, 1 writer per board at 10 Hz',
  boards: 20,
  clientsPerBoard: 10,
  writersPerBoard: 1,
  verifiersPerBoard: 1,
  hz: 10,
};
export const B: LoadSpec = {
  key: 'B',
  title: 'B busy board: 100 clients, 5 writers at 10 Hz',
  boards: 1,
  clientsPerBoard: 100,
  writersPerBoard: 5,
  verifiersPerBoard: 1,
  hz: 10,
};
export const C: LoadSpec = {
  key: 'C',
  title: 'C crowded board: 200 clients, 10 writers at 20 Hz',
  boards: 1,
  clientsPerBoard: 200,
  writersPerBoard: 10,
  verifiersPerBoard: 1,
  hz: 20,
};
export const M: LoadSpec = {
  key: 'M',
  title: 'M memory: 1,000 clients in 100 boards, 1 writer per board at 1 Hz',
  boards: 100,
  clientsPerBoard: 10,
  writersPerBoard: 1,
  verifiersPerBoard: 1,
  hz: 1,
};
export const J: JoinSpec = {
  key: 'J',
  title: 'J join: 50 clients join a ~4.5 MB board at once',
  docMb: 4.5,
  joiners: 50,
};

/** What one `npm run bench` does: `--quick` trims runs and windows to stay under a minute. */
export interface Plan {
  quick: boolean;
  loads: LoadSpec[];
  runs: number;
  timing: Timing;
  /** M runs once per server with a longer window at 1 Hz. */
  memoryTiming: Timing;
  /** The unmeasured WARM load on each fresh server process before its steady scenarios. */
  warmTiming: Timing;
  join: JoinSpec | null;
  joinRuns: number;
}

export function planFor(quick: boolean): Plan {
  return quick
    ? {
        quick,
        loads: [A],
        runs: 1,
        timing: { warmupMs: 800, windowMs: 2500, drainMs: 400 },
        memoryTiming: { warmupMs: 500, windowMs: 2000, drainMs: 1200 },
        warmTiming: { warmupMs: 1200, windowMs: 0, drainMs: 200 },
        join: null,
        joinRuns: 1,
      }
    : {
        quick,
        loads: [A, B, C, M],
        runs: 3,
        // 1.5 s of warm-up: with less, the generator's first window was often still settling (loop p99 over 2 ms).
        timing: { warmupMs: 1500, windowMs: 2000, drainMs: 500 },
        memoryTiming: { warmupMs: 500, windowMs: 2000, drainMs: 1000 },
        warmTiming: { warmupMs: 2500, windowMs: 0, drainMs: 300 },
        join: J,
        joinRuns: 1,
      };
}
