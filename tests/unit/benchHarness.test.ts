// The benchmark harness (tests/bench) measures what it claims: a known injected delay shows up as
// latency, and a relay that drops messages is caught losing updates. Relays run in this process.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateFrame } from '@sessionboard/shared/sync';
import { findMarkers, marker } from '../bench/clients/marker.ts';
import { runLoad } from '../bench/loadRun.ts';
import type { LoadSpec } from '../bench/scenarios.ts';
import type { RelayFaults } from '../bench/servers/relayOptions.ts';
import { startSioRelay } from '../bench/servers/sioRelay.ts';
import type { BenchServer, RoomTarget } from '../bench/servers/types.ts';
import { targetFor } from '../bench/servers/types.ts';
import { startWsRelay } from '../bench/servers/wsRelay.ts';
import type { ServerName } from '../bench/servers/types.ts';
import { percentile } from '../bench/stats.ts';
import type { BenchReport, LoadSummary } from '../bench/summary.ts';
import { goals, ratios, twoProcessRows } from '../bench/summary.ts';
import { hopLatency } from '../bench/hopFloor.ts';
import { consoleSummary, markdown } from '../bench/report.ts';

const SPEC: LoadSpec = {
  key: 'A',
  title: 'self-check',
  boards: 2,
  clientsPerBoard: 5,
  writersPerBoard: 1,
  verifiersPerBoard: 1,
  hz: 20,
};
const TIMING = { warmupMs: 200, windowMs: 1000, drainMs: 300, convergeMs: 500 };

/** A server's summary with only what the ratios read set; the rest is neutral. */
function summary(server: ServerName, p99: number, cpu: number, validRuns = 3): LoadSummary {
  const spread = (x: number) => ({ median: x, min: x, max: x });
  return {
    server,
    runs: 3,
    validRuns,
    disturbedRuns: 0,
    latencyMs: { p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 2 },
    p99: spread(p99),
    cpuUsPerDelivery: spread(cpu),
    serverCpuCores: 0.1,
    writes: 100,
    lost: 0,
    rssEndMb: 100,
    rssGrowthMb: 0,
    kbPerConnection: 10,
    connectAllMs: 100,
    generator: { cores: 0.1, loopP99Ms: 0.5 },
    othersCores: 0,
    converged: true,
  };
}

async function inProcess(kind: 'ws' | 'sio', faults: RelayFaults): Promise<BenchServer> {
  const relay = kind === 'ws' ? await startWsRelay(0, faults) : await startSioRelay(0, faults);
  let n = 0;
  return {
    name: kind === 'ws' ? 'ws-relay' : 'socketio-relay',
    pid: process.pid,
    yjs: false,
    newRoom: async () =>
      kind === 'ws'
        ? { protocol: 'yws', url: `ws://127.0.0.1:${relay.port}/room-${++n}` }
        : {
            protocol: 'sio',
            url: `http://127.0.0.1:${relay.port}`,
            auth: { board: `room-${++n}` },
          },
    stop: () => relay.close(),
  };
}

