import { can } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { sendCommand } from '../store/actions.ts';
import { useServerNow } from '../hooks/useServerNow.ts';
import { formatAgo } from './formatAgo.ts';
import { HandIcon } from './HandIcon.tsx';

/**
 * The group's raised hand, to everyone on the board: the team sees that they called a mentor (and
 * may cancel), mentors and the room's projector that this group asked for one.
 */
export function HelpBanner({ large = false }: { large?: boolean }) {
  const help = useBoardStore((s) => s.session?.help);
  const role = useBoardStore((s) => s.role);
  // Minutes are all it shows: a re-render every 15 s is plenty.
  const now = useServerNow(15_000);
  if (!help?.requested) return null;
  const team = role !== null && can(role, 'help');
  const ago = help.since !== undefined ? ` · ${formatAgo(help.since, now)}` : '';
  return (
    <div className={large ? 'help-banner large' : 'help-banner'} role="status" data-testid="help-banner">
      <span className="help-hand">
        <HandIcon />
      </span>
      <span className="help-text">
        {team ? 'Mentor called' : 'This group asked for a mentor'}
        <span className="help-ago">{ago}</span>
      </span>
      {team && (
        <button type="button" onClick={() => void sendCommand({ type: 'help.request', requested: false })} aria-label="Cancel the call for a mentor">
          Cancel
        </button>
      )}
    </div>
  );
}
