/** The soak's figures: per 15-second window and overall, and the table `npm run soak` prints. */
import type { Sample } from './ServerSampler.ts';
import type { SoakOptions } from './soak.ts';

const WINDOW_MS = 15_000;

/** The largest of `values` (0 for none), without spreading them into arguments (a run has 100,000s). */
function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The p-th percentile of `values` (nearest rank), 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** One 15-second window of the writing phase. */
export interface SoakWindow {
  fromS: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Highest per-second event-loop p99 the server reported in the window. */
  loopP99Ms: number;
  /** Highest `clock` round trip in the window. */
  clockMaxMs: number;
  /** Highest RSS, heap used and open fds in the window, one entry per server process. */
  rssMiB: number[];
  heapMiB: number[];
  fds: number[];
}

/** One server process: pid and its samples at the start, the peak (each figure's highest) and the end. */
export interface ProcessFigures {
  pid: number;
  start: Sample | null;
  peak: Sample | null;
  end: Sample | null;
  /** Its worst second's event-loop p99 while writing (the end's heap snapshot, which stalls it, excluded). */
  loopP99WorstMs?: number;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'log'>;
  windows: SoakWindow[];
  overall: { deliveries: number; p50Ms: number; p99Ms: number; maxMs: number; loopP99Ms: number; loopP99MedianMs: number; clockP99Ms: number };
  /** The first (or only) server process's start, peak and end; every process's in `processes`. */
  start: Sample | null;
  peak: Sample | null;
  end: Sample | null;
  processes: ProcessFigures[];
  unloadMs: number | null;
  compactions: { count: number; totalMs: number; over20Ms: number };
  commands: { ok: number; refused: number; failed: number };
  updatesSent: number;
  shutdown: string;
  dataDir: string | null;
  failures: string[];
}

export interface RawFigures {
  options: SoakOptions;
  /** Delivery latencies (ms) per window index. */
  windows: number[][];
  /** When writing began, in ms after the soak started (sample times count from the soak's start). */
  runStartAt: number;
  samples: Sample[];
  clockRtts: { at: number; ms: number }[];
  processes: ProcessFigures[];
  unloadMs: number | null;
  compactions: { count: number; totalMs: number; over20Ms: number };
  commands: { ok: number; refused: number; failed: number };
  updatesSent: number;
  shutdown: string;
  dataDir: string | null;
  failures: string[];
}

export function summarize(raw: RawFigures): SoakReport {
  const { log: _log, ...options } = raw.options;
  const inWindow = (at: number, i: number) => at >= raw.runStartAt + i * WINDOW_MS && at < raw.runStartAt + (i + 1) * WINDOW_MS;
  const count = Math.ceil((options.seconds * 1000) / WINDOW_MS);
  const windows: SoakWindow[] = [];
  for (let i = 0; i < count; i++) {
    const d = raw.windows[i] ?? [];
    const samples = raw.samples.filter((s) => inWindow(s.at, i));
    const perProc = (f: (s: Sample) => number) => raw.processes.map((_, n) => maxOf(samples.filter((s) => s.proc === n).map(f)));
    windows.push({
      fromS: (i * WINDOW_MS) / 1000,
      deliveries: d.length,
      p50Ms: percentile(d, 50),
      p99Ms: percentile(d, 99),
      maxMs: maxOf(d),
      loopP99Ms: maxOf(samples.map((s) => s.loopLagP99Ms)),
      clockMaxMs: maxOf(raw.clockRtts.filter((c) => inWindow(c.at, i)).map((c) => c.ms)),
      rssMiB: perProc((s) => s.rssMiB),
      heapMiB: perProc((s) => s.heapUsedMiB),
      fds: perProc((s) => s.fds),
    });
  }
  const all = raw.windows.flat();
  const during = raw.samples.filter((s) => s.at >= raw.runStartAt && s.at < raw.runStartAt + options.seconds * 1000);
  return {
    options,
    windows,
    overall: {
      deliveries: all.length,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      maxMs: maxOf(all),
      loopP99Ms: maxOf(during.map((s) => s.loopLagP99Ms)),
      loopP99MedianMs: percentile(
        during.map((s) => s.loopLagP99Ms),
        50,
      ),
      clockP99Ms: percentile(
        raw.clockRtts.map((c) => c.ms),
        99,
      ),
    },
    start: raw.processes[0]?.start ?? null,
    peak: raw.processes[0]?.peak ?? null,
    end: raw.processes[0]?.end ?? null,
    processes: raw.processes.map((p, n) => ({ ...p, loopP99WorstMs: maxOf(during.filter((s) => s.proc === n).map((s) => s.loopLagP99Ms)) })),
    unloadMs: raw.unloadMs,
    compactions: raw.compactions,
    commands: raw.commands,
    updatesSent: raw.updatesSent,
    shutdown: raw.shutdown,
    dataDir: raw.dataDir,
    failures: raw.failures,
  };
}

