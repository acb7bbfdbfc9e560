import { can } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { sendCommand } from '../store/actions.ts';
import { HandIcon } from './HandIcon.tsx';

/**
 * "Call a mentor", for the team (facilitator and members, as the server allows). Shown on every board,
 * not only a workshop's: the board cannot tell it is in one, and a single group with a mentor in the
 * room calls them the same way. Once the hand is up, {@link HelpBanner} shows it and lowers it.
 */
export function CallMentorButton() {
  const role = useBoardStore((s) => s.role);
  const requested = useBoardStore((s) => s.session?.help.requested ?? false);
  if (!role || !can(role, 'help') || requested) return null;
  return (
    <button type="button" className="call-mentor" onClick={() => void sendCommand({ type: 'help.request', requested: true })} aria-label="Call a mentor">
      <HandIcon />
      {/* Phones show the short label: the header's second row is full with the people online. */}
      <span className="call-mentor-long" aria-hidden="true">
        Call a mentor
      </span>
      <span className="call-mentor-short" aria-hidden="true">
        Mentor
      </span>
    </button>
  );
}
