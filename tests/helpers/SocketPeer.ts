import type { Command, CommandAck, Hello, MyVotes, ProtocolError, SessionState, WorkshopMoved } from '@sessionboard/shared';
import { exactFrame } from '@sessionboard/shared';
import { FRAME, SYNC, syncStep1Frame, updateFrame } from '@sessionboard/shared/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import * as Y from 'yjs';
import { waitFor } from './waitFor.ts';

/** Handshake fields of a test client. */
export interface PeerAuth {
  board: string;
  key: string;
  name?: string;
  participant?: string;
}

/**
 * A real Socket.IO client (msgpack parser) holding a real Y.Doc that syncs with the y-websocket frames
 * the contract describes; named after the person it plays in a test.
 */
export class SocketPeer {
  readonly doc = new Y.Doc();
  readonly errors: ProtocolError[] = [];
  readonly states: SessionState[] = [];
  readonly mines: MyVotes[] = [];
  readonly frames: Uint8Array[] = [];
  /** `workshop:moved` events (listened for from the start, as the board page does: one may come right after connecting). */
  readonly moves: WorkshopMoved[] = [];
  hello: Hello | null = null;
  synced = false;
  /** The board as it stood when the first sync step 2 was applied (when a client is told it is synced). */
  atSync: Y.Doc | null = null;

  private constructor(readonly socket: Socket) {
    socket.on('hello', (hello: Hello) => {
      this.hello = hello;
      this.socket.emit('yjs', syncStep1Frame(this.doc));
    });
    socket.on('yjs', (frame: Uint8Array) => this.onFrame(new Uint8Array(frame)));
    socket.on('session:state', (state: SessionState) => this.states.push(state));
    socket.on('votes:mine', (mine: MyVotes) => this.mines.push(mine));
    socket.on('workshop:moved', (moved: WorkshopMoved) => this.moves.push(moved));
    socket.on('error', (error: ProtocolError) => this.errors.push(error));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.socket.emit('yjs', updateFrame(update));
    });
  }

  /** Connects and resolves once the document is synced; rejects with the connect_error message. */
  static async connect(url: string, auth: PeerAuth): Promise<SocketPeer> {
    const socket = io(url, { parser: msgpackParser, auth: { name: 'peer', ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
    const peer = new SocketPeer(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err: Error) => reject(err));
    });
    await waitFor(() => peer.synced, 'initial sync');
    return peer;
  }

  /** The `connect_error` message a handshake gets (throws if it connects). */
  static async refusal(url: string, auth: Partial<PeerAuth> & Record<string, unknown>): Promise<string> {
    const socket = io(url, { parser: msgpackParser, auth, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      return await new Promise<string>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connected, but a refusal was expected')));
        socket.once('connect_error', (err: Error) => resolve(err.message));
      });
    } finally {
      socket.close();
    }
  }

  private onFrame(frame: Uint8Array): void {
    this.frames.push(frame);
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type !== FRAME.sync) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, FRAME.sync);
    const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
    if (syncType === SYNC.step2 && !this.synced) {
      this.synced = true;
      this.atSync = new Y.Doc();
      Y.applyUpdate(this.atSync, Y.encodeStateAsUpdate(this.doc));
    }
    if (encoding.length(encoder) > 1) this.socket.emit('yjs', exactFrame(encoding.toUint8Array(encoder)));
  }

  command(command: Command | Record<string, unknown>): Promise<CommandAck> {
    return this.socket.timeout(5000).emitWithAck('session:command', command);
  }

  /** The latest session state seen (hello's, then broadcasts). */
  get state(): SessionState | null {
    return this.states[this.states.length - 1] ?? this.hello?.state ?? null;
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}
