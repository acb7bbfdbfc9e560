import { Fragment } from 'react';
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { MAX_CARD_TEXT_CHARS } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { useCardTextBinding } from '../hooks/useCardTextBinding.ts';

interface RemoteCaret {
  clientId: number;
  name: string;
  color: string;
  start: number;
  end: number;
}

/**
 * A card's text, edited live with everyone else: an uncontrolled textarea bound to the card's text
 * (see `bindTextarea`), with the carets of others editing it drawn over it.
 */
export function CardTextEditor({ card, label, onKeyDown }: { card: CardSnapshot; label: string; onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void }) {
  const ref = useCardTextBinding<HTMLTextAreaElement>(card.id);
  // Select the store's own peer objects (stable between updates) and shape them afterwards.
  const peers = useBoardStore(useShallow((s) => s.peers.filter((p) => p.editing === card.id && p.caret !== null)));
  const carets = peers.map((p): RemoteCaret => ({ clientId: p.clientId, name: p.name, color: p.color, start: p.caret?.start ?? 0, end: p.caret?.end ?? 0 }));
  const rows = Math.min(8, Math.max(1, card.text.split('\n').length, Math.ceil(card.text.length / 42)));
  return (
    <div className="card-text-wrap">
      <textarea
        ref={ref}
        className="card-text"
        aria-label={`Text of the ${label}`}
        defaultValue={card.text}
        maxLength={MAX_CARD_TEXT_CHARS}
        rows={rows}
        dir="auto"
        onKeyDown={onKeyDown}
      />
      {carets.length > 0 && <CaretLayer text={card.text} carets={carets} />}
    </div>
  );
}

/**
 * The same text, laid out exactly as the textarea lays it out (same box, font and wrapping) but
 * invisible, with a coloured caret (and selection) where each other person is. Never takes clicks.
 */
function CaretLayer({ text, carets }: { text: string; carets: RemoteCaret[] }) {
  const clamp = (i: number) => Math.max(0, Math.min(i, text.length));
  const marks = carets.map((c) => ({ ...c, start: clamp(c.start), end: clamp(c.end) }));
  const cuts = [...new Set([0, text.length, ...marks.flatMap((c) => [c.start, c.end])])].sort((a, b) => a - b);
  const caretsAt = (i: number) => marks.filter((c) => c.end === i).map((c) => <Caret key={c.clientId} caret={c} />);
  return (
    <div className="card-text card-text-carets" aria-hidden="true" data-testid="remote-carets">
      {cuts.slice(0, -1).map((from, i) => {
        const to = cuts[i + 1] as number;
        const selectedBy = marks.find((c) => c.start <= from && to <= c.end);
        return (
          <Fragment key={from}>
            {caretsAt(from)}
            {selectedBy ? <mark style={{ ['--c' as string]: selectedBy.color }}>{text.slice(from, to)}</mark> : text.slice(from, to)}
          </Fragment>
        );
      })}
      {text.length > 0 ? caretsAt(text.length) : caretsAt(0)}
      {/* A trailing newline needs something after it to take up its line, as in the textarea. */}
      {'\u200b'}
    </div>
  );
}

function Caret({ caret }: { caret: RemoteCaret }) {
  return (
    <span className="remote-caret" style={{ ['--c' as string]: caret.color }} data-name={caret.name}>
      <span className="remote-caret-name">{caret.name}</span>
    </span>
  );
}
