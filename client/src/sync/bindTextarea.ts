import type { CardTextField } from '@sessionboard/shared';
import { currentConnection, setCaret, setEditing } from './connectBoard.ts';
import { TextBinding } from './textBinding.ts';
import type { TextView } from './textBinding.ts';

/**
 * Binds a textarea (or text input) to card `cardId`'s text on the open board until the returned
 * function is called: typing becomes precise Y.Text edits, others' edits arrive as deltas with the
 * caret kept in place, and presence tells others that this person is editing and where their caret is.
 * The element must be uncontrolled (no React `value`): the binding owns its text.
 */
export function bindTextarea(el: HTMLTextAreaElement | HTMLInputElement, cardId: string, field: CardTextField = 'text'): () => void {
  const connection = currentConnection();
  if (!connection) return () => {};
  const view: TextView = {
    get value() {
      return el.value;
    },
    get selectionStart() {
      return el.selectionStart ?? el.value.length;
    },
    get selectionEnd() {
      return el.selectionEnd ?? el.value.length;
    },
    get focused() {
      return el.ownerDocument.activeElement === el;
    },
    // setRangeText changes the text in place (no reflow of the whole value, no input event).
    replace: (index, deleteCount, insert) => el.setRangeText(insert, index, index + deleteCount, 'preserve'),
    setValue: (text) => {
      el.value = text;
    },
    select: (start, end) => el.setSelectionRange(start, end, el.selectionDirection ?? 'none'),
  };
  const binding = new TextBinding(connection.doc, cardId, view, field, (selection) => setCaret(cardId, selection));
  const onInput = () => binding.input();
  const onCompositionStart = () => binding.compositionStart();
  const onCompositionEnd = () => binding.compositionEnd();
  const onSelection = () => binding.selectionChanged();
  const onDocumentSelection = () => {
    if (view.focused) binding.selectionChanged();
  };
  const onFocus = () => {
    setEditing(cardId, field);
    binding.selectionChanged();
  };
  const onBlur = () => setEditing(null);
  const listeners = [
    ['input', onInput],
    ['compositionstart', onCompositionStart],
    ['compositionend', onCompositionEnd],
    ['select', onSelection],
    ['keyup', onSelection],
    ['pointerup', onSelection],
    ['focus', onFocus],
    ['blur', onBlur],
  ] as const;
  for (const [event, listener] of listeners) el.addEventListener(event, listener as EventListener);
  el.ownerDocument.addEventListener('selectionchange', onDocumentSelection);
  if (view.focused) onFocus();
  return () => {
    for (const [event, listener] of listeners) el.removeEventListener(event, listener as EventListener);
    el.ownerDocument.removeEventListener('selectionchange', onDocumentSelection);
    if (view.focused) setEditing(null);
    binding.destroy();
  };
}
