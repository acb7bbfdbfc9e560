import { useState } from 'react';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { RotationSchedule, slotsByMentor } from './RotationSchedule.tsx';
import { slotSpan } from './workshopFormat.ts';

const MENTOR_NAME_KEY = 'sessionboard:mentor-name';

/** The rotation as a mentor reads it: pick your name, see where you are when ("you're with Group 3 from 10–15 min"). */
export function MentorRotation() {
  const rotation = useWorkshopStore((s) => s.state?.rotation ?? null);
  const [me, setMe] = useState(() => localStorage.getItem(MENTOR_NAME_KEY) ?? '');
  if (!rotation || rotation.slots.length === 0) {
    return (
      <section className="ws-mentor-rotation" aria-labelledby="ws-rotation-title">
        <h2 id="ws-rotation-title">Rotation</h2>
        <p className="muted small">The instructor has not planned a rotation yet: go where a hand is up.</p>
      </section>
    );
  }
  const mine = slotsByMentor(rotation).find(([m]) => m === me)?.[1] ?? [];
  return (
    <section className="ws-mentor-rotation" aria-labelledby="ws-rotation-title">
      <h2 id="ws-rotation-title">Rotation</h2>
      <label className="ws-inline-label">
        I am
        <select
          value={rotation.mentors.includes(me) ? me : ''}
          onChange={(e) => {
            setMe(e.target.value);
            localStorage.setItem(MENTOR_NAME_KEY, e.target.value);
          }}
        >
          <option value="">pick your name…</option>
          {rotation.mentors.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {mine.length > 0 && (
        <ul className="ws-my-slots" data-testid="my-slots">
          {mine.map((s, i) => (
            <li key={i}>
              You’re with <strong>{s.group}</strong> from <span className="nowrap">{slotSpan(s)}</span>
            </li>
          ))}
        </ul>
      )}
      <RotationSchedule rotation={rotation} highlight={me} />
    </section>
  );
}
