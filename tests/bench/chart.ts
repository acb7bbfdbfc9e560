import type { BenchReport } from './summary.ts';
import { SERVER_NAMES } from './servers/types.ts';

const COLORS: Record<string, string> = {
  'ours-yjs': '#1f77b4',
  'ours-socketio': '#17becf',
  'ours-yjs-2proc': '#2ca02c',
  'ours-socketio-2proc': '#98df8a',
  'y-websocket-ref': '#ff7f0e',
  hocuspocus: '#9467bd',
  'ws-relay': '#7f7f7f',
  'socketio-relay': '#bcbd22',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** One grouped bar panel: a group per scenario, a bar per server. */
function panel(report: BenchReport, y0: number, title: string, value: (key: string, server: string) => number, unit: string): string {
  const loads = report.loads;
  const width = 860;
  const height = 230;
  const left = 60;
  const plotW = width - left - 20;
  const plotH = height - 60;
  const values = loads.flatMap((l) => SERVER_NAMES.map((s) => value(l.key, s))).filter((v) => Number.isFinite(v));
  const max = Math.max(1e-9, ...values) * 1.1;
  const groupW = plotW / Math.max(1, loads.length);
  const barW = (groupW * 0.8) / SERVER_NAMES.length;
  const parts: string[] = [`<text x="${left}" y="${y0 + 16}" font-size="14" font-weight="bold">${esc(title)}</text>`];
  const base = y0 + 30 + plotH;
  for (let i = 0; i <= 4; i++) {
    const y = base - (plotH * i) / 4;
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" font-size="10" text-anchor="end">${((max * i) / 4).toFixed(max < 10 ? 1 : 0)}</text>`);
  }
  parts.push(
    `<text x="12" y="${y0 + 30 + plotH / 2}" font-size="11" transform="rotate(-90 12 ${y0 + 30 + plotH / 2})" text-anchor="middle">${esc(unit)}</text>`,
  );
  loads.forEach((l, g) => {
    const gx = left + g * groupW + groupW * 0.1;
    SERVER_NAMES.forEach((s, i) => {
      const v = value(l.key, s);
      if (!Number.isFinite(v)) return;
      const h = (plotH * v) / max;
      const x = gx + i * barW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[s]}"><title>${esc(`${l.key} ${s}: ${v.toFixed(2)} ${unit}`)}</title></rect>`,
      );
      parts.push(
        `<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(base - h - 3).toFixed(1)}" font-size="8" text-anchor="middle">${v < 10 ? v.toFixed(1) : v.toFixed(0)}</text>`,
      );
    });
    parts.push(
      `<text x="${(left + g * groupW + groupW / 2).toFixed(1)}" y="${base + 16}" font-size="12" text-anchor="middle">${esc(l.key)}</text>`,
    );
  });
  return parts.join('\n');
}

/** p99 latency and server CPU per delivered update, per server per scenario, as a hand-made SVG. */
export function chartSvg(report: BenchReport): string {
  const get = (key: string, server: string) => report.loads.find((l) => l.key === key)?.servers.find((s) => s.server === server);
  const legend = SERVER_NAMES.map(
    (s, i) =>
      `<rect x="${60 + i * 135}" y="478" width="12" height="12" fill="${COLORS[s]}"/><text x="${76 + i * 135}" y="489" font-size="12">${s}</text>`,
  ).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="860" height="500" viewBox="0 0 860 500" font-family="sans-serif">`,
    `<rect width="860" height="500" fill="white"/>`,
    panel(report, 0, 'Sender-to-receiver latency p99 (median of runs)', (k, s) => get(k, s)?.latencyMs.p99 ?? NaN, 'ms'),
    panel(report, 235, 'Server CPU per delivered update (median of runs)', (k, s) => get(k, s)?.cpuUsPerDelivery.median ?? NaN, 'µs'),
    legend,
    `</svg>`,
  ].join('\n');
}
