import { useShallow } from 'zustand/react/shallow';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { runWorkshopCommand } from '../../store/workshopActions.ts';
import { useWorkshopNow } from '../../hooks/useWorkshopNow.ts';
import { raisedHands } from './groupOrder.ts';
import { formatWait, groupBoardLink } from './workshopFormat.ts';
import { HandIcon } from '../../components/HandIcon.tsx';

/** The raised hands, the longest waiting first, each with "Acknowledge" (instructor and mentors). */
export function HandsList() {
  const groups = useWorkshopStore(useShallow((s) => s.state?.groups ?? []));
  const info = useWorkshopStore((s) => s.info);
  const live = useWorkshopStore((s) => s.status === 'synced');
  const pending = useWorkshopStore((s) => s.pending === 'help.ack');
  const now = useWorkshopNow(1000);
  const hands = raisedHands(groups);
  return (
    <section className="ws-hands" aria-labelledby="ws-hands-title" data-testid="hands">
      <h2 id="ws-hands-title">
        Raised hands <span className={`count ${hands.length > 0 ? 'ws-count-hot' : ''}`}>{hands.length}</span>
      </h2>
      {hands.length === 0 ? (
        <p className="muted small">No group is calling a mentor.</p>
      ) : (
        <ol className="ws-hand-list">
          {hands.map((g) => {
            const link = groupBoardLink(info, g.board);
            return (
              <li key={g.board} data-testid="hand" data-group={g.name}>
                <span className="ws-hand-who">
                  <HandIcon /> <strong>{g.name}</strong>
                  <span className="ws-hand-wait" title={`waiting ${formatWait(now - (g.help.since ?? now))}, on step ${g.step + 1}`}>
                    {formatWait(now - (g.help.since ?? now))}
                    <span className="sr-only"> waiting,</span>
                  </span>
                </span>
                <span className="ws-hand-actions">
                  {link && (
                    <a
                      className="button small"
                      href={link}
                      target="_blank"
                      rel="noopener"
                      aria-label={`Open ${g.name}'s board (new tab)`}
                      title="Open the board"
                    >
                      ↗
                    </a>
                  )}
                  <button
                    type="button"
                    className="small primary"
                    disabled={!live || pending}
                    onClick={() => void runWorkshopCommand({ type: 'help.ack', board: g.board }, `Acknowledge ${g.name}`)}
                    aria-label={`Acknowledge ${g.name}`}
                  >
                    Acknowledge
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