describe('the benchmark harness', () => {
  it('H1: finds the write markers inside a real Yjs update frame', () => {
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => frames.push(updateFrame(u)));
    doc.getText('bench').insert(0, marker(7, 41));
    doc.getText('bench').insert(0, `noise #1.2# ${marker(12, 3)}`);
    const found: string[] = [];
    for (const f of frames) findMarkers(Buffer.from(f), (w, s) => found.push(`${w}.${s}`));
    expect(found).toEqual(['7.41', '12.3']);
  });

  it('H2: a relay that holds every message 30 ms shows at least 30 ms p50 latency, none lost', async () => {
    const slow = await inProcess('ws', { delayMs: 30 });
    try {
      const [r] = await runLoad(slow, SPEC, TIMING);
      if (!r) throw new Error('no window measured');
      expect(r.writes).toBeGreaterThanOrEqual(30);
      expect(r.lost).toBe(0);
      expect(r.converged).toBe(true);
      expect(r.latencyMs.p50).toBeGreaterThanOrEqual(30);
      expect(r.latencyMs.p50).toBeLessThan(100);
    } finally {
      await slow.stop();
    }
  }, 10_000);

  it('H3: a relay that drops every seventh message is caught losing updates', async () => {
    const lossy = await inProcess('ws', { dropEvery: 7 });
    try {
      const [r] = await runLoad(lossy, SPEC, TIMING);
      if (!r) throw new Error('no window measured');
      // About one write in seven never reaches any of the board's three light receivers.
      expect(r.lost).toBeGreaterThan(0);
      expect(r.lost % 3).toBe(0);
      expect(r.lost / 3).toBeGreaterThan(r.writes / 14);
      expect(r.lost / 3).toBeLessThan(r.writes / 3.5);
      expect(r.converged).toBe(false);
    } finally {
      await lossy.stop();
    }
  }, 10_000);

  it('H4: the raw Socket.IO light receivers get every write through a Socket.IO relay', async () => {
    const sio = await inProcess('sio', {});
    try {
      const [r] = await runLoad(sio, SPEC, TIMING);
      if (!r) throw new Error('no window measured');
      expect(r.writes).toBeGreaterThanOrEqual(30);
      expect(r.delivered).toBe(r.writes * 3);
      expect(r.lost).toBe(0);
      expect(r.converged).toBe(true);
    } finally {
      await sio.stop();
    }
  }, 10_000);

  it('H5: percentiles pick the nearest-rank sample', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
  });

  it('H6: ratios divide ours by the reference for p99 and CPU, show the Socket.IO relay floor, and an invalid run decides no goal', () => {
    const report = {
      loads: [
        {
          key: 'B',
          title: 'B',
          servers: [
            summary('ours-yjs', 5, 12),
            summary('ours-socketio', 6, 24),
            summary('y-websocket-ref', 4, 12),
            summary('socketio-relay', 5.2, 16),
          ],
        },
        {
          key: 'C',
          title: 'C',
          servers: [summary('ours-yjs', 8, 6), summary('ours-socketio', 8, 9), summary('y-websocket-ref', 4, 6, 0)],
        },
      ],
      joins: null,
    } as unknown as BenchReport;
    const [b, c] = ratios(report);
    expect(b).toMatchObject({ key: 'B', yjs: 1.25, socketio: 1.5, cpuYjs: 1, cpuSocketio: 2, socketioFloor: 1.3, invalid: false });
    expect(c?.invalid).toBe(true);
    expect(Number.isNaN(c?.socketioFloor)).toBe(true);
    // B misses the /yjs goal; C's 2× would too, but its reference had no valid run, so it is only shown.
    const yjsGoal = goals(report).find((g) => g.goal.startsWith('p99 ≤ 1.0×'));
    expect(yjsGoal?.met).toBe(false);
    expect(yjsGoal?.measured).toBe('B 1.25×, C 2.00× (invalid run)');
  });

  it('H7: two-process rows divide the two processes\' p99 by one process\'s of the same transport, against 1.5×, and count what they lost', () => {
    const lossy = { ...summary('ours-socketio-2proc', 3, 50), lost: 4 };
    const report = {
      loads: [
        { key: 'A', title: 'A', servers: [summary('ours-yjs', 2, 40), summary('ours-socketio', 2, 60), summary('ours-yjs-2proc', 2.5, 80), lossy] },
        { key: 'M', title: 'M', servers: [summary('ours-yjs', 2, 40)] },
      ],
      joins: null,
    } as unknown as BenchReport;
    const [yjs, sio, ...rest] = twoProcessRows(report);
    expect(rest).toEqual([]);
    expect(yjs).toMatchObject({ key: 'A', server: 'ours-yjs-2proc', single: 'ours-yjs', ratio: 1.25, cpuTwo: 80, cpuSingle: 40, lostTwo: 0 });
    expect(sio).toMatchObject({ server: 'ours-socketio-2proc', ratio: 1.5, lostTwo: 4 });
    const g = goals(report);
    expect(g.find((x) => x.goal.startsWith('p99 across two processes'))).toMatchObject({ met: true, measured: 'A /yjs 1.25×, A Socket.IO 1.50×' });
    expect(g.find((x) => x.goal.startsWith('nothing lost across two processes'))?.met).toBe(false);
  });

  it('H9: the round-trip floor is reported beside the two-process table, p50 and p99 by nearest rank', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(hopLatency(ms.reverse())).toEqual({ p50Ms: 50, p99Ms: 99, samples: 100 });
    const report = {
      startedAt: '2026-12-04T00:00:00.000Z',
      durationS: 1,
      quick: true,
      machine: 'test',
      runsPerScenario: 1,
      timing: { warmupMs: 1, windowMs: 1 },
      idleLoopP99Ms: 0,
      loads: [{ key: 'A', title: 'A', servers: [summary('ours-yjs', 2, 40), summary('ours-yjs-2proc', 2.5, 80)] }],
      joins: null,
      profiles: [],
      notes: [],
      hopFloor: { postgresAppend: { p50Ms: 0.5, p99Ms: 3.25, samples: 1500 }, redisHop: { p50Ms: 0.3, p99Ms: 2.2, samples: 1500 } },
    } as unknown as BenchReport;
    const floor = 'one PostgreSQL append (the store\'s appendUpdates, synchronous_commit off) p50 0.50 ms, p99 3.25 ms; one Redis pub/sub hop p50 0.30 ms, p99 2.20 ms';
    expect(markdown(report)).toContain(floor);
    expect(consoleSummary(report)).toContain(floor);
    expect(markdown({ ...report, hopFloor: null })).not.toContain('pub/sub hop p50');
  });

  it('H8: a room on two processes hands its clients out in turn; one on a single process always the same', () => {
    const two: RoomTarget = { protocol: 'yws', url: 'ws://a/yjs/b', urls: ['ws://a/yjs/b', 'ws://c/yjs/b'] };
    expect([0, 1, 2, 3].map((n) => targetFor(two, n).url)).toEqual(['ws://a/yjs/b', 'ws://c/yjs/b', 'ws://a/yjs/b', 'ws://c/yjs/b']);
    const one: RoomTarget = { protocol: 'sio', url: 'http://a', auth: {} };
    expect(targetFor(one, 5)).toBe(one);
  });
});
