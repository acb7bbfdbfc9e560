import { useState } from 'react';
import type { InputHTMLAttributes } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardFields } from '@sessionboard/shared';
import { editCardFields } from '../store/actions.ts';
import { useBoardStore } from '../store/boardStore.ts';
import { setEditing } from '../sync/connectBoard.ts';

/** Plain (not Y.Text) fields of a goal that a person edits as a whole value. */
export type DraftFieldName = 'measure' | 'owner' | 'due';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onFocus' | 'onBlur' | 'name'>;

/**
 * A plain field of a card (a goal's measure, owner or due date), edited as a local draft and written
 * as one value when the person leaves the field or presses Enter (Escape drops the draft). Two people
 * typing into it at once therefore never interleave letters: the document keeps whichever value was
 * committed last, whole. While someone else is in the field it says so, and if their value lands
 * while this person still has a draft open, the field shows it so nobody overwrites it unknowingly.
 */
export function DraftField({
  cardId,
  field,
  value,
  label,
  commitOnChange = false,
  readOnly,
  ...input
}: { cardId: string; field: DraftFieldName; value: string; label: string; commitOnChange?: boolean; readOnly?: boolean } & InputProps) {
  // What the person typed and has not written yet, and the value it started from; null shows the live value.
  const [draft, setDraft] = useState<{ text: string; base: string } | null>(null);
  const editors = useBoardStore(useShallow((s) => s.peers.filter((p) => p.editing === cardId && p.field === field).map((p) => p.name)));
  const commit = () => {
    if (draft && draft.text !== value) editCardFields(cardId, { [field]: draft.text } as CardFields);
    setDraft(null);
  };
  const changedMeanwhile = draft !== null && value !== draft.base && value !== draft.text;
  return (
    <label>
      <span className="field-head">
        {label}
        {editors.length > 0 && (
          <span className="field-editors" data-testid="field-editors">
            ✎ {editors.join(', ')} {editors.length === 1 ? 'is' : 'are'} editing
          </span>
        )}
      </span>
      <input
        {...input}
        value={draft?.text ?? value}
        readOnly={readOnly}
        onFocus={() => {
          if (!readOnly) setEditing(cardId, field);
        }}
        onChange={(e) => {
          const text = e.target.value;
          if (commitOnChange) {
            if (text !== value) editCardFields(cardId, { [field]: text } as CardFields);
          } else setDraft((d) => ({ text, base: d?.base ?? value }));
        }}
        onBlur={() => {
          commit();
          setEditing(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') setDraft(null);
        }}
      />
      {changedMeanwhile && (
        <span className="field-conflict" role="status">
          Now “{value}” on the board: Enter keeps yours, Esc takes it.
        </span>
      )}
    </label>
  );
}
