import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { CARD_KIND_LABELS, compareOrder } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { addBacklogAction, deleteCardAction, editCardFields, moveCardTo, nudgeCardAction } from '../store/actions.ts';
import { useCardTextBinding } from '../hooks/useCardTextBinding.ts';
import { usePowers } from '../hooks/useBoardView.ts';
import { AddCard } from './Column.tsx';
import { setEditing } from '../sync/connectBoard.ts';

const DRAG_TYPE = 'application/x-sessionboard-backlog';

/**
 * Drops a dragged item before `target` (or at the end of `goal`'s list when target is null), moving it
 * to that goal when it came from another one.
 */
function dropItem(e: React.DragEvent, goal: string, list: CardSnapshot[], target: CardSnapshot | null): void {
  const id = e.dataTransfer.getData(DRAG_TYPE);
  if (!id || id === target?.id) return;
  e.preventDefault();
  e.stopPropagation();
  const rest = list.filter((i) => i.id !== id);
  const at = target ? rest.findIndex((i) => i.id === target.id) : rest.length;
  if (!list.some((i) => i.id === id)) editCardFields(id, { goal });
  moveCardTo(id, 'backlog', { after: rest[at - 1]?.order ?? null, before: rest[at]?.order ?? null });
}

function allowDrop(e: React.DragEvent): void {
  if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
}

/** The sprint plan: each goal's backlog items, with owner, order and done. */
export function BacklogColumn() {
  const goals = useBoardStore(useShallow((s) => (s.board?.cards ?? []).filter((c) => c.kind === 'goal').sort(compareOrder)));
  const items = useBoardStore(useShallow((s) => (s.board?.cards ?? []).filter((c) => c.kind === 'backlog').sort(compareOrder)));
  const { edit } = usePowers();
  const goalIds = new Set(goals.map((g) => g.id));
  const orphans = items.filter((i) => !goalIds.has(i.goal));
  const done = items.filter((i) => i.done).length;
  return (
    <section className="column column-backlog" aria-labelledby="col-backlog" data-testid="column-backlog">
      <h3 id="col-backlog">
        {CARD_KIND_LABELS.backlog} <span className="count">{done}/{items.length} done</span>
      </h3>
      {goals.length === 0 && <p className="empty">Make goals first; then break each one down into backlog items here.</p>}
      {goals.map((goal) => {
        const list = items.filter((i) => i.goal === goal.id);
        return (
        <div key={goal.id} className="backlog-group" data-testid="backlog-group" onDragOver={allowDrop} onDrop={(e) => dropItem(e, goal.id, list, null)}>
          <h4>{goal.text || 'Untitled goal'}</h4>
          <ol className="backlog-list">
            {list.map((item) => (
              <BacklogItem key={item.id} item={item} edit={edit} onDrop={(e) => dropItem(e, goal.id, list, item)} />
            ))}
          </ol>
          {edit && <AddCard kind="backlog" placeholder={`Add an item for “${goal.text.slice(0, 30)}”…`} onAdd={(text) => addBacklogAction(goal.id, text)} />}
        </div>
        );
      })}
      {orphans.length > 0 && (
        <div className="backlog-group">
          <h4>Items without a goal</h4>
          <ol className="backlog-list">
            {orphans.map((item) => (
              <BacklogItem key={item.id} item={item} edit={edit} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function BacklogItem({ item, edit, onDrop }: { item: CardSnapshot; edit: boolean; onDrop?: (e: React.DragEvent) => void }) {
  // Bound even when read-only, so others' edits keep arriving in the uncontrolled input.
  const textRef = useCardTextBinding<HTMLInputElement>(item.id);
  const editors = useBoardStore(useShallow((s) => s.peers.filter((p) => p.editing === item.id).map((p) => p.name)));
  // The owner is one value: typed as a draft and written whole on Enter or leaving the field, so two
  // people typing a name at once never interleave letters (as a goal's Who field).
  const [owner, setOwner] = useState<string | null>(null);
  const commitOwner = () => {
    if (owner !== null && owner !== item.owner) editCardFields(item.id, { owner });
    setOwner(null);
  };
  return (
    <li
      className={`backlog-item ${item.done ? 'done' : ''}`}
      data-testid="card"
      data-kind="backlog"
      data-card-id={item.id}
      data-text={item.text}
      draggable={edit}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, item.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={allowDrop}
      onDrop={onDrop}
    >
      <span className="drag-handle" aria-hidden="true" title="Drag to reorder (or Alt+↑/↓ in the text)" style={edit ? undefined : { visibility: 'hidden' }}>
        ⠿
      </span>
      <input type="checkbox" checked={item.done} disabled={!edit} onChange={(e) => editCardFields(item.id, { done: e.target.checked })} aria-label={`Done: ${item.text}`} />
      <input
        ref={textRef}
        className="backlog-text"
        defaultValue={item.text}
        readOnly={!edit}
        aria-label="Backlog item"
        onKeyDown={(e) => {
          if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
            e.preventDefault();
            nudgeCardAction(item.id, e.key === 'ArrowUp' ? -1 : 1);
          }
        }}
      />
      <input
        className="backlog-owner"
        value={owner ?? item.owner}
        readOnly={!edit}
        placeholder="owner"
        aria-label="Owner"
        maxLength={80}
        onFocus={() => setEditing(item.id, 'owner')}
        onChange={(e) => setOwner(e.target.value)}
        onBlur={() => {
          commitOwner();
          setEditing(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commitOwner();
          else if (e.key === 'Escape') setOwner(null);
        }}
      />
      {editors.length > 0 && (
        <span className="backlog-editors" data-testid="card-editors" title={`${editors.join(', ')} editing`}>
          ✎ {editors.join(', ')}
        </span>
      )}
      {edit && (
        <span className="item-actions">
          <button type="button" className="small" onClick={() => nudgeCardAction(item.id, -1)} aria-label="Move item up">
            ↑
          </button>
          <button type="button" className="small" onClick={() => nudgeCardAction(item.id, 1)} aria-label="Move item down">
            ↓
          </button>
          <button type="button" className="small danger" onClick={() => deleteCardAction(item.id)} aria-label={`Delete item ${item.text}`}>
            ×
          </button>
        </span>
      )}
    </li>
  );
}
