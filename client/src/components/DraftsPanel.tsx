import { useState } from 'react';
import { randomId } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { participantSecret } from '../hooks/identity.ts';
import { addCardAction } from '../store/actions.ts';
import { AddCard } from './Column.tsx';

interface Draft {
  id: string;
  text: string;
}

function storageKey(board: string, participant: string): string {
  return `sessionboard:drafts:${board}:${participant}`;
}

function load(key: string): Draft[] {
  try {
    const raw = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter((d): d is Draft => typeof d?.id === 'string' && typeof d?.text === 'string') : [];
  } catch {
    return [];
  }
}

/** Private drafts: kept only in this browser (never in the shared document) until the person shares one. */
/** Remounted per board and participant (see BoardPage), so its state always belongs to one key. */
export function DraftsPanel() {
  const board = useBoardStore((s) => s.boardId ?? '');
  // Drafts never leave this browser, so they are filed under the local secret, not the public id.
  const participant = participantSecret(board);
  const role = useBoardStore((s) => s.role);
  const key = storageKey(board, participant);
  const [drafts, setDrafts] = useState<Draft[]>(() => load(key));
  const save = (next: Draft[]) => {
    setDrafts(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  if (role === 'projector') return null;
  return (
    <section className="drafts panel" aria-labelledby="drafts-title" data-testid="drafts">
      <h3 id="drafts-title">My private drafts</h3>
      <p className="muted small">Only you can see these. List about five things you would like to learn or improve; share the ones you want the group to see.</p>
      <AddCard kind="personal" placeholder="Something I'd like to learn or improve… (Enter to add)" onAdd={(text) => save([...drafts, { id: randomId(10), text: text.trim() }])} />
      <ol className="draft-list">
        {drafts.map((d) => (
          <li key={d.id} className="draft" data-testid="draft">
            <span>{d.text}</span>
            <span className="draft-actions">
              <button
                type="button"
                className="small"
                onClick={() => {
                  if (addCardAction('personal', d.text)) save(drafts.filter((x) => x.id !== d.id));
                }}
              >
                Share to board
              </button>
              <button type="button" className="small danger" onClick={() => save(drafts.filter((x) => x.id !== d.id))} aria-label={`Delete draft ${d.text}`}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p className="muted small">{drafts.length} draft{drafts.length === 1 ? '' : 's'} · aim for about 5</p>
    </section>
  );
}
