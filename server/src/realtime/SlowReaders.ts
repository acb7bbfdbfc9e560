import { MAX_TRANSPORT_MESSAGE_BYTES } from '@sessionboard/shared';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { IoServer, IoSocket } from './types.ts';

/**
 * Bytes waiting for one client before it is dropped (it resyncs when it reconnects): 8 MiB beyond the
 * largest single message we send. A joiner's whole board may be one 16 MiB frame, which by itself sits
 * in the buffers for a while even for a client that reads; a bound below it dropped such joiners, who
 * reconnected and were dropped again.
 */
export const MAX_BUFFERED_BYTES = MAX_TRANSPORT_MESSAGE_BYTES + 8 * 1024 * 1024;
/**
 * Packets waiting in Engine.IO's own queue before the client is dropped, whatever their size: tens of
 * thousands of small presence packets cost more heap in their packet objects than in their bytes.
 */
export const MAX_SOCKET_BUFFERED_PACKETS = 20_000;
/** How often every socket's backlog is looked at: cheap (two lengths per healthy socket). */
const SWEEP_INTERVAL_MS = 250;

/**
 * The parts of Engine.IO's socket the sweep reads. `writeBuffer` is private in its typings but is how
 * Engine.IO queues packets while its transport waits for the last write to finish (a client that stops
 * reading keeps it waiting forever); a WebSocket transport's `socket` is the `ws` connection, whose
 * `bufferedAmount` counts what `ws` and the TCP socket hold.
 */
interface EngineInternals {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

function packetBytes(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/** What waits to be written to `socket`'s client: Engine.IO's queue and the transport's buffers. */
export function backlogOf(socket: IoSocket): { bytes: number; packets: number } {
  const engine = socket.conn as unknown as EngineInternals;
  const queue = engine.writeBuffer ?? [];
  let bytes = engine.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of queue) bytes += packetBytes(packet.data);
  return { bytes, packets: queue.length };
}

/**
 * Drops Socket.IO clients that stopped reading. Socket.IO itself buffers without limit: every broadcast
 * to a board adds to the queue of a client whose TCP window is shut, in the server's memory, until the
 * ping timeout (40 s) ends it. Looked at every {@link SWEEP_INTERVAL_MS}; a dropped client's socket is
 * destroyed at once (a polite close would queue behind the backlog). Returns the function that stops it.
 */
export function watchSlowReaders(io: IoServer, logger: Logger, metrics: Metrics): () => void {
  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const { bytes, packets } = backlogOf(socket);
      if (bytes <= MAX_BUFFERED_BYTES && packets <= MAX_SOCKET_BUFFERED_PACKETS) continue;
      logger.info({ socket: socket.id, bytes, packets }, 'dropped a Socket.IO client that stopped reading');
      metrics.slowReadersDropped.inc({ transport: 'socket.io' });
      const engine = socket.conn as unknown as EngineInternals;
      const ws = engine.transport?.socket;
      if (ws?.terminate) ws.terminate();
      else engine.close(true); // long-polling: discard the queue and close
    }
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
