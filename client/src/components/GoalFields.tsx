import type { CardSnapshot } from '@sessionboard/shared';
import { editCardFields } from '../store/actions.ts';
import { goalGaps, usePowers } from '../hooks/useBoardView.ts';
import { LinkPicker } from './LinkPicker.tsx';

/** A goal's how-we-will-know, who and by-when, with a hint while it is not yet specific. */
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
      <label>
        How we will know
        <input value={goal.measure} readOnly={!edit} maxLength={300} placeholder="e.g. every PR reviewed within a day" onChange={(e) => editCardFields(goal.id, { measure: e.target.value })} />
      </label>
      <div className="goal-row">
        <label>
          Who
          <input value={goal.owner} readOnly={!edit} maxLength={80} placeholder="owner" onChange={(e) => editCardFields(goal.id, { owner: e.target.value })} />
        </label>
        <label>
          By when
          <input type="date" value={goal.due} readOnly={!edit} onChange={(e) => editCardFields(goal.id, { due: e.target.value })} />
        </label>
      </div>
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
