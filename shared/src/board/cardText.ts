/**
 * Character-level access to a card's Y.Text, for live editors: precise splices at an index, anchors
 * that follow the text through other people's edits (Yjs relative positions), and a watch that
 * reports each change as a delta. Only this folder touches the Y.Text itself; callers see indices,
 * strings and opaque anchors.
 */
import * as Y from 'yjs';
import { MAX_CARD_TEXT_CHARS } from '../limits.ts';
import { ORIGINS } from './origins.ts';
import type { Origin } from './origins.ts';
import { cardsMap } from './schema.ts';

/** Card fields that are Y.Text (today only `text`; goal fields are plain values, see README). */
export type CardTextField = 'text';

/** One edit: delete `deleteCount` characters at `index`, then insert `insert` there. */
export interface TextSplice {
  index: number;
  deleteCount: number;
  insert: string;
}

/** A change as Yjs reports it, reduced to plain text: keep, insert or delete runs, in order. */
export type TextDeltaOp = { retain: number } | { insert: string } | { delete: number };

/**
 * A place in a card's text that moves with the text around it (a Yjs relative position as JSON, so
 * it can travel in presence). Opaque: only {@link resolveTextAnchor} reads it.
 */
export type TextAnchor = { readonly [key: string]: unknown };

/** Which character a caret sticks to: the one after it (`1`) or the one before it (`-1`). */
export type AnchorSide = 1 | -1;

function cardMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const card = cardsMap(doc).get(id);
  return card instanceof Y.Map ? (card as Y.Map<unknown>) : null;
}

function textOf(doc: Y.Doc, id: string, field: CardTextField): Y.Text | null {
  const value = cardMap(doc, id)?.get(field);
  return value instanceof Y.Text ? value : null;
}

/** The card's text as a string ('' when the card or field is missing; plain strings read as they are). */
export function readCardText(doc: Y.Doc, id: string, field: CardTextField = 'text'): string {
  const value = cardMap(doc, id)?.get(field);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/**
 * Applies one splice to the card's Y.Text in one transaction. The insert is cut so the text stays
 * within {@link MAX_CARD_TEXT_CHARS}; indices are clamped to the text. A card whose text another tool
 * wrote as a plain string is upgraded to a Y.Text first, so later edits merge. Returns the splice as
 * applied (what the editor must show), or null when the card does not exist.
 */
export function spliceCardText(
  doc: Y.Doc,
  id: string,
  splice: TextSplice,
  origin: Origin = ORIGINS.local,
  field: CardTextField = 'text',
): TextSplice | null {
  const card = cardMap(doc, id);
  if (!card) return null;
  let applied: TextSplice = { index: 0, deleteCount: 0, insert: '' };
  doc.transact(() => {
    let text = card.get(field);
    if (!(text instanceof Y.Text)) {
      text = new Y.Text(typeof text === 'string' ? text : '');
      card.set(field, text);
    }
    const ytext = text as Y.Text;
    const index = Math.max(0, Math.min(splice.index, ytext.length));
    const deleteCount = Math.max(0, Math.min(splice.deleteCount, ytext.length - index));
    const room = Math.max(0, MAX_CARD_TEXT_CHARS - (ytext.length - deleteCount));
    const insert = splice.insert.length > room ? splice.insert.slice(0, room) : splice.insert;
    if (deleteCount > 0) ytext.delete(index, deleteCount);
    if (insert.length > 0) ytext.insert(index, insert);
    applied = { index, deleteCount, insert };
  }, origin);
  return applied;
}

/**
 * An anchor at `index` of the card's text. `side: -1` sticks to the character before the index (a
 * caret: someone else typing at the same place ends up after it), `1` to the character after it (the
 * start of a selection). Null when the card has no Y.Text.
 */
export function anchorInCardText(
  doc: Y.Doc,
  id: string,
  index: number,
  side: AnchorSide = -1,
  field: CardTextField = 'text',
): TextAnchor | null {
  const ytext = textOf(doc, id, field);
  if (!ytext) return null;
  const at = Math.max(0, Math.min(index, ytext.length));
  return Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, at, side === -1 ? -1 : 0)) as TextAnchor;
}

