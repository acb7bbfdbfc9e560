// `npm run bench [-- --quick] [-- --servers=a,b] [-- --scenarios=A,B,C,M,J] [-- --runs=N] [-- --no-profile]
// [-- --server-cores=0[,1] --generator-core=N]`:
// every server under every scenario in one run, on this machine. See tests/bench/README.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { allowedCores, coreLayoutFrom, describeCores, serverCore } from './cores.ts';
import { summariseProfile } from './cpuProfile.ts';
import type { ProfileSummary } from './cpuProfile.ts';
import type { JoinResult } from './joinRun.ts';
import { runJoin } from './joinRun.ts';
import { measureHopFloor } from './hopFloor.ts';
import { largeBoardUpdates } from './largeBoard.ts';
import type { LoadResult } from './loadRun.ts';
import { runLoad } from './loadRun.ts';
import { waitQuiet } from './procStats.ts';
import { consoleSummary, writeReport } from './report.ts';
import type { LoadSpec, Timing } from './scenarios.ts';
import { WARM, planFor } from './scenarios.ts';
import { SCALE_DATABASE_URL, SCALE_REDIS_URL, twoProcessesUnavailable } from './servers/ours.ts';
import { startBenchServer } from './servers/registry.ts';
import type { BenchServer } from './servers/types.ts';
import type { ServerName } from './servers/types.ts';
import { SCALE_SERVERS, SERVER_NAMES } from './servers/types.ts';
import type { BenchReport } from './summary.ts';
import { summariseLoad } from './summary.ts';
import { NOTES } from './notes.ts';
import type { WorkshopResult } from './workshopRun.ts';
import { WORKSHOP_SPEC, runWorkshop } from './workshopRun.ts';
import { sleep } from './stats.ts';

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

// Checked once, before the generator pins itself to one core (its own affinity then allows only that one).
const layout = coreLayoutFrom(argv, process.env.BENCH_GENERATOR_PINNED ? null : allowedCores());
if ('error' in layout) {
  console.error(`bench: ${layout.error}`);
  process.exit(2);
}
// A second name: TypeScript's narrowing of `layout` does not reach into the function declarations below.
const cores = layout;

// The generator runs on its own core (by default core 1, the servers on core 0): re-run this script under taskset.
if (!process.env.BENCH_GENERATOR_PINNED) {
  // Ours runs as `npm start` runs it, from the server bundle: build it from the current source first.
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const r = spawnSync('taskset', ['-c', cores.generator, process.execPath, '--import', 'tsx', import.meta.filename, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_GENERATOR_PINNED: '1' },
  });
  process.exit(r.status ?? 1);
}

const started = performance.now();
const plan = planFor(argv.includes('--quick'));
const asked = (opt('servers')?.split(',') ?? SERVER_NAMES) as ServerName[];
const unknown = asked.filter((s) => !(SERVER_NAMES as readonly string[]).includes(s));
if (unknown.length) {
  console.error(`bench: unknown server ${unknown.join(', ')}; the servers are ${SERVER_NAMES.join(', ')}`);
  process.exit(2);
}
// The two-process servers need PostgreSQL and Redis; without them the bench says so in one line and goes on (CI=true too: the bench is not part of CI).
const twoProcessSkip = asked.some((s) => SCALE_SERVERS.includes(s)) ? await twoProcessesUnavailable() : null;
if (twoProcessSkip) console.log(`bench: skipped ${asked.filter((s) => SCALE_SERVERS.includes(s)).join(', ')}: ${twoProcessSkip}`);
const servers = twoProcessSkip ? asked.filter((s) => !SCALE_SERVERS.includes(s)) : asked;
/** M (memory per connection) runs on SQLite single processes only: the PostgreSQL and two-process servers are for the steady scenarios. */
const memoryServers = servers.filter((s) => !SCALE_SERVERS.includes(s));
const scenarios = opt('scenarios')?.split(',') ?? ['A', 'B', 'C', 'M', 'J', 'G'];
const runs = Number(opt('runs') ?? plan.runs);
const profile = !plan.quick && !argv.includes('--no-profile');
const steady = plan.loads.filter((l) => l.key !== 'M' && scenarios.includes(l.key));
const memory = plan.loads.find((l) => l.key === 'M' && scenarios.includes('M'));
/** Our server is in a run only when both its transports are, for the ratio table; others freely. */
const yjsServers = servers.filter((s) => ['ours-yjs', 'ours-socketio', 'y-websocket-ref', 'hocuspocus'].includes(s));
const QUIET_CORES = 0.2;
/** Scenarios run again under the profiler: every steady one in this run. */
const PROFILED = steady;
const PROFILED_JOINERS = 20;
const QUIET_WAIT_MS = plan.quick ? 1000 : 3000;

