/** Every server the bench compares, in report order. */
export const SERVER_NAMES = ['ours-yjs', 'ours-socketio', 'ours-yjs-pg', 'ours-socketio-pg', 'ours-yjs-2proc', 'ours-socketio-2proc', 'y-websocket-ref', 'hocuspocus', 'ws-relay', 'socketio-relay'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Two of our processes on one PostgreSQL schema and one Redis, each board's clients alternating between them. */
export const TWO_PROCESS_SERVERS: readonly ServerName[] = ['ours-yjs-2proc', 'ours-socketio-2proc'];
/** The single process of the same transport as a two-process server, for the 2proc/1proc ratio. */
export const ONE_PROCESS_OF: Partial<Record<ServerName, ServerName>> = { 'ours-yjs-2proc': 'ours-yjs', 'ours-socketio-2proc': 'ours-socketio' };
/** One process on PostgreSQL (no Redis) of the same transport: what the store alone costs, so the bus's own share shows. */
export const ONE_PROCESS_PG_OF: Partial<Record<ServerName, ServerName>> = { 'ours-yjs-2proc': 'ours-yjs-pg', 'ours-socketio-2proc': 'ours-socketio-pg' };
/** Every server that needs PostgreSQL (and, for the two-process ones, Redis): skipped together when they do not answer; steady scenarios only. */
export const SCALE_SERVERS: readonly ServerName[] = ['ours-yjs-pg', 'ours-socketio-pg', ...TWO_PROCESS_SERVERS];

/**
 * How a client reaches one room (board, document) of a server:
 * - `yws`: a plain WebSocket carrying y-websocket frames as they are;
 * - `sio`: Socket.IO with the msgpack parser, frames in `yjs` events, `auth` in the handshake;
 * - `hocuspocus`: a plain WebSocket whose frames start with the document name (varString), after an auth message.
 *
 * `urls`, when given, is the same room on several processes: the board's i-th client connects to
 * `urls[i % urls.length]` (see `targetFor`); `url` is then `urls[0]`.
 */
export type RoomTarget =
  | { protocol: 'yws'; url: string; urls?: string[] }
  | { protocol: 'sio'; url: string; urls?: string[]; auth: Record<string, string> }
  | { protocol: 'hocuspocus'; url: string; doc: string };

/** The target the `nth` client of a room connects to: with `urls`, the processes in turn. */
export function targetFor(room: RoomTarget, nth: number): RoomTarget {
  if (room.protocol === 'hocuspocus' || !room.urls?.length) return room;
  return { ...room, url: room.urls[nth % room.urls.length] as string };
}

/** A server under test, in its own process (or two) pinned to the layout's server cores (cores.ts). */
export interface BenchServer {
  name: ServerName;
  /** The process whose CPU and memory are measured (the first of `pids`). */
  pid: number;
  /** Every process of the server, when it has several: their CPU and RSS are summed. */
  pids?: number[];
  /** Speaks Yjs (syncs, holds documents); relays only forward bytes. */
  yjs: boolean;
  /** Our server's HTTP base URL (the workshop scenario creates a workshop there). */
  baseUrl?: string;
  /** Creates (or names) a fresh room. */
  newRoom(): Promise<RoomTarget>;
  stop(): Promise<void>;
}
