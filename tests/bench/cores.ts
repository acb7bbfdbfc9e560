// Which cores the bench's processes are pinned to. The default, on a 2-core machine, is every server
// on core 0 and the generator on core 1, so the two processes of a two-process server share one core
// (the same CPU budget as one process). On a larger machine `--server-cores=0,1 --generator-core=2`
// gives each process of a two-process server a core of its own, as it would have in a deployment.
import fs from 'node:fs';
import os from 'node:os';

/** The servers' cores (process n of a server on `servers[n % length]`) and the generator's. */
export interface CoreLayout {
  servers: string[];
  generator: string;
}

export const DEFAULT_CORES: CoreLayout = { servers: ['0'], generator: '1' };

const INTEGER = /^\d{1,4}$/;

/**
 * The cores this process may run on (its affinity, which a cpuset or taskset narrows), from
 * /proc/self/status's Cpus_allowed_list ("0-3,6"); else every core `os.cpus()` lists.
 */
export function allowedCores(status = readStatus()): string[] {
  const list = /Cpus_allowed_list:\s*(\S+)/.exec(status ?? '')?.[1];
  if (!list) return os.cpus().map((_, i) => String(i));
  return list.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: (to as number) - from + 1 }, (_, i) => String(from + i));
  });
}

function readStatus(): string | null {
  try {
    return fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
}

/**
 * `--server-cores=0[,1…]` and `--generator-core=N` from `argv`, checked against `allowed` (the cores
 * this process may use; null: not checked, for the generator, which runs pinned to one of them); a
 * one-line reason when either is malformed, repeats a server core or names a core not allowed.
 */
export function coreLayoutFrom(argv: string[], allowed: readonly string[] | null): CoreLayout | { error: string } {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const given = [...(value('server-cores')?.split(',') ?? DEFAULT_CORES.servers), value('generator-core') ?? DEFAULT_CORES.generator];
  const range = allowed ? ` (${allowed.join(',')})` : '';
  for (const core of given) {
    if (!INTEGER.test(core)) return { error: `a core is a number${range}, not "${core}"` };
    if (allowed && !allowed.includes(String(Number(core)))) return { error: `this process may run on cores ${allowed.join(',')}, not ${core}` };
  }
  // "01" is core 1: compared and reported as numbers.
  const cores = given.map((c) => String(Number(c)));
  const generator = cores.pop() as string;
  if (new Set(cores).size !== cores.length) return { error: `--server-cores names a core twice: ${cores.join(',')}` };
  return { servers: cores, generator };
}

/** The core of a server's `index`-th process. */
export function serverCore(layout: CoreLayout, index: number): string {
  return layout.servers[index % layout.servers.length] as string;
}

/** The layout in words, for the report. */
export function describeCores(layout: CoreLayout): string {
  const servers =
    layout.servers.length === 1
      ? `Servers pinned to core ${layout.servers[0]} (\`taskset -c ${layout.servers[0]}\`; a two-process server's processes share it)`
      : `Servers pinned to cores ${layout.servers.join(', ')} (a server's n-th process on the n-th of them, one-process servers on core ${layout.servers[0]})`;
  const shared = layout.servers.includes(layout.generator) ? ', which it shares with a server' : '';
  return `${servers}, the load generator to core ${layout.generator}${shared}.`;
}

/** Where a two-process server's processes run, in words. */
export function twoProcessCores(layout: CoreLayout): string {
  const [first, second] = [serverCore(layout, 0), serverCore(layout, 1)];
  return first === second ? `both pinned to core ${first} (the same CPU budget as one process)` : `pinned to cores ${first} and ${second}, a core each`;
}
