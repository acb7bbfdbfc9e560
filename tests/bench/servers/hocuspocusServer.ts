// The Hocuspocus server as its README starts it, with no extensions (documents in memory, no auth hook).
import { Server } from '@hocuspocus/server';
import type { Relay } from './wsRelay.ts';

/** Starts Hocuspocus on 127.0.0.1:`port` (0 for a free one). */
export async function startHocuspocus(port: number): Promise<Relay> {
  const server = new Server({
    port,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
  });
  await server.listen();
  return { port: server.address.port, close: () => server.destroy() };
}
