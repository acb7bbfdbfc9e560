import type { MyVotes, ProtocolError, Role, SessionState } from '@sessionboard/shared';

/**
 * One client of a Room, whatever carries it. Socket.IO and the y-websocket endpoint each implement
 * this in a few lines; the Room never knows which it talks to.
 */
export interface Connection {
  readonly id: string;
  readonly role: Role;
  readonly participantId: string;
  readonly name: string;
  readonly transport: Transport;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  send(frame: Uint8Array): void;
  sendError(error: ProtocolError): void;
  sendState(state: SessionState): void;
  sendMine(mine: MyVotes): void;
}

/** Fans a message out to every connection of one transport in a room, encoding it once. */
export interface Transport {
  readonly name: 'socket.io' | 'websocket';
  broadcastFrame(roomId: string, frame: Uint8Array, except: Connection | null): void;
  broadcastState(roomId: string, state: SessionState): void;
}
