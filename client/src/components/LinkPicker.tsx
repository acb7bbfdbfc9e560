import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { compareOrder } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { toggleLink } from '../store/actions.ts';

/** Points a question or goal at the weaknesses it is about. */
export function LinkPicker({ card }: { card: CardSnapshot }) {
  const [open, setOpen] = useState(false);
  const weaknesses = useBoardStore(useShallow((s) => (s.board?.cards ?? []).filter((c) => c.kind === 'weakness').sort(compareOrder)));
  return (
    <span className="link-picker">
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        About… {card.links.length > 0 ? `(${card.links.length})` : ''}
      </button>
      {open && (
        <fieldset className="link-options">
          <legend>Which weaknesses is it about?</legend>
          {weaknesses.length === 0 && <p className="muted small">No weaknesses on the board yet.</p>}
          {weaknesses.map((w) => (
            <label key={w.id} className="check">
              <input type="checkbox" checked={card.links.includes(w.id)} onChange={(e) => toggleLink(card.id, w.id, e.target.checked)} />
              {w.text || '(empty)'}
            </label>
          ))}
          <button type="button" className="small" onClick={() => setOpen(false)}>
            Done
          </button>
        </fieldset>
      )}
    </span>
  );
}
