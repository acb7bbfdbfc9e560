/** Every server the bench compares, in report order. */
export const SERVER_NAMES = ['ours-yjs', 'ours-socketio', 'y-websocket-ref', 'hocuspocus', 'ws-relay', 'socketio-relay'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/**
 * How a client reaches one room (board, document) of a server:
 * - `yws`: a plain WebSocket carrying y-websocket frames as they are;
 * - `sio`: Socket.IO with the msgpack parser, frames in `yjs` events, `auth` in the handshake;
 * - `hocuspocus`: a plain WebSocket whose frames start with the document name (varString), after an auth message.
 */
export type RoomTarget =
  | { protocol: 'yws'; url: string }
  | { protocol: 'sio'; url: string; auth: Record<string, string> }
  | { protocol: 'hocuspocus'; url: string; doc: string };

/** A server under test, usually in its own process pinned to core 0. */
export interface BenchServer {
  name: ServerName;
  /** The process whose CPU and memory are measured. */
  pid: number;
  /** Speaks Yjs (syncs, holds documents); relays only forward bytes. */
  yjs: boolean;
  /** Our server's HTTP base URL (the workshop scenario creates a workshop there). */
  baseUrl?: string;
  /** Creates (or names) a fresh room. */
  newRoom(): Promise<RoomTarget>;
  stop(): Promise<void>;
}
