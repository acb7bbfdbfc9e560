import type { CardSnapshot } from '@sessionboard/shared';
import { goalGaps, usePowers } from '../hooks/useBoardView.ts';
import { LinkPicker } from './LinkPicker.tsx';
import { DraftField } from './DraftField.tsx';

/** Whether `due` (as typed or picked, YYYY-MM-DD) is a day before today. */
function isPast(due: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) return false;
  const today = new Date();
  const local = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return due < local;
}

/**
 * A goal's how-we-will-know, who and by-when (plain values, each edited as a draft and written whole:
 * see DraftField), with a hint while the goal is not yet specific.
 */
export function GoalFields({ goal }: { goal: CardSnapshot }) {
  const { edit } = usePowers();
  const gaps = goalGaps(goal);
  return (
    <div className="goal-fields">
      <div className="goal-why">
        <span className="field-label">Why</span>
        {goal.links.length === 0 && <span className="muted small">No weakness linked yet.</span>}
        {edit && <LinkPicker card={goal} />}
      </div>
      <DraftField cardId={goal.id} field="measure" label="How we will know" value={goal.measure} readOnly={!edit} maxLength={300} placeholder="e.g. every PR reviewed within a day" />
      <div className="goal-row">
        <DraftField cardId={goal.id} field="owner" label="Who" value={goal.owner} readOnly={!edit} maxLength={80} placeholder="owner" />
        {/* A date is one pick, never typed letter by letter by two people: written as soon as it is valid. */}
        <DraftField cardId={goal.id} field="due" label="By when" value={goal.due} readOnly={!edit} type="date" commitOnChange />
      </div>
      {isPast(goal.due) && (
        <p className="hint" data-testid="goal-past-due">
          That date has passed: is it the date you meant?
        </p>
      )}
      {gaps.length > 0 ? (
        <p className="hint" data-testid="goal-hint">
          Not yet specific: add {gaps.join(', ')}.
        </p>
      ) : (
        <p className="ok-hint">✓ Clear and specific</p>
      )}
    </div>
  );
}