/** Where `anchor` is now in the card's text, or null when it no longer points into that text. */
export function resolveTextAnchor(doc: Y.Doc, id: string, anchor: TextAnchor, field: CardTextField = 'text'): number | null {
  const ytext = textOf(doc, id, field);
  if (!ytext) return null;
  let abs: Y.AbsolutePosition | null;
  try {
    abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), doc);
  } catch {
    return null; // malformed presence from another client
  }
  if (!abs || abs.type !== ytext) return null;
  return Math.min(abs.index, ytext.length);
}

/** What a watcher of a card's text hears. */
export interface CardTextListener {
  /**
   * Before a batch of transactions on the document, while the text is still as it was (capture
   * anchors here). Once per batch: Yjs runs observers inside a further transaction, by which time
   * the text has already changed.
   */
  before?(): void;
  /** After the text changed: the change as a delta over the text as it was, and its origin. */
  change(delta: TextDeltaOp[], origin: unknown): void;
  /** The field was replaced by a different value (another tool set a new Y.Text or a string). */
  replaced(text: string, origin: unknown): void;
}

/** Calls `listener` for every change of the card's text until the returned function is called. */
export function watchCardText(doc: Y.Doc, id: string, listener: CardTextListener, field: CardTextField = 'text'): () => void {
  const card = cardMap(doc, id);
  if (!card) return () => {};
  let ytext: Y.Text | null = null;
  const onText = (event: Y.YTextEvent) => {
    const ops: TextDeltaOp[] = [];
    for (const op of event.delta) {
      if (typeof op.retain === 'number') ops.push({ retain: op.retain });
      else if (typeof op.delete === 'number') ops.push({ delete: op.delete });
      else if (typeof op.insert === 'string') ops.push({ insert: op.insert });
      else {
        // An embed (not plain text): toString() leaves it out, so start over from the whole text.
        listener.replaced(event.target.toString(), event.transaction.origin);
        return;
      }
    }
    listener.change(ops, event.transaction.origin);
  };
  const attach = () => {
    ytext?.unobserve(onText);
    const value = card.get(field);
    ytext = value instanceof Y.Text ? value : null;
    ytext?.observe(onText);
  };
  const onCard = (event: Y.YMapEvent<unknown>) => {
    if (!event.keysChanged.has(field)) return;
    attach();
    listener.replaced(readCardText(doc, id, field), event.transaction.origin);
  };
  const onBefore = () => listener.before?.();
  attach();
  card.observe(onCard);
  doc.on('beforeAllTransactions', onBefore);
  return () => {
    ytext?.unobserve(onText);
    card.unobserve(onCard);
    doc.off('beforeAllTransactions', onBefore);
  };
}

/** Undo and redo of one person's own edits to a card's text. */
export interface CardTextHistory {
  /** Takes back this person's last edit (keystrokes within half a second count as one); false when there is none. */
  undo(): boolean;
  redo(): boolean;
  destroy(): void;
}

/**
 * A card text's undo history for the edits made with `origin` (this device's): undo takes back only
 * this person's own typing, never what others wrote meanwhile, as a shared editor's undo must. The
 * browser's own undo cannot do that: it knows only the textarea's value, which others change too.
 */
export function cardTextHistory(doc: Y.Doc, id: string, field: CardTextField = 'text', origin: Origin = ORIGINS.local): CardTextHistory {
  const card = cardMap(doc, id);
  let manager: Y.UndoManager | null = null;
  const attach = () => {
    manager?.destroy();
    const text = textOf(doc, id, field);
    manager = text ? new Y.UndoManager(text, { trackedOrigins: new Set([origin]), captureTimeout: 500 }) : null;
  };
  const onCard = (event: Y.YMapEvent<unknown>) => {
    // A plain string upgraded to a Y.Text (the first edit), or a text replaced: follow the new one.
    if (event.keysChanged.has(field) && card?.get(field) !== undefined) attach();
  };
  attach();
  card?.observe(onCard);
  return {
    undo: () => (manager?.undo() ?? null) !== null,
    redo: () => (manager?.redo() ?? null) !== null,
    destroy: () => {
      card?.unobserve(onCard);
      manager?.destroy();
      manager = null;
    },
  };
}
