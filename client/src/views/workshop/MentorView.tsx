import { useShallow } from 'zustand/react/shallow';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { WorkshopHeader } from './WorkshopHeader.tsx';
import { HandsList } from './HandsList.tsx';
import { MentorRotation } from './MentorRotation.tsx';
import { PriorityCard } from './PriorityCard.tsx';
import { CommandOutcomeBar } from './CommandOutcomeBar.tsx';
import { groupBoardLink } from './workshopFormat.ts';

/** The mentors' view: every group's priorities, the raised hands, the rotation, and one click into any board as its mentor. */
export function MentorView() {
  const groups = useWorkshopStore(useShallow((s) => s.state?.groups ?? []));
  const priorities = useWorkshopStore(useShallow((s) => s.priorities));
  const info = useWorkshopStore((s) => s.info);
  const byBoard = new Map(priorities.map((p) => [p.board, p]));
  const sorted = [...groups].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return (
    <div className="ws-page ws-mentor" data-testid="workshop-mentor">
      <WorkshopHeader />
      <CommandOutcomeBar />
      <div className="ws-body">
        <section className="ws-priorities" aria-labelledby="ws-priorities-title">
          <h2 id="ws-priorities-title">
            Priorities by group <span className="count">{groups.length}</span>
          </h2>
          {groups.length === 0 && <p className="empty">Waiting for the live view…</p>}
          <div className="ws-priority-grid">
            {sorted.map((g) => (
              <PriorityCard key={g.board} group={g} priorities={byBoard.get(g.board)} link={groupBoardLink(info, g.board)} />
            ))}
          </div>
        </section>
        <aside className="ws-side" aria-label="Hands and rotation">
          <HandsList />
          <MentorRotation />
        </aside>
      </div>
    </div>
  );
}
