import type {
  ClientToServerEvents,
  Command,
  CommandAck,
  Hello,
  MyVotes,
  ProtocolError,
  ServerToClientEvents,
  SessionState,
  WorkshopMoved,
} from '@sessionboard/shared';
import { ERROR_CODES, FINAL_CODES, PROTOCOL_NEWER, PROTOCOL_VERSION, readServer, toFrame, wireFrame } from '@sessionboard/shared';
import type { ServerStatus } from '@sessionboard/shared';
import { FRAME, SYNC, awarenessFrame, syncStep1Frame, updateFrame } from '@sessionboard/shared/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { bestSample, sampleOffset } from './clock.ts';
import type { ClockSample } from './clock.ts';

/** Where a connection is, as the UI shows it. */
export type ConnectionStatus = 'connecting' | 'synced' | 'offline' | 'error';

/** What the provider reports to whoever owns it. */
export interface ProviderHandlers {
  onStatus(status: ConnectionStatus, errorCode?: string): void;
  onHello(hello: Hello): void;
  onState(state: SessionState): void;
  onMine(mine: MyVotes): void;
  onError(error: ProtocolError): void;
  onClock(offsetMs: number): void;
  /** The instructor moved this person to another group of the workshop. */
  onMoved(moved: WorkshopMoved): void;
  /** Scale-out: the server lost or regained the other server processes. */
  onServerStatus(status: ServerStatus): void;
}

/** Handshake fields. */
export interface ProviderAuth {
  board: string;
  key: string;
  name: string;
  participant: string;
}

const AWARENESS_THROTTLE_MS = 100;
const CLOCK_SAMPLES = 5;
const CLOCK_RESYNC_MS = 60_000;
const COMMAND_TIMEOUT_MS = 8000;

/** A command's acknowledgement, checked: a refusal needs a code and a message, a success a valid state. */
function readAck(ack: unknown): CommandAck {
  const a = ack as { ok?: unknown; state?: unknown; error?: unknown } | null;
  if (a && a.ok === true) {
    const state = readServer.state(a.state);
    if (state) return { ok: true, state };
  } else if (a && a.ok === false) {
    const error = readServer.error(a.error);
    if (error) return { ok: false, error: error as ProtocolError };
  }
  return { ok: false, error: { code: ERROR_CODES.internal, message: 'The server sent an answer this page does not understand; reload the page.' } };
}

/**
 * Syncs one Y.Doc with the server over Socket.IO (which falls back to long-polling where WebSockets are
 * blocked), using y-websocket frames. Local changes are sent as they happen; remote ones are applied
 * with this provider as origin so they are never echoed back. Edits made offline stay in the doc and
 * go out in the sync exchange after reconnecting.
 */
export class SocketProvider {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  private clockSamples: ClockSample[] = [];

  constructor(
    private readonly doc: Y.Doc,
    auth: ProviderAuth,
    private readonly handlers: ProviderHandlers,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.socket = io({ parser: msgpackParser, auth: { ...auth }, reconnectionDelayMax: 4000 });
    this.socket.on('connect', () => handlers.onStatus('connecting'));
    // Every payload is checked against shared/'s schemas before it reaches the store.
    this.socket.on('hello', (payload: unknown) => this.accept('hello', readServer.hello(payload), (hello) => this.onHello(hello)));
    this.socket.on('yjs', (payload: unknown) => this.onFrame(payload));
    this.socket.on('session:state', (payload: unknown) => this.accept('session:state', readServer.state(payload), handlers.onState));
    this.socket.on('votes:mine', (payload: unknown) => this.accept('votes:mine', readServer.mine(payload), handlers.onMine));
    this.socket.on('error', (payload: unknown) => this.accept('error', readServer.error(payload), (e) => handlers.onError(e as ProtocolError)));
    this.socket.on('workshop:moved', (payload: unknown) => this.accept('workshop:moved', readServer.moved(payload), handlers.onMoved));
    this.socket.on('server:status', (payload: unknown) => this.accept('server:status', readServer.status(payload), handlers.onServerStatus));
    this.socket.on('disconnect', () => this.onDisconnect());
    this.socket.on('connect_error', (err: Error) => {
      const code = err.message;
      if (FINAL_CODES.has(code)) {
        this.socket.disconnect();
        handlers.onStatus('error', code);
      } else {
        handlers.onStatus('offline', code === ERROR_CODES.rateLimited ? code : undefined);
      }
    });
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  private accept<T>(event: string, value: T | null, handle: (value: T) => void): void {
    if (value === null) {
      console.warn(`Sessionboard: ignored a malformed "${event}" from the server.`);
      return;
    }
    handle(value);
  }

  private emitFrame(frame: Uint8Array): void {
    if (this.socket.connected) this.socket.emit('yjs', wireFrame(frame));
  }

  private onHello(hello: Hello): void {
    if (hello.protocolVersion > PROTOCOL_VERSION) {
      // The server was updated under an open page: this page cannot be trusted to speak to it.
      this.socket.disconnect();
      this.handlers.onStatus('error', PROTOCOL_NEWER);
      return;
    }
    this.handlers.onHello(hello);
    this.emitFrame(syncStep1Frame(this.doc));
    if (this.awareness.getLocalState() !== null) {
      this.emitFrame(awarenessFrame(this.awareness, [this.doc.clientID]));
    }
    void this.syncClock();
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = setInterval(() => void this.syncClock(), CLOCK_RESYNC_MS);
  }

  private onFrame(payload: unknown): void {
    const frame = toFrame(payload);
    if (!frame) return;
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === FRAME.sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, FRAME.sync);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this.emitFrame(encoding.toUint8Array(encoder));
      if (syncType === SYNC.step2) this.handlers.onStatus('synced');
    } else if (type === FRAME.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    } else if (type === FRAME.queryAwareness) {
      this.emitFrame(awarenessFrame(this.awareness, [this.doc.clientID]));
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== this) this.emitFrame(updateFrame(update));
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== 'local') return;
    const mine = [...added, ...updated, ...removed].includes(this.doc.clientID);
    if (!mine || this.awarenessTimer) return;
    // Presence changes with every keystroke; send at most one frame per throttle window.
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      this.emitFrame(awarenessFrame(this.awareness, [this.doc.clientID]));
    }, AWARENESS_THROTTLE_MS);
  };

  private onDisconnect(): void {
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = null;
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    this.handlers.onStatus('offline');
  }

  private async syncClock(): Promise<void> {
    this.clockSamples = [];
    for (let i = 0; i < CLOCK_SAMPLES && this.socket.connected; i++) {
      const sentAt = Date.now();
      try {
        const serverNow: unknown = await this.socket.timeout(3000).emitWithAck('clock');
        if (typeof serverNow !== 'number' || !Number.isFinite(serverNow)) return;
        this.clockSamples.push(sampleOffset(sentAt, serverNow, Date.now()));
      } catch {
        return;
      }
    }
    const best = bestSample(this.clockSamples);
    if (best) this.handlers.onClock(best.offsetMs);
  }

  /** Sends a session command; a lost connection or timeout comes back as a refusal with a message. */
  async command(command: Command): Promise<CommandAck> {
    if (!this.socket.connected) {
      return { ok: false, error: { code: ERROR_CODES.internal, message: 'You are offline; try again when the board is live.' } };
    }
    try {
      const ack: unknown = await this.socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('session:command', command);
      return readAck(ack);
    } catch {
      return { ok: false, error: { code: ERROR_CODES.internal, message: 'The server did not answer in time; try again.' } };
    }
  }

  destroy(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    this.awareness.destroy();
    this.socket.disconnect();
  }
}
