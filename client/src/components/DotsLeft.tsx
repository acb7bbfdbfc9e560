import { useBoardStore } from '../store/boardStore.ts';
import { useColumns, usePowers, useViewedStep } from '../hooks/useBoardView.ts';

/** Dots left to spend, always in view while the step votes or shows cards that take votes. */
export function DotsLeft() {
  const left = useBoardStore((s) => s.mine.left);
  const total = useBoardStore((s) => s.session?.settings.votesPerPerson ?? 0);
  const votable = useBoardStore((s) => s.session?.settings.votableKinds);
  const { step } = useViewedStep();
  const columns = useColumns();
  const { vote } = usePowers();
  const voting = step?.voting === true || columns.some((k) => votable?.includes(k));
  if (!vote || !voting || total === 0) return null;
  return (
    <span className="dots-left" data-testid="dots-left" aria-live="polite">
      <span className="dots" aria-hidden="true">
        {Array.from({ length: Math.min(total, 12) }, (_, i) => (
          <span key={i} className={i < left ? 'dot-full' : 'dot-empty'} />
        ))}
      </span>
      <span className="dots-label">Dots left: </span>
      {left} of {total}
    </span>
  );
}
