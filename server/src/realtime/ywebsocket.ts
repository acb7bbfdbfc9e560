import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MyVotes, ProtocolError, Role, SessionState } from '@sessionboard/shared';
import { ERROR_CODES, MAX_FRAME_BYTES, MAX_SYNC_REPLY_BYTES, MAX_TRANSPORT_MESSAGE_BYTES, ROLE_LABELS, idSchema, randomId } from '@sessionboard/shared';
import { frameSizeLimit, permissionDeniedFrame } from '@sessionboard/shared/sync';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Connection, OutboundFrame, Transport } from '../rooms/Connection.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import { AccessDenied, admit } from './BoardAccess.ts';
import type { AdmissionLimits } from './BoardAccess.ts';
import { MAX_BUFFERED_BYTES } from './SlowReaders.ts';
import { parseYjsTarget } from './yjsTarget.ts';
import { wsBinaryMessage } from './wsBinaryMessage.ts';

const HTTP_STATUS: Record<string, string> = {
  [ERROR_CODES.boardNotFound]: '404 Not Found',
  [ERROR_CODES.forbidden]: '403 Forbidden',
  [ERROR_CODES.locked]: '423 Locked',
  [ERROR_CODES.rateLimited]: '429 Too Many Requests',
  [ERROR_CODES.invalid]: '400 Bad Request',
  [ERROR_CODES.internal]: '500 Internal Server Error',
};
const HEARTBEAT_MS = 30_000;
/**
 * Refusals that end a plain y-websocket connection (the frame stream cannot be trusted after them).
 * A refused document write is answered with a y-protocols auth "permission denied" message; other
 * refusals (presence) are dropped without a word.
 */
const FATAL = new Set<string>([ERROR_CODES.invalid, ERROR_CODES.tooLarge]);

/** Several framed messages as one write (no copy for one). */
function joined(messages: Buffer[]): Buffer {
  return messages.length === 1 ? (messages[0] as Buffer) : Buffer.concat(messages);
}

/** A y-websocket client as a Room connection. */
class WsConnection implements Connection {
  readonly id = randomId(12);
  readonly awarenessClients = new Set<number>();
  alive = true;

  constructor(
    readonly ws: WebSocket,
    /** The upgraded TCP socket `ws` writes to. */
    private readonly socket: Duplex,
    readonly transport: WsTransport,
    readonly role: Role,
    readonly participantId: string,
    readonly name: string,
    readonly address: string,
    /** It sent its own `participant` (a y-websocket client never learns one the server made). */
    readonly canReturn: boolean,
  ) {}

  send(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN && this.keepsUp()) this.ws.send(frame);
  }

  /**
   * False, and the connection dropped, once a client has stopped reading: what waits in its socket's
   * buffer would otherwise grow with every update the room sends, in the server's memory.
   */
  private keepsUp(): boolean {
    if (this.socket.writableLength <= MAX_BUFFERED_BYTES) return true;
    this.transport.slowReaders.inc();
    this.ws.terminate();
    return false;
  }

  /**
   * Writes messages framed by wsBinaryMessage straight to the socket. Safe beside `ws.send` because
   * without permessage-deflate (off on our server) `ws` writes every frame synchronously, so the
   * socket's own queue keeps the order.
   */
  writeFramed(messages: Buffer): void {
    if (this.ws.readyState === this.ws.OPEN && this.keepsUp()) this.socket.write(messages);
  }

  sendError(error: ProtocolError, documentWrite = false): void {
    if (FATAL.has(error.code)) this.ws.close(error.code === ERROR_CODES.tooLarge ? 1009 : 4400, error.code);
    // y-websocket has no error event, but WebsocketProvider reads this message and reports its reason; a
    // write dropped without a word would leave the client's document silently ahead of the board.
    // Presence refusals stay silent: WebsocketProvider relays every presence change it sees, including
    // others' states timing out in its own view, which we refuse; that is routine, not worth a warning.
    else if (documentWrite) this.send(permissionDeniedFrame(`${error.code}: ${error.message}`));
  }

  sendState(_state: SessionState): void {}

  sendMine(_mine: MyVotes): void {}
}

/** Fan-out to the plain WebSocket clients of each room. */
class WsTransport implements Transport {
  readonly name = 'websocket' as const;
  readonly byRoom = new Map<string, Set<WsConnection>>();

  constructor(readonly slowReaders: { inc(): void }) {}

  broadcastFrames(roomId: string, frames: readonly OutboundFrame[]): void {
    const conns = this.byRoom.get(roomId);
    if (!conns || frames.length === 0) return;
    const messages = frames.map((f) => wsBinaryMessage(f.frame));
    const all = joined(messages);
    const origins = new Set(frames.map((f) => f.except));
    for (const c of conns) {
      if (!origins.has(c)) {
        c.writeFramed(all);
        continue;
      }
      // A sender gets the batch without its own updates.
      const others = messages.filter((_, i) => frames[i]?.except !== c);
      if (others.length > 0) c.writeFramed(joined(others));
    }
  }

