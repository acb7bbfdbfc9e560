import type { Server as HttpServer } from 'node:http';
import type { Hello } from '@sessionboard/shared';
import { ERROR_CODES, EVENTS, MAX_FRAME_BYTES, PROTOCOL_VERSION, ROLE_LABELS, cleanName, handshakeSchema, randomId } from '@sessionboard/shared';
import { Server } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { RateLimiter } from '../security/RateLimiter.ts';
import { AccessDenied, admit } from './BoardAccess.ts';
import { SocketConnection, SocketTransport, ioRoom } from './SocketConnection.ts';
import { onClock } from './clockEvent.ts';
import { onSessionCommand } from './sessionCommand.ts';
import type { IoServer } from './types.ts';
import { onYjs } from './yjsEvent.ts';

const KNOWN_EVENTS = new Set<string>([EVENTS.yjs, EVENTS.command, EVENTS.clock]);

/** Deps of the gateway. */
export interface GatewayDeps {
  rooms: RoomManager;
  limiter: RateLimiter;
  logger: Logger;
  metrics: Metrics;
}

/** Creates the Socket.IO server (msgpack parser) on `httpServer`; the transport is registered once rooms exist. */
export function createIo(httpServer: HttpServer): { io: IoServer; transport: SocketTransport } {
  const io: IoServer = new Server(httpServer, {
    parser: msgpackParser,
    // Frames over our own limit but under this get a clear `too_large`; beyond it the socket closes.
    maxHttpBufferSize: MAX_FRAME_BYTES * 2,
    serveClient: false,
    // The y-websocket endpoint shares the HTTP server's upgrade event; leave other paths to it.
    destroyUpgrade: false,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  return { io, transport: new SocketTransport(io) };
}

/** Wires the handshake and one handler per event. */
export function attachGateway(io: IoServer, transport: SocketTransport, deps: GatewayDeps): void {
  const { rooms, limiter, logger, metrics } = deps;

  io.use((socket, next) => {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const participant = parsed.success ? parsed.data.participant : undefined;
    admit(rooms, limiter, socket.handshake.address, auth.board, auth.key, participant).then(
      ({ room, role }) => {
        socket.data.room = room;
        socket.data.role = role;
        socket.data.participantId = participant ?? randomId(16);
        socket.data.name = cleanName(parsed.success ? parsed.data.name : undefined, ROLE_LABELS[role]);
        next();
      },
      (err: unknown) => {
        const code = err instanceof AccessDenied ? err.code : ERROR_CODES.internal;
        if (!(err instanceof AccessDenied)) logger.error({ err }, 'handshake failed');
        next(new Error(code));
      },
    );
  });

  io.on('connection', (socket) => {
    const { room, role, participantId, name } = socket.data;
    const conn = new SocketConnection(socket, transport, role, participantId, name, metrics);
    metrics.connections.inc({ transport: 'socket.io' });
    void socket.join(ioRoom(room.id));

    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      const error = { code: ERROR_CODES.unknownEvent, message: `Unknown event "${String(event).slice(0, 60)}".` };
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error });
      else conn.sendError(error);
    });
    onYjs(socket, conn);
    onSessionCommand(socket, conn, logger, metrics);
    onClock(socket);

    socket.on('disconnect', () => {
      metrics.connections.dec({ transport: 'socket.io' });
      room.leave(conn);
      rooms.release(room);
    });

    const hello: Hello = {
      role,
      participantId,
      serverNow: Date.now(),
      state: room.session.visible(),
      mine: room.session.mine(participantId),
      name,
      joinCode: room.record.joinCode,
      protocolVersion: PROTOCOL_VERSION,
    };
    socket.emit('hello', hello);
    room.join(conn);
  });
}
