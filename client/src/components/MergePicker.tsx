import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { compareOrder } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { mergeCardsAction } from '../store/actions.ts';

/** A card's text cut to one short line, for a button's name. */
function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || '(empty)';
}

/**
 * "Merge into…": the other cards of this card's kind, one button each (a click or Enter merges, so a
 * keyboard user needs no drag). The merged card's text, links and dots go to the card picked.
 */
export function MergePicker({ card, label }: { card: CardSnapshot; label: string }) {
  const [open, setOpen] = useState(false);
  const others = useBoardStore(
    useShallow((s) => (s.board?.cards ?? []).filter((c) => c.rawKind === card.rawKind && c.id !== card.id).sort(compareOrder)),
  );
  if (others.length === 0) return null;
  return (
    <span className="merge-picker">
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        Merge into…
      </button>
      {open && (
        // A group with a heading of its own rather than a fieldset: a floating fieldset draws its legend outside the box.
        <div className="link-options" role="group" aria-labelledby={`merge-title-${card.id}`} data-testid="merge-options">
          <p className="merge-title" id={`merge-title-${card.id}`}>
            Merge this {label} into which card? Its text is added there, and its dots move there.
          </p>
          {others.map((o) => (
            <button
              key={o.id}
              type="button"
              className="small merge-target"
              dir="auto"
              onClick={() => {
                setOpen(false);
                mergeCardsAction(card.id, o.id);
              }}
            >
              Merge into “{preview(o.text)}”
            </button>
          ))}
          <button type="button" className="small" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
    </span>
  );
}