const ms = (n: number) => n.toFixed(0);
const mib = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(0));

export function formatReport(r: SoakReport): string {
  const o = r.options;
  const many = r.processes.length > 1;
  // With several processes, the per-process figures are "a / b" in process order.
  const each = (xs: number[]) => xs.map((x) => mib(x)).join(' / ');
  const procRows = (p: ProcessFigures, label: string) => [
    `| RSS start / peak / end (everyone gone, rooms unloaded)${label} | ${mib(p.start?.rssMiB)} / ${mib(p.peak?.rssMiB)} / ${mib(p.end?.rssMiB)} MiB |`,
    `| heap used start / peak / end (after a full collection)${label} | ${mib(p.start?.heapUsedMiB)} / ${mib(p.peak?.heapUsedMiB)} / ${mib(p.end?.heapUsedMiB)} MiB |`,
    `| open fds start / peak / end${label} | ${p.start?.fds ?? '?'} / ${p.peak?.fds ?? '?'} / ${p.end?.fds ?? '?'} |`,
    ...(many ? [`| event-loop lag p99, worst second while writing${label} | ${(p.loopP99WorstMs ?? Number.NaN).toFixed(1)} ms |`] : []),
  ];
  const lines = [
    `soak: ${o.clients} clients over ${o.boards} boards (Socket.IO and /yjs), one in three writing at ${o.writeHz} Hz, ${o.seconds} s, ROOM_IDLE_MS ${o.roomIdleMs}${many ? `, ${r.processes.length} server processes (pids ${r.processes.map((p) => p.pid).join(', ')}) on one PostgreSQL schema and Redis, each board's clients spread over them` : ''}${Object.keys(o.env).length > 0 ? `, env ${JSON.stringify(o.env)}` : ''}`,
    '',
    `| window | deliveries | delivery p50 | delivery p99 | delivery max | loop lag p99 (worst second${many ? ', any process' : ''}) | clock round trip max | RSS${many ? ' p1 / p2' : ''} | heap${many ? ' p1 / p2' : ''} | fds${many ? ' p1 / p2' : ''} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.windows.map(
      (w) =>
        `| ${w.fromS}-${w.fromS + 15} s | ${w.deliveries} | ${ms(w.p50Ms)} ms | ${ms(w.p99Ms)} ms | ${ms(w.maxMs)} ms | ${w.loopP99Ms.toFixed(1)} ms | ${ms(w.clockMaxMs)} ms | ${each(w.rssMiB)} MiB | ${each(w.heapMiB)} MiB | ${each(w.fds)} |`,
    ),
    '',
    '| figure | value |',
    '| --- | --- |',
    `| updates written / deliveries timed | ${r.updatesSent} / ${r.overall.deliveries} |`,
    `| delivery p50 / p99 / max (whole run) | ${ms(r.overall.p50Ms)} / ${ms(r.overall.p99Ms)} / ${ms(r.overall.maxMs)} ms |`,
    `| event-loop lag p99, median second / worst second | ${r.overall.loopP99MedianMs.toFixed(1)} / ${r.overall.loopP99Ms.toFixed(1)} ms |`,
    `| clock round trip p99 | ${ms(r.overall.clockP99Ms)} ms |`,
    `| compactions while writing: count / event-loop time / over 20 ms | ${r.compactions.count} / ${r.compactions.totalMs.toFixed(0)} ms / ${r.compactions.over20Ms} |`,
    `| commands ok / refused by the rules / failed | ${r.commands.ok} / ${r.commands.refused} / ${r.commands.failed} |`,
    ...r.processes.flatMap((p, n) => procRows(p, many ? `, process ${n + 1} (pid ${p.pid})` : '')),
    `| rooms unloaded after everyone left | ${r.unloadMs === null ? 'no' : `in ${(r.unloadMs / 1000).toFixed(1)} s`} |`,
    `| shutdown | ${r.shutdown} |`,
    '',
    r.failures.length === 0 ? 'soak: OK' : `soak: FAILED: ${r.failures.join('; ')}`,
  ];
  if (r.dataDir) lines.push(`server data kept in ${r.dataDir}`);
  return lines.join('\n');
}
