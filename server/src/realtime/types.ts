import type { ClientToServerEvents, Role, ServerToClientEvents } from '@sessionboard/shared';
import type { Server, Socket } from 'socket.io';
import type { Room } from '../rooms/Room.ts';

/** Per-socket data set by the handshake. */
export interface SocketData {
  room: Room;
  role: Role;
  /** The public id others see. */
  participantId: string;
  /** The secret that proves it (sent back in `hello` only). */
  secret: string;
  name: string;
}

/** The typed Socket.IO server. */
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** One typed socket. */
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
