/**
 * Where the event loop stalled, from a `.cpuprofile` (`npm run soak -- --cpu-prof=DIR` or any
 * `node --cpu-prof` run): every stretch of busy samples longer than a
 * threshold with no idle sample in it is one turn (or several back to back) that kept the loop from
 * answering, and the functions that took most of it name the culprit.
 * Usage: node --import tsx tests/soak/stalls.ts PROFILE [--ms=30] [--top=8]
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

function label(n: Node): string {
  const file = n.callFrame.url.replace(/^.*\/(node_modules\/|server\/|shared\/)/, '$1');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
}

export function findStalls(file: string, thresholdMs = 30, top = 8): string[] {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): Node[] => {
    const out: Node[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(byId.get(at) as Node);
    return out;
  };
  const out: string[] = [];
  let t = 0;
  let runStart = 0;
  let run: { id: number; us: number }[] = [];
  let gcUs = 0;
  const flush = () => {
    const us = run.reduce((s, r) => s + r.us, 0) + gcUs;
    if (us / 1000 >= thresholdMs) {
      const inclusive = new Map<string, number>();
      for (const r of run) for (const n of new Set(stackOf(r.id).map(label))) inclusive.set(n, (inclusive.get(n) ?? 0) + r.us);
      const own = [...inclusive.entries()].filter(([name]) => !/^\(root\)|^\(anonymous\) :0/.test(name)).sort((a, b) => b[1] - a[1]);
      // A long gap between two samples is the thread not running at all (the OS gave the core to
      // another process), not work of ours: said apart, so contention is not blamed on the code.
      const gap = Math.max(0, ...run.map((r) => r.us));
      out.push(
        `stall of ${(us / 1000).toFixed(0)} ms at ${(runStart / 1e6).toFixed(1)} s (${run.length} samples, longest gap ${(gap / 1000).toFixed(0)} ms, gc ${(gcUs / 1000).toFixed(0)} ms): ` +
          own
            .filter(([name]) => /server\/src|shared\/src|better-sqlite3|yjs|socket\.io|engine\.io|ws\//.test(name))
            .slice(0, top)
            .map(([name, v]) => `${name} ${(v / 1000).toFixed(0)} ms`)
            .join(' | '),
      );
    }
    run = [];
    gcUs = 0;
  };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    const node = byId.get(p.samples[i] as number) as Node;
    const name = node.callFrame.functionName;
    if (name === '(garbage collector)') {
      if (run.length === 0) runStart = t;
      gcUs += dt;
      continue;
    }
    if (IDLE.has(name)) {
      flush();
      continue;
    }
    if (run.length === 0 && gcUs === 0) runStart = t;
    run.push({ id: node.id, us: dt });
  }
  flush();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: stalls.ts PROFILE [--ms=30] [--top=8]');
  const opt = (name: string, fallback: number) => Number(rest.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const stalls = findStalls(file, opt('ms', 30), opt('top', 8));
  console.log(stalls.length === 0 ? 'no stalls over the threshold' : stalls.join('\n'));
}
