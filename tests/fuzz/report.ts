/** The fuzzer's table. */
import type { FuzzReport, TransportFigures } from './fuzz.ts';

function top(record: Record<string, number>, n: number): string {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function ms(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a';
}

function row(name: string, f: TransportFigures): string {
  return `| ${name} | ${f.sent} | ${f.sessions} | ${top(f.closes, 4)} |`;
}

export function formatReport(r: FuzzReport): string {
  const lines = [
    `| transport | hostile sent | connections | how they ended |`,
    `| --- | ---: | ---: | --- |`,
    row('y-websocket /yjs frames', r.yjs),
    row('Socket.IO events', r.socketio),
    row('raw /yjs upgrades', r.upgrades),
    '',
    `| check | result |`,
    `| --- | --- |`,
    `| server deaths | ${r.death ? `1 (${r.death})` : 0} |`,
    `| fatal/error log lines | ${r.badLogCount} |`,
    `| honest clients disturbed | ${r.honest.disturbed} of ${r.honest.clients} (${r.honest.cardsWritten} cards written) |`,
    `| documents diverged at the end | ${r.honest.diverged} |`,
    `| server RSS start / peak / end | ${r.rssMiB.start.toFixed(0)} / ${r.rssMiB.peak.toFixed(0)} / ${r.rssMiB.end.toFixed(0)} MiB |`,
    `| open fds start / peak / end | ${r.fds.start} / ${r.fds.peak} / ${r.fds.end} |`,
    `| event-loop lag p99 (median / worst 1-s window), max | ${ms(r.loopLag.p99MedianMs)} / ${ms(r.loopLag.p99WorstMs)}, ${ms(r.loopLag.maxMs)} (${r.loopLag.windows} windows; slowest /metrics answer ${ms(r.loopLag.slowestScrapeMs)}) |`,
    ...r.honest.slowest.map((h) => `| ${h.label}: slowest ${h.of} | ${ms(h.ms)} |`),
    `| /healthz at the end | ${r.healthz || 'no answer'} |`,
    `| shutdown | ${r.shutdown} |`,
    `| duration | ${(r.durationMs / 1000).toFixed(1)} s (seed ${r.seed}) |`,
  ];
  if (r.honest.details.length > 0) lines.push('', 'Honest clients:', ...r.honest.details.map((d) => `- ${d}`));
  if (r.badLogs.length > 0) lines.push('', 'Server log (fatal/error):', ...r.badLogs.map((l) => `- ${l}`));
  lines.push('', r.failures.length === 0 ? 'fuzz: OK' : `fuzz: FAILED: ${r.failures.join('; ')}`);
  if (r.dumpedTo) lines.push(`last hostile inputs: ${r.dumpedTo}`);
  return lines.join('\n');
}
