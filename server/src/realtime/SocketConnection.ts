import type { MyVotes, ProtocolError, Role, SessionState } from '@sessionboard/shared';
import type { Metrics } from '../metrics.ts';
import type { Connection, OutboundFrame, Transport } from '../rooms/Connection.ts';
import type { IoServer, IoSocket } from './types.ts';

/**
 * A frame as a Node Buffer, which the msgpack parser encodes as msgpack `bin`: both its Node and its
 * browser builds decode that as bytes (a Uint8Array would go out as `ext`, which the browser build
 * decodes as a `[type, bytes]` pair). No copy: the Buffer views the same memory.
 */
function wire(frame: Uint8Array): Buffer {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** The Socket.IO room name of a board. */
export function ioRoom(board: string): string {
  return `board:${board}`;
}

/** The Socket.IO room of one workshop member's connections to a board (a move is told to them there, on any process). */
export function personRoom(board: string, workshopParticipant: string): string {
  return `${ioRoom(board)}:person:${workshopParticipant}`;
}

/** Fan-out through Socket.IO rooms, so each broadcast is encoded once, not once per client. */
export class SocketTransport implements Transport {
  readonly name = 'socket.io' as const;

  constructor(private readonly io: IoServer) {}

  broadcastFrames(roomId: string, frames: readonly OutboundFrame[]): void {
    const room = ioRoom(roomId);
    // The adapter encodes a broadcast before it looks for recipients: skip boards with no Socket.IO client here.
    if (!this.io.sockets.adapter.rooms.get(room)?.size) return;
    for (const { frame, except } of frames) {
      // Local: with several processes each one fans out to its own clients what its room applied
      // (from its clients or from the bus); through the Redis adapter every frame would arrive twice.
      const target = this.io.local.to(room);
      if (except instanceof SocketConnection) target.except(except.socket.id).emit('yjs', wire(frame));
      else target.emit('yjs', wire(frame));
    }
  }

  sendFrameTo(conns: readonly Connection[], frame: Uint8Array): void {
    const ids = conns.flatMap((c) => (c instanceof SocketConnection ? [c.socket.id] : []));
    // One broadcast to every socket's own room: encoded once, however many joined in this turn.
    if (ids.length > 0) this.io.local.to(ids).emit('yjs', wire(frame));
  }

  broadcastState(roomId: string, state: SessionState): void {
    this.io.local.to(ioRoom(roomId)).emit('session:state', state);
  }
}

/** A Socket.IO client as a Room connection. */
export class SocketConnection implements Connection {
  readonly awarenessClients = new Set<number>();
  readonly canReturn = true;

  constructor(
    readonly socket: IoSocket,
    readonly transport: SocketTransport,
    readonly role: Role,
    readonly participantId: string,
    readonly name: string,
    readonly address: string,
    private readonly metrics: Metrics,
    /** For a board of a workshop: the id the workshop knows this person by (to tell them of a move). */
    readonly workshopParticipant: string | null = null,
  ) {}

  get id(): string {
    return this.socket.id;
  }

  send(frame: Uint8Array): void {
    this.socket.emit('yjs', wire(frame));
  }

  sendError(error: ProtocolError): void {
    this.metrics.errorsSent.inc({ code: error.code });
    this.socket.emit('error', error);
  }

  sendState(state: SessionState): void {
    this.socket.emit('session:state', state);
  }

  sendMine(mine: MyVotes): void {
    this.socket.emit('votes:mine', mine);
  }
}
