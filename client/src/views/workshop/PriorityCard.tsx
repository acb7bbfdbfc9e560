import type { GroupPriorities, GroupSummary } from '@sessionboard/shared/light';
import { HandIcon } from '../../components/HandIcon.tsx';

/** One group's priorities for its mentor: the top weaknesses (votes only where the server sent them) and the questions. */
export function PriorityCard({ priorities, group, link }: { priorities: GroupPriorities | undefined; group: GroupSummary; link: string | null }) {
  const hand = group.help.requested;
  return (
    <article className={`ws-priority ${hand ? 'ws-priority-hand' : ''}`} data-testid="priority-card" data-group={group.name}>
      <header>
        <div className="ws-priority-who">
          <h3>
            {hand && (
              <span className="ws-hand-mark">
                <HandIcon />
                <span className="sr-only">hand up: </span>
              </span>
            )}
            {group.name}
          </h3>
          <span className="muted small">
            step {group.step + 1} · {group.stepTitle}
          </span>
        </div>
        {link && (
          <a className="button small" href={link} target="_blank" rel="noopener" aria-label={`Open ${group.name}'s board as mentor (new tab)`}>
            Open ↗
          </a>
        )}
      </header>
      {!priorities ? (
        <p className="muted small">Waiting for this group’s priorities…</p>
      ) : (
        <div className="ws-priority-lists">
          <div className="chip-weakness">
            <h4>Top weaknesses</h4>
            {priorities.weaknesses.length === 0 ? (
              <p className="muted small">none yet</p>
            ) : (
              <ol>
                {priorities.weaknesses.map((w, i) => (
                  <li key={i}>
                    <span className="ws-priority-text">{w.text}</span>
                    {w.votes !== null && (
                      <span className={`ws-votes ${w.votes === 0 ? 'ws-votes-none' : ''}`} title={`${w.votes} dots`}>
                        ● {w.votes}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </div>
          <div className="chip-question">
            <h4>Questions</h4>
            {priorities.questions.length === 0 ? (
              <p className="muted small">none yet</p>
            ) : (
              <ul>
                {priorities.questions.map((q, i) => (
                  <li key={i}>
                    <span className="ws-priority-text">{q}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </article>
  );
}
