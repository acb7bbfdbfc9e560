/**
 * One soak client: a real Y.Doc synced over Socket.IO (msgpack parser, as the browser client) or over
 * /yjs (raw y-websocket frames on a `ws` socket, as y-websocket's provider sends them). It finds the
 * writers' markers in every update it applies, so the soak can time delivery, and it records anything
 * that should not happen to an ordinary client: refusals, disconnects it did not ask for.
 */
import type { Command, CommandAck } from '@sessionboard/shared';
import { exactFrame } from '@sessionboard/shared';
import { FRAME, SYNC, readPermissionDenied, syncStep1Frame, updateFrame } from '@sessionboard/shared/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { findMarkers } from '../bench/clients/marker.ts';

export type SoakTransport = 'socket.io' | 'yjs';

export class SoakClient {
  readonly doc = new Y.Doc();
  readonly problems: string[] = [];
  synced = false;
  private closing = false;
  private readonly socket: Socket | null = null;
  private readonly ws: WebSocket | null = null;
  /** Called with (writer, seq) for each marker in an update this client applied from the server. */
  onMarker: (writer: number, seq: number) => void = () => {};

  constructor(
    readonly transport: SoakTransport,
    readonly label: string,
    url: string,
    board: string,
    key: string,
  ) {
    if (transport === 'socket.io') {
      this.socket = io(url, { parser: msgpackParser, auth: { board, key, name: label }, transports: ['websocket'], reconnection: false, forceNew: true });
      this.socket.on('hello', () => this.send(syncStep1Frame(this.doc)));
      this.socket.on('yjs', (frame: Uint8Array) => this.onFrame(new Uint8Array(frame)));
      this.socket.on('error', (e: unknown) => this.problems.push(`error event: ${JSON.stringify(e)}`));
      this.socket.on('disconnect', (reason: string) => {
        if (!this.closing) this.problems.push(`disconnected: ${reason}`);
      });
      this.socket.on('connect_error', (err: Error) => this.problems.push(`connect_error: ${err.message}`));
    } else {
      this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${board}?key=${key}&name=${encodeURIComponent(label)}`, { perMessageDeflate: false });
      this.ws.binaryType = 'nodebuffer';
      this.ws.on('open', () => this.send(syncStep1Frame(this.doc)));
      this.ws.on('message', (data: Buffer) => this.onFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      this.ws.on('error', (err) => this.problems.push(`websocket error: ${err.message}`));
      this.ws.on('close', (code: number) => {
        if (!this.closing) this.problems.push(`closed by the server: ${code}`);
      });
    }
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) findMarkers(Buffer.from(update.buffer, update.byteOffset, update.byteLength), (w, s) => this.onMarker(w, s));
      else this.send(updateFrame(update));
    });
  }

  private send(frame: Uint8Array): void {
    if (this.socket) this.socket.emit('yjs', exactFrame(frame));
    else if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  private onFrame(frame: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      if (type === FRAME.auth) {
        this.problems.push(`permission denied: ${readPermissionDenied(frame) ?? '?'}`);
        return;
      }
      if (type !== FRAME.sync) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, FRAME.sync);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (syncType === SYNC.step2) this.synced = true;
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
    } catch (err) {
      this.problems.push(`a frame from the server could not be read: ${(err as Error).message}`);
    }
  }

  /** A session command (Socket.IO only); a timeout or transport failure becomes a problem and null. */
  async command(command: Command): Promise<CommandAck | null> {
    if (!this.socket?.connected) return null;
    try {
      return (await this.socket.timeout(10_000).emitWithAck('session:command', command)) as CommandAck;
    } catch (err) {
      this.problems.push(`${command.type} unanswered: ${(err as Error).message}`);
      return null;
    }
  }

  /** Milliseconds for a `clock` round trip (Socket.IO only), or null. */
  async clockRoundTrip(): Promise<number | null> {
    if (!this.socket?.connected) return null;
    const started = performance.now();
    try {
      await this.socket.timeout(10_000).emitWithAck('clock');
      return performance.now() - started;
    } catch {
      return null;
    }
  }

  close(): void {
    this.closing = true;
    this.socket?.close();
    this.ws?.terminate();
    this.doc.destroy();
  }
}
