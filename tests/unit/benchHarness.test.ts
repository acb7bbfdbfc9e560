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
import type { BenchServer } from '../bench/servers/types.ts';
import { startWsRelay } from '../bench/servers/wsRelay.ts';
import { percentile } from '../bench/stats.ts';

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
});
