import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { WorkshopCommand } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { runWorkshopCommand } from '../../store/workshopActions.ts';
import { stepTitles } from './workshopFormat.ts';
import { LockIcon } from './LockIcon.tsx';

const MINUTE_MS = 60_000;

/** The step most groups are on (the lowest among ties), where the picker starts. */
function commonStep(steps: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const s of steps) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = 0;
  let most = -1;
  for (const [s, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (n > most) [best, most] = [s, n];
  }
  return best;
}

/** Acts on every group at once, exactly as each board's facilitator would: step, timer, votes, lock. */
export function AllGroupsControls() {
  const groups = useWorkshopStore(useShallow((s) => s.state?.groups ?? []));
  const live = useWorkshopStore((s) => s.status === 'synced');
  const pending = useWorkshopStore((s) => s.pending);
  const titles = stepTitles(groups);
  const [picked, setPicked] = useState<number | null>(null);
  const step = picked ?? commonStep(groups.map((g) => g.step));
  const running = groups.some((g) => g.timer.status === 'running');
  const paused = groups.some((g) => g.timer.status === 'paused');
  const allRevealed = groups.length > 0 && groups.every((g) => g.votesRevealed);
  const locked = groups.filter((g) => g.locked).length;
  const allLocked = groups.length > 0 && locked === groups.length;
  const busy = !live || pending !== null;
  const send = (command: WorkshopCommand, label: string) => void runWorkshopCommand(command, label);

  return (
    <section className="ws-controls" aria-label="Every group at once">
      <h2 className="ws-controls-title">All groups</h2>
      <form
        className="control-group"
        onSubmit={(e) => {
          e.preventDefault();
          send({ type: 'all.step.goto', step }, `Go to step ${step + 1}`);
          setPicked(null);
        }}
      >
        <label className="ws-inline-label">
          <span className="sr-only">Step for every group</span>
          <select value={step} onChange={(e) => setPicked(Number(e.target.value))} disabled={titles.length === 0} data-testid="step-picker">
            {titles.map((title, i) => (
              <option key={i} value={i}>
                {i + 1} · {title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || titles.length === 0}>
          Go to step {step + 1}
        </button>
      </form>
      <div className="control-group" role="group" aria-label="Timer of every group">
        <button type="button" onClick={() => send({ type: 'all.timer.start' }, 'Start the timer')} disabled={busy}>
          ▶ Start timer
        </button>
        <button type="button" onClick={() => send({ type: 'all.timer.pause' }, 'Pause the timer')} disabled={busy || !running}>
          ❚❚ Pause
        </button>
        <button type="button" onClick={() => send({ type: 'all.timer.resume' }, 'Resume the timer')} disabled={busy || !paused}>
          ▶ Resume
        </button>
        <button type="button" onClick={() => send({ type: 'all.timer.extend', ms: MINUTE_MS }, 'Add a minute')} disabled={busy}>
          +1 min
        </button>
        <button type="button" onClick={() => send({ type: 'all.timer.reset' }, 'Reset the timer')} disabled={busy}>
          ↺ Reset
        </button>
      </div>
      <div className="control-group" role="group" aria-label="Votes and lock of every group">
        <button
          type="button"
          onClick={() => send({ type: 'all.votes.reveal', revealed: !allRevealed }, allRevealed ? 'Hide votes' : 'Reveal votes')}
          disabled={busy}
        >
          {allRevealed ? 'Hide votes' : 'Reveal votes'}
        </button>
        <button
          type="button"
          onClick={() => send({ type: 'all.board.lock', locked: !allLocked }, allLocked ? 'Unlock the boards' : 'Lock the boards')}
          disabled={busy}
          aria-describedby="ws-locked-count"
        >
          <LockIcon /> {allLocked ? 'Unlock all' : 'Lock all'}
        </button>
        <span id="ws-locked-count" className="muted small">
          {locked > 0 ? `${locked} of ${groups.length} locked` : 'none locked'}
        </span>
      </div>
    </section>
  );
}
