/**
 * Clock offset to the server, from several `clock` round trips: the sample with the smallest round
 * trip bounds the error best (the server's reading sits within ±rtt/2 of the midpoint).
 */
export interface ClockSample {
  offsetMs: number;
  rttMs: number;
}

/** One sample: the server's time against the midpoint of our send and receive times. */
export function sampleOffset(sentAt: number, serverNow: number, receivedAt: number): ClockSample {
  const rttMs = receivedAt - sentAt;
  return { offsetMs: serverNow + rttMs / 2 - receivedAt, rttMs };
}

/** The best of several samples (smallest round trip). */
export function bestSample(samples: readonly ClockSample[]): ClockSample | null {
  let best: ClockSample | null = null;
  for (const s of samples) if (best === null || s.rttMs < best.rttMs) best = s;
  return best;
}