  sendFrameTo(conns: readonly Connection[], frame: Uint8Array): void {
    for (const c of conns) c.send(frame);
  }

  broadcastState(): void {}
}

/** The standard Yjs endpoint: `ws://HOST/yjs/BOARD?key=KEY`, speaking the y-websocket protocol. */
export function createYWebsocket(deps: { logger: Logger; metrics: Metrics }) {
  const transport = new WsTransport(deps.metrics.slowReadersDropped.labels('websocket'));
  // No permessage-deflate: broadcasts go out pre-framed (WsConnection.writeFramed), which needs `ws` to
  // write synchronously, and compressing tiny Yjs updates costs more CPU than it saves bytes.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_TRANSPORT_MESSAGE_BYTES, perMessageDeflate: false });
  let timer: NodeJS.Timeout | null = null;

  function reject(socket: Duplex, code: string): void {
    const status = HTTP_STATUS[code] ?? '400 Bad Request';
    const body = JSON.stringify({ error: { code, message: code.replace(/_/g, ' ') } });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  function attach(httpServer: HttpServer, rooms: RoomManager, limits: AdmissionLimits): void {
    timer = setInterval(() => {
      for (const conns of transport.byRoom.values()) {
        for (const c of conns) {
          if (!c.alive) c.ws.terminate();
          else {
            c.alive = false;
            c.ws.ping();
          }
        }
      }
    }, HEARTBEAT_MS);
    timer.unref();

    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Whatever the request holds, it ends in an answer on this socket, never in an exception.
      try {
        upgrade(req, socket, head, rooms, limits);
      } catch (err) {
        deps.logger.warn({ err }, 'refused a malformed upgrade');
        reject(socket, ERROR_CODES.invalid);
      }
    });
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, rooms: RoomManager, limits: AdmissionLimits): void {
      // A peer that resets mid-handshake must not become an unhandled 'error' event.
      socket.on('error', (err) => deps.logger.debug({ err }, 'upgrade socket error'));
      if (req.url?.startsWith('/socket.io/')) return; // Socket.IO's own upgrade
      const target = parseYjsTarget(req.url);
      if (target === 'not_yjs') {
        reject(socket, ERROR_CODES.boardNotFound);
        return;
      }
      if (target === 'malformed') {
        reject(socket, ERROR_CODES.invalid);
        return;
      }
      const { board, url } = target;
      const secret = url.searchParams.get('participant') ?? undefined;
      if (secret !== undefined && !idSchema.safeParse(secret).success) {
        reject(socket, ERROR_CODES.invalid);
        return;
      }
      const address = limits.addressOf(req);
      admit(rooms, limits, address, board, url.searchParams.get('key'), secret).then(
        ({ room, role, participantId, release }) => {
          // The TCP socket closes however this ends: upgraded and later closed, or dropped before.
          socket.once('close', release);
          wss.handleUpgrade(req, socket, head, (ws) => {
            const name = (url.searchParams.get('name') ?? '').slice(0, 40) || ROLE_LABELS[role];
            const conn = new WsConnection(ws, socket, transport, role, participantId, name, address, secret !== undefined);
            let conns = transport.byRoom.get(room.id);
            if (!conns) transport.byRoom.set(room.id, (conns = new Set()));
            conns.add(conn);
            deps.metrics.connections.inc({ transport: 'websocket' });
            ws.binaryType = 'nodebuffer';
            ws.on('pong', () => (conn.alive = true));
            ws.on('message', (data, isBinary) => {
              if (!isBinary) {
                conn.sendError({ code: ERROR_CODES.invalid, message: 'text frame' });
                return;
              }
              const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
              if (bytes.length > frameSizeLimit(bytes, MAX_FRAME_BYTES, MAX_SYNC_REPLY_BYTES)) {
                conn.sendError({ code: ERROR_CODES.tooLarge, message: 'frame too large' });
                return;
              }
              room.handleFrame(conn, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
            });
            ws.on('error', (err) => deps.logger.debug({ err }, 'websocket error'));
            ws.on('close', () => {
              deps.metrics.connections.dec({ transport: 'websocket' });
              conns.delete(conn);
              if (conns.size === 0) transport.byRoom.delete(room.id);
              room.leave(conn);
              rooms.release(room);
            });
            room.join(conn);
          });
        },
        (err: unknown) => {
          if (!(err instanceof AccessDenied)) deps.logger.error({ err }, 'websocket handshake failed');
          reject(socket, err instanceof AccessDenied ? err.code : ERROR_CODES.internal);
        },
      );
  }

  function close(): void {
    if (timer) clearInterval(timer);
    for (const conns of transport.byRoom.values()) for (const c of conns) c.ws.close(1001, 'server shutting down');
    wss.close();
  }

  return { transport, attach, close };
}
