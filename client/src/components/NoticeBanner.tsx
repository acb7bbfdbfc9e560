import { useState } from 'react';
import { useBoardStore } from '../store/boardStore.ts';

/**
 * The workshop's notice (the instructor's one line to every group), on the board and, large, on its
 * projector. Plain text: React writes it as a text node, never as HTML. A person may hide it on their
 * own screen; a new notice shows again.
 */
export function NoticeBanner({ large = false }: { large?: boolean }) {
  const notice = useBoardStore((s) => s.session?.notice ?? null);
  const [hiddenAt, setHiddenAt] = useState<number | null>(null);
  if (!notice || (!large && hiddenAt === notice.at)) return null;
  return (
    <div className={large ? 'notice-banner large' : 'notice-banner'} role="alert" data-testid="notice">
      <span className="notice-from">From the instructor</span>
      <p className="notice-message" data-testid="notice-message">
        {notice.message}
      </p>
      {!large && (
        <button type="button" className="icon-button" onClick={() => setHiddenAt(notice.at)} aria-label="Hide the instructor’s notice">
          ×
        </button>
      )}
    </div>
  );
}
