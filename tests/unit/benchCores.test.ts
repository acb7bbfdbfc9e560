import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startBenchServer } from '../bench/servers/registry.ts';
import { DEFAULT_CORES, allowedCores, coreLayoutFrom, describeCores, serverCore, twoProcessCores } from '../bench/cores.ts';

const TWO = ['0', '1'];
const FOUR = ['0', '1', '2', '3'];

describe('bench core layout (--server-cores, --generator-core)', () => {
  it('defaults to every server on core 0 and the generator on core 1', () => {
    const layout = coreLayoutFrom(['--quick'], TWO);
    expect(layout).toEqual(DEFAULT_CORES);
    if ('error' in layout) return;
    expect([serverCore(layout, 0), serverCore(layout, 1)]).toEqual(['0', '0']);
    expect(twoProcessCores(layout)).toBe('both pinned to core 0 (the same CPU budget as one process)');
    expect(describeCores(layout)).toContain('the load generator to core 1.');
  });

  it('gives a two-process server a core per process and the generator its own', () => {
    const layout = coreLayoutFrom(['--server-cores=0,1', '--generator-core=2'], FOUR);
    expect(layout).toEqual({ servers: ['0', '1'], generator: '2' });
    if ('error' in layout) return;
    expect([serverCore(layout, 0), serverCore(layout, 1), serverCore(layout, 2)]).toEqual(['0', '1', '0']);
    expect(twoProcessCores(layout)).toBe('pinned to cores 0 and 1, a core each');
    expect(describeCores(layout)).not.toContain('shares');
  });

  it('reads cores as numbers: "01" is core 1, shared with the generator or repeated', () => {
    const shared = coreLayoutFrom(['--server-cores=0,01', '--generator-core=1'], TWO);
    expect(shared).toEqual({ servers: ['0', '1'], generator: '1' });
    expect('error' in shared ? shared.error : describeCores(shared)).toContain('which it shares with a server');
    expect(coreLayoutFrom(['--server-cores=1,01'], TWO)).toEqual({ error: '--server-cores names a core twice: 1,1' });
  });

  it('refuses cores this process may not use, malformed lists and repeats, in one line each', () => {
    expect(coreLayoutFrom(['--generator-core=2'], TWO)).toEqual({ error: 'this process may run on cores 0,1, not 2' });
    // A cpuset of cores 2 and 3: the default core 0 is outside it.
    expect(coreLayoutFrom([], ['2', '3'])).toEqual({ error: 'this process may run on cores 2,3, not 0' });
    expect(coreLayoutFrom(['--server-cores=0,x'], TWO)).toEqual({ error: 'a core is a number (0,1), not "x"' });
    expect(coreLayoutFrom(['--server-cores='], TWO)).toEqual({ error: 'a core is a number (0,1), not ""' });
    expect(coreLayoutFrom(['--server-cores=1,1'], FOUR)).toEqual({ error: '--server-cores names a core twice: 1,1' });
    // The generator, already pinned, does not check again.
    expect(coreLayoutFrom(['--server-cores=5'], null)).toEqual({ servers: ['5'], generator: '1' });
  });

  it("reads the allowed cores from an affinity list's ranges", () => {
    expect(allowedCores('Name:\tnode\nCpus_allowed_list:\t0-2,5\n')).toEqual(['0', '1', '2', '5']);
    expect(allowedCores('Cpus_allowed_list:\t3\n')).toEqual(['3']);
  });

  it('pins a server process to the core the layout names', async () => {
    const last = allowedCores().at(-1) as string;
    const server = await startBenchServer('ws-relay', {}, { servers: [last], generator: '0' });
    try {
      const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
      expect(/Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1]).toBe(last);
    } finally {
      await server.stop();
    }
  });
});
