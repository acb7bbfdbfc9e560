import { memo, useState } from 'react';
import type { CardKind } from '@sessionboard/shared';
import { CARD_KIND_LABELS, CARD_KIND_SINGULAR, MAX_CARD_TEXT_CHARS } from '@sessionboard/shared';
import { useColumnCards, usePowers } from '../hooks/useBoardView.ts';
import { addCardAction, moveCardTo } from '../store/actions.ts';
import { useBoardStore } from '../store/boardStore.ts';
import { CardView } from './CardView.tsx';
import { BacklogColumn } from './BacklogColumn.tsx';

/** One column of cards of a kind: add, list, drop to move here. */
export const Column = memo(function Column({ kind, context = false }: { kind: CardKind; context?: boolean }) {
  const cards = useColumnCards(kind);
  const { edit } = usePowers();
  const [over, setOver] = useState(false);
  const hidden = useBoardStore((s) => s.session?.settings.votableKinds.includes(kind) && s.session.votes === null);
  if (kind === 'backlog') return <BacklogColumn />;
  return (
    <section
      className={`column column-${kind} ${over ? 'drop-over' : ''}`}
      aria-labelledby={`col-${kind}`}
      data-testid={`column-${kind}`}
      data-context={context || undefined}
      onDragOver={(e) => {
        if (!edit || !e.dataTransfer.types.includes('application/x-sessionboard-card')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const id = e.dataTransfer.getData('application/x-sessionboard-card');
        if (!id) return;
        e.preventDefault();
        const target = (e.target as HTMLElement).closest('[data-card-id]')?.getAttribute('data-card-id');
        const index = target ? cards.findIndex((c) => c.id === target) : -1;
        if (index >= 0 && cards[index]?.id !== id) {
          moveCardTo(id, kind, { after: cards[index - 1]?.order ?? null, before: cards[index]?.order ?? null });
        } else if (index < 0) {
          moveCardTo(id, kind);
        }
      }}
    >
      <h3 id={`col-${kind}`}>
        {CARD_KIND_LABELS[kind]} <span className="count">{cards.length}</span>
      </h3>
      {hidden && <p className="muted small">Votes are hidden until the facilitator reveals them.</p>}
      {edit && kind !== 'personal' && <AddCard kind={kind} />}
      {cards.length === 0 ? (
        <p className="empty">No {CARD_KIND_LABELS[kind].toLowerCase()} yet.</p>
      ) : (
        <ol className="card-list">
          {cards.map((card, i) => (
            <li key={card.id}>
              <CardView card={card} rank={i} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});

/** Characters left at which the box starts counting them down. */
const COUNT_FROM = 200;

/**
 * A text box that adds a card on Enter (Shift+Enter for a new line). What is typed but not yet added
 * is kept on this device (a reload or a closed tab does not lose it), and the limit is counted down
 * near its end, and said when a paste was cut to it.
 */
export function AddCard({ kind, onAdd, placeholder }: { kind: CardKind; onAdd?: (text: string) => void; placeholder?: string }) {
  const boardId = useBoardStore((s) => s.boardId ?? '');
  const draftKey = `sessionboard:unsent:${boardId}:${kind}:${placeholder ?? ''}`;
  const [text, setTextState] = useState(() => localStorage.getItem(draftKey) ?? '');
  const [cut, setCut] = useState(0);
  const noun = CARD_KIND_SINGULAR[kind];
  const setText = (value: string) => {
    setTextState(value);
    if (value) localStorage.setItem(draftKey, value);
    else localStorage.removeItem(draftKey);
  };
  function submit() {
    if (!text.trim()) return;
    if (onAdd) onAdd(text);
    else addCardAction(kind, text);
    setText('');
    setCut(0);
  }
  const left = MAX_CARD_TEXT_CHARS - text.length;
  const counterId = `add-${kind}${placeholder ?? ''}-count`;
  return (
    <form
      className="add-card"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="sr-only" htmlFor={`add-${kind}${placeholder ?? ''}`}>
        New {noun}
      </label>
      <textarea
        id={`add-${kind}${placeholder ?? ''}`}
        rows={2}
        value={text}
        maxLength={MAX_CARD_TEXT_CHARS}
        dir="auto"
        aria-describedby={left <= COUNT_FROM || cut > 0 ? counterId : undefined}
        placeholder={placeholder ?? `Add a ${noun}… (Enter to add)`}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value) setCut(0);
        }}
        onPaste={(e) => {
          // maxLength cuts a long paste silently; say how much did not fit.
          const el = e.currentTarget;
          const pasted = e.clipboardData.getData('text').length;
          const room = MAX_CARD_TEXT_CHARS - (el.value.length - (el.selectionEnd - el.selectionStart));
          setCut(Math.max(0, pasted - room));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {(left <= COUNT_FROM || cut > 0) && (
        <p className={`char-count ${cut > 0 ? 'over' : ''}`} id={counterId} role="status" data-testid="char-count">
          {cut > 0 ? `The paste was cut to fit: ${cut.toLocaleString()} characters did not. ` : ''}
          {left.toLocaleString()} of {MAX_CARD_TEXT_CHARS.toLocaleString()} characters left
        </p>
      )}
      <button type="submit" disabled={!text.trim()}>
        Add {noun}
      </button>
    </form>
  );
}
