// Floor: a raw Socket.IO relay (the same msgpack parser as ours) with no Yjs: each `yjs` event goes to the rest of its room.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';
import type { RelayFaults } from './relayOptions.ts';
import { withFaults } from './relayOptions.ts';
import type { Relay } from './wsRelay.ts';

/** Starts the relay on 127.0.0.1:`port` (0 for a free one); the room is the handshake's `auth.board`. */
export function startSioRelay(port: number, faults: RelayFaults = {}): Promise<Relay> {
  const server = http.createServer((_req, res) => res.end('socket.io relay'));
  const io = new Server(server, {
    parser: msgpackParser,
    serveClient: false,
    maxHttpBufferSize: 2 * 1024 * 1024,
  });
  const forward = withFaults(faults);
  io.on('connection', (socket) => {
    const room = String((socket.handshake.auth as { board?: unknown }).board ?? 'default');
    void socket.join(room);
    socket.on('yjs', (frame: unknown) => forward(() => socket.to(room).emit('yjs', frame)));
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => void io.close(() => done())),
      }),
    ),
  );
}
