import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { startBenchServer } from '../bench/servers/registry.ts';
import { DEFAULT_CORES, coreLayoutFrom, describeCores, serverCore, twoProcessCores } from '../bench/cores.ts';

describe('bench core layout (--server-cores, --generator-core)', () => {
  it('defaults to every server on core 0 and the generator on core 1', () => {
    const layout = coreLayoutFrom(['--quick'], 2);
    expect(layout).toEqual(DEFAULT_CORES);
    if ('error' in layout) return;
    expect([serverCore(layout, 0), serverCore(layout, 1)]).toEqual(['0', '0']);
    expect(twoProcessCores(layout)).toBe('both pinned to core 0 (the same CPU budget as one process)');
    expect(describeCores(layout)).toContain('the load generator to core 1.');
  });

  it('gives a two-process server a core per process and the generator its own', () => {
    const layout = coreLayoutFrom(['--server-cores=0,1', '--generator-core=2'], 4);
    expect(layout).toEqual({ servers: ['0', '1'], generator: '2' });
    if ('error' in layout) return;
    expect([serverCore(layout, 0), serverCore(layout, 1), serverCore(layout, 2)]).toEqual(['0', '1', '0']);
    expect(twoProcessCores(layout)).toBe('pinned to cores 0 and 1, a core each');
    expect(describeCores(layout)).not.toContain('shares');
  });

  it('says when the generator shares a core with a server', () => {
    const layout = coreLayoutFrom(['--server-cores=0,1', '--generator-core=1'], 2);
    expect('error' in layout ? layout.error : describeCores(layout)).toContain('which it shares with a server');
  });

  it('refuses cores the machine lacks, malformed lists and repeats, in one line each', () => {
    expect(coreLayoutFrom(['--generator-core=2'], 2)).toEqual({ error: 'this machine has cores 0 to 1, not 2' });
    expect(coreLayoutFrom(['--server-cores=0,x'], 2)).toEqual({ error: 'a core is a number (0 to 1), not "x"' });
    expect(coreLayoutFrom(['--server-cores='], 2)).toEqual({ error: 'a core is a number (0 to 1), not ""' });
    expect(coreLayoutFrom(['--server-cores=1,1'], 4)).toEqual({ error: '--server-cores names a core twice: 1,1' });
  });

  it('pins a server process to the core the layout names', async () => {
    const last = String(os.cpus().length - 1);
    const server = await startBenchServer('ws-relay', {}, { servers: [last], generator: '0' });
    try {
      const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
      expect(/Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1]).toBe(last);
    } finally {
      await server.stop();
    }
  });
});
