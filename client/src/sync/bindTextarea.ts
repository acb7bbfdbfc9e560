import type { CardTextField } from '@sessionboard/shared';
import { cardTextHistory } from '@sessionboard/shared';
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
  // Ctrl+Z takes back this person's own typing only, never what others wrote meanwhile.
  const history = cardTextHistory(connection.doc, cardId, field);
  const onKeyDown = (e: Event) => {
    const key = e as KeyboardEvent;
    if (!(key.ctrlKey || key.metaKey) || key.altKey) return;
    const k = key.key.toLowerCase();
    const redo = (k === 'z' && key.shiftKey) || (k === 'y' && !key.shiftKey);
    if (k !== 'z' && !redo) return;
    key.preventDefault();
    if (redo) history.redo();
    else history.undo();
  };
  // The Edit menu's and the context menu's undo arrive as beforeinput, not as keys.
  const onBeforeInput = (e: Event) => {
    const type = (e as InputEvent).inputType;
    if (type !== 'historyUndo' && type !== 'historyRedo') return;
    e.preventDefault();
    if (type === 'historyUndo') history.undo();
    else history.redo();
  };
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
    ['keydown', onKeyDown],
    ['beforeinput', onBeforeInput],
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
    history.destroy();
  };
}
