/**
 * What a workshop's console and mentors see of a board, read straight from its document: counts per
 * kind, goals complete, the top weaknesses and the questions. The server runs these on the Room's own
 * document (no second copy per console); they read only the fields they need, not whole snapshots.
 */
import * as Y from 'yjs';
import type { CardKind } from './cardKinds.ts';
import { CARD_KINDS, isCardKind } from './cardKinds.ts';
import { cardsMap } from './schema.ts';

/** A board's figures for the console. */
export interface BoardFigures {
  counts: Record<CardKind, number>;
  /** A goal is complete when its text, measure, owner and due are all filled. */
  goals: { total: number; complete: number };
  backlog: { total: number; done: number };
}

function filled(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length > 0;
  if (value instanceof Y.Text) return value.toString().trim().length > 0;
  return false;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toString();
  return '';
}

/** Counts per kind (unknown kinds left out), goals total and complete, backlog items total and done. */
export function boardFigures(doc: Y.Doc): BoardFigures {
  const counts = Object.fromEntries(CARD_KINDS.map((k) => [k, 0])) as Record<CardKind, number>;
  const goals = { total: 0, complete: 0 };
  const backlog = { total: 0, done: 0 };
  for (const value of cardsMap(doc).values()) {
    if (!(value instanceof Y.Map)) continue;
    const card = value as Y.Map<unknown>;
    const kind = card.get('kind');
    if (!isCardKind(kind)) continue;
    counts[kind]++;
    if (kind === 'goal') {
      goals.total++;
      if (filled(card.get('text')) && filled(card.get('measure')) && filled(card.get('owner')) && filled(card.get('due'))) goals.complete++;
    } else if (kind === 'backlog') {
      backlog.total++;
      if (card.get('done') === true) backlog.done++;
    }
  }
  return { counts, goals, backlog };
}

/** A group's priorities: top weaknesses and its questions. */
export interface BoardPriorities {
  weaknesses: { text: string; votes: number | null }[];
  questions: string[];
}

/**
 * The top `limit` weaknesses (by `totals` when they are visible, else in board order with null votes)
 * and up to `limit` questions, in board order. Hidden totals never enter: the caller passes null.
 */
export function boardPriorities(doc: Y.Doc, totals: Record<string, number> | null, limit = 5): BoardPriorities {
  const weaknesses: { text: string; votes: number | null; order: string }[] = [];
  const questions: { text: string; order: string }[] = [];
  for (const [id, value] of cardsMap(doc).entries()) {
    if (!(value instanceof Y.Map)) continue;
    const card = value as Y.Map<unknown>;
    const kind = card.get('kind');
    if (kind !== 'weakness' && kind !== 'question') continue; // most cards: no text read at all
    const body = text(card.get('text')).trim();
    if (body.length === 0) continue;
    const order = typeof card.get('order') === 'string' ? (card.get('order') as string) : 'V';
    if (kind === 'weakness') weaknesses.push({ text: body, votes: totals ? (Object.hasOwn(totals, id) ? (totals[id] ?? 0) : 0) : null, order });
    else if (kind === 'question') questions.push({ text: body, order });
  }
  const byOrder = (a: { order: string }, b: { order: string }) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);
  weaknesses.sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || byOrder(a, b));
  questions.sort(byOrder);
  return {
    weaknesses: weaknesses.slice(0, limit).map(({ text: t, votes }) => ({ text: t, votes })),
    questions: questions.slice(0, limit).map((q) => q.text),
  };
}
