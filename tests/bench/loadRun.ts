import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DocClient } from './clients/docClient.ts';
import { LightReceiver } from './clients/lightReceiver.ts';
import { SendLog } from './clients/sendLog.ts';
import { Writer } from './clients/writer.ts';
import { cpuSeconds, machineBusySeconds, rssBytes } from './procStats.ts';
import type { LoadSpec, Timing } from './scenarios.ts';
import type { BenchServer, RoomTarget } from './servers/types.ts';
import { targetFor } from './servers/types.ts';
import type { Latency } from './stats.ts';
import { latencyOf, pool, sleep } from './stats.ts';

/** A run is invalid when the generator was this busy: its figures would measure the generator. */
export const GENERATOR_MAX_CORES = 0.5;
export const GENERATOR_MAX_LOOP_P99_MS = 2;
/** A run is marked disturbed when other processes used more than this many cores during its window. */
export const OTHERS_MAX_CORES = 0.25;
const LOOP_RESOLUTION_MS = 1;
/** During a scenario's warm-up, writers write at least this often, within WARM_MAX_DELIVERIES_PER_S. */
const WARM_MIN_HZ = 50;
const WARM_MAX_DELIVERIES_PER_S = 40_000;
const CONNECTS_IN_FLIGHT = 50;
const SYNC_TIMEOUT_MS = 60_000;

/** What one run of a load measured. */
export interface LoadResult {
  latencyMs: Latency;
  /** Writes sent inside the window. */
  writes: number;
  /** Deliveries to light receivers of the window's writes: counted, and missing. */
  delivered: number;
  lost: number;
  /** Every client of a board but the writer gets each write: writes × (clients per board − 1). */
  fanout: number;
  serverCpuS: number;
  serverCpuCores: number;
  cpuUsPerDelivery: number;
  rssMb: { idle: number; boardsLoaded: number; connected: number; end: number };
  rssGrowthMb: number;
  /** (RSS with everyone connected − RSS with one client per board) / the other clients. */
  kbPerConnection: number;
  connectAllMs: number;
  generator: { cores: number; loopP99Ms: number };
  /** Cores used by other processes on the machine during the window. */
  othersCores: number;
  /** The generator kept up (see GENERATOR_MAX_*). */
  valid: boolean;
  /** Other processes used more than OTHERS_MAX_CORES during the window. */
  disturbed: boolean;
  /** The window in CLOCK_MONOTONIC µs (the clock of CPU profiles), to cut a server's profile to it. */
  windowMonoUs: [number, number];
  converged: boolean;
}

/**
 * Runs one load against one server: connect everyone, warm up, then measure `windowCount` fixed
 * windows back to back, one result per window (each window is one run of the scenario).
 */
