import { useState } from 'react';
import { DEFAULT_ROTATION_MS, MAX_MENTORS } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { runWorkshopCommand } from '../../store/workshopActions.ts';
import { RotationSchedule } from './RotationSchedule.tsx';

const MINUTE_MS = 60_000;

/** Mentor names as typed: one per line or separated by commas. */
function parseMentors(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((m) => m.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** The instructor types the mentors' names; the server proposes who sees which group when. */
export function RotationPanel() {
  const rotation = useWorkshopStore((s) => s.state?.rotation ?? null);
  const live = useWorkshopStore((s) => s.status === 'synced');
  const pending = useWorkshopStore((s) => s.pending === 'rotation.set');
  const [text, setText] = useState(() => rotation?.mentors.join('\n') ?? '');
  const [minutes, setMinutes] = useState(() => String(Math.round((rotation?.totalMs ?? DEFAULT_ROTATION_MS) / MINUTE_MS)));
  const mentors = parseMentors(text);
  const total = Number(minutes);
  const validMinutes = Number.isInteger(total) && total >= 1 && total <= 180;
  return (
    <div className="ws-rotation-panel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void runWorkshopCommand({ type: 'rotation.set', mentors, totalMs: total * MINUTE_MS }, 'Plan the mentors');
        }}
      >
        <label>
          Mentors, one per line
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={'Ada\nGrace'} />
        </label>
        <div className="ws-rotation-row">
          <label className="ws-inline-label">
            Mentoring step
            <input className="ws-rotation-minutes" type="number" min={1} max={180} value={minutes} onChange={(e) => setMinutes(e.target.value)} /> min
          </label>
          <button type="submit" className="primary small" disabled={!live || pending || mentors.length === 0 || mentors.length > MAX_MENTORS || !validMinutes}>
            Propose rotation
          </button>
          {rotation && rotation.mentors.length > 0 && (
            <button
              type="button"
              className="small"
              disabled={!live || pending}
              onClick={() => void runWorkshopCommand({ type: 'rotation.set', mentors: [] }, 'Clear the rotation')}
            >
              Clear
            </button>
          )}
        </div>
        {mentors.length > MAX_MENTORS && <p className="form-error">At most {MAX_MENTORS} mentors.</p>}
      </form>
      {rotation && rotation.slots.length > 0 ? <RotationSchedule rotation={rotation} /> : <p className="muted small">No rotation yet.</p>}
    </div>
  );
}
