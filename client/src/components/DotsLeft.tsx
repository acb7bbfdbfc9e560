import { useBoardStore } from '../store/boardStore.ts';
import { usePowers, useViewedStep } from '../hooks/useBoardView.ts';

/** Dots left to spend, always visible while the step votes. */
export function DotsLeft() {
  const left = useBoardStore((s) => s.mine.left);
  const total = useBoardStore((s) => s.session?.settings.votesPerPerson ?? 0);
  const { step } = useViewedStep();
  const { vote } = usePowers();
  if (!vote || !step?.voting) return null;
  return (
    <span className="dots-left" data-testid="dots-left" aria-live="polite">
      <span className="dots" aria-hidden="true">
        {Array.from({ length: total }, (_, i) => (
          <span key={i} className={i < left ? 'dot-full' : 'dot-empty'} />
        ))}
      </span>
      {left} of {total} dots left
    </span>
  );
}
