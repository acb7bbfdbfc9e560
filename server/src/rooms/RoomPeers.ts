import type { BoardMessage } from '../scale/busMessages.ts';

/** What a Room tells the other processes that hold the same board. */
export interface RoomPeers {
  publish(board: string, msg: BoardMessage): void;
  /** Starts receiving the others' messages about `board` (resolves once they flow, or soon). */
  subscribe(board: string, handler: (msg: BoardMessage, sender: string) => void): Promise<void>;
  unsubscribe(board: string): void;
  /** Calls `fn(up)` when the link to the others goes down or comes back; returns a function that stops it. */
  onStatus(fn: (up: boolean) => void): () => void;
}

/** The origin of changes that came from another process (already stored there): applied and shown, never written again. */
export const FROM_PEERS = Symbol('from peers');
