import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { compareOrder } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { toggleLink } from '../store/actions.ts';

/** Points a question at the weaknesses it is about, or a goal at the weaknesses it addresses (its why). */
export function LinkPicker({ card }: { card: CardSnapshot }) {
  const [open, setOpen] = useState(false);
  const goal = card.kind === 'goal';
  const weaknesses = useBoardStore(useShallow((s) => (s.board?.cards ?? []).filter((c) => c.kind === 'weakness').sort(compareOrder)));
  return (
    <span className="link-picker">
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {goal ? 'Pick weaknesses…' : 'About…'} {card.links.length > 0 ? `(${card.links.length})` : ''}
      </button>
      {open && (
        <fieldset className="link-options">
          <legend>{goal ? 'Which weaknesses does this goal address?' : 'Which weaknesses is it about?'}</legend>
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
