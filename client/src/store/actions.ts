import type { CardFields, CardKind, Command } from '@sessionboard/shared';
import {
  ORIGINS,
  addBacklogItem,
  addCard,
  deleteCard,
  authorHidden,
  linkCards,
  makeGoal,
  mergeCards,
  moveCard,
  nudgeCard,
  unlinkCards,
  updateCardFields,
} from '@sessionboard/shared';
import { currentConnection } from '../sync/connectBoard.ts';
import { showToast, useBoardStore } from './boardStore.ts';
import { rememberAnonymousCard } from './anonymousCards.ts';

/** Writes go through here: the shared board functions on the open document, or server commands. */

function doc() {
  return currentConnection()?.doc ?? null;
}

function me() {
  const s = useBoardStore.getState();
  return { author: s.name, authorId: s.participantId ?? 'unknown' };
}

/** Whether cards of `kind` are written without their author on this board now. */
function anonymous(kind: string): boolean {
  return authorHidden(useBoardStore.getState().session?.settings, kind);
}

/** Whether card `id` is this person's: by its author id, or remembered here as an anonymous card of theirs. */
export function isMine(id: string): boolean {
  const s = useBoardStore.getState();
  const card = s.index?.byId.get(id);
  return (card !== undefined && card.authorId !== '' && card.authorId === s.participantId) || s.anonymousMine.includes(id);
}

function rememberAnonymous(id: string): void {
  const s = useBoardStore.getState();
  if (s.boardId) useBoardStore.setState({ anonymousMine: rememberAnonymousCard(s.boardId, s.anonymousMine, id) });
}

export function addCardAction(kind: CardKind, text: string): string | null {
  const d = doc();
  if (!d || text.trim().length === 0) return null;
  // Every member's browser holds the whole document: hiding the name on screen would not be enough.
  if (!anonymous(kind)) return addCard(d, { kind, text: text.trim(), ...me() });
  const id = addCard(d, { kind, text: text.trim(), author: '', authorId: '' });
  rememberAnonymous(id);
  return id;
}

export function editCardFields(id: string, fields: CardFields): void {
  const d = doc();
  if (d) updateCardFields(d, id, fields);
}

export function deleteCardAction(id: string): void {
  const d = doc();
  if (d) deleteCard(d, id);
}

export function moveCardTo(id: string, kind: CardKind, neighbours?: { after: string | null; before: string | null }): void {
  const d = doc();
  if (!d) return;
  const hide = anonymous(kind);
  if (hide && isMine(id)) rememberAnonymous(id);
  moveCard(d, id, { kind, ...(neighbours ?? {}), anonymous: hide });
}

/** Merges card `from` into card `into` (same kind); the server moves `from`'s dots along. */
export function mergeCardsAction(from: string, into: string): boolean {
  const d = doc();
  const kind = useBoardStore.getState().index?.byId.get(into)?.kind ?? '';
  const hide = anonymous(kind);
  if (hide && (isMine(into) || isMine(from))) rememberAnonymous(into);
  return d ? mergeCards(d, from, into, ORIGINS.structure, { anonymous: hide }) : false;
}

export function nudgeCardAction(id: string, direction: -1 | 1): void {
  const d = doc();
  if (d) nudgeCard(d, id, direction);
}

export function toggleLink(from: string, to: string, linked: boolean): void {
  const d = doc();
  if (!d) return;
  if (linked) linkCards(d, from, to);
  else unlinkCards(d, from, to);
}

export function makeGoalAction(from: string): string | null {
  const d = doc();
  return d ? makeGoal(d, from, me()) : null;
}

export function addBacklogAction(goal: string, text: string): string | null {
  const d = doc();
  if (!d || text.trim().length === 0) return null;
  return addBacklogItem(d, goal, { text: text.trim(), ...me() });
}

/** Sends a session command; a refusal shows as a message, never silence. Resolves to whether it worked. */
export async function sendCommand(command: Command): Promise<boolean> {
  const provider = currentConnection()?.provider;
  if (!provider) return false;
  const ack = await provider.command(command);
  if (!ack.ok) {
    showToast(ack.error.message);
    return false;
  }
  const prev = useBoardStore.getState().session;
  if (!prev || ack.state.version >= prev.version) useBoardStore.setState({ session: ack.state });
  return true;
}

/** Shows another step without moving the group (null: follow the group's step again). */
export function viewStep(step: number | null): void {
  useBoardStore.setState({ viewStep: step });
}
