import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useBoardStore } from '../store/boardStore.ts';
import { sendCommand } from '../store/actions.ts';
import { usePowers } from '../hooks/useBoardView.ts';
import { can, isVotingStep } from '@sessionboard/shared';
import { SettingsDialog } from './SettingsDialog.tsx';

/** Facilitation: the timer and steps (facilitator and mentor), votes, lock and settings (facilitator). */
export function ControlBar() {
  const { timer: canTime, facilitate } = usePowers();
  const s = useBoardStore(
    useShallow((st) => ({
      status: st.session?.timer.status ?? 'idle',
      step: st.session?.step ?? 0,
      steps: st.session?.settings.steps.length ?? 0,
      hideVotes: st.session?.settings.hideVotes ?? false,
      revealed: st.session?.votesRevealed ?? false,
      locked: st.session?.locked ?? false,
      voting: st.session ? isVotingStep(st.session.settings, st.session.step) && st.session.settings.steps.some((x) => x.voting) : false,
      voters: st.session?.voters ?? 0,
      // The team who may vote: this facilitator and the members present (from presence).
      team: 1 + st.peers.filter((p) => p.role !== 'unknown' && can(p.role, 'vote')).length,
    })),
  );
  const [settingsOpen, setSettingsOpen] = useState(false);
  if (!canTime) return null;
  return (
    <section className="control-bar" aria-label="Facilitation controls">
      <div className="control-group" role="group" aria-label="Timer">
        {(s.status === 'idle' || s.status === 'finished') && (
          <button type="button" className="primary" onClick={() => void sendCommand({ type: 'timer.start' })}>
            ▶ Start timer
          </button>
        )}
        {s.status === 'running' && (
          <button type="button" onClick={() => void sendCommand({ type: 'timer.pause' })}>
            ❚❚ Pause
          </button>
        )}
        {s.status === 'paused' && (
          <button type="button" className="primary" onClick={() => void sendCommand({ type: 'timer.resume' })}>
            ▶ Resume
          </button>
        )}
        <button type="button" onClick={() => void sendCommand({ type: 'timer.extend', ms: 60_000 })}>
          +1 min
        </button>
        <button type="button" onClick={() => void sendCommand({ type: 'timer.reset' })}>
          Reset
        </button>
      </div>
      <div className="control-group" role="group" aria-label="Steps">
        <button type="button" disabled={s.step === 0} onClick={() => void sendCommand({ type: 'step.goto', step: s.step - 1 })}>
          ← Previous step
        </button>
        <button type="button" className="primary" disabled={s.step >= s.steps - 1} onClick={() => void sendCommand({ type: 'step.goto', step: s.step + 1 })}>
          Next step →
        </button>
      </div>
      {facilitate && (
        <div className="control-group" role="group" aria-label="Board">
          {s.voting && (
            <span className="voters" data-testid="voters" role="status">
              {s.voters} of {Math.max(s.team, s.voters)} have voted
            </span>
          )}
          {s.hideVotes && (
            <button type="button" className={s.revealed ? 'on' : undefined} onClick={() => void sendCommand({ type: 'votes.reveal', revealed: !s.revealed })}>
              {s.revealed ? 'Hide votes' : 'Reveal votes'}
            </button>
          )}
          <button type="button" className={s.locked ? 'on' : undefined} onClick={() => void sendCommand({ type: 'board.lock', locked: !s.locked })}>
            {s.locked ? 'Unlock board' : 'Lock board'}
          </button>
          <button type="button" onClick={() => setSettingsOpen(true)}>
            Settings
          </button>
        </div>
      )}
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </section>
  );
}
