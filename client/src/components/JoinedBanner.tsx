import { useEffect, useState } from 'react';
import { useBoardStore } from '../store/boardStore.ts';
import { boardGroup, forgetJustJoined, justJoined } from '../hooks/workshopMembership.ts';

/** How long "You're in …" stays after a workshop join sent this person here. */
const JOINED_BANNER_MS = 8000;

/** "You're in Group 2": once, right after the workshop's join page sent this person to this board. */
export function JoinedBanner() {
  // Read on every render, not once: the store learns the board id only after the page's first render.
  const board = useBoardStore((s) => s.boardId);
  const [, setGone] = useState(0);
  const group = board && justJoined(board) ? boardGroup(board) : null;
  const shown = group !== null;
  const hide = () => {
    forgetJustJoined();
    setGone((n) => n + 1);
  };
  useEffect(() => {
    if (!shown) return;
    const t = setTimeout(hide, JOINED_BANNER_MS);
    return () => clearTimeout(t);
  }, [shown]);
  if (!group) return null;
  return (
    <div className="joined-banner" role="status" data-testid="joined-banner">
      <span>
        You’re in <strong>{group.group}</strong> · {group.workshopTitle}
      </span>
      <button type="button" className="icon-button" aria-label="Close" onClick={hide}>
        ×
      </button>
    </div>
  );
}
