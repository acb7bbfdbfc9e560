import type { BoardSnapshot, CardSnapshot, MyVotes, Role, SessionState, WorkshopMoved } from '@sessionboard/shared';
import { create } from 'zustand';
import type { ConnectionStatus } from '../sync/SocketProvider.ts';
import { loadAnonymousCards } from './anonymousCards.ts';

/** Someone else on the board, from presence. */
export interface Peer {
  clientId: number;
  name: string;
  color: string;
  role: Role | 'unknown';
  /** The card they are editing, and which field of it ('text', 'measure', 'owner', 'due'). */
  editing: string | null;
  field: string | null;
  /** Their caret or selection in that card's text, as indices into our copy of it. */
  caret: { start: number; end: number } | null;
}

/** A message shown for a few seconds. */
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** Look-ups derived once per snapshot, so a card finds its links without scanning the board. */
export interface BoardIndex {
  byId: Map<string, CardSnapshot>;
  /** Card id → the cards that link to it (questions and goals pointing at a weakness). */
  backlinks: Map<string, CardSnapshot[]>;
}

function sameCard(a: CardSnapshot, b: CardSnapshot): boolean {
  for (const key of Object.keys(b) as (keyof CardSnapshot)[]) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    if (key === 'extra' && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}

/**
 * `next` with every card that did not change replaced by the previous snapshot's object, so memoised
 * card components re-render only for the cards that really changed.
 */
export function shareUnchanged(prev: BoardSnapshot | null, next: BoardSnapshot): BoardSnapshot {
  if (!prev) return next;
  const old = new Map(prev.cards.map((c) => [c.id, c]));
  return {
    meta: JSON.stringify(prev.meta) === JSON.stringify(next.meta) ? prev.meta : next.meta,
    cards: next.cards.map((c) => {
      const before = old.get(c.id);
      return before && sameCard(before, c) ? before : c;
    }),
  };
}

/** Builds the index of a snapshot. */
export function indexBoard(board: BoardSnapshot): BoardIndex {
  const byId = new Map(board.cards.map((c) => [c.id, c]));
  const backlinks = new Map<string, CardSnapshot[]>();
  for (const card of board.cards) {
    for (const target of card.links) {
      const list = backlinks.get(target);
      if (list) list.push(card);
      else backlinks.set(target, [card]);
    }
  }
  return { byId, backlinks };
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
  index: BoardIndex | null;
  session: SessionState | null;
  mine: MyVotes;
  peers: Peer[];
  clockOffsetMs: number;
  toasts: Toast[];
  /** The step a person is looking at, or null to follow the group's current step. */
  viewStep: number | null;
  /** The workshop's instructor moved this person: the board to open instead. */
  movedTo: WorkshopMoved | null;
  /** Anonymous cards this device wrote (they carry no author, so only this list says they are mine). */
  anonymousMine: string[];
  /** Scale-out: the server's own words while it cannot reach the other server processes, else null. */
  othersUnreachable: string | null;
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
  index: null,
  session: null,
  mine: { left: 0 } as MyVotes,
  peers: [],
  clockOffsetMs: 0,
  toasts: [],
  viewStep: null,
  movedTo: null,
  anonymousMine: [],
  othersUnreachable: null,
};

/** The one store React reads. */
export const useBoardStore = create<BoardState>(() => ({ ...INITIAL }));

/** Back to an empty store (leaving a board). */
export function resetBoardStore(boardId: string | null): void {
  // Messages outlive the board they were about ("you were moved to Blue" is read on the next one).
  useBoardStore.setState((s) => ({ ...INITIAL, boardId, toasts: s.toasts, anonymousMine: loadAnonymousCards(boardId) }));
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
