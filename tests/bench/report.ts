import fs from 'node:fs';
import path from 'node:path';
import { chartSvg } from './chart.ts';
import type { ProfileSummary } from './cpuProfile.ts';
import type { BenchReport, LoadSummary } from './summary.ts';
import { TWO_PROCESS_P99_TARGET, goals, ratios, twoProcessRows } from './summary.ts';
import { FLOOR_GAP_MS, FLOOR_WARM_UP } from './hopFloor.ts';
import { DEFAULT_CORES, describeCores, serverCore, twoProcessCores } from './cores.ts';

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');

function loadTable(servers: LoadSummary[], memory: boolean): string[] {
  const head = memory
    ? "| server | KB / connection | connect all ms | RSS MB end (growth) | p50 | p99 | lost | CPU µs/delivery | generator cores / loop p99 ms | others' cores | valid runs | converged |"
    : "| server | p50 | p90 | p99 (spread) | max | lost | CPU µs/delivery (spread) | server cores | RSS MB end (growth) | generator cores / loop p99 ms | others' cores | valid runs | converged |";
  const rows = servers.map((s) => {
    const valid = `${s.validRuns}/${s.runs}${s.validRuns === 0 ? ' **invalid**' : ''}${s.disturbedRuns ? ` (${s.disturbedRuns} disturbed)` : ''}`;
    const gen = `${f(s.generator.cores, 2)} / ${f(s.generator.loopP99Ms, 2)}`;
    const lost = s.lost === 0 ? '0' : `**${s.lost}**`;
    const conv = s.converged ? 'yes' : '**no**';
    return memory
      ? `| ${s.server} | ${f(s.kbPerConnection)} | ${f(s.connectAllMs, 0)} | ${f(s.rssEndMb)} (${f(s.rssGrowthMb)}) | ${f(s.latencyMs.p50, 2)} | ${f(s.latencyMs.p99, 2)} | ${lost} | ${f(s.cpuUsPerDelivery.median)} | ${gen} | ${f(s.othersCores, 2)} | ${valid} | ${conv} |`
      : `| ${s.server} | ${f(s.latencyMs.p50, 2)} | ${f(s.latencyMs.p90, 2)} | ${f(s.latencyMs.p99, 2)} (${f(s.p99.min, 1)}–${f(s.p99.max, 1)}) | ${f(s.latencyMs.max, 1)} | ${lost} | ${f(s.cpuUsPerDelivery.median)} (${f(s.cpuUsPerDelivery.min)}–${f(s.cpuUsPerDelivery.max)}) | ${f(s.serverCpuCores, 2)} | ${f(s.rssEndMb)} (${f(s.rssGrowthMb)}) | ${gen} | ${f(s.othersCores, 2)} | ${valid} | ${conv} |`;
  });
  return [head, head.replace(/[^|]+/g, ' --- '), ...rows];
}

function profileSection(p: ProfileSummary): string[] {
  const rows = (title: string, list: ProfileSummary['topSelf']) => [
    `| ${title} | ms | % of busy |`,
    '| --- | --- | --- |',
    ...list.map((r) => `| \`${r.name.replace(/\|/g, '\\|')}\` | ${f(r.ms, 0)} | ${f(r.percent)} |`),
  ];
  return [
    `### ${p.server} under ${p.scenario} (${f(p.sampledMs, 0)} ms sampled in the window)`,
    '',
    ...rows('by module (self time)', p.byModule.slice(0, 10)),
    '',
    ...rows('top functions (self time)', p.topSelf),
    '',
    ...rows('our code (inclusive time)', p.ourInclusive.slice(0, 10)),
    '',
  ];
}

/** PostgreSQL's and Redis's own round trips measured in the run, in one sentence; null when not measured. */
function floorSentence(report: BenchReport): string | null {
  const floor = report.hopFloor;
  if (!floor) return null;
  const { postgresAppend: a, redisHop: h } = floor;
  return (
    `Measured alone in this run, from a process on core ${serverCore(report.cores ?? DEFAULT_CORES, 0)}: one PostgreSQL append (the store's appendUpdates, synchronous_commit off) p50 ${f(a.p50Ms, 2)} ms, p99 ${f(a.p99Ms, 2)} ms; ` +
    `one Redis pub/sub hop p50 ${f(h.p50Ms, 2)} ms, p99 ${f(h.p99Ms, 2)} ms (${a.samples} of each, ${FLOOR_GAP_MS} ms apart, after ${FLOOR_WARM_UP} untimed). ` +
    'Every delivery on PostgreSQL waits for one append, and a delivery to a client of the other process for a hop after it; the single process on SQLite waits for neither.'
  );
}

