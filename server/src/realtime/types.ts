import type { ClientToServerEvents, Role, ServerToClientEvents, WorkshopRole } from '@sessionboard/shared';
import type { Server, Socket } from 'socket.io';
import type { Room } from '../rooms/Room.ts';
import type { WorkshopLive } from '../workshops/WorkshopLive.ts';

/** What the handshake of a board connection settled. */
export interface BoardSocketData {
  room: Room;
  role: Role;
  /** The public id others see. */
  participantId: string;
  /** The secret that proves it (sent back in `hello` only). */
  secret: string;
  name: string;
}

/** What the handshake of a workshop live view settled. */
export interface WorkshopSocketData {
  live: WorkshopLive;
  role: WorkshopRole;
}

/** Per-socket data set by the handshake: a board connection or a workshop live view, never both. */
export interface SocketData {
  board?: BoardSocketData;
  workshop?: WorkshopSocketData;
}

/** The typed Socket.IO server. */
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** One typed socket. */
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
