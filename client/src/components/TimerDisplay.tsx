import { formatRemaining, remainingMs } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { useServerNow } from '../hooks/useServerNow.ts';
import { useChime } from '../hooks/useChime.ts';

const WARNING_MS = 60_000;

/** The shared timer, rendered from server time so every screen shows the same second. */
export function TimerDisplay({ big = false }: { big?: boolean }) {
  const timer = useBoardStore((s) => s.session?.timer);
  const steps = useBoardStore((s) => s.session?.settings.steps);
  const now = useServerNow(big ? 100 : 200);
  const offset = useBoardStore((s) => s.clockOffsetMs);
  const left = timer ? remainingMs(timer, now) : 0;
  const over = timer ? timer.status === 'finished' || (timer.status === 'running' && left === 0) : undefined;
  const { muted, toggle } = useChime(over);
  if (!timer) return <div className={big ? 'timer big' : 'timer'} />;
  const state =
    over
      ? 'over'
      : timer.status === 'running' && left <= WARNING_MS
        ? 'warning'
        : timer.status;
  const label = timer.status === 'idle' ? 'not started' : timer.status === 'paused' ? 'paused' : timer.status === 'finished' ? "time's up" : 'running';
  return (
    <div
      className={`timer ${big ? 'big' : ''} timer-${state}`}
      data-testid="timer"
      data-status={timer.status}
      // When it reaches zero on this device's own clock: lets tests measure how closely screens agree.
      data-ends-local={timer.status === 'running' && timer.endsAt !== undefined ? timer.endsAt - offset : undefined}
    >
      <span className="timer-value" aria-label={`Timer ${formatRemaining(left)}, ${label}`} data-testid="timer-value">
        {state === 'over' ? '0:00' : formatRemaining(left)}
      </span>
      <span className="timer-label">
        {state === 'over' ? "Time's up" : label}
        {!big && steps && (
          <span className="timer-step">
            {' '}· step {timer.step + 1} of {steps.length}
          </span>
        )}
      </span>
      {!big && (
        <button type="button" className="icon-button" onClick={toggle} aria-pressed={!muted} aria-label="Chime when time is up" title={muted ? 'Chime is off' : 'Chime is on'}>
          <BellIcon muted={muted} />
        </button>
      )}
    </div>
  );
}

function BellIcon({ muted }: { muted: boolean }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      {muted && <path d="M3 3l18 18" />}
    </svg>
  );
}
