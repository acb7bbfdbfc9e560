/** Faults a relay can inject, for the harness's own self-check. */
export interface RelayFaults {
  /** Hold every forwarded message this long. */
  delayMs?: number;
  /** Drop every n-th inbound message (0: none). */
  dropEvery?: number;
}

/** The faults named by RELAY_DELAY_MS and RELAY_DROP_EVERY. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): RelayFaults {
  return {
    delayMs: Number(env.RELAY_DELAY_MS ?? 0),
    dropEvery: Number(env.RELAY_DROP_EVERY ?? 0),
  };
}

/** Calls `send` now, later, or never, as the faults say; `n` counts inbound messages. */
export function withFaults(faults: RelayFaults): (send: () => void) => void {
  let n = 0;
  return (send) => {
    n++;
    if (faults.dropEvery && n % faults.dropEvery === 0) return;
    if (faults.delayMs) setTimeout(send, faults.delayMs);
    else send();
  };
}
