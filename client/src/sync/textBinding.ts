import type { CardTextField, TextAnchor, TextDeltaOp, TextSplice } from '@sessionboard/shared';
import { ORIGINS, anchorInCardText, readCardText, resolveTextAnchor, spliceCardText, watchCardText } from '@sessionboard/shared';
import type * as Y from 'yjs';

/**
 * Binds an editable text view (a textarea, or a stand-in in unit tests) to a card's Y.Text:
 * - what the person types becomes one splice at the place they typed, worked out from the caret
 *   (never a whole-text diff against a snapshot that may be stale);
 * - what others type is applied to the view as deltas, and the caret and selection stay with the
 *   characters around them (anchors taken just before each change, resolved after it);
 * - nothing is written in the middle of an IME composition: the composed text is written once, at
 *   compositionend, at the place the composition started even if others typed meanwhile.
 * The view and the Y.Text hold the same string between events; `shown` is that string.
 */

/** What the binding needs from an editor. */
export interface TextView {
  readonly value: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  /** Whether the person's caret is in it (only then does the selection matter). */
  readonly focused: boolean;
  /** Replaces `deleteCount` characters at `index` with `insert`, firing no input event. */
  replace(index: number, deleteCount: number, insert: string): void;
  /** Sets the whole text, firing no input event. */
  setValue(text: string): void;
  select(start: number, end: number): void;
}

/** A person's selection as anchors (travels in presence so others can draw the caret). */
export interface SelectionAnchors {
  anchor: TextAnchor;
  head: TextAnchor;
}

/**
 * The splice that turns `before` into `after`, given the caret `caret` right after the edit: the
 * text after the caret is unchanged, so the edit ends there. This places a typed letter exactly
 * ("An" + n at 1 is "Ann" with the new n at 1, which a prefix/suffix diff would put at 2). Falls back
 * to the smallest prefix/suffix diff when the caret does not fit (a programmatic change).
 */
export function spliceFromInput(before: string, after: string, caret: number): TextSplice | null {
  if (before === after) return null;
  const tail = after.length - caret;
  if (caret < 0 || tail < 0 || tail > before.length || before.slice(before.length - tail) !== after.slice(caret)) {
    return smallestSplice(before, after);
  }
  const limit = Math.min(caret, before.length - tail);
  let start = 0;
  while (start < limit && before[start] === after[start]) start++;
  return { index: start, deleteCount: before.length - tail - start, insert: after.slice(start, caret) };
}

function smallestSplice(before: string, after: string): TextSplice {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { index: start, deleteCount: before.length - start - end, insert: after.slice(start, after.length - end) };
}

interface Composition {
  base: string;
  start: number;
  end: number;
  from: TextAnchor | null;
  to: TextAnchor | null;
}

/** A live binding of one view to one card's text field. */
export class TextBinding {
  private shown: string;
  private writing = false;
  private composition: Composition | null = null;
  /** Others changed the text during a composition; the view catches up at compositionend. */
  private behind = false;
  private saved: { start: TextAnchor | null; end: TextAnchor | null } | null = null;
  private readonly unwatch: () => void;

  constructor(
    private readonly doc: Y.Doc,
    private readonly cardId: string,
    private readonly view: TextView,
    private readonly field: CardTextField = 'text',
    private readonly onLocalSelection?: (selection: SelectionAnchors | null) => void,
  ) {
    this.shown = readCardText(doc, cardId, field);
    if (view.value !== this.shown) view.setValue(this.shown);
    this.unwatch = watchCardText(
      doc,
      cardId,
      {
        before: () => this.saveSelection(),
        change: (delta) => this.applyRemote(delta),
        replaced: () => this.applyRemote(null),
      },
      field,
    );
  }

  /** The person changed the view (an input event). Ignored during a composition. */
  input(): void {
    if (this.composition) return;
    const after = this.view.value;
    const caret = this.view.selectionEnd;
    const splice = spliceFromInput(this.shown, after, caret);
    if (!splice) return;
    this.write(splice, caret);
  }

  /** An IME composition starts: remember where, and stop writing until it ends. */
  compositionStart(): void {
    const start = this.view.selectionStart;
    const end = this.view.selectionEnd;
    // A collapsed range keeps one anchor; a range keeps its edges inside it, so text others type right
    // at an edge is not swallowed by the composition.
    const from = anchorInCardText(this.doc, this.cardId, start, start === end ? -1 : 1, this.field);
    const to = start === end ? from : anchorInCardText(this.doc, this.cardId, end, -1, this.field);
    this.composition = { base: this.shown, start, end, from, to };
  }

