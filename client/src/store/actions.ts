import type { CardFields, CardKind, Command } from '@sessionboard/shared';
import {
  addBacklogItem,
  addCard,
  deleteCard,
  linkCards,
  makeGoal,
  moveCard,
  nudgeCard,
  unlinkCards,
  updateCardFields,
} from '@sessionboard/shared';
import { currentConnection } from '../sync/connectBoard.ts';
import { showToast, useBoardStore } from './boardStore.ts';

/** Writes go through here: the shared board functions on the open document, or server commands. */

function doc() {
  return currentConnection()?.doc ?? null;
}

function me() {
  const s = useBoardStore.getState();
  return { author: s.name, authorId: s.participantId ?? 'unknown' };
}

export function addCardAction(kind: CardKind, text: string): string | null {
  const d = doc();
  if (!d || text.trim().length === 0) return null;
  return addCard(d, { kind, text: text.trim(), ...me() });
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
  if (d) moveCard(d, id, { kind, ...(neighbours ?? {}) });
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