/** Two processes behind the Redis bus against one process of the same transport (issue #12). */
function twoProcessSection(report: BenchReport): string[] {
  const rows = twoProcessRows(report);
  if (rows.length === 0) return [];
  return [
    `## Two processes behind the bus / one process (p99 target ≤ ${TWO_PROCESS_P99_TARGET}×)`,
    '',
    `Two of our processes on one PostgreSQL schema and one Redis, ${twoProcessCores(report.cores ?? DEFAULT_CORES)}; each board's clients alternate between them, so a writer's update reaches half of its board's readers through the bus. CPU per delivery sums both processes' CPU; RSS is both processes summed. On PostgreSQL every update is committed before it is fanned out, with synchronous_commit off for document updates (the SQLite store's guarantee: it survives any crash of our processes; README, "Storage and scale-out"); PostgreSQL and Redis are not pinned.`,
    '',
    'The "1 proc on PostgreSQL" columns are one process on the same PostgreSQL without Redis: the 2proc/1proc-PG ratio is what the bus adds; the gap between the two one-process columns is what PostgreSQL costs against SQLite.',
    '',
    '| scenario | transport | p99 1 proc (SQLite) ms | p99 1 proc on PostgreSQL ms | p99 2 proc ms | 2proc/1proc p99 × | 2proc/1proc-PG p99 × | CPU µs/delivery 1 proc / 1 proc PG | CPU µs/delivery 2 proc (summed) | lost 1 proc / 2 proc | RSS MB end 1 proc / 2 proc (summed) | 2 proc converged |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const met = !Number.isFinite(r.ratio) ? '' : r.ratio <= TWO_PROCESS_P99_TARGET ? '' : ' **over**';
      const lost = r.lostTwo === 0 ? '0' : `**${r.lostTwo}**`;
      return `| ${r.key}${r.invalid ? ' (**invalid** run)' : ''} | ${r.server.includes('socketio') ? 'Socket.IO' : '/yjs'} | ${f(r.p99Single, 2)} | ${f(r.p99Pg, 2)} | ${f(r.p99Two, 2)} | ${f(r.ratio, 2)}×${met} | ${f(r.ratioPg, 2)}× | ${f(r.cpuSingle)} / ${f(r.cpuPg)} | ${f(r.cpuTwo)} | ${f(r.lostSingle, 0)} / ${lost} | ${f(r.rssSingleMb)} / ${f(r.rssTwoMb)} | ${r.converged ? 'yes' : '**no**'} |`;
    }),
    '',
    ...[floorSentence(report)].flatMap((sentence) => (sentence ? [sentence, ''] : [])),
  ];
}

