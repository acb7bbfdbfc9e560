// Which cores the bench's processes are pinned to. The default, on a 2-core machine, is every server
// on core 0 and the generator on core 1, so the two processes of a two-process server share one core
// (the same CPU budget as one process). On a larger machine `--server-cores=0,1 --generator-core=2`
// gives each process of a two-process server a core of its own, as it would have in a deployment.

/** The servers' cores (process n of a server on `servers[n % length]`) and the generator's. */
export interface CoreLayout {
  servers: string[];
  generator: string;
}

export const DEFAULT_CORES: CoreLayout = { servers: ['0'], generator: '1' };

const INTEGER = /^\d{1,4}$/;

/**
 * `--server-cores=0[,1…]` and `--generator-core=N` from `argv`, checked against the machine's
 * `cpuCount`; a one-line reason when either is malformed or names a core the machine lacks.
 */
export function coreLayoutFrom(argv: string[], cpuCount: number): CoreLayout | { error: string } {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const servers = value('server-cores')?.split(',') ?? DEFAULT_CORES.servers;
  const generator = value('generator-core') ?? DEFAULT_CORES.generator;
  for (const core of [...servers, generator]) {
    if (!INTEGER.test(core)) return { error: `a core is a number (0 to ${cpuCount - 1}), not "${core}"` };
    if (Number(core) >= cpuCount) return { error: `this machine has cores 0 to ${cpuCount - 1}, not ${core}` };
  }
  if (new Set(servers).size !== servers.length) return { error: `--server-cores names a core twice: ${servers.join(',')}` };
  return { servers, generator };
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
