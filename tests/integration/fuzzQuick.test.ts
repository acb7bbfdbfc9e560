import { describe, expect, it } from 'vitest';
import { runFuzz } from '../fuzz/fuzz.ts';
import { formatReport } from '../fuzz/report.ts';

describe('F1: the quick fuzz run (npm run fuzz -- --quick)', () => {
  it('hostile frames, packets and upgrades on both transports: no death, no fatal log, no divergence, honest clients undisturbed', async () => {
    const report = await runFuzz({ frames: 3000, seconds: 15, seed: 20261202, build: true, log: () => {} });
    const table = formatReport(report);
    expect(report.death, table).toBeNull();
    expect(report.honest.diverged, table).toBe(0);
    expect(report.honest.disturbed, table).toBe(0);
    expect(report.healthz, table).toBe(200);
    expect(report.yjs.sent + report.socketio.sent, table).toBeGreaterThan(500);
    // The server's event-loop lag was read from its /metrics, and every honest client got answers.
    expect(report.loopLag.windows, table).toBeGreaterThan(3);
    for (const h of report.honest.slowest) expect(h.ms, `${h.label}\n${table}`).toBeGreaterThan(0);
    // No fatal or error line either: the __proto__ payload the fuzzer found is refused now.
    expect(report.failures, table).toEqual([]);
  }, 60_000);
});
