import type { BoardSnapshot, MyVotes, Role, SessionState } from '@sessionboard/shared';
import { create } from 'zustand';
import type { ConnectionStatus } from '../sync/SocketProvider.ts';

/** Someone else on the board, from presence. */
export interface Peer {
  clientId: number;
  name: string;
  color: string;
  role: Role | 'unknown';
  editing: string | null;
}

/** A message shown for a few seconds. */
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** Everything the board page renders: plain snapshots only, never Yjs types. */
export interface BoardState {
  boardId: string | null;
  status: ConnectionStatus;
  errorCode: string | null;
  role: Role | null;
  participantId: string | null;
  name: string;
  joinCode: string;
  board: BoardSnapshot | null;
  session: SessionState | null;
  mine: MyVotes;
  peers: Peer[];
  clockOffsetMs: number;
  toasts: Toast[];
  /** The step a person is looking at, or null to follow the group's current step. */
  viewStep: number | null;
}

const INITIAL: BoardState = {
  boardId: null,
  status: 'connecting',
  errorCode: null,
  role: null,
  participantId: null,
  name: '',
  joinCode: '',
  board: null,
  session: null,
  mine: { left: 0 } as MyVotes,
  peers: [],
  clockOffsetMs: 0,
  toasts: [],
  viewStep: null,
};

/** The one store React reads. */
export const useBoardStore = create<BoardState>(() => ({ ...INITIAL }));

/** Back to an empty store (leaving a board). */
export function resetBoardStore(boardId: string | null): void {
  useBoardStore.setState({ ...INITIAL, boardId });
}

let toastId = 0;

/** Shows a message for a few seconds. */
export function showToast(text: string, kind: Toast['kind'] = 'error'): void {
  const id = ++toastId;
  useBoardStore.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
  setTimeout(() => useBoardStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), 5000);
}

/** Drops a message early (its close button). */
export function dismissToast(id: number): void {
  useBoardStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
