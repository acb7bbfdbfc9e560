import { remainingMs } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { useServerNow } from '../hooks/useServerNow.ts';

/** "Time's up" across every screen at zero. */
export function TimeUpBanner() {
  const timer = useBoardStore((s) => s.session?.timer);
  const title = useBoardStore((s) => (s.session ? s.session.settings.steps[s.session.timer.step]?.title : undefined));
  const now = useServerNow(250);
  if (!timer) return null;
  const over = timer.status === 'finished' || (timer.status === 'running' && remainingMs(timer, now) === 0);
  if (!over) return null;
  return (
    <div className="time-up" role="alert" data-testid="time-up">
      Time's up{title ? ` for “${title}”` : ''}.
    </div>
  );
}
