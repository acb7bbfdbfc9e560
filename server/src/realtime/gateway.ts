import type { Server as HttpServer } from 'node:http';
import type { Hello } from '@sessionboard/shared';
import {
  ERROR_CODES,
  EVENTS,
  MAX_TRANSPORT_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  ROLE_LABELS,
  WORKSHOP_EVENTS,
  cleanName,
  handshakeSchema,
  workshopHandshakeSchema,
} from '@sessionboard/shared';
import { Server } from 'socket.io';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import type { WorkshopHub } from '../workshops/WorkshopHub.ts';
import { admitWorkshop, serveWorkshopSocket } from './workshopSocket.ts';
import { workshopParticipantId } from '../security/participants.ts';
import { movedSince } from '../workshops/movedSince.ts';
import { AccessDenied, admit } from './BoardAccess.ts';
import type { AdmissionLimits } from './BoardAccess.ts';
import { SocketConnection, SocketTransport, ioRoom, personRoom } from './SocketConnection.ts';
import { onClock } from './clockEvent.ts';
import { onSessionCommand } from './sessionCommand.ts';
import { strictParser } from './strictParser.ts';
import type { IoServer } from './types.ts';
import { onYjs } from './yjsEvent.ts';

const KNOWN_EVENTS = new Set<string>([EVENTS.yjs, EVENTS.command, EVENTS.clock]);
const KNOWN_WORKSHOP_EVENTS = new Set<string>([WORKSHOP_EVENTS.command, EVENTS.clock]);

/** Deps of the gateway. */
export interface GatewayDeps {
  rooms: RoomManager;
  workshops: WorkshopHub;
  store: BoardStore;
  limits: AdmissionLimits;
  logger: Logger;
  metrics: Metrics;
}

/** Creates the Socket.IO server (msgpack parser) on `httpServer`; the transport is registered once rooms exist. */
export function createIo(httpServer: HttpServer): { io: IoServer; transport: SocketTransport } {
  const io: IoServer = new Server(httpServer, {
    parser: strictParser,
    // Frames over our own limits but under this get a clear `too_large`; beyond it the socket closes.
    maxHttpBufferSize: MAX_TRANSPORT_MESSAGE_BYTES,
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
  const { rooms, workshops, store, limits, logger, metrics } = deps;

  const refuse = (next: (err?: Error) => void) => (err: unknown) => {
    const code = err instanceof AccessDenied ? err.code : ERROR_CODES.internal;
    if (!(err instanceof AccessDenied)) logger.error({ err }, 'handshake failed');
    next(new Error(code));
  };

  io.use((socket, next) => {
    const raw = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    if (raw.workshop === undefined) {
      next();
      return;
    }
    // A workshop's live view: the instructor's console, the mentors' view or the room's screen.
    const parsed = workshopHandshakeSchema.safeParse(raw);
    admitWorkshop(workshops, store, limits, limits.addressOf(socket.request), raw.workshop, parsed.success ? parsed.data.key : raw.key).then(
      ({ live, role, release }) => {
        socket.conn.once('close', release);
        socket.data.workshop = { live, role };
        next();
      },
      refuse(next),
    );
  });

  io.use((socket, next) => {
    if (socket.data.workshop) {
      next();
      return;
    }
    const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const secret = parsed.success ? parsed.data.participant : undefined;
    const admitted = admit(rooms, limits, limits.addressOf(socket.request), auth.board, auth.key, secret).then(async (a) => {
      // With other processes, hello reads the session as stored: a vote acknowledged on another process a
      // moment ago shows in this person's `hello` even if the bus has not brought it here yet. A database
      // that does not answer leaves this copy as it is (the bus keeps it current).
      await a.room.refreshSession().catch(() => undefined);
      return a;
    });
    admitted.then(
      ({ room, role, participantId, secret, release }) => {
        // Whenever the underlying connection ends, even if the handshake never completes.
        socket.conn.once('close', release);
        const name = cleanName(parsed.success ? parsed.data.name : undefined, ROLE_LABELS[role]);
        socket.data.board = { room, role, participantId, secret, name };
        next();
      },
      refuse(next),
    );
  });

  io.on('connection', (socket) => {
    const { board, workshop } = socket.data;
    if (workshop) {
      socket.onAny((event: unknown, ...args: unknown[]) => {
        if (typeof event !== 'string' || KNOWN_WORKSHOP_EVENTS.has(event)) return;
        const error = { code: ERROR_CODES.unknownEvent, message: `Unknown event "${event.slice(0, 60)}" on a workshop view.` };
        const ack = args[args.length - 1];
        if (typeof ack === 'function') ack({ ok: false, error });
        else socket.emit('error', error);
      });
      onClock(socket);
      serveWorkshopSocket(socket, workshop.live, workshop.role, workshops, store, logger);
      return;
    }
    if (!board) {
      socket.disconnect(true);
      return;
    }
    const { room, role, participantId, secret, name } = board;
    const workshopParticipant = room.record.workshop ? workshopParticipantId(room.record.workshop, secret) : null;
    const conn = new SocketConnection(socket, transport, role, participantId, name, limits.addressOf(socket.request), metrics, workshopParticipant);
    metrics.connections.inc({ transport: 'socket.io' });
    void socket.join(ioRoom(room.id));
    if (workshopParticipant) void socket.join(personRoom(room.id, workshopParticipant));
    if (workshopParticipant && room.record.workshop && role === 'member') {
      // Moved while on the way here: follow at once (see movedSince).
      movedSince(store, room.record.workshop, room.id, workshopParticipant).then(
        (moved) => {
          if (moved && socket.connected) socket.emit(WORKSHOP_EVENTS.moved, moved);
        },
        (err: unknown) => logger.warn({ err, board: room.id }, 'workshop membership not checked'),
      );
    }

    socket.onAny((event: unknown, ...args: unknown[]) => {
      // strictParser refuses non-string names already; this keeps a bad name from ever being formatted.
      if (typeof event !== 'string' || KNOWN_EVENTS.has(event)) return;
      const error = { code: ERROR_CODES.unknownEvent, message: `Unknown event "${event.slice(0, 60)}".` };
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error });
      else conn.sendError(error);
    });
    onYjs(socket, conn, room);
    onSessionCommand(socket, conn, room, logger, metrics);
    onClock(socket);

    let left = false;
    socket.on('disconnect', () => {
      // Once per connection, whatever reaches this handler: the room's membership follows the socket.
      if (left) return;
      left = true;
      metrics.connections.dec({ transport: 'socket.io' });
      room.leave(conn);
      rooms.release(room);
    });

    const hello: Hello = {
      role,
      participantId,
      participant: secret,
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
