import type { MyVotes, ProtocolError, Role, SessionState } from '@sessionboard/shared';

/**
 * One client of a Room, whatever carries it. Socket.IO and the y-websocket endpoint each implement
 * this in a few lines; the Room never knows which it talks to.
 */
export interface Connection {
  readonly id: string;
  readonly role: Role;
  readonly participantId: string;
  /**
   * The client holds the secret behind its participant id and can come back as the same person (a
   * Socket.IO client always can: `hello` hands it the secret). Only such people are remembered.
   */
  readonly canReturn: boolean;
  readonly name: string;
  /** Where it connects from (after trusted proxies): budgets that one address's connections share. */
  readonly address: string;
  readonly transport: Transport;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  send(frame: Uint8Array): void;
  /**
   * Tells the client a frame or event was refused. `documentWrite`: it was a document update, which the
   * client has applied locally, so it must hear of it even on a transport without an error channel.
   */
  sendError(error: ProtocolError, documentWrite?: boolean): void;
  sendState(state: SessionState): void;
  sendMine(mine: MyVotes): void;
}

/** A y-websocket frame for everyone in a room but the connection it came from. */
export interface OutboundFrame {
  frame: Uint8Array;
  except: Connection | null;
}

/** Fans messages out to every connection of one transport in a room, encoding each once. */
export interface Transport {
  readonly name: 'socket.io' | 'websocket';
  /** Sends `frames` in order to each connection in the room, skipping each frame's `except`. */
  broadcastFrames(roomId: string, frames: readonly OutboundFrame[]): void;
  /** Sends one frame to several of this transport's connections (joiners of the same turn). */
  sendFrameTo(conns: readonly Connection[], frame: Uint8Array): void;
  broadcastState(roomId: string, state: SessionState): void;
}
