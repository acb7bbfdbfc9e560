import { useShallow } from 'zustand/react/shallow';
import { templateById } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { goalGaps } from '../hooks/useBoardView.ts';

/** Progress towards "at least three clear and specific goals". */
export function GoalProgress({ large = false }: { large?: boolean }) {
  const { goals, specific, target } = useBoardStore(
    useShallow((s) => {
      const all = (s.board?.cards ?? []).filter((c) => c.kind === 'goal');
      return { goals: all.length, specific: all.filter((g) => goalGaps(g).length === 0).length, target: templateById(s.board?.meta.template).goalTarget };
    }),
  );
  return (
    <div className={`goal-progress ${large ? 'large' : ''}`} data-testid="goal-progress" role="status">
      <div className="progress-track" aria-hidden="true">
        {Array.from({ length: Math.max(target, goals) }, (_, i) => (
          <span key={i} className={i < specific ? 'seg done' : i < goals ? 'seg partial' : 'seg'} />
        ))}
      </div>
      <span>
        {specific} of {target} clear and specific goals{goals > specific ? ` · ${goals - specific} still ${goals - specific === 1 ? 'needs' : 'need'} detail` : ''}
      </span>
    </div>
  );
}
