import type { Rotation, RotationSlot } from '@sessionboard/shared/light';
import { formatMinutes, slotSpan } from './workshopFormat.ts';

/** A rotation's slots by mentor, each mentor's in time order. */
export function slotsByMentor(rotation: Rotation): [string, RotationSlot[]][] {
  return rotation.mentors.map((m) => [m, rotation.slots.filter((s) => s.mentor === m).sort((a, b) => a.startMs - b.startMs)]);
}

/** The mentors' schedule through the mentoring step: who is with which group when. */
export function RotationSchedule({ rotation, highlight }: { rotation: Rotation; highlight?: string }) {
  return (
    <div className="ws-rotation" data-testid="rotation">
      <p className="muted small">Minutes into the mentoring step ({formatMinutes(rotation.totalMs)} min in all)</p>
      <table className="ws-rotation-table">
        <tbody>
          {slotsByMentor(rotation).map(([mentor, slots]) => (
            <tr key={mentor} className={mentor === highlight ? 'ws-rotation-me' : ''}>
              <th scope="row">{mentor}</th>
              <td>
                {slots.map((s, i) => (
                  <span key={i} className="ws-slot">
                    <strong>{s.group}</strong> <span className="muted">{slotSpan(s)}</span>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