/** The Markdown report. */
export function markdown(report: BenchReport): string {
  const out: string[] = [
    '# Sessionboard benchmark',
    '',
    `${report.startedAt} · ${report.machine} · ${report.quick ? '**quick run** (`--quick`)' : 'full run'} · ${report.runsPerScenario} run(s) per scenario, median with min–max spread · warm-up ${report.timing.warmupMs} ms, window ${report.timing.windowMs} ms · took ${f(report.durationS, 0)} s`,
    '',
    `${describeCores(report.cores ?? DEFAULT_CORES)} Ours runs \`server/src/index.ts\` with its SQLite store (every update persisted before it is fanned out).`,
    '',
    '![p99 latency and server CPU per delivered update](latest.svg)',
    '',
    '## Ratios: ours / the reference y-websocket server (p99 goal ≤ 1.0 on /yjs, ≤ 1.2 on Socket.IO)',
    '',
    'The last column is the bare Socket.IO relay (no Yjs, no storage) against the reference: the part of our Socket.IO ratio that Socket.IO itself costs.',
    '',
    '| scenario | p99 ours /yjs | p99 ours Socket.IO | CPU/delivery ours /yjs | CPU/delivery ours Socket.IO | p99 Socket.IO relay |',
    '| --- | --- | --- | --- | --- | --- |',
    ...ratios(report).map(
      (r) =>
        `| ${r.title}${r.invalid ? ' — **invalid**: the generator was saturated in every run, so these are not server figures' : ''} | ${f(r.yjs, 2)}× | ${f(r.socketio, 2)}× | ${f(r.cpuYjs, 2)}× | ${f(r.cpuSocketio, 2)}× | ${f(r.socketioFloor, 2)}× |`,
    ),
    '',
    ...twoProcessSection(report),
    '## Goals',
    '',
    '| goal | measured | met |',
    '| --- | --- | --- |',
    ...goals(report).map(
      (g) => `| ${g.goal} | ${g.measured} | ${g.met === null ? 'undecided (invalid runs)' : g.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
  for (const l of report.loads) {
    out.push(`## ${l.title}`, '', ...loadTable(l.servers, l.key === 'M'), '');
  }
  if (report.joins) {
    out.push(
      `## ${report.joins.title}`,
      '',
      '| server | doc MB (updates pushed) | first wave p50 / p99 ms | first wave CPU ms/join | later wave p50 / p99 ms | later wave CPU ms/join | generator cores | RSS MB | converged |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...report.joins.servers.map(
        (j) =>
          `| ${j.server} | ${f(j.docMb, 2)} (${j.updatesPushed}) | ${f(j.first.p50Ms, 0)} / ${f(j.first.p99Ms, 0)} | ${f(j.first.cpuMsPerJoin)} | ${f(j.cached.p50Ms, 0)} / ${f(j.cached.p99Ms, 0)} | ${f(j.cached.cpuMsPerJoin)} | ${f(j.cached.generatorCores, 2)} | ${f(j.rssMb, 0)} | ${j.converged ? 'yes' : '**no**'} |`,
      ),
      '',
    );
  }
  const w = report.workshop;
  if (w) {
    out.push(
      `## ${w.title}`,
      '',
      '| console lag p50 / p90 / p99 / max ms | writes measured (never counted) | server cores with / without console | summary CPU (server counter) | by difference | console bytes/s | states/s |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| ${f(w.consoleLagMs.p50, 0)} / ${f(w.consoleLagMs.p90, 0)} / ${f(w.consoleLagMs.p99, 0)} / ${f(w.consoleLagMs.max, 0)} | ${w.writesMeasured} (${w.writesMissed}) | ${f(w.serverCoresWithConsole, 3)} / ${f(w.serverCoresWithoutConsole, 3)} | ${f(w.summaryCpuPercent, 2)} % | ${f(w.consoleCpuPercentByDifference, 1)} % | ${f(w.consoleBytesPerSecond, 0)} | ${f(w.statesPerSecond, 2)} |`,
      '',
    );
  }
  if (report.profiles.length) {
    out.push('## Where our server spends its CPU (`node --cpu-prof`, separate profiled runs)', '');
    for (const p of report.profiles) out.push(...profileSection(p));
  }
  out.push('## Method and notes', '', ...report.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** Writes latest.json, latest.md and latest.svg into `dir`. */
export function writeReport(report: BenchReport, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.svg'), `${chartSvg(report)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown(report));
}

/** The ratio table and goals, for the console. */
export function consoleSummary(report: BenchReport): string {
  const lines = ['', 'Ours / the reference y-websocket server: p99 (goal: /yjs ≤ 1.0, Socket.IO ≤ 1.2), CPU per delivery; the Socket.IO relay floor:'];
  for (const r of ratios(report)) {
    lines.push(
      `  ${r.title.padEnd(70)} p99 /yjs ${f(r.yjs, 2)}×  Socket.IO ${f(r.socketio, 2)}×  · CPU /yjs ${f(r.cpuYjs, 2)}×  Socket.IO ${f(r.cpuSocketio, 2)}×  · relay ${f(r.socketioFloor, 2)}×${r.invalid ? '   (invalid: generator saturated)' : ''}`,
    );
  }
  const two = twoProcessRows(report);
  if (two.length) {
    lines.push('', `Two processes behind the bus / one process of the same transport (2proc/1proc p99 ×, target ≤ ${TWO_PROCESS_P99_TARGET}×); CPU per delivery of both processes summed:`);
    for (const r of two) {
      lines.push(
        `  ${r.key} ${r.server.padEnd(19)} p99 ${f(r.p99Two, 2)} ms vs ${r.single} ${f(r.p99Single, 2)} ms: ${f(r.ratio, 2)}×${Number.isFinite(r.ratio) && r.ratio > TWO_PROCESS_P99_TARGET ? ' (over)' : ''} (vs one process on PostgreSQL ${f(r.p99Pg, 2)} ms: ${f(r.ratioPg, 2)}×)  · CPU ${f(r.cpuTwo)} vs ${f(r.cpuSingle)} µs/delivery  · lost ${r.lostTwo}${r.converged ? '' : '  · NOT CONVERGED'}${r.invalid ? '   (invalid run)' : ''}`,
      );
    }
  }
  const floor = floorSentence(report);
  if (floor && two.length) lines.push(`  ${floor}`);
  lines.push('', 'Goals:');
  for (const g of goals(report)) lines.push(`  [${g.met === null ? 'undecided' : g.met ? 'met' : 'MISSED'}] ${g.goal}: ${g.measured}`);
  return lines.join('\n');
}
