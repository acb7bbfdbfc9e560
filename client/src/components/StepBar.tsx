import { useShallow } from 'zustand/react/shallow';
import { formatRemaining } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { viewStep } from '../store/actions.ts';
import { useViewedStep } from '../hooks/useBoardView.ts';

/** The agenda: every step, the group's current one marked; clicking a step only looks at it. */
export function StepBar() {
  const steps = useBoardStore(useShallow((s) => s.session?.settings.steps ?? []));
  const { viewed, current } = useViewedStep();
  return (
    <nav className="step-bar" aria-label="Agenda" data-testid="step-bar">
      <ol>
        {steps.map((step, i) => (
          <li key={i} className={[i === current ? 'current' : '', i === viewed ? 'viewed' : '', i < current ? 'done' : ''].join(' ')}>
            <button
              type="button"
              onClick={() => viewStep(i === current ? null : i)}
              aria-current={i === current ? 'step' : undefined}
              aria-pressed={i === viewed}
            >
              <span className="step-number">{i + 1}</span>
              <span className="step-name">{step.title}</span>
              <span className="step-time">{formatRemaining(step.durationMs)}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
