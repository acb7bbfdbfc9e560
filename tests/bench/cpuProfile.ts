import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One row of a profile summary. */
export interface ProfileRow {
  name: string;
  ms: number;
  percent: number;
}

/** Where a server's CPU went during a window: by function (self time), by module, and inclusive time of our own code. */
export interface ProfileSummary {
  server: string;
  scenario: string;
  sampledMs: number;
  topSelf: ProfileRow[];
  byModule: ProfileRow[];
  ourInclusive: ProfileRow[];
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  if (url.startsWith('node:')) return 'node: core';
  const own = /\/(server\/src|shared\/src|tests)\//.exec(url);
  return own ? `${own[1]}/${path.basename(url)}` : url;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|server|shared)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/**
 * Points call frames in a bundle (our server runs as server/dist/index.mjs) back at the TypeScript
 * file and line they came from, through the bundle's source map, so the summary can name our files.
 */
function unbundle(nodes: ProfileNode[]): void {
  const maps = new Map<string, { map: SourceMap; dir: string } | null>();
  for (const node of nodes) {
    const { url } = node.callFrame;
    if (!url.startsWith('file://')) continue;
    if (!maps.has(url)) {
      const file = fileURLToPath(url);
      const mapFile = `${file}.map`;
      maps.set(url, fs.existsSync(mapFile) ? { map: new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))), dir: path.dirname(file) } : null);
    }
    const found = maps.get(url);
    if (!found) continue;
    const entry = found.map.findEntry(node.callFrame.lineNumber, node.callFrame.columnNumber);
    if (!('originalSource' in entry)) continue;
    node.callFrame.url = pathToFileURL(path.resolve(found.dir, entry.originalSource)).href;
    node.callFrame.lineNumber = entry.originalLine;
  }
}

/**
 * Summarises a `node --cpu-prof` profile over the samples taken between `fromUs` and `toUs`
 * (CLOCK_MONOTONIC microseconds, the clock of `process.hrtime` in every process on the machine).
 */
export function summariseProfile(file: string, fromUs: number, toUs: number, server: string, scenario: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  unbundle(profile.nodes);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) return;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    sampled += dt;
  });
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const self = new Map<string, number>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id) as ProfileNode;
    if (node.callFrame.functionName === '(idle)') continue;
    add(self, label(node), us);
    add(modules, moduleOf(node.callFrame.url, node.callFrame.functionName), us);
    // Inclusive time of our own functions: each on the stack once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at) as ProfileNode;
      if (!/\/(server|shared)\/src\//.test(n.callFrame.url)) continue;
      const k = label(n);
      if (!seen.has(k)) add(inclusive, k, us);
      seen.add(k);
    }
  }
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: us / 1000,
        percent: (100 * us) / Math.max(1, busy),
      }));
  return {
    server,
    scenario,
    sampledMs: sampled / 1000,
    topSelf: rows(self),
    byModule: rows(modules),
    ourInclusive: rows(inclusive),
  };
}