  /** The composition is done: write what it produced, once. */
  compositionEnd(): void {
    const composition = this.composition;
    this.composition = null;
    if (!composition) return this.input();
    if (!this.behind) return this.input();
    // Others typed while the IME had the view: the view still shows `base` plus the composition.
    this.behind = false;
    const after = this.view.value;
    const splice = spliceFromInput(composition.base, after, this.view.selectionEnd);
    const current = readCardText(this.doc, this.cardId, this.field);
    const from = composition.from ? resolveTextAnchor(this.doc, this.cardId, composition.from, this.field) : null;
    const to = composition.to ? resolveTextAnchor(this.doc, this.cardId, composition.to, this.field) : null;
    if (!splice) {
      this.shown = current;
      return this.resetView(this.view.selectionStart, this.view.selectionEnd);
    }
    this.shown = after; // the write below resets the view from the document
    const shift = (i: number, anchorAt: number | null, baseAt: number) => (anchorAt === null ? Math.min(i, current.length) : anchorAt + (i - baseAt));
    const index = Math.max(0, shift(splice.index, from, composition.start));
    const end = Math.max(index, shift(splice.index + splice.deleteCount, to, composition.end));
    this.write({ index, deleteCount: end - index, insert: splice.insert }, null);
  }

  /** Publishes the local selection (call on select / caret moves / focus; null on blur). */
  selectionChanged(): void {
    if (!this.onLocalSelection) return;
    if (!this.view.focused) return this.onLocalSelection(null);
    const anchor = anchorInCardText(this.doc, this.cardId, this.view.selectionStart, -1, this.field);
    const head = anchorInCardText(this.doc, this.cardId, this.view.selectionEnd, -1, this.field);
    this.onLocalSelection(anchor && head ? { anchor, head } : null);
  }

  destroy(): void {
    this.unwatch();
  }

  private write(splice: TextSplice, caret: number | null): void {
    this.writing = true;
    let applied: TextSplice | null;
    try {
      applied = spliceCardText(this.doc, this.cardId, splice, ORIGINS.local, this.field);
    } finally {
      this.writing = false;
    }
    const now = readCardText(this.doc, this.cardId, this.field);
    const at = applied ? applied.index + applied.insert.length : (caret ?? this.view.selectionEnd);
    if (this.view.value !== now) {
      // The limit cut the insert, or the document moved on during a composition: show the document.
      this.shown = now;
      this.view.setValue(now);
      if (this.view.focused) this.view.select(at, at);
    } else this.shown = now;
    this.selectionChanged();
  }

  private saveSelection(): void {
    if (this.writing || this.composition || !this.view.focused) {
      this.saved = null;
      return;
    }
    const start = this.view.selectionStart;
    const end = this.view.selectionEnd;
    this.saved = {
      start: anchorInCardText(this.doc, this.cardId, start, start === end ? -1 : 1, this.field),
      end: anchorInCardText(this.doc, this.cardId, end, -1, this.field),
    };
  }

  /** Another change to the text (remote, or another local writer): show it, keep the caret in place. */
  private applyRemote(delta: TextDeltaOp[] | null): void {
    if (this.writing) return;
    if (this.composition) {
      this.behind = true;
      return;
    }
    const now = readCardText(this.doc, this.cardId, this.field);
    const start = this.view.selectionStart;
    const end = this.view.selectionEnd;
    if (delta && this.view.value === this.shown) {
      let index = 0;
      for (const op of delta) {
        if ('retain' in op) index += op.retain;
        else if ('insert' in op) {
          this.view.replace(index, 0, op.insert);
          index += op.insert.length;
        } else this.view.replace(index, op.delete, '');
      }
    }
    if (this.view.value !== now) this.view.setValue(now);
    this.shown = now;
    this.resetView(start, end);
  }

  private resetView(fallbackStart: number, fallbackEnd: number): void {
    if (this.view.value !== this.shown) this.view.setValue(this.shown);
    if (!this.view.focused) return;
    // Kept for the rest of the batch: a later transaction in it may change the text again.
    const saved = this.saved;
    const start = saved?.start ? resolveTextAnchor(this.doc, this.cardId, saved.start, this.field) : null;
    const end = saved?.end ? resolveTextAnchor(this.doc, this.cardId, saved.end, this.field) : null;
    const s = start ?? Math.min(fallbackStart, this.shown.length);
    const e = Math.max(s, end ?? Math.min(fallbackEnd, this.shown.length));
    this.view.select(s, e);
  }
}
