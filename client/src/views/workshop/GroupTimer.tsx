import type { TimerState } from '@sessionboard/shared/light';
import { formatRemaining, remainingMs } from '@sessionboard/shared/light';

const WARNING_MS = 60_000;
const STATUS_WORDS = {
  idle: 'not started',
  running: 'running',
  paused: 'paused',
  finished: "time's up",
} as const;

/** One group's timer at server time `now`: the board's own TimerDisplay rules, without its chime. */
export function GroupTimer({ timer, now }: { timer: TimerState; now: number }) {
  const left = remainingMs(timer, now);
  const over = timer.status === 'finished' || (timer.status === 'running' && left === 0);
  const state = over ? 'over' : timer.status === 'running' && left <= WARNING_MS ? 'warning' : timer.status;
  const words = over ? "time's up" : STATUS_WORDS[timer.status];
  return (
    <span className={`ws-timer ws-timer-${state}`} data-testid="group-timer" data-status={timer.status} aria-label={`${formatRemaining(left)}, ${words}`}>
      <span className="ws-timer-value">{over ? '0:00' : formatRemaining(left)}</span>
      <span className="ws-timer-word">{over ? "time's up" : timer.status === 'running' ? '' : words}</span>
    </span>
  );
}
