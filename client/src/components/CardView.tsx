import { memo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CardKind, CardSnapshot } from '@sessionboard/shared';
import { CARD_KINDS, CARD_KIND_LABELS, CARD_KIND_SINGULAR, authorHidden, votingOver } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { deleteCardAction, makeGoalAction, moveCardTo, nudgeCardAction } from '../store/actions.ts';
import { MergePicker } from './MergePicker.tsx';
import { usePowers } from '../hooks/useBoardView.ts';
import { VoteButtons } from './VoteButtons.tsx';
import { LinkPicker } from './LinkPicker.tsx';
import { LinkedChips } from './LinkedChips.tsx';
import { GoalFields } from './GoalFields.tsx';
import { CardTextEditor } from './CardTextEditor.tsx';
import { GoalIssueButton } from './GoalIssueButton.tsx';

const GOAL_SOURCES = new Set<string>(['note', 'question', 'weakness']);

/** "Ann is editing", "Ann and Ben are editing", "Ann, Ben and Cleo are editing". */
function editingLabel(names: string[]): string {
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'is' : 'are'} editing`;
}

/** One card: its text edited in place (merging with others), and the actions its kind offers. */
export const CardView = memo(function CardView({ card, rank }: { card: CardSnapshot; rank?: number }) {
  const { edit, facilitate } = usePowers();
  const me = useBoardStore((s) => s.participantId);
  const editors = useBoardStore(useShallow((s) => s.peers.filter((p) => p.editing === card.id).map((p) => p.name)));
  const votes = useBoardStore((s) => s.session?.votes?.[card.id]);
  const votable = useBoardStore((s) => s.session?.settings.votableKinds.includes(card.kind as CardKind) ?? false);
  const goalsInAgenda = useBoardStore((s) => s.session?.settings.steps.some((st) => st.columns?.includes('goal')) ?? false);
  const anonymous = useBoardStore((s) => authorHidden(s.session?.settings, card.kind));
  const rememberedMine = useBoardStore((s) => s.anonymousMine.includes(card.id));
  // Merging moves dots, so votable cards merge only until the vote's result stands (V6); others always.
  const mergeable = useBoardStore((s) => !votable || (s.session ? !votingOver(s.session.settings, s.session.step) : false));
  const mine = (card.authorId !== '' && card.authorId === me) || rememberedMine;
  const byline = anonymous ? 'anonymous' : [card.author || 'someone', ...card.mergedAuthors.filter((a) => a !== card.author)].join(' + ');
  const known = card.kind !== 'unknown';
  const label = known ? CARD_KIND_SINGULAR[card.kind as CardKind] : `${card.rawKind} card`;
  const top = votable && votes !== undefined && votes > 0 && rank !== undefined && rank < 3;
  // On phones a card's actions sit behind one button, so a short card stays short (CSS shows them on wider screens).
  const [actionsOpen, setActionsOpen] = useState(false);
  const actionsId = `actions-${card.id}`;

  return (
    <article
      className={`card card-${card.kind} ${top ? 'top' : ''}`}
      data-testid="card"
      data-kind={card.kind}
      data-card-id={card.id}
      data-text={card.text}
      draggable={edit && known}
      onDragStart={(e) => {
        e.dataTransfer.setData('application/x-sessionboard-card', card.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      aria-label={`${label} by ${byline}`}
    >
      {top && <span className="top-badge">Top {(rank ?? 0) + 1}</span>}
      {!known && <span className="kind-chip">{card.rawKind}</span>}
      {card.kind === 'goal' && <span className="field-label">What</span>}
      {edit ? (
        <CardTextEditor
          card={card}
          label={label}
          onKeyDown={(e) => {
            if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
              e.preventDefault();
              nudgeCardAction(card.id, e.key === 'ArrowUp' ? -1 : 1);
              const el = e.currentTarget;
              requestAnimationFrame(() => el.focus());
            }
          }}
        />
      ) : (
        <p className="card-text readonly" dir="auto">
          {card.text}
        </p>
      )}
      <LinkedChips card={card} />
      {card.kind === 'goal' && <GoalFields goal={card} />}
      {Object.keys(card.extra).length > 0 && (
        <dl className="extra">
          {Object.entries(card.extra).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      <footer className="card-footer">
        <span className={`author ${anonymous ? 'anonymous' : ''}`} data-testid="card-author">
          {byline}
          {editors.length > 0 && (
            <span className="editing" data-testid="card-editors">
              {' '}
              {/* Names of people typing in an anonymous card would say who wrote it. */}
              · ✎ {anonymous ? (editors.length === 1 ? 'someone is editing' : `${editors.length} people are editing`) : editingLabel(editors)}
            </span>
          )}
        </span>
        {votable && <VoteButtons card={card} total={votes} />}
        {edit && known && (
          <button
            type="button"
            className="card-menu-toggle"
            aria-expanded={actionsOpen}
            aria-controls={actionsId}
            aria-label={`Actions for this ${label}`}
            onClick={() => setActionsOpen((o) => !o)}
          >
            ⋯
          </button>
        )}
      </footer>
      {edit && known && (
        <div className={`card-actions ${actionsOpen ? 'open' : ''}`} id={actionsId}>
          {card.kind === 'question' && <LinkPicker card={card} />}
          {card.kind === 'goal' && <GoalIssueButton goalId={card.id} />}
          {goalsInAgenda && GOAL_SOURCES.has(card.kind) && (
            <button type="button" className="small" onClick={() => makeGoalAction(card.id)} aria-label={`Make a goal from this ${label}`}>
              → Goal
            </button>
          )}
          <label className="sr-only" htmlFor={`move-${card.id}`}>
            Move to column
          </label>
          <select
            id={`move-${card.id}`}
            className="small"
            value=""
            onChange={(e) => e.target.value && moveCardTo(card.id, e.target.value as CardKind)}
          >
            <option value="">Move to…</option>
            {CARD_KINDS.filter((k) => k !== card.kind && k !== 'backlog').map((k) => (
              <option key={k} value={k}>
                {CARD_KIND_LABELS[k]}
              </option>
            ))}
          </select>
          {mergeable && <MergePicker card={card} label={label} />}
          <button type="button" className="small" onClick={() => nudgeCardAction(card.id, -1)} aria-label="Move up">
            ↑
          </button>
          <button type="button" className="small" onClick={() => nudgeCardAction(card.id, 1)} aria-label="Move down">
            ↓
          </button>
          {(mine || facilitate) && (
            <button type="button" className="small danger" onClick={() => deleteCardAction(card.id)} aria-label={`Delete this ${label}`}>
              Delete
            </button>
          )}
        </div>
      )}
    </article>
  );
});