export async function runLoad(server: BenchServer, spec: LoadSpec, timing: Timing, windowCount = 1): Promise<LoadResult[]> {
  const log = new SendLog();
  // A server of several processes: their CPU and RSS summed.
  const pids = server.pids ?? [server.pid];
  const rss = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
  const rssIdle = rss();
  const rooms: RoomTarget[] = [];
  for (let b = 0; b < spec.boards; b++) rooms.push(await server.newRoom());
  // The n-th client of a board (writers first) connects to `targetFor(room, n)`: one process, or the processes in turn.
  const clientsOn = rooms.map(() => 0);
  const nextTarget = (b: number) => targetFor(rooms[b] as RoomTarget, (clientsOn[b] = (clientsOn[b] as number) + 1) - 1);

  // One writer per board first, so that every board is loaded before the per-connection memory is measured.
  const connectStarted = performance.now();
  const writers: Writer[] = [];
  const verifiers: DocClient[][] = rooms.map(() => []);
  const receivers: LightReceiver[] = [];
  const receiversOnBoard = rooms.map(() => spec.clientsPerBoard - spec.writersPerBoard - spec.verifiersPerBoard);
  const ready = (c: DocClient) => c.conn.ready.then(() => waitSynced(c));
  const newWriter = (b: number) => {
    const w = new Writer(nextTarget(b), server.yjs, writers.length, log);
    log.addWriter(w.id, b);
    writers.push(w);
    return ready(w);
  };
  await pool(
    rooms.map((_, b) => () => newWriter(b)),
    CONNECTS_IN_FLIGHT,
  );
  await sleep(200);
  const rssBoardsLoaded = rss();

  const rest: (() => Promise<void>)[] = [];
  rooms.forEach((_, b) => {
    for (let i = 1; i < spec.writersPerBoard; i++) rest.push(() => newWriter(b));
    for (let i = 0; i < spec.verifiersPerBoard; i++) {
      rest.push(() => {
        const v = new DocClient(nextTarget(b), server.yjs);
        (verifiers[b] as DocClient[]).push(v);
        return ready(v);
      });
    }
    for (let i = 0; i < (receiversOnBoard[b] as number); i++) {
      rest.push(() => {
        const r = new LightReceiver(nextTarget(b), log);
        receivers.push(r);
        return r.conn.ready;
      });
    }
  });
  await pool(rest, CONNECTS_IN_FLIGHT);
  const connectAllMs = performance.now() - connectStarted;
  await sleep(300);
  const rssConnected = rss();

  // The warm-up writes faster than the scenario, so every server's young generation turns over and
  // what the connections just allocated is promoted before the windows: measured on ours under A, those
  // objects otherwise cost two scavenges of ~8 ms inside the first windows (the connection storm, not the
  // steady state the windows are for).
  const startAll = (hz: number) => writers.forEach((w, i) => w.start(hz, (i * (1000 / hz)) / writers.length));
  startAll(warmHz(spec));
  await sleep(timing.warmupMs);
  for (const w of writers) w.stop();
  startAll(spec.hz);
  await sleep(1000 / spec.hz);

  const windows: WindowReading[] = [];
  for (let i = 0; i < windowCount; i++) windows.push(await measureWindow(pids, log, timing.windowMs));
  for (const w of writers) w.stop();
  await sleep(timing.drainMs);
  const rssEnd = rss();

  const converged = await convergence(rooms.length, writers, verifiers, log.boardOf, timing.convergeMs ?? 3000);
  for (const c of [...writers, ...verifiers.flat(), ...receivers]) c.close();

  const mb = (bytes: number) => bytes / 2 ** 20;
  const notFirst = spec.boards * (spec.clientsPerBoard - 1);
  return windows.map((w, i) => {
    const { writes, expected, delivered } = log.windowTotals(i, receiversOnBoard);
    const fanout = writes * (spec.clientsPerBoard - 1);
    const windowS = w.ms / 1000;
    const generatorCores = w.generatorCpuS / windowS;
    const others = Math.max(0, (w.busyS - w.serverCpuS - w.generatorCpuS) / windowS);
    return {
      latencyMs: latencyOf(log.latencies[i] as number[]),
      writes,
      delivered,
      lost: expected - delivered,
      fanout,
      serverCpuS: w.serverCpuS,
      serverCpuCores: w.serverCpuS / windowS,
      cpuUsPerDelivery: fanout > 0 ? (w.serverCpuS * 1e6) / fanout : NaN,
      rssMb: {
        idle: mb(rssIdle),
        boardsLoaded: mb(rssBoardsLoaded),
        connected: mb(rssConnected),
        end: mb(rssEnd),
      },
      rssGrowthMb: mb(rssEnd - rssConnected),
      kbPerConnection: (rssConnected - rssBoardsLoaded) / 1024 / notFirst,
      connectAllMs,
      generator: { cores: generatorCores, loopP99Ms: w.loopP99Ms },
      othersCores: others,
      valid: generatorCores <= GENERATOR_MAX_CORES && w.loopP99Ms <= GENERATOR_MAX_LOOP_P99_MS,
      disturbed: others > OTHERS_MAX_CORES,
      windowMonoUs: w.monoUs,
      converged,
    };
  });
}

/** The warm-up write rate: at least WARM_MIN_HZ per writer, but no more deliveries a second than the generator takes in C. */
export function warmHz(spec: LoadSpec): number {
  const deliveriesPerWrite = spec.boards * spec.writersPerBoard * (spec.clientsPerBoard - 1);
  return Math.max(spec.hz, Math.min(WARM_MIN_HZ, WARM_MAX_DELIVERIES_PER_S / deliveriesPerWrite));
}

/** What one measurement window read from the processes. */
interface WindowReading {
  ms: number;
  serverCpuS: number;
  generatorCpuS: number;
  busyS: number;
  loopP99Ms: number;
  monoUs: [number, number];
}

async function measureWindow(pids: number[], log: SendLog, ms: number): Promise<WindowReading> {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpu = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpu0 = cpu();
  const gen0 = process.cpuUsage();
  const busy0 = machineBusySeconds();
  const mono0 = monoUs();
  const start = performance.now();
  log.openWindow(start);
  await sleep(ms);
  const end = performance.now();
  log.closeWindow(end);
  const cpu1 = cpu();
  const gen = process.cpuUsage(gen0);
  const busy1 = machineBusySeconds();
  const mono1 = monoUs();
  loop.disable();
  return {
    ms: end - start,
    serverCpuS: cpu1 - cpu0,
    generatorCpuS: (gen.user + gen.system) / 1e6,
    busyS: busy1 - busy0,
    // The histogram holds the intervals between ticks of a LOOP_RESOLUTION_MS timer; the delay is the excess.
    loopP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
    monoUs: [mono0, mono1],
  };
}

const monoUs = () => Number(process.hrtime.bigint() / 1000n);

async function waitSynced(c: DocClient): Promise<void> {
  const deadline = performance.now() + SYNC_TIMEOUT_MS;
  while (!c.synced) {
    if (performance.now() > deadline) throw new Error('a client did not sync');
    await sleep(5);
  }
}

/** Every full client of a board (writers and verifiers) ends with the same text; waits up to `waitMs` for stragglers. */
async function convergence(
  boards: number,
  writers: Writer[],
  verifiers: DocClient[][],
  boardOf: number[],
  waitMs: number,
): Promise<boolean> {
  const check = () => {
    for (let b = 0; b < boards; b++) {
      const docs = [...writers.filter((w) => boardOf[w.id] === b), ...(verifiers[b] ?? [])].map((c) => c.text());
      if (docs.some((t) => t !== docs[0])) return false;
    }
    return true;
  };
  const deadline = performance.now() + waitMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