const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const logLoad = (spec: LoadSpec, name: string, r: LoadResult) =>
  log(
    `${spec.key} ${name.padEnd(19)} p50 ${f(r.latencyMs.p50)} p99 ${f(r.latencyMs.p99)} ms · lost ${r.lost} · ${f(r.cpuUsPerDelivery, 1)} µs/delivery · ` +
      `${f(r.kbPerConnection, 1)} KB/conn · connect ${f(r.connectAllMs, 0)} ms · gen ${f(r.generator.cores)} cores, loop p99 ${f(r.generator.loopP99Ms)} ms` +
      `${r.valid ? '' : ' · INVALID (generator saturated)'}${r.disturbed ? ` · disturbed (others ${f(r.othersCores)} cores)` : ''}${r.converged ? '' : ' · NOT CONVERGED'}`,
  );

async function idleLoopP99(): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await sleep(1000);
  h.disable();
  return Math.max(0, h.percentile(99) / 1e6 - 1);
}

/** The unmeasured WARM load (see scenarios.ts), so a fresh process is measured with its hot path optimised. */
async function warmUp(server: BenchServer): Promise<void> {
  if (steady.length === 0) return;
  await runLoad(server, WARM, plan.warmTiming, 0);
  await sleep(300);
}

/**
 * Steady loads: each server gets one fresh process that runs every steady scenario in turn on fresh
 * boards, right after its warm-up. Not every server first and then each scenario across them: a
 * process left idle for a minute or two after its warm-up (while the others ran) came back cold, with
 * p99s of 50–150 ms over its first windows, falling window by window (measured on the two-process servers).
 */
async function steadyLoads(): Promise<Map<string, Map<ServerName, LoadResult[]>>> {
  const results = new Map(steady.map((s) => [s.key, new Map<ServerName, LoadResult[]>()]));
  for (const name of servers) {
    await waitQuiet(QUIET_CORES, QUIET_WAIT_MS);
    const server = await startBenchServer(name, {}, cores);
    try {
      await warmUp(server);
      for (const spec of steady) {
        const windows = await runLoad(server, spec, plan.timing, runs);
        results.get(spec.key)?.set(name, windows);
        for (const w of windows) logLoad(spec, name, w);
        await sleep(300);
      }
    } finally {
      await server.stop();
    }
  }
  return results;
}

async function memoryLoad(spec: LoadSpec, timing: Timing): Promise<Map<ServerName, LoadResult[]>> {
  const results = new Map<ServerName, LoadResult[]>();
  for (const name of memoryServers) {
    await waitQuiet(QUIET_CORES, QUIET_WAIT_MS);
    const server = await startBenchServer(name, {}, cores);
    try {
      const windows = await runLoad(server, spec, timing, 1);
      results.set(name, windows);
      for (const w of windows) logLoad(spec, name, w);
    } finally {
      await server.stop();
    }
  }
  return results;
}

/** The large board of J, built once for every server (and the profiled runs). */
const largeBoard = plan.join && scenarios.includes('J') ? largeBoardUpdates(plan.join.docMb) : null;

async function joins(): Promise<BenchReport['joins']> {
  const spec = plan.join;
  const board = largeBoard;
  if (!spec || !board) return null;
  const out: ({ server: ServerName } & JoinResult)[] = [];
  for (const name of yjsServers) {
    await waitQuiet(QUIET_CORES, QUIET_WAIT_MS);
    const server = await startBenchServer(name, {}, cores);
    try {
      const j = await runJoin(server, spec, board, 2);
      out.push({ server: name, ...j });
      log(
        `J ${name.padEnd(15)} doc ${f(j.docMb)} MB · first wave p50/p99 ${f(j.first.p50Ms, 0)}/${f(j.first.p99Ms, 0)} ms, ${f(j.first.cpuMsPerJoin, 1)} ms CPU/join · later ${f(j.cached.p50Ms, 0)}/${f(j.cached.p99Ms, 0)} ms, ${f(j.cached.cpuMsPerJoin, 1)} ms CPU/join${j.converged ? '' : ' · NOT CONVERGED'}`,
      );
    } finally {
      await server.stop();
    }
  }
  return { title: spec.title, servers: out };
}

