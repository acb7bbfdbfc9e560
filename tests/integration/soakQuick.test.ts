import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/soak.ts';
import { formatReport } from '../soak/windows.ts';

describe('K1: the quick soak (npm run soak, small)', () => {
  it('40 clients over 8 boards typing on both transports for 12 s: no lost update, no divergence, rooms unload, fds and heap come back', async () => {
    const report = await runSoak({ clients: 40, boards: 8, seconds: 12, writeHz: 2, roomIdleMs: 1000, build: true, seed: 20261202, env: {}, log: () => {} });
    const table = formatReport(report);
    expect(report.updatesSent, table).toBeGreaterThan(200);
    // Every writer's update reached every other client of its board (a writer and four others per board).
    expect(report.overall.deliveries, table).toBeGreaterThanOrEqual(report.updatesSent * 4);
    expect(report.unloadMs, table).not.toBeNull();
    expect(report.commands.failed, table).toBe(0);
    expect(report.failures, table).toEqual([]);
  }, 90_000);
});