/** Scenario G on our server (the console speaks Socket.IO). */
async function workshop(): Promise<WorkshopResult | null> {
  if (!scenarios.includes('G') || !servers.includes('ours-socketio')) return null;
  await waitQuiet(QUIET_CORES, QUIET_WAIT_MS);
  const server = await startBenchServer('ours-socketio', {}, cores);
  try {
    const w = await runWorkshop(server.baseUrl as string, server.pid, plan.quick ? { ...WORKSHOP_SPEC, phaseMs: 4000 } : WORKSHOP_SPEC);
    log(
      `G ours-socketio   console lag p50 ${f(w.consoleLagMs.p50, 0)} p99 ${f(w.consoleLagMs.p99, 0)} ms over ${w.writesMeasured} writes (${w.writesMissed} missed) · summaries ${f(w.summaryCpuPercent)} % of server CPU (${f(w.consoleCpuPercentByDifference, 1)} % by difference) · console ${f(w.consoleBytesPerSecond, 0)} B/s, ${f(w.statesPerSecond)} states/s`,
    );
    return w;
  } finally {
    await server.stop();
  }
}

/** Our server again, under `node --cpu-prof`, running each steady scenario: where its CPU goes in each measured window. */
async function profiles(): Promise<ProfileSummary[]> {
  const out: ProfileSummary[] = [];
  for (const name of ['ours-yjs', 'ours-socketio'] as const) {
    if (!servers.includes(name)) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionboard-prof-'));
    const server = await startBenchServer(name, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'] }, cores);
    const windows: { title: string; monoUs: [number, number] }[] = [];
    try {
      await warmUp(server);
      for (const spec of PROFILED) {
        const [result] = await runLoad(server, spec, plan.timing, 1);
        if (!result) continue;
        windows.push({ title: spec.title, monoUs: result.windowMonoUs });
        logLoad(spec, `${name} (profiled)`, result);
      }
      if (plan.join && largeBoard) {
        // Fewer joiners than J itself: the profile's make-up per join is the same, and the run stays short.
        const j = await runJoin(server, { ...plan.join, joiners: PROFILED_JOINERS }, largeBoard, 2);
        windows.push({
          title: `J join: ${PROFILED_JOINERS} clients join the ~4.5 MB board at once (the second wave)`,
          monoUs: j.cached.monoUs,
        });
        log(`J ${name} (profiled) later wave ${f(j.cached.cpuMsPerJoin, 1)} ms CPU/join`);
      }
    } finally {
      await server.stop();
    }
    const file = fs.readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
    for (const w of windows) {
      if (file) out.push(summariseProfile(path.join(dir, file), w.monoUs[0], w.monoUs[1], name, w.title));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const idle = await idleLoopP99();
log(`generator idle event-loop p99 ${f(idle)} ms; servers: ${servers.join(', ')}; ${plan.quick ? 'quick' : 'full'} run; ${describeCores(cores)}`);
// What a delivery through the bus waits for outside our code, now, on this machine: the two-process table reads against it.
const hopFloor = servers.some((s) => SCALE_SERVERS.includes(s)) && steady.length > 0 ? measureHopFloor(SCALE_DATABASE_URL, SCALE_REDIS_URL, serverCore(cores, 0)) : null;
if (hopFloor) {
  const { postgresAppend: pgA, redisHop: rh } = hopFloor;
  log(`floor: one PostgreSQL append p50 ${f(pgA.p50Ms)} p99 ${f(pgA.p99Ms)} ms · one Redis pub/sub hop p50 ${f(rh.p50Ms)} p99 ${f(rh.p99Ms)} ms (alone, from core ${serverCore(cores, 0)})`);
}
const steadyResults = await steadyLoads();
const memoryResults = memory ? await memoryLoad(memory, plan.memoryTiming) : null;
const joinResults = await joins();
const workshopResult = await workshop();
const profileResults = profile ? await profiles() : [];

const report: BenchReport = {
  startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
  durationS: (performance.now() - started) / 1000,
  quick: plan.quick,
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
  runsPerScenario: runs,
  timing: plan.timing,
  idleLoopP99Ms: idle,
  loads: [
    ...steady.map((spec) => ({
      key: spec.key,
      title: spec.title,
      servers: servers.map((n) => summariseLoad(n, steadyResults.get(spec.key)?.get(n) ?? [])),
    })),
    ...(memory && memoryResults
      ? [
          {
            key: memory.key,
            title: memory.title,
            servers: memoryServers.map((n) => summariseLoad(n, memoryResults.get(n) ?? [])),
          },
        ]
      : []),
  ],
  joins: joinResults,
  workshop: workshopResult,
  profiles: profileResults,
  hopFloor,
  cores,
  notes: NOTES(idle, cores),
};
report.durationS = (performance.now() - started) / 1000;
const dir = path.resolve(import.meta.dirname, 'results');
writeReport(report, dir);
console.log(consoleSummary(report));
console.log(`\nReport: ${path.relative(process.cwd(), path.join(dir, 'latest.md'))} (took ${f(report.durationS, 0)} s)`);
// Closed clients can leave timers behind (reconnect back-offs, pings); the run is over.
process.exit(0);
